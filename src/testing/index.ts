/**
 * `lbsim/testing`: what a test of a picker or a scenario needs. The statistics (`sharesTest`,
 * `assertFairShares`, `disruption`) have no dependencies; the arbitraries (`targetsArb`,
 * `clientKeysArb`, `scenarioArb`) need fast-check, an optional peer dependency, and throw an
 * `LbsimError` (`ERR_FAST_CHECK_MISSING`) when it is not installed.
 */
export {
  sharesTest,
  assertFairShares,
  DEFAULT_ALPHA,
  type SharesTestResult,
  type FairSharesOptions,
  type Weights,
} from './shares-test.js';
export { FairnessError, type FairnessFinding } from './fairness-error.js';
export { disruption, type Disruption, type Assignment } from './disruption.js';
export { chiSquarePValue, upperGammaQ } from './incomplete-gamma.js';
export {
  targetsArb,
  clientKeysArb,
  scenarioArb,
  type TargetsConstraints,
  type ClientKeysConstraints,
  type ScenarioConstraints,
} from './arbitraries.js';
