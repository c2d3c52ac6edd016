// Finding a box (issue 16): by kind and by the words users type, grouped by kind; generic entries.
import { describe, expect, it } from 'vitest';
import { BOX_KINDS, kindOf, searchGroups } from '../../lib/boxKinds';
import {
  MIDDLEBOXES,
  customTimeoutProblem,
  entryId,
  middlebox,
  parseBoxTimeout,
  settableRange,
  withTimeout,
} from '../../lib/middleboxes';

const ids = (text: string) => searchGroups(text, []).flatMap((g) => g.boxes.map((b) => b.id));

describe('search by the words users type', () => {
  it('"firewall" finds the on-premises firewalls whose names do not say so', () => {
    const hits = ids('firewall');
    for (const id of [
      'cisco-asa',
      'paloalto-panos',
      'fortigate',
      'checkpoint',
      'pf-pfsense-opnsense',
      'juniper-srx',
      'generic-firewall',
    ])
      expect(hits).toContain(id);
    expect(hits).not.toContain('aws-alb');
  });

  it.each([
    ['VPN', 'generic-vpn'],
    ['IPsec', 'generic-vpn'],
    ['WireGuard', 'generic-vpn'],
    ['ipsec', 'fortigate'],
    ['load balancer', 'azure-lb'],
    ['load balancer', 'aws-nlb-tcp'],
    ['NAT', 'aws-natgw'],
    ['nat', 'cellular-cgn-unknown'],
    ['proxy', 'haproxy'],
    ['proxy', 'envoy-tcp-proxy'],
    ['on-premises', 'cisco-asa'],
    ['on premises', 'generic-firewall'],
    ['aws nat', 'aws-natgw'],
  ])('"%s" finds %s', (text, id) => {
    expect(ids(text)).toContain(id);
  });

  it('groups follow BOX_KINDS order, each box in the group of its kind, generic entries first', () => {
    const groups = searchGroups('', []);
    expect(groups.map((g) => g.kind)).toEqual(BOX_KINDS.filter((k) => groups.some((g) => g.kind === k)));
    for (const g of groups) for (const b of g.boxes) expect(kindOf(b)).toBe(g.kind);
    expect(groups.find((g) => g.kind === 'firewall')?.boxes[0]?.id).toBe('generic-firewall');
    // Every box of the catalogue is somewhere, once.
    expect(groups.flatMap((g) => g.boxes).length).toBe(MIDDLEBOXES.length);
  });

  it('the kind the words name comes first', () => {
    expect(searchGroups('vpn', [])[0]?.kind).toBe('vpn');
    expect(searchGroups('vpn', [])[0]?.boxes[0]?.id).toBe('generic-vpn');
    expect(searchGroups('load balancer', [])[0]?.kind).toBe('load-balancer');
  });

  it('chosen boxes are left out', () => {
    expect(searchGroups('firewall', ['cisco-asa']).flatMap((g) => g.boxes.map((b) => b.id))).not.toContain('cisco-asa');
  });
});

describe('generic entries', () => {
  it('have no timeout and no range: unknown is not 300 s, and no custom value is taken', () => {
    for (const id of ['generic-firewall', 'generic-vpn']) {
      const box = middlebox(id)!;
      expect(box.defaultSeconds).toBeNull();
      expect(settableRange(box)).toBeNull();
      expect(customTimeoutProblem(box, 1800)).toContain('no documented range');
    }
  });
});

describe("a box's configured timeout", () => {
  it('is taken inside the documented range and refused outside it, naming the range', () => {
    // Azure Load Balancer: 4..100 min (its source line in lib/middleboxes.ts).
    const azure = middlebox('azure-lb')!;
    expect(customTimeoutProblem(azure, 1800)).toBeUndefined();
    expect(customTimeoutProblem(azure, 239)).toContain('from 240 to 6000 s');
    expect(customTimeoutProblem(azure, 6001)).toContain('from 240 to 6000 s');
    // A 0 that an API reads as "no timeout" is not a timeout.
    expect(settableRange(middlebox('aws-ecs-service-connect-tcp')!)?.[0]).toBe(1);
  });

  it('the chip parses what is typed with the codec rules', () => {
    const azure = middlebox('azure-lb')!;
    expect(parseBoxTimeout(azure, '30m')).toEqual({ seconds: 1800 });
    expect(parseBoxTimeout(azure, '')).toEqual({ seconds: undefined });
    expect(parseBoxTimeout(azure, '240')).toEqual({ seconds: undefined });
    expect(parseBoxTimeout(azure, 'soon')).toHaveProperty('problem');
    expect(parseBoxTimeout(azure, '100')).toEqual({ problem: expect.stringContaining('from 240 to 6000 s') });
    expect(entryId('azure-lb:1800')).toBe('azure-lb');
    expect(withTimeout('azure-lb', 1800)).toBe('azure-lb:1800');
    expect(withTimeout('azure-lb', undefined)).toBe('azure-lb');
  });
});
