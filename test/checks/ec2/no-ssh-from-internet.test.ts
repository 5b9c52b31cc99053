import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/ec2/no-ssh-from-internet.js'
import type { IngressRule, SecurityGroup } from '../../../src/snapshot/ec2.js'
import { ok, type Readable, type Snapshot } from '../../../src/snapshot/schema.js'
import { accountSnapshot, ACCOUNT_ID, denied, snapshot } from '../../support/builders.js'
import { checkCases, runCheck } from '../../support/check-cases.js'

const REGION = 'eu-west-1'
const arnOfSg = (id: string, region = REGION) => `arn:aws:ec2:${region}:${ACCOUNT_ID}:security-group/${id}`

const tcp = (from: number, to: number, v4: string[] = [], v6: string[] = []): IngressRule => ({ protocol: 'tcp', fromPort: from, toPort: to, ipv4Ranges: v4, ipv6Ranges: v6 })
const sg = (id: string, ...ingress: IngressRule[]): SecurityGroup => ({ groupId: id, groupName: `name-${id}`, arn: arnOfSg(id), vpcId: 'vpc-1', ingress })

/** An account whose regions each hold the given security-group slice. */
function withGroups(byRegion: Record<string, Readable<SecurityGroup[]>>): Snapshot {
  const a = accountSnapshot({ regions: Object.keys(byRegion) })
  a.regional = Object.fromEntries(Object.entries(byRegion).map(([r, slice]) => [r, { 'ec2.securityGroups': slice }]))
  return snapshot(a)
}
const inRegion = (...groups: SecurityGroup[]) => withGroups({ [REGION]: ok(groups) })

