// What the EC2 networking checks say and record (the table tests pin the verdicts): messages name the
// resource and the reason, evidence carries the facts the verdict rests on.
import { describe, expect, it } from 'vitest'
import defaultSg from '../../../src/checks/ec2/default-sg-restricts-all.js'
import imdsv2 from '../../../src/checks/ec2/imdsv2-required.js'
import nacl from '../../../src/checks/ec2/nacl-no-admin-from-internet.js'
import flowLogs from '../../../src/checks/ec2/vpc-flow-logs.js'
import type { FlowLog, Instance, IngressRule, NetworkAcl, NetworkAclEntry, SecurityGroup, Vpc } from '../../../src/snapshot/ec2.js'
import { ok } from '../../../src/snapshot/schema.js'
import { runCheck } from '../../support/check-cases.js'
import { arn, inRegion } from './support.js'

const strip = (findings: ReturnType<typeof runCheck>) => findings.map((f) => ({ resource: f.resource, status: f.status, message: f.message, evidence: f.evidence, errorCode: f.errorCode }))

describe('ec2.default-sg-restricts-all findings', () => {
  const allTraffic: IngressRule = { protocol: '-1', ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }
  const sg = (id: string, ingress: IngressRule[], egress?: IngressRule[], vpcId: string | null = 'vpc-1'): SecurityGroup => ({
    groupId: id,
    groupName: 'default',
    arn: arn('security-group', id),
    ...(vpcId ? { vpcId } : {}),
    ingress,
    ...(egress ? { egress } : {}),
  })

  it('count the rules in each direction, name the VPC, and say when the outbound rules are unknown', () => {
    const findings = runCheck(defaultSg, inRegion({ 'ec2.securityGroups': ok([sg('sg-a', [], []), sg('sg-b', [allTraffic], [allTraffic, allTraffic]), sg('sg-c', [], [], null), sg('sg-d', [])]) }))
    expect(strip(findings)).toStrictEqual([
      { resource: arn('security-group', 'sg-a'), status: 'pass', message: 'The default security group sg-a of vpc-1 has no rules', evidence: { groupId: 'sg-a', vpcId: 'vpc-1', inboundRules: 0, outboundRules: 0 }, errorCode: undefined },
      { resource: arn('security-group', 'sg-b'), status: 'fail', message: 'The default security group sg-b of vpc-1 has 1 inbound and 2 outbound rule(s)', evidence: { groupId: 'sg-b', vpcId: 'vpc-1', inboundRules: 1, outboundRules: 2 }, errorCode: undefined },
      { resource: arn('security-group', 'sg-c'), status: 'pass', message: 'The default security group sg-c of its VPC has no rules', evidence: { groupId: 'sg-c', vpcId: null, inboundRules: 0, outboundRules: 0 }, errorCode: undefined },
      {
        resource: arn('security-group', 'sg-d'),
        status: 'error',
        message: 'The outbound rules of sg-d were not collected in this snapshot, so it cannot be shown to restrict all traffic',
        evidence: undefined,
        errorCode: 'EgressNotCollected',
      },
    ])
  })

  it('inbound rules alone fail, outbound rules alone fail', () => {
    expect(runCheck(defaultSg, inRegion({ 'ec2.securityGroups': ok([sg('sg-in', [allTraffic], [])]) })).map((f) => f.status)).toEqual(['fail'])
    expect(runCheck(defaultSg, inRegion({ 'ec2.securityGroups': ok([sg('sg-out', [], [allTraffic], null)]) })).map((f) => [f.status, f.message])).toEqual([
      ['fail', 'The default security group sg-out of its VPC has 0 inbound and 1 outbound rule(s)'],
    ])
  })
})

