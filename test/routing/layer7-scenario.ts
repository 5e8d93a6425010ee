/** A small valid layer-7 scenario whose first rule has the given path (test helper). */
export function layer7Scenario(path: string, host = 'www.example.com', mixPath = '/'): unknown {
  return {
    seed: 'l7',
    durationSec: 10,
    loadBalancer: { id: 'lb', region: 'ap-guangzhou', vpcId: 'vpc-1', vip: '203.0.113.10' },
    instances: [
      {
        id: 'ins-a',
        region: 'ap-guangzhou',
        vpcId: 'vpc-1',
        privateIp: '10.0.0.11',
        securityGroups: ['sg'],
      },
    ],
    securityGroups: [
      { id: 'sg', inbound: [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' }] },
    ],
    listeners: [
      {
        id: 'http',
        protocol: 'HTTP',
        port: 80,
        rules: [{ domain: 'www.example.com', path, targets: [{ instance: 'ins-a', port: 80 }] }],
      },
    ],
    traffic: {
      ratePerSec: 100,
      clients: 10,
      mix: [{ listener: 'http', host, path: mixPath }],
    },
  };
}
