/**
 * The adversarial campaign (`npm run fuzz`; CI runs it after `npm test`): seeded, damaged and
 * extreme scenario variants (`variants.ts`) run through validation and the engine in worker
 * processes with a per-variant time limit and a heap limit, accepting only a report that keeps
 * its invariants (`invariants.ts`) or a ScenarioError. Prints one summary line,
 * `fuzz: N variants, 0 crashes, 0 hangs, 0 invariant failures`, and exits 1 on any failure.
 *
 * Options: `--variants N` (default 10000, or $FUZZ_VARIANTS), `--seed S` (default "lbsim-fuzz",
 * or $FUZZ_SEED), `--workers N` (default 2), `--time-limit-ms N` per variant (default 20000),
 * `--heap-mb N` per worker (default 768), `--batch N` variants per message (default 50).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { VariantResult } from './fuzz-worker.js';

const { values } = parseArgs({
  options: {
    variants: { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string' },
    'time-limit-ms': { type: 'string' },
    'heap-mb': { type: 'string' },
    batch: { type: 'string' },
  },
});
const total = Number(values.variants ?? process.env['FUZZ_VARIANTS'] ?? 10_000);
const seed = values.seed ?? process.env['FUZZ_SEED'] ?? 'lbsim-fuzz';
const workers = Number(values.workers ?? 2);
const timeLimitMs = Number(values['time-limit-ms'] ?? 20_000);
const heapMb = Number(values['heap-mb'] ?? 768);
const batch = Number(values.batch ?? 50);
const WORKER = fileURLToPath(new URL('./fuzz-worker.ts', import.meta.url));

const counts = { ok: 0, refused: 0, crash: 0, invariant: 0, hang: 0, memory: 0 };
const failures: string[] = [];
let next = 0;
const started = Date.now();

function record(r: VariantResult): void {
  counts[r.outcome]++;
  if (r.outcome === 'crash' || r.outcome === 'invariant') {
    failures.push(
      `variant ${r.index} (seed ${JSON.stringify(seed)}): ${r.outcome}: ${r.detail ?? ''}`,
    );
  }
}

/** Runs batches in one worker process until none are left; replaces the process after a kill. */
function runWorker(): Promise<void> {
  return new Promise((resolve) => {
    const take = (): number[] => {
      const indices = requeue.splice(0, batch);
      while (indices.length < batch && next < total) indices.push(next++);
      return indices;
    };
    let pending: number[] = [];
    let current = -1;
    let timer: NodeJS.Timeout | undefined;
    let child: ChildProcess;
    const spawn = (): void => {
      child = fork(WORKER, [], {
        execArgv: ['--import', 'tsx', `--max-old-space-size=${heapMb}`, '--stack-size=984'],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-2000);
      });
      const send = (): void => {
        pending = take();
        if (pending.length === 0) {
          child.kill();
          return;
        }
        child.send({ seed, indices: pending });
      };
      child.on(
        'message',
        (m: { ready?: true; start?: number; result?: VariantResult; batchDone?: true }) => {
          if (m.ready) send();
          else if (m.start !== undefined) {
            current = m.start;
            clearTimeout(timer);
            timer = setTimeout(() => {
              counts.hang++;
              failures.push(
                `variant ${current} (seed ${JSON.stringify(seed)}): hang: over ${timeLimitMs} ms`,
              );
              lost(current);
              child.kill('SIGKILL');
            }, timeLimitMs);
          } else if (m.result !== undefined) {
            clearTimeout(timer);
            record(m.result);
            pending = pending.filter((i) => i !== m.result!.index);
            current = -1;
          } else if (m.batchDone) send();
        },
      );
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (current >= 0 && signal !== 'SIGKILL') {
          // Died on its own while running a variant: out of memory or a crash of the runtime.
          counts.memory++;
          failures.push(
            `variant ${current} (seed ${JSON.stringify(seed)}): worker died (${signal ?? code}): ${stderr.split('\n').filter(Boolean).slice(-2).join(' | ')}`,
          );
          lost(current);
        }
        current = -1;
        // Put the rest of a killed worker's batch back, and go on in a fresh process.
        requeue.push(...pending);
        pending = [];
        if (requeue.length > 0 || next < total) spawn();
        else resolve();
      });
    };
    const lost = (index: number): void => {
      pending = pending.filter((i) => i !== index);
    };
    spawn();
  });
}

/** Variants of a killed worker's batch that did not run yet; the next batch takes them first. */
const requeue: number[] = [];

async function main(): Promise<number> {
  await Promise.all(Array.from({ length: workers }, () => runWorker()));
  for (const i of requeue) failures.push(`variant ${i}: not run (its worker was killed)`);
  const tried =
    counts.ok + counts.refused + counts.crash + counts.invariant + counts.hang + counts.memory;
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  for (const f of failures.slice(0, 50)) process.stderr.write(`${f}\n`);
  process.stdout.write(
    `fuzz: ${tried} variants, ${counts.crash} crashes, ${counts.hang} hangs, ${counts.invariant} invariant failures (${counts.ok} ran, ${counts.refused} refused, ${counts.memory} over memory; seed ${JSON.stringify(seed)}, ${seconds} s)\n`,
  );
  return failures.length === 0 && tried === total ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${String(error)}\n`);
    process.exit(1);
  },
);
