/**
 * What the report counts of the service model for one target of one pool: the latency of every
 * response (a log histogram), responses, errors, rejections and timeouts; and, per pool, a latency
 * histogram per report window. O(1) per request; histograms grow only on a new largest value.
 */
import { LogHistogram } from './log-histogram.js';
import { ServiceOutcome, type ServiceModel } from './service-model.js';

/** One target's service counts. */
export class ServiceTally {
  readonly latency = new LogHistogram();
  /** Responses, errors included. */
  responses = 0;
  errors = 0;
  rejected = 0;
  timedOut = 0;

  /** Counts the outcome of the request `model` just took. */
  count(model: ServiceModel): void {
    switch (model.outcome) {
      case ServiceOutcome.Rejected:
        this.rejected++;
        return;
      case ServiceOutcome.TimedOut:
        this.timedOut++;
        return;
      case ServiceOutcome.Error:
        this.errors++;
        break;
      case ServiceOutcome.Response:
        break;
    }
    this.responses++;
    this.latency.recordUs(model.latencyUs);
  }
}

/**
 * A pool's latency per report window (created on a window's first response), and its requests
 * that got no response (rejected or timed out) per window.
 */
export class WindowLatencies {
  /** Per window: requests rejected or timed out. */
  readonly unanswered: Uint32Array;
  readonly #windows: (LogHistogram | undefined)[];

  constructor(windows: number) {
    this.#windows = new Array<LogHistogram | undefined>(windows);
    this.unanswered = new Uint32Array(windows);
  }

  /** Records the response the model just gave, in `window` (or counts it unanswered). */
  record(model: ServiceModel, window: number): void {
    const o = model.outcome;
    if (o !== ServiceOutcome.Response && o !== ServiceOutcome.Error) {
      this.unanswered[window]!++;
      return;
    }
    let h = this.#windows[window];
    if (h === undefined) this.#windows[window] = h = new LogHistogram(64);
    h.recordUs(model.latencyUs);
  }

  /** The histogram of a window, or undefined when it had no response. */
  at(window: number): LogHistogram | undefined {
    return this.#windows[window];
  }
}
