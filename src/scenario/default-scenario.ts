/**
 * The built-in scenario `lbsim run` uses when no file is given. It shows what the tool is for in
 * one run of 600 000 requests: a public load balancer with a layer-4 listener (weights 10/20/30,
 * source-IP persistence) and a layer-7 listener (two path rules, six targets), Zipf-popular
 * clients, a target drained to weight 0 at 200 s, and an instance that fails at 300 s and
 * recovers at 420 s.
 */

/** Freezes an object and everything inside it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const WEB_GROUP = 'sg-web';

/** Six instances in the load balancer's region and VPC, all in `sg-web`. */
const instances = [1, 2, 3, 4, 5, 6].map((n) => ({
  id: `ins-${n}`,
  region: 'ap-guangzhou',
  vpcId: 'vpc-1',
  privateIp: `10.0.1.${10 + n}`,
  state: 'running',
  bandwidthMbps: 100,
  securityGroups: [WEB_GROUP],
}));

/**
 * The default scenario as raw JSON (deep-frozen: copy it with `structuredClone` before changing
 * it). Pass it to `validateScenario` or `simulate` like a scenario read from a file.
 */
export const DEFAULT_SCENARIO: unknown = deepFreeze({
  seed: 'demo',
  durationSec: 600,
  loadBalancer: {
    id: 'lb-demo',
    region: 'ap-guangzhou',
    type: 'public',
    network: 'vpc',
    vpcId: 'vpc-1',
    vip: '203.0.113.10',
    kind: 'standard',
    backendMode: 'same-vpc',
    snatIps: [],
  },
  instances,
  securityGroups: [
    {
      id: WEB_GROUP,
      inbound: [
        // Health probes come from the VIP; without this rule every target turns abnormal.
        { source: '203.0.113.10', port: 'ALL', action: 'allow' },
        { source: '100.64.0.0/10', port: '8080-8081', action: 'allow' },
        { source: '100.64.0.0/10', port: 80, action: 'allow' },
      ],
    },
  ],
  listeners: [
    {
      id: 'tcp-80',
      protocol: 'TCP',
      port: 80,
      algorithm: 'wrr',
      session: { timeoutSec: 60 },
      targets: [
        { instance: 'ins-1', port: 8080, weight: 10 },
        { instance: 'ins-2', port: 8080, weight: 20 },
        { instance: 'ins-3', port: 8080, weight: 30 },
      ],
    },
    {
      id: 'http-8080',
      protocol: 'HTTP',
      port: 8080,
      algorithm: 'wrr',
      rules: [
        {
          id: 'web',
          domain: 'www.example.com',
          path: '/',
          default: true,
          targets: [
            { instance: 'ins-4', port: 80, weight: 40 },
            { instance: 'ins-5', port: 80, weight: 20 },
            { instance: 'ins-6', port: 80, weight: 10 },
          ],
        },
        {
          id: 'static',
          domain: 'www.example.com',
          path: '^~/static/',
          algorithm: 'maglev',
          targets: [
            { instance: 'ins-4', port: 8081, weight: 15 },
            { instance: 'ins-5', port: 8081, weight: 25 },
            { instance: 'ins-6', port: 8081, weight: 50 },
          ],
        },
      ],
    },
  ],
  traffic: {
    ratePerSec: 1000,
    clients: 5000,
    popularity: { zipf: 0.8 },
    connectionMs: 200,
    mix: [
      { listener: 'tcp-80', weight: 5 },
      { listener: 'http-8080', host: 'www.example.com', path: '/index.html', weight: 3 },
      { listener: 'http-8080', host: 'www.example.com', path: '/static/app.js', weight: 2 },
    ],
  },
  events: [
    { atSec: 200, op: 'setWeight', listener: 'tcp-80', target: 'ins-3:8080', weight: 0 },
    { atSec: 300, op: 'down', instance: 'ins-5' },
    { atSec: 420, op: 'up', instance: 'ins-5' },
  ],
  options: { windowSec: 10 },
});
