/**
 * A small pool of `node:worker_threads` for a sweep. Hand-written rather than a pool package
 * (piscina and the like): a sweep needs only a fixed number of threads, a queue of variant
 * indices and termination on abort, about a hundred lines, and lbsim's users get no extra
 * runtime dependency. Each free thread takes the next index; rows are stored by index, never by
 * completion order, so the result is the same bytes for any number of threads.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LbsimError, ScenarioError } from '../errors.js';
import type { AlgorithmComparison } from '../report/types.js';
import type { Variant } from './sweep-variants.js';
import type { ErrorShape, ResultMessage, VariantMessage, WorkerJob } from './sweep-worker.js';

/** The part of tsx's package.json read to find its ESM API. */
interface TsxManifest {
  readonly exports: { readonly './esm/api': { readonly import: { readonly default: string } } };
}

/**
 * The worker's entry: `dist/sim/sweep-worker.js` in the built package, found from `sim/` or
 * `chunks/`, wherever the bundle put this code (`scripts/build.ts`). Run from the
 * TypeScript sources (the project's own tests) it is the `.ts` file, imported in the thread after
 * registering tsx's loader there (a dev dependency, never reached from `dist/`).
 */
function workerEntry(): { entry: string | URL; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) {
    return { entry: new URL('../sim/sweep-worker.js', import.meta.url), eval: false };
  }
  const href = JSON.stringify(new URL('./sweep-worker.ts', import.meta.url).href);
  // tsx's ESM API (`register()`), by its import condition: the `require` build of it fails there.
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = (JSON.parse(readFileSync(manifest, 'utf8')) as TsxManifest).exports['./esm/api'];
  const tsx = JSON.stringify(new URL(api.import.default, pathToFileURL(manifest)).href);
  return {
    entry: `import(${tsx}).then((tsx) => { tsx.register(); return import(${href}); });`,
    eval: true,
  };
}

/**
 * The parent's Node options a worker thread takes: all but `--input-type`, which Node refuses in
 * a thread (a script run with `node --input-type=module -e ...` has it).
 */
function threadExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--input-type') i++;
    else if (!argv[i]!.startsWith('--input-type=')) out.push(argv[i]!);
  }
  return out;
}

/** The error a worker reported, rebuilt on this side with its class, code and issues. */
function rebuild(shape: ErrorShape, variant: Variant): Error {
  if (shape.issues !== undefined) return new ScenarioError(shape.issues);
  return new LbsimError(
    shape.code ?? 'ERR_SWEEP_RUN',
    `sweep: the run of ${variant.algorithm} with seed ${JSON.stringify(variant.seed)} failed: ${shape.name}: ${shape.message}`,
  );
}

/** The `AbortError` a signal's users expect, as `simulate` throws it. */
export function abortError(signal: AbortSignal): DOMException {
  return new DOMException('sweep: the run was aborted', {
    name: 'AbortError',
    cause: signal.reason,
  });
}

/**
 * Runs `variants` on `threads` worker threads (at least 1, at most one per variant) and returns
 * their rows in variant order. Rejects with the first failure, or an `AbortError` when `signal`
 * fires; either way every thread is terminated before the promise settles.
 */
export function runInWorkers(
  job: WorkerJob,
  variants: readonly Variant[],
  threads: number,
  signal: AbortSignal | undefined,
): Promise<AlgorithmComparison[]> {
  const rows = new Array<AlgorithmComparison | undefined>(variants.length);
  const entry = workerEntry();
  const pool: Worker[] = [];
  let next = 0;
  let done = 0;
  let settled = false;
  return new Promise((resolve, reject) => {
    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void Promise.all(pool.map((w) => w.terminate())).then(() => {
        if (error === null) resolve(rows as AlgorithmComparison[]);
        else reject(error);
      });
    };
    const onAbort = (): void => {
      finish(abortError(signal!));
    };
    const dispatch = (worker: Worker): void => {
      if (next >= variants.length) return;
      const index = next++;
      worker.postMessage({ index, variant: variants[index]! } satisfies VariantMessage);
    };
    const onMessage = (worker: Worker, message: ResultMessage): void => {
      if (settled) return;
      if ('error' in message) {
        finish(rebuild(message.error, variants[message.index]!));
        return;
      }
      rows[message.index] = message.row as AlgorithmComparison;
      done++;
      if (done === variants.length) finish(null);
      else dispatch(worker);
    };
    if (signal?.aborted === true) {
      reject(abortError(signal));
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    const count = Math.max(1, Math.min(threads, variants.length));
    for (let i = 0; i < count; i++) {
      const worker = new Worker(entry.entry, {
        workerData: job,
        eval: entry.eval,
        execArgv: threadExecArgv(),
      });
      pool.push(worker);
      worker.on('message', (message: ResultMessage) => {
        onMessage(worker, message);
      });
      worker.on('error', (error: Error) => {
        finish(
          new LbsimError('ERR_SWEEP_WORKER', `sweep: a worker thread failed: ${error.message}`),
        );
      });
      worker.on('exit', (code) => {
        if (!settled) {
          finish(
            new LbsimError('ERR_SWEEP_WORKER', `sweep: a worker thread exited (code ${code})`),
          );
        }
      });
      dispatch(worker);
    }
  });
}
