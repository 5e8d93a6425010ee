/** What the replay of a scenario's events (`validate-events.ts`) carries from one event to the next. */
import type { Cloud } from '../cloud/cloud.js';
import type { Issue } from '../errors.js';
import type { BindingChecker } from './binding-rules.js';
import type { Draft, DraftListener } from './draft.js';

/** Replay state. */
export interface ReplayState {
  readonly draft: Draft;
  readonly binding: BindingChecker | null;
  readonly cloud: Cloud;
  readonly listeners: ReadonlyMap<string, DraftListener>;
  /** Per pool key: some of its initial targets were malformed, so unknown ids are not reported. */
  readonly malformed: ReadonlyMap<string, boolean>;
  readonly issues: Issue[];
}
