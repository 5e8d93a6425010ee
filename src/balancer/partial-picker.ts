/**
 * A user's picker as lbsim's pool uses it. `lbsim bench --module` needs only `pick(hash)`; so
 * that the same module runs in `simulate` (and `--pickers`), a picker missing the other members
 * gets them here: `update` builds a new picker over the new targets with the same factory,
 * `connectionOpened`/`connectionClosed` do nothing, `pickKey` picks by `hashKey(key)`, `size` and
 * `algorithm` come from the targets and the name. A complete picker is returned as it is; the
 * wrapper adds one call per pick and allocates nothing per pick.
 */
import { hashKey } from '../hash/hash-key.js';
import { LbsimTypeError } from '../errors.js';
import type { PickerOptions } from './algorithms.js';
import type { Picker, PickerTarget } from './picker.js';

type Factory = (targets: readonly PickerTarget[], options: PickerOptions) => unknown;

const MEMBERS = ['pickKey', 'update', 'connectionOpened', 'connectionClosed'] as const;

/** What `factory` built, checked to have `pick`. */
function checked(name: string, built: unknown): Partial<Picker> & Pick<Picker, 'pick'> {
  const picker = built as Partial<Picker> | null;
  if (picker === null || typeof picker !== 'object' || typeof picker.pick !== 'function') {
    throw new LbsimTypeError(
      'ERR_USER_PICKER',
      `pickers: the factory of "${name}" must return an object with a pick(hash) method`,
    );
  }
  return picker as Partial<Picker> & Pick<Picker, 'pick'>;
}

class CompletedPicker implements Picker {
  readonly algorithm: string;
  #targets: readonly PickerTarget[];
  #inner: Partial<Picker> & Pick<Picker, 'pick'>;
  readonly #rebuild: (targets: readonly PickerTarget[]) => Partial<Picker> & Pick<Picker, 'pick'>;

  constructor(
    name: string,
    targets: readonly PickerTarget[],
    inner: Partial<Picker> & Pick<Picker, 'pick'>,
    rebuild: (targets: readonly PickerTarget[]) => Partial<Picker> & Pick<Picker, 'pick'>,
  ) {
    this.algorithm = name;
    this.#targets = targets;
    this.#inner = inner;
    this.#rebuild = rebuild;
  }

  get size(): number {
    return this.#targets.length;
  }

  pick(hash: number): number {
    return this.#inner.pick(hash);
  }

  pickKey(key: string): number {
    return this.#inner.pickKey === undefined
      ? this.#inner.pick(hashKey(key))
      : this.#inner.pickKey(key);
  }

  update(targets: readonly PickerTarget[]): void {
    this.#targets = targets;
    if (this.#inner.update === undefined) this.#inner = this.#rebuild(targets);
    else this.#inner.update(targets);
  }

  connectionOpened(index: number): void {
    this.#inner.connectionOpened?.(index);
  }

  connectionClosed(index: number): void {
    this.#inner.connectionClosed?.(index);
  }
}

/** `factory` made to return complete pickers (see the banner). */
export function completingFactory(
  name: string,
  factory: Factory,
): (targets: readonly PickerTarget[], options: PickerOptions) => Picker {
  return (targets, options) => {
    const picker = checked(name, factory(targets, options));
    if (MEMBERS.every((m) => typeof picker[m] === 'function')) return picker as Picker;
    return new CompletedPicker(name, targets, picker, (next) =>
      checked(name, factory(next, options)),
    );
  };
}
