/**
 * The pool's side of the service model (`service/service-model.ts`): a forwarded request is handed
 * to the target's instance, which answers, errs, rejects or lets it time out, and the client holds
 * the connection for exactly as long as it waits. Counted per target and per report window.
 * O(log workers + log in-flight) per request, no allocation.
 */
import { ServiceOutcome, type ServiceModel } from '../service/service-model.js';
import { ServiceTally, type WindowLatencies } from '../service/service-tally.js';
import type { PoolTarget } from './pool-target.js';

/** Gives a target its instance's service slot (and a tally) when it is bound; -1 without one. */
export function attachService(target: PoolTarget, model: ServiceModel | null): void {
  target.service = model === null ? -1 : model.slotOf(target.instance);
  if (target.service >= 0 && target.serviceTally === null) target.serviceTally = new ServiceTally();
}

/**
 * Serves one request forwarded at `model.nowMs` in report window `window`; how long the client
 * keeps the connection is left in `model.heldMs` (times cross as fields: `ServiceModel.take`).
 */
export function serve(
  model: ServiceModel,
  target: PoolTarget,
  window: number,
  windows: WindowLatencies,
): void {
  model.take(target.service);
  target.serviceTally!.count(model);
  windows.record(model, window);
}

/** Whether the request the model just took was answered without error (what passive checks count as a success). */
export function answered(model: ServiceModel): boolean {
  return model.outcome === ServiceOutcome.Response;
}