describe('ec2.imdsv2-required findings', () => {
  const instance = (id: string, opts: Partial<Instance>): Instance => ({ instanceId: id, arn: arn('instance', id), state: 'running', tags: {}, ...opts })

  it('say why each instance passes or fails, with its metadata options as evidence', () => {
    const findings = runCheck(
      imdsv2,
      inRegion({
        'ec2.instances': ok([
          instance('i-1', { httpTokens: 'optional', httpEndpoint: 'disabled' }),
          instance('i-2', { httpTokens: 'required' }),
          instance('i-3', { state: 'stopped', httpTokens: 'optional', httpEndpoint: 'enabled' }),
          instance('i-4', {}),
        ]),
      }),
    )
    expect(strip(findings)).toStrictEqual([
      { resource: arn('instance', 'i-1'), status: 'pass', message: 'i-1 has the metadata service disabled', evidence: { instanceId: 'i-1', state: 'running', httpTokens: 'optional', httpEndpoint: 'disabled' }, errorCode: undefined },
      { resource: arn('instance', 'i-2'), status: 'pass', message: 'i-2 requires IMDSv2', evidence: { instanceId: 'i-2', state: 'running', httpTokens: 'required', httpEndpoint: null }, errorCode: undefined },
      { resource: arn('instance', 'i-3'), status: 'fail', message: 'i-3 (stopped) accepts IMDSv1 (HttpTokens optional)', evidence: { instanceId: 'i-3', state: 'stopped', httpTokens: 'optional', httpEndpoint: 'enabled' }, errorCode: undefined },
      { resource: arn('instance', 'i-4'), status: 'error', message: 'EC2 did not report the metadata options of i-4', evidence: undefined, errorCode: 'MetadataOptionsMissing' },
    ])
  })
})

describe('ec2.nacl-no-admin-from-internet findings', () => {
  const entry = (ruleNumber: number, ruleAction: 'allow' | 'deny', source: string, ports?: [number, number]): NetworkAclEntry => ({
    ruleNumber,
    ruleAction,
    protocol: ports ? '6' : '-1',
    egress: false,
    ...(source.includes(':') ? { ipv6CidrBlock: source } : { cidrBlock: source }),
    ...(ports ? { fromPort: ports[0], toPort: ports[1] } : {}),
  })
  const acl = (id: string, entries: NetworkAclEntry[], vpcId: string | null = 'vpc-1'): NetworkAcl => ({
    networkAclId: id,
    arn: arn('network-acl', id),
    ...(vpcId ? { vpcId } : {}),
    isDefault: false,
    subnetIds: ['subnet-1'],
    entries: [...entries, entry(32767, 'deny', '0.0.0.0/0'), entry(32767, 'deny', '::/0')],
  })
  const run = (acls: NetworkAcl[], options?: Record<string, unknown>) => strip(runCheck(nacl, inRegion({ 'ec2.networkAcls': ok(acls) }), options))

  it('a fail names the open ports in order and the sources; the evidence lists the deciding allow rules', () => {
    const [f] = run([acl('acl-1', [entry(90, 'allow', '::/0', [3389, 3389]), entry(100, 'allow', '0.0.0.0/0', [0, 65535])])], { ports: [3389, 22] })
    expect(f).toStrictEqual({
      resource: arn('network-acl', 'acl-1'),
      status: 'fail',
      message: 'acl-1 (vpc-1) allows port 22, 3389 from 0.0.0.0/0 and ::/0',
      evidence: {
        networkAclId: 'acl-1',
        vpcId: 'vpc-1',
        isDefault: false,
        subnetIds: ['subnet-1'],
        allowedBy: [
          { port: 3389, source: '0.0.0.0/0', ruleNumber: 100 },
          { port: 3389, source: '::/0', ruleNumber: 90 },
          { port: 22, source: '0.0.0.0/0', ruleNumber: 100 },
        ],
      },
      errorCode: undefined,
    })
  })

  it('a pass names the watched ports; an ACL outside a VPC is named by its id alone', () => {
    expect(run([acl('acl-2', [], null)]).map((f) => [f.status, f.message])).toEqual([['pass', 'acl-2 does not let the internet reach port 22/3389']])
    const [f] = run([acl('acl-3', [entry(100, 'allow', '0.0.0.0/0')], null)])
    expect([f!.message, f!.evidence?.vpcId]).toEqual(['acl-3 allows port 22, 3389 from 0.0.0.0/0', null])
  })

  it('an ACL without any entry from anywhere (not even the catch-all) lets nothing in', () => {
    expect(run([{ ...acl('acl-empty', []), entries: [] }]).map((f) => f.status)).toEqual(['pass'])
  })

  it('the first entry from anywhere decides, in rule order, per address family', () => {
    const statuses = (entries: NetworkAclEntry[]) => run([acl('acl-x', entries)]).map((f) => f.status)
    // A deny from anywhere before the allow closes the port; an allow before a deny opens it.
    expect(statuses([entry(90, 'deny', '0.0.0.0/0', [22, 22]), entry(91, 'deny', '0.0.0.0/0', [3389, 3389]), entry(100, 'allow', '0.0.0.0/0')])).toEqual(['pass'])
    expect(statuses([entry(90, 'allow', '0.0.0.0/0', [22, 22]), entry(100, 'deny', '0.0.0.0/0')])).toEqual(['fail'])
    // A narrower deny does not stop the rest of the internet.
    expect(statuses([entry(90, 'deny', '198.51.100.0/24', [22, 22]), entry(100, 'allow', '0.0.0.0/0', [22, 22])])).toEqual(['fail'])
    // An IPv6 deny does not close IPv4.
    expect(statuses([entry(90, 'deny', '::/0'), entry(100, 'allow', '0.0.0.0/0', [22, 22])])).toEqual(['fail'])
  })
})

