// ec2:DescribeSecurityGroups for one account and region → the 'ec2.securityGroups' regional slice.
// Rules are kept as port ranges and CIDRs (what exposure checks judge); a rule that references
// another group or a prefix list is kept too, without ranges, so rule counts stay true (CIS 5.4:
// the default group has no rules at all).
import { paginateDescribeSecurityGroups, type EC2Client, type IpPermission, type SecurityGroup as Ec2SecurityGroup } from '@aws-sdk/client-ec2'
import type { Readable } from '../../snapshot/schema.js'
import { isolatedRead } from '../isolate.js'
import type { IngressRule, SecurityGroup } from '../../snapshot/ec2.js'

export const OPERATION = 'ec2:DescribeSecurityGroups'

function ingressRule(p: IpPermission): IngressRule {
  const rule: IngressRule = {
    protocol: p.IpProtocol ?? '-1',
    ipv4Ranges: (p.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : [])),
    ipv6Ranges: (p.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [r.CidrIpv6] : [])),
  }
  if (p.FromPort !== undefined) rule.fromPort = p.FromPort
  if (p.ToPort !== undefined) rule.toPort = p.ToPort
  return rule
}

export function toSecurityGroup(g: Ec2SecurityGroup, accountId: string, region: string, partition = 'aws'): SecurityGroup {
  const groupId = g.GroupId ?? 'unknown'
  const sg: SecurityGroup = {
    groupId,
    groupName: g.GroupName ?? groupId,
    // DescribeSecurityGroups returns SecurityGroupArn in newer API versions; build it when absent.
    arn: g.SecurityGroupArn ?? `arn:${partition}:ec2:${region}:${g.OwnerId ?? accountId}:security-group/${groupId}`,
    ingress: (g.IpPermissions ?? []).map(ingressRule),
    egress: (g.IpPermissionsEgress ?? []).map(ingressRule),
  }
  if (g.VpcId) sg.vpcId = g.VpcId
  return sg
}

export function collectSecurityGroups(ec2: EC2Client, accountId: string, region: string, partition = 'aws'): Promise<Readable<SecurityGroup[]>> {
  return isolatedRead(OPERATION, async () => {
    const groups: SecurityGroup[] = []
    for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: 1000 }, {})) {
      for (const g of page.SecurityGroups ?? []) groups.push(toSecurityGroup(g, accountId, region, partition))
    }
    groups.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0))
    return groups
  })
}
