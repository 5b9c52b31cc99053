// Table test for ec2.default-sg-restricts-all (each case names the verdict it expects).
import check_default_sg from '../../../src/checks/ec2/default-sg-restricts-all.js'
import type { IngressRule, SecurityGroup } from '../../../src/snapshot/ec2.js'
import { ok, type Readable } from '../../../src/snapshot/schema.js'
import { denied } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'
import { arn, inRegion } from './support.js'

// ---- the default security group -------------------------------------------------------------------
const allTraffic = (v4: string[] = []): IngressRule => ({ protocol: '-1', ipv4Ranges: v4, ipv6Ranges: [] })
const sg = (id: string, name: string, ingress: IngressRule[], egress: IngressRule[] | undefined): SecurityGroup => ({
  groupId: id,
  groupName: name,
  arn: arn('security-group', id),
  vpcId: 'vpc-1',
  ingress,
  ...(egress !== undefined ? { egress } : {}),
})
const groups = (...list: SecurityGroup[]) => inRegion({ 'ec2.securityGroups': ok(list) })

checkCases(check_default_sg, {
  pass: [
    { name: 'a default group with no rules', snapshot: groups(sg('sg-d1', 'default', [], [])), expect: [{ resource: arn('security-group', 'sg-d1') }] },
    { name: 'other groups with rules do not matter', snapshot: groups(sg('sg-d2', 'default', [], []), sg('sg-web', 'web', [allTraffic(['0.0.0.0/0'])], [allTraffic(['0.0.0.0/0'])])) },
  ],
  fail: [
    // What EC2 creates: all traffic from members of the group itself (no CIDR), all traffic out.
    { name: 'the out-of-the-box default group (self-referencing inbound, all outbound)', snapshot: groups(sg('sg-d3', 'default', [allTraffic()], [allTraffic(['0.0.0.0/0'])])), expect: [{ resource: arn('security-group', 'sg-d3') }] },
    { name: 'inbound removed, outbound left', snapshot: groups(sg('sg-d4', 'default', [], [allTraffic(['0.0.0.0/0'])])), expect: [{ resource: arn('security-group', 'sg-d4') }] },
  ],
  not_applicable: [{ name: 'no default group in the region (no VPC)', snapshot: groups(sg('sg-web', 'web', [], [])) }],
  error: [
    { name: 'a snapshot from before outbound rules were collected', snapshot: groups(sg('sg-d5', 'default', [], undefined)), expect: [{ errorCode: 'EgressNotCollected', resource: arn('security-group', 'sg-d5') }] },
    { name: 'DescribeSecurityGroups denied', snapshot: inRegion({ 'ec2.securityGroups': denied('ec2:DescribeSecurityGroups') as Readable<SecurityGroup[]> }), expect: [{ errorCode: 'AccessDenied' }] },
  ],
})

