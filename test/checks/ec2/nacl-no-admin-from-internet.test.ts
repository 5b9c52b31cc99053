// Table test for ec2.nacl-no-admin-from-internet (each case names the verdict it expects).
import check_nacl from '../../../src/checks/ec2/nacl-no-admin-from-internet.js'
import type { NetworkAcl, NetworkAclEntry } from '../../../src/snapshot/ec2.js'
import { ok, type Readable } from '../../../src/snapshot/schema.js'
import { denied } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'
import { arn, inRegion, REGION } from './support.js'

// ---- network ACLs ------------------------------------------------------------------------------
const entry = (ruleNumber: number, ruleAction: 'allow' | 'deny', source: string, ports?: [number, number], protocol = ports ? '6' : '-1', egress = false): NetworkAclEntry => ({
  ruleNumber,
  ruleAction,
  protocol,
  egress,
  ...(source.includes(':') ? { ipv6CidrBlock: source } : { cidrBlock: source }),
  ...(ports ? { fromPort: ports[0], toPort: ports[1] } : {}),
})
// Every ACL ends with EC2's catch-all denies (rule 32767), as DescribeNetworkAcls returns them.
const acl = (id: string, ...entries: NetworkAclEntry[]): NetworkAcl => ({
  networkAclId: id,
  arn: arn('network-acl', id),
  vpcId: 'vpc-1',
  isDefault: false,
  subnetIds: ['subnet-1'],
  entries: [...entries, entry(32767, 'deny', '0.0.0.0/0'), entry(32767, 'deny', '::/0')].sort((a, b) => a.ruleNumber - b.ruleNumber),
})
const acls = (...list: NetworkAcl[]) => inRegion({ 'ec2.networkAcls': ok(list) })

checkCases(check_nacl, {
  pass: [
    { name: 'only the catch-all deny', snapshot: acls(acl('acl-a')), expect: [{ resource: arn('network-acl', 'acl-a'), region: REGION }] },
    { name: 'ssh allowed from a private range only', snapshot: acls(acl('acl-b', entry(100, 'allow', '10.0.0.0/8', [22, 22]))) },
    { name: 'a lower-numbered deny of 22 from anywhere shadows a later allow-all', snapshot: acls(acl('acl-c', entry(90, 'deny', '0.0.0.0/0', [22, 22]), entry(91, 'deny', '0.0.0.0/0', [3389, 3389]), entry(95, 'deny', '::/0', [0, 65535]), entry(100, 'allow', '0.0.0.0/0'))) },
    { name: 'https open to the world is not an admin port', snapshot: acls(acl('acl-d', entry(100, 'allow', '0.0.0.0/0', [443, 443]), entry(101, 'allow', '::/0', [443, 443]))) },
    { name: 'an egress allow-all is not ingress', snapshot: acls(acl('acl-e', entry(100, 'allow', '0.0.0.0/0', undefined, '-1', true))) },
    { name: 'udp 20-25 from anywhere is not ssh', snapshot: acls(acl('acl-f', entry(100, 'allow', '0.0.0.0/0', [20, 25], '17'))) },
  ],
  fail: [
    { name: 'the default NACL: allow all from anywhere (rule 100)', snapshot: acls({ ...acl('acl-1', entry(100, 'allow', '0.0.0.0/0'), entry(101, 'allow', '::/0')), isDefault: true }), expect: [{ resource: arn('network-acl', 'acl-1') }] },
    { name: 'port range 20-25 open to the world over TCP', snapshot: acls(acl('acl-2', entry(100, 'allow', '0.0.0.0/0', [20, 25]))), expect: [{ resource: arn('network-acl', 'acl-2') }] },
    { name: 'rdp from ::/0 only', snapshot: acls(acl('acl-3', entry(100, 'allow', '::/0', [3389, 3389]))), expect: [{ resource: arn('network-acl', 'acl-3') }] },
    { name: 'a narrower deny first does not close it for the rest of the internet', snapshot: acls(acl('acl-4', entry(90, 'deny', '203.0.113.0/24', [22, 22]), entry(100, 'allow', '0.0.0.0/0', [22, 22]))), expect: [{ resource: arn('network-acl', 'acl-4') }] },
    { name: 'the deny comes after the allow: the allow decides', snapshot: acls(acl('acl-5', entry(100, 'allow', '0.0.0.0/0', [0, 65535]), entry(200, 'deny', '0.0.0.0/0', [22, 22]))), expect: [{ resource: arn('network-acl', 'acl-5') }] },
    { name: 'custom ports option', snapshot: acls(acl('acl-6', entry(100, 'allow', '0.0.0.0/0', [2222, 2222]))), options: { ports: [2222] }, expect: [{ resource: arn('network-acl', 'acl-6') }] },
  ],
  not_applicable: [{ name: 'a region without network ACLs', snapshot: acls() }],
  error: [{ name: 'DescribeNetworkAcls denied', snapshot: inRegion({ 'ec2.networkAcls': denied('ec2:DescribeNetworkAcls') as Readable<NetworkAcl[]> }), expect: [{ errorCode: 'AccessDenied', region: REGION }] }],
})

