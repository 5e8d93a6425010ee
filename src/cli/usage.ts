/** The text `lbsim --help` prints. */
import { ALGORITHMS } from '../balancer/algorithms.js';

/** Usage of `lbsim` (`lbsim bench --help` has its own). */
export const USAGE = `lbsim — simulate how a cloud load balancer spreads traffic over weighted backends

Usage:
  lbsim run [SCENARIO.json] [options]   run a scenario (the built-in default when none is given)
  lbsim validate SCENARIO.json           check a scenario without running it
  lbsim compare [SCENARIO.json] [options] run it once per algorithm: fairness, disruption, time
  lbsim bench [options]                  time the pickers (lbsim bench --help)
  lbsim --help | --version

Options of run:
  --format table|json|html   report format (default: table)
  --out FILE                 write the report to FILE instead of standard output (not the scenario file)
  --window SEC               width of the report's time windows (default: 10, or the scenario's)
  --seed S                   override the scenario's seed
  --max-requests N           raise or lower the cap on expected requests (default: 1e9)
  --max-memory-mb N          raise or lower the cap on estimated memory in MiB (default: 1536)
  --max-events N             raise or lower the cap on timed events (default: 100000)
  --strict                   the scenario's warnings are errors (exit 2); without it they are listed on stderr

Options of compare:
  --algorithms a,b,...       which algorithms (default: all of ${ALGORITHMS.join(', ')})
  --format table|json        output format (default: table)
  --out FILE                 write the comparison to FILE instead of standard output
  --seed S, --window SEC, --max-requests N, --max-memory-mb N, --max-events N   as for run

Options of validate:
  --max-requests N, --max-memory-mb N, --max-events N, --strict   as for run

Caps given on the command line win over the scenario's own "options".
Exit codes: 0 success, 2 invalid input (one line per problem, starting with its JSON path), 1 other errors.
`;
