// The rest of a region's EC2 networking and compute picture, one isolated read per slice:
//   ec2:DescribeNetworkAcls  → 'ec2.networkAcls'  (CIS 5.1: admin ports open in a NACL)
//   ec2:DescribeInstances    → 'ec2.instances'    (CIS 5.6: IMDSv2; later: SSM-managed instances)
//   ec2:DescribeVpcs + ec2:DescribeFlowLogs → 'ec2.vpcs', 'ec2.flowLogs' (CIS 3.7: VPC flow logs)
// Each paginates at the largest page size, so calls grow with pages, not with resources.
import {
  paginateDescribeFlowLogs,
  paginateDescribeInstances,
  paginateDescribeNetworkAcls,
  paginateDescribeVpcs,
  type EC2Client,
  type NetworkAclEntry as SdkNaclEntry,
  type Tag,
} from '@aws-sdk/client-ec2'
import type { FlowLog, Instance, NetworkAcl, NetworkAclEntry, Vpc } from '../../snapshot/ec2.js'
import type { Readable } from '../../snapshot/readable.js'
import { isolatedRead } from '../isolate.js'
import { optionalIsoDate } from '../response.js'

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)
const arnOf = (partition: string, region: string, accountId: string, kind: string, id: string) => `arn:${partition}:ec2:${region}:${accountId}:${kind}/${id}`

function tagsOf(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).flatMap((t) => (t.Key !== undefined ? [[t.Key, t.Value ?? '']] : [])))
}

function naclEntry(e: SdkNaclEntry): NetworkAclEntry {
  const entry: NetworkAclEntry = {
    ruleNumber: e.RuleNumber ?? 32767,
    protocol: e.Protocol ?? '-1',
    // An entry EC2 does not label is treated as deny: guessing "allow" would invent exposure, and
    // guessing it away (for an allow) is what the evidence would then show.
    ruleAction: e.RuleAction === 'allow' ? 'allow' : 'deny',
    egress: e.Egress ?? false,
  }
  if (e.CidrBlock) entry.cidrBlock = e.CidrBlock
  if (e.Ipv6CidrBlock) entry.ipv6CidrBlock = e.Ipv6CidrBlock
  if (e.PortRange?.From !== undefined) entry.fromPort = e.PortRange.From
  if (e.PortRange?.To !== undefined) entry.toPort = e.PortRange.To
  return entry
}

export function collectNetworkAcls(ec2: EC2Client, accountId: string, region: string, partition: string): Promise<Readable<NetworkAcl[]>> {
  return isolatedRead('ec2:DescribeNetworkAcls', async () => {
    const acls: NetworkAcl[] = []
    for await (const page of paginateDescribeNetworkAcls({ client: ec2, pageSize: 1000 }, {})) {
      for (const a of page.NetworkAcls ?? []) {
        const id = a.NetworkAclId ?? 'unknown'
        const acl: NetworkAcl = {
          networkAclId: id,
          arn: arnOf(partition, region, a.OwnerId ?? accountId, 'network-acl', id),
          isDefault: a.IsDefault ?? false,
          entries: (a.Entries ?? []).map(naclEntry).sort((x, y) => x.ruleNumber - y.ruleNumber),
          subnetIds: (a.Associations ?? []).flatMap((s) => (s.SubnetId ? [s.SubnetId] : [])).sort(),
        }
        if (a.VpcId) acl.vpcId = a.VpcId
        acls.push(acl)
      }
    }
    return acls.sort(byKey((a) => a.networkAclId))
  })
}

export function collectInstances(ec2: EC2Client, accountId: string, region: string, partition: string): Promise<Readable<Instance[]>> {
  return isolatedRead('ec2:DescribeInstances', async () => {
    const instances: Instance[] = []
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 1000 }, {})) {
      for (const r of page.Reservations ?? []) {
        for (const i of r.Instances ?? []) {
          const state = i.State?.Name ?? 'unknown'
          if (state === 'terminated') continue
          const id = i.InstanceId ?? 'unknown'
          const instance: Instance = { instanceId: id, arn: arnOf(partition, region, r.OwnerId ?? accountId, 'instance', id), state, tags: tagsOf(i.Tags) }
          if (i.MetadataOptions?.HttpTokens) instance.httpTokens = i.MetadataOptions.HttpTokens
          if (i.MetadataOptions?.HttpEndpoint) instance.httpEndpoint = i.MetadataOptions.HttpEndpoint
          if (i.IamInstanceProfile?.Arn) instance.instanceProfileArn = i.IamInstanceProfile.Arn
          const launched = optionalIsoDate(i.LaunchTime)
          if (launched) instance.launchTime = launched
          instance.securityGroupIds = [...new Set([...(i.SecurityGroups ?? []), ...(i.NetworkInterfaces ?? []).flatMap((n) => n.Groups ?? [])].flatMap((g) => (g.GroupId ? [g.GroupId] : [])))].sort()
          if (i.PublicIpAddress) instance.publicIp = i.PublicIpAddress
          if (i.PrivateIpAddress) instance.privateIp = i.PrivateIpAddress
          instances.push(instance)
        }
      }
    }
    return instances.sort(byKey((i) => i.instanceId))
  })
}

export function collectVpcs(ec2: EC2Client, accountId: string, region: string, partition: string): Promise<Readable<Vpc[]>> {
  return isolatedRead('ec2:DescribeVpcs', async () => {
    const vpcs: Vpc[] = []
    for await (const page of paginateDescribeVpcs({ client: ec2, pageSize: 1000 }, {})) {
      for (const v of page.Vpcs ?? []) {
        const id = v.VpcId ?? 'unknown'
        const vpc: Vpc = { vpcId: id, arn: arnOf(partition, region, v.OwnerId ?? accountId, 'vpc', id), isDefault: v.IsDefault ?? false }
        if (v.CidrBlock) vpc.cidrBlock = v.CidrBlock
        vpcs.push(vpc)
      }
    }
    return vpcs.sort(byKey((v) => v.vpcId))
  })
}

export function collectFlowLogs(ec2: EC2Client): Promise<Readable<FlowLog[]>> {
  return isolatedRead('ec2:DescribeFlowLogs', async () => {
    const logs: FlowLog[] = []
    for await (const page of paginateDescribeFlowLogs({ client: ec2, pageSize: 1000 }, {})) {
      for (const f of page.FlowLogs ?? []) {
        const log: FlowLog = { flowLogId: f.FlowLogId ?? 'unknown', resourceId: f.ResourceId ?? '', trafficType: f.TrafficType ?? 'UNKNOWN', status: f.FlowLogStatus ?? 'UNKNOWN' }
        if (f.DeliverLogsStatus) log.deliverLogsStatus = f.DeliverLogsStatus
        if (f.LogDestinationType) log.logDestinationType = f.LogDestinationType
        logs.push(log)
      }
    }
    return logs.sort(byKey((l) => l.flowLogId))
  })
}
