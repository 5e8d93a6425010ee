/**
 * lbsim: simulate how a cloud load balancer spreads traffic over weighted backends.
 * The public API: `simulate`, `validateScenario`, `createPicker`, and the types they use.
 */
export {
  simulate,
  simulateSync,
  type SimulateOptions,
  type SimulateAsyncOptions,
} from './sim/simulate.js';
export { compareAlgorithm } from './sim/compare.js';
export { sweep, DEFAULT_SWEEP_SEEDS, type SweepOptions } from './sim/sweep.js';
export type { SweepResult, SweepRow, SweepMetric, MetricInterval } from './report/sweep-types.js';
export {
  validateScenario,
  type ValidateOptions,
  type ScenarioArgument,
} from './scenario/validate-scenario.js';
export { DEFAULT_SCENARIO } from './scenario/default-scenario.js';
export { createPicker, type PickerOptions } from './balancer/create-picker.js';
export {
  ALGORITHMS,
  ALGORITHM_TABLE,
  type Algorithm,
  type AlgorithmName,
  type AlgorithmDescriptor,
} from './balancer/algorithms.js';
export type { UserPickerFactory, UserAlgorithm, UserPickers } from './balancer/user-algorithms.js';
export { NO_TARGET, MAX_WEIGHT, type Picker, type PickerTarget } from './balancer/picker.js';
export type {
  DialectName,
  DialectPicker,
  DialectTarget,
} from './balancer/dialects/dialect-picker.js';
export { createRng, deriveRng, type Rng } from './random/rng.js';
export { initHashing, hashString } from './hash/string-hash.js';
export { hashIpv4, hashIpv6 } from './hash/address-hash.js';
export { hashKey } from './hash/hash-key.js';
export { mix32 } from './hash/mix32.js';
export { SessionTable, type SessionTableOptions } from './session/session-table.js';
export { renderJson, renderJsonBytes, renderJsonChunks } from './report/render-json.js';
export { renderTable } from './report/render-table.js';
export { renderHtml } from './report/render-html.js';
export { renderComparisonTable, renderComparisonJson } from './report/render-comparison.js';
export { renderSweepTable, renderSweepJson } from './report/render-sweep.js';
export { LbsimError, ScenarioError, AddressError, formatIssue, type Issue } from './errors.js';
export type * from './scenario/types.js';
export type * from './report/types.js';
export { defineScenario, ScenarioSchema, type ScenarioInput } from './scenario/scenario-input.js';
export {
  benchPickers,
  benchTargets,
  DEFAULT_BENCH_TARGETS,
  type BenchPickersOptions,
  type BenchRow,
  type BenchPicker,
  type PickerFactory,
} from './bench/bench-pickers.js';
