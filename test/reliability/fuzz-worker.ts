/**
 * A fuzz-campaign worker (a child process of `fuzz-campaign.ts`): receives batches of variant
 * indices over IPC, builds each variant, runs it through `validateScenario` and the engine
 * (library entry points, as a user would call them), and answers per variant with `ok`,
 * `refused` (a ScenarioError), `crash` (anything else thrown) or `invariant` (a report that
 * breaks an invariant). The parent enforces the time and memory limits by killing this process.
 */
import { ScenarioError, formatIssue, validateScenario } from '../../src/index.js';
import { runValidated } from '../../src/sim/simulate.js';
import { reportInvariants } from './invariants.js';
import { baseScenarios, makeVariant } from './variants.js';

/** Caps the campaign validates with: small runs, so thousands fit in CI's time. */
export const CAMPAIGN_LIMITS = { maxRequests: 1e6, maxMemoryMb: 400, maxEvents: 2000 } as const;

/** What one variant did. */
export interface VariantResult {
  readonly index: number;
  readonly outcome: 'ok' | 'refused' | 'crash' | 'invariant';
  readonly detail?: string;
}

/** Runs one variant; never throws. */
export function runVariant(
  bases: ReturnType<typeof baseScenarios>,
  seed: string,
  index: number,
): VariantResult {
  const { json, mutations } = makeVariant(bases, seed, index);
  let scenario;
  try {
    scenario = validateScenario(json, CAMPAIGN_LIMITS);
  } catch (error) {
    if (!(error instanceof ScenarioError)) {
      return {
        index,
        outcome: 'crash',
        detail: `validate threw ${describe(error)} after ${mutations.join(', ')}`,
      };
    }
    const lines = error.issues.map(formatIssue);
    if (
      lines.length === 0 ||
      lines.length > 101 ||
      lines.some((l) => l.includes('\n') || l.length > 1200)
    ) {
      return {
        index,
        outcome: 'invariant',
        detail: `ScenarioError issues not one short line each (${lines.length})`,
      };
    }
    return { index, outcome: 'refused' };
  }
  try {
    const report = runValidated(scenario);
    const problems = reportInvariants(scenario, report);
    if (problems.length > 0) {
      return {
        index,
        outcome: 'invariant',
        detail: `${problems.slice(0, 3).join('; ')} after ${mutations.join(', ')}`,
      };
    }
    return { index, outcome: 'ok' };
  } catch (error) {
    return {
      index,
      outcome: 'crash',
      detail: `run threw ${describe(error)} after ${mutations.join(', ')}`,
    };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return `a thrown ${typeof error}: ${String(error).slice(0, 300)}`;
  return `${error.name}: ${error.message.slice(0, 300)}`;
}

if (process.send !== undefined) {
  const bases = baseScenarios();
  process.on('message', (message: { seed: string; indices: number[] }) => {
    for (const index of message.indices) {
      process.send!({ start: index });
      process.send!({ result: runVariant(bases, message.seed, index) });
    }
    process.send!({ batchDone: true });
  });
  process.send({ ready: true });
}
