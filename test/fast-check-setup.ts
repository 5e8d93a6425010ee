/**
 * Every property test's arrays, strings and the like reach the `maxLength` they name. fast-check 4
 * draws them at its "small" size unless told otherwise: at most 10 elements, whatever the bound,
 * so a test of 1500 session operations ran 10, and no table ever grew or rebuilt. With this, a
 * bound given is a bound used (sizes left unbounded stay small).
 */
import fc from 'fast-check';

fc.configureGlobal({ defaultSizeToMaxWhenMaxSpecified: true });
