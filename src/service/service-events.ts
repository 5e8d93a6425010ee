/**
 * What the service-model events do to the model at simulated time (`slow`, `errors`, `blackhole`,
 * `restore`); the cloud model (`cloud/cloud.ts`) decides whether they apply, validation checks them
 * (`checkServiceEvent`). O(1) each.
 */
import type { InstanceSpec, ServiceEventSpec } from '../scenario/types.js';
import type { ServiceModel } from './service-model.js';

/** Applies one service event to the model (an instance without a service model is left alone). */
export function applyServiceEvent(model: ServiceModel, event: ServiceEventSpec): void {
  const slot = model.slotOf(event.instance);
  if (slot < 0) return;
  switch (event.op) {
    case 'slow':
      model.setFactor(slot, event.factor);
      return;
    case 'errors':
      model.setErrorRate(slot, event.errorRate);
      return;
    case 'blackhole':
      model.setBlackhole(slot);
      return;
    case 'restore':
      model.restore(slot);
      return;
  }
}

/** Why a service event cannot apply to `instance` (undefined: unknown instance), or null. */
export function serviceEventProblem(
  event: ServiceEventSpec,
  instance: InstanceSpec | undefined,
): string | null {
  if (instance === undefined) return `no instance ${JSON.stringify(event.instance)}`;
  if (instance.service === undefined) {
    return `instance ${JSON.stringify(event.instance)} has no service model: give it "service" for ${event.op} to apply`;
  }
  if (event.op === 'blackhole' && instance.service.timeoutMs === undefined) {
    return `instance ${JSON.stringify(event.instance)} has no service.timeoutMs: a blackhole needs the client's timeout`;
  }
  return null;
}