describe('ec2.vpc-flow-logs findings', () => {
  const vpc = (id: string): Vpc => ({ vpcId: id, arn: arn('vpc', id), isDefault: false })
  const log = (id: string, resourceId: string, opts: Partial<FlowLog> = {}): FlowLog => ({ flowLogId: id, resourceId, trafficType: 'REJECT', status: 'ACTIVE', deliverLogsStatus: 'SUCCESS', ...opts })
  const run = (vpcs: Vpc[], logs: FlowLog[]) => strip(runCheck(flowLogs, inRegion({ 'ec2.vpcs': ok(vpcs), 'ec2.flowLogs': ok(logs) })))

  it('a pass names the working flow logs; the evidence lists every flow log of the VPC', () => {
    const [f] = run([vpc('vpc-a')], [log('fl-1', 'vpc-a', { logDestinationType: 's3' }), log('fl-2', 'vpc-a', { trafficType: 'ALL', deliverLogsStatus: undefined }), log('fl-3', 'vpc-a', { trafficType: 'ACCEPT' }), log('fl-9', 'vpc-b')])
    expect(f).toStrictEqual({
      resource: arn('vpc', 'vpc-a'),
      status: 'pass',
      message: 'vpc-a has flow logging of rejected traffic (fl-1, fl-2)',
      evidence: {
        vpcId: 'vpc-a',
        isDefault: false,
        flowLogs: [
          { id: 'fl-1', trafficType: 'REJECT', status: 'ACTIVE', delivery: 'SUCCESS', destination: 's3' },
          { id: 'fl-2', trafficType: 'ALL', status: 'ACTIVE', delivery: null, destination: null },
          { id: 'fl-3', trafficType: 'ACCEPT', status: 'ACTIVE', delivery: 'SUCCESS', destination: null },
        ],
      },
      errorCode: undefined,
    })
  })

  it('an inactive flow log does not count; the fail says whether the VPC has flow logs at all', () => {
    expect(run([vpc('vpc-c')], [log('fl-4', 'vpc-c', { status: 'INACTIVE' })]).map((f) => [f.status, f.message, f.evidence])).toEqual([
      [
        'fail',
        'vpc-c has flow logs, but none is active, delivering and recording rejected traffic',
        { vpcId: 'vpc-c', isDefault: false, flowLogs: [{ id: 'fl-4', trafficType: 'REJECT', status: 'INACTIVE', delivery: 'SUCCESS', destination: null }] },
      ],
    ])
    expect(run([vpc('vpc-d')], [log('fl-5', 'vpc-other')]).map((f) => [f.status, f.message, f.evidence])).toEqual([['fail', 'vpc-d has no flow log', { vpcId: 'vpc-d', isDefault: false, flowLogs: [] }]])
  })
})