checkCases(check, {
  pass: [
    { name: 'ssh from a private range only', snapshot: inRegion(sg('sg-a', tcp(22, 22, ['10.0.0.0/8']))), expect: [{ resource: arnOfSg('sg-a'), region: REGION }] },
    { name: 'https open to the world is not an admin port', snapshot: inRegion(sg('sg-b', tcp(443, 443, ['0.0.0.0/0'], ['::/0']))) },
    { name: 'port range next to 22 but not containing it', snapshot: inRegion(sg('sg-c', tcp(23, 3388, ['0.0.0.0/0']))) },
    { name: 'udp on 22 is not ssh', snapshot: inRegion(sg('sg-d', { protocol: 'udp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] })) },
    { name: 'all traffic from a /16', snapshot: inRegion(sg('sg-e', { protocol: '-1', ipv4Ranges: ['172.16.0.0/16'], ipv6Ranges: [] })) },
    { name: 'custom ports option: 22 open is fine when only 2222 is watched', snapshot: inRegion(sg('sg-f', tcp(22, 22, ['0.0.0.0/0']))), options: { ports: [2222] } },
  ],
  fail: [
    { name: 'ssh from 0.0.0.0/0', snapshot: inRegion(sg('sg-1', tcp(22, 22, ['0.0.0.0/0']))), expect: [{ resource: arnOfSg('sg-1'), region: REGION, accountId: ACCOUNT_ID }] },
    { name: 'rdp from ::/0', snapshot: inRegion(sg('sg-2', tcp(3389, 3389, [], ['::/0']))), expect: [{ resource: arnOfSg('sg-2') }] },
    { name: 'all-traffic rule from the internet', snapshot: inRegion(sg('sg-3', { protocol: '-1', ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] })), expect: [{ resource: arnOfSg('sg-3') }] },
    { name: 'port range containing 22', snapshot: inRegion(sg('sg-4', tcp(0, 1024, ['0.0.0.0/0']))), expect: [{ resource: arnOfSg('sg-4') }] },
    { name: 'protocol given as number 6', snapshot: inRegion(sg('sg-5', { protocol: '6', fromPort: 3389, toPort: 3389, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] })), expect: [{ resource: arnOfSg('sg-5') }] },
    {
      name: 'only the open group fails among several',
      snapshot: inRegion(sg('sg-ok', tcp(22, 22, ['192.168.0.0/24'])), sg('sg-bad', tcp(443, 443, ['0.0.0.0/0']), tcp(22, 22, ['0.0.0.0/0']))),
      expect: [{ resource: arnOfSg('sg-bad') }],
    },
    {
      name: 'evaluated per region: only the open region fails',
      snapshot: withGroups({ [REGION]: ok([sg('sg-x', tcp(22, 22, ['10.0.0.0/8']))]), 'us-east-1': ok([{ ...sg('sg-y', tcp(22, 22, ['0.0.0.0/0'])), arn: arnOfSg('sg-y', 'us-east-1') }]) }),
      expect: [{ resource: arnOfSg('sg-y', 'us-east-1'), region: 'us-east-1' }],
    },
    { name: 'custom ports option', snapshot: inRegion(sg('sg-6', tcp(2222, 2222, ['0.0.0.0/0']))), options: { ports: [2222] }, expect: [{ resource: arnOfSg('sg-6') }] },
  ],
  not_applicable: [{ name: 'region without security groups', snapshot: inRegion() }],
  error: [
    { name: 'DescribeSecurityGroups denied', snapshot: withGroups({ [REGION]: denied('ec2:DescribeSecurityGroups') }), expect: [{ errorCode: 'AccessDenied', region: REGION }] },
    {
      name: 'one region unreadable, the other still evaluated',
      snapshot: withGroups({ [REGION]: denied('ec2:DescribeSecurityGroups'), 'us-east-1': ok([]) }),
      expect: [{ errorCode: 'AccessDenied', region: REGION }],
    },
    { name: 'region scanned but slice not collected', snapshot: snapshot({ ...accountSnapshot({ regions: [REGION] }), regional: {} }), expect: [{ errorCode: 'NotCollected' }] },
  ],
})

describe('ec2.no-ssh-from-internet verdicts in detail', () => {
  const run = (groups: SecurityGroup[], options?: Record<string, unknown>) => runCheck(check, inRegion(...groups), options)
  const statusOf = (...ingress: IngressRule[]) => run([sg('sg-t', ...ingress)]).map((f) => f.status)

  it('reads the protocol case-insensitively', () => {
    expect(statusOf({ protocol: 'TCP', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] })).toEqual(['fail'])
  })

  it('treats a TCP rule without ports, or with -1 as a port, as all ports', () => {
    expect(statusOf({ protocol: 'tcp', ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] })).toEqual(['fail'])
    expect(statusOf({ protocol: 'tcp', fromPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] })).toEqual(['fail'])
    expect(statusOf({ protocol: 'tcp', toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] })).toEqual(['fail'])
    expect(statusOf({ protocol: 'tcp', fromPort: -1, toPort: 80, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] })).toEqual(['fail'])
    expect(statusOf({ protocol: 'tcp', fromPort: 80, toPort: -1, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] })).toEqual(['fail'])
    expect(statusOf({ protocol: 'tcp', fromPort: -1, toPort: 10, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] })).toEqual(['fail'])
  })

  it('an all-traffic rule covers every port even when ports are reported with it (EC2 ignores them)', () => {
    expect(statusOf({ protocol: '-1', fromPort: 80, toPort: 80, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] })).toEqual(['fail'])
  })

  it('includes both ends of a port range, and nothing outside it', () => {
    expect(statusOf(tcp(22, 80, ['0.0.0.0/0']))).toEqual(['fail'])
    expect(statusOf(tcp(10, 22, ['0.0.0.0/0']))).toEqual(['fail'])
    expect(statusOf(tcp(3390, 4000, ['0.0.0.0/0']), tcp(10, 21, ['0.0.0.0/0']))).toEqual(['pass'])
  })

  it('only 0.0.0.0/0 and ::/0 are the internet', () => {
    expect(statusOf(tcp(22, 22, ['0.0.0.0/1', '10.0.0.0/8'], ['::/1', '2001:db8::/32']))).toEqual(['pass'])
    expect(statusOf(tcp(22, 22, [], ['::/0']))).toEqual(['fail'])
  })

  it('says which ports are open from where, and lists every open rule as evidence', () => {
    const group = sg('sg-e', tcp(3389, 3389, ['0.0.0.0/0'], ['::/0']), { protocol: '-1', ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }, tcp(443, 443, ['0.0.0.0/0']))
    const [finding, ...rest] = run([group])
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ status: 'fail', message: 'sg-e (name-sg-e) allows port 22, 3389 from 0.0.0.0/0 and ::/0' })
    // Strict: a rule without ports has no fromPort/toPort keys at all in the evidence.
    expect(finding!.evidence).toStrictEqual({
      groupId: 'sg-e',
      groupName: 'name-sg-e',
      vpcId: 'vpc-1',
      openRules: [
        { protocol: 'tcp', fromPort: 3389, toPort: 3389, source: '0.0.0.0/0', ports: [3389] },
        { protocol: 'tcp', fromPort: 3389, toPort: 3389, source: '::/0', ports: [3389] },
        { protocol: '-1', source: '0.0.0.0/0', ports: [22, 3389] },
      ],
    })
  })

  it('sorts the open ports numerically and gives vpcId null for a group outside a VPC', () => {
    const group: SecurityGroup = { groupId: 'sg-n', groupName: 'classic', arn: arnOfSg('sg-n'), ingress: [tcp(3389, 3389, ['0.0.0.0/0']), tcp(22, 22, ['0.0.0.0/0'])] }
    const [finding] = run([group], { ports: [3389, 22, 100] })
    expect(finding!.message).toBe('sg-n (classic) allows port 22, 3389 from 0.0.0.0/0')
    expect(finding!.evidence).toMatchObject({ vpcId: null })
  })

  it('names the watched ports in a pass', () => {
    expect(run([sg('sg-p', tcp(22, 22, ['10.0.0.0/8']))])[0]!.message).toBe('sg-p (name-sg-p) does not open 22/3389 to the internet')
  })
})
