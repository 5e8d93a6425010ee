/**
 * The entry of a sweep's worker thread: loads the user's picker module once (functions cannot be
 * sent to a thread; a module path can), then runs each variant it is sent and posts back the
 * comparison row under the variant's index. It keeps no state between variants, so which thread
 * runs a variant cannot change its row.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { importPickers } from '../balancer/picker-module.js';
import { runVariant, type SweepCaps, type Variant } from './sweep-variants.js';

/** What every worker of one sweep gets at start. */
export interface WorkerJob {
  readonly scenario: unknown;
  readonly caps: SweepCaps;
  /** A `file:` URL of the user's picker module, or undefined. */
  readonly pickerModule: string | undefined;
}

/** A variant to run. */
export interface VariantMessage {
  readonly index: number;
  readonly variant: Variant;
}

/** An error as it crosses the thread boundary. */
export interface ErrorShape {
  readonly name: string;
  readonly message: string;
  readonly code: string | undefined;
  readonly issues: readonly { path: string; message: string }[] | undefined;
}

/** What a worker posts back: a variant's row, or why it failed. */
export type ResultMessage =
  | { readonly index: number; readonly row: unknown }
  | { readonly index: number; readonly error: ErrorShape };

function shapeOf(error: unknown): ErrorShape {
  const e = (error ?? {}) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    issues?: unknown;
  };
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
    code: typeof e.code === 'string' ? e.code : undefined,
    issues: Array.isArray(e.issues) ? (e.issues as ErrorShape['issues']) : undefined,
  };
}

const port = parentPort;
if (port !== null) {
  const job = workerData as WorkerJob;
  const pickers =
    job.pickerModule === undefined ? undefined : await importPickers(job.pickerModule);
  port.on('message', (message: VariantMessage) => {
    const { index, variant } = message;
    runVariant(job.scenario, variant, job.caps, pickers).then(
      (row) => {
        port.postMessage({ index, row } satisfies ResultMessage);
      },
      (error: unknown) => {
        port.postMessage({ index, error: shapeOf(error) } satisfies ResultMessage);
      },
    );
  });
}
