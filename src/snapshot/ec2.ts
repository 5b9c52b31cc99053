// Shapes of the EC2 slices (regional: AccountSnapshot.regional[region][key]). Kept free of SDK
// imports so checks can import the types; src/collect/collectors/ fill them.
import { z } from 'zod'
import { defineSlices } from './slice-spec.js'

export const ingressRuleSchema = z.object({
  /** IpProtocol as EC2 returns it: 'tcp', 'udp', 'icmp', '-1' (all traffic) or a protocol number. */
  protocol: z.string(),
  /** Absent for all-traffic rules (and protocols without ports). */
  fromPort: z.number().optional(),
  toPort: z.number().optional(),
  ipv4Ranges: z.array(z.string()),
  ipv6Ranges: z.array(z.string()),
})
export type IngressRule = z.infer<typeof ingressRuleSchema>

export const securityGroupSchema = z.object({
  groupId: z.string(),
  groupName: z.string(),
  arn: z.string(),
  vpcId: z.string().optional(),
  /** Every inbound permission, CIDR-sourced or not (one referencing another group has no ranges). */
  ingress: z.array(ingressRuleSchema),
  /** Every outbound permission; absent in snapshots from before it was collected. */
  egress: z.array(ingressRuleSchema).optional(),
})
export type SecurityGroup = z.infer<typeof securityGroupSchema>

export const networkAclEntrySchema = z.object({
  ruleNumber: z.number().int(),
  /** '-1' (all), '6' (TCP), '17' (UDP), '1' (ICMP) or another protocol number, as EC2 returns it. */
  protocol: z.string(),
  ruleAction: z.enum(['allow', 'deny']),
  egress: z.boolean(),
  cidrBlock: z.string().optional(),
  ipv6CidrBlock: z.string().optional(),
  /** Absent when the rule covers every port (protocol -1, or no PortRange). */
  fromPort: z.number().optional(),
  toPort: z.number().optional(),
})
export type NetworkAclEntry = z.infer<typeof networkAclEntrySchema>

export const networkAclSchema = z.object({
  networkAclId: z.string(),
  arn: z.string(),
  vpcId: z.string().optional(),
  isDefault: z.boolean(),
  entries: z.array(networkAclEntrySchema),
  /** Subnets associated with it: a NACL with none filters nothing. */
  subnetIds: z.array(z.string()),
})
export type NetworkAcl = z.infer<typeof networkAclSchema>

export const instanceSchema = z.object({
  instanceId: z.string(),
  arn: z.string(),
  /** pending | running | shutting-down | stopping | stopped (terminated instances are not kept). */
  state: z.string(),
  /** MetadataOptions.HttpTokens: 'required' means IMDSv2 only; absent when EC2 did not say. */
  httpTokens: z.string().optional(),
  /** MetadataOptions.HttpEndpoint: 'disabled' turns the metadata service off altogether. */
  httpEndpoint: z.string().optional(),
  instanceProfileArn: z.string().optional(),
  launchTime: z.string().optional(),
  /** Its network interfaces' security groups (who can reach port 22); absent in older snapshots. */
  securityGroupIds: z.array(z.string()).optional(),
  publicIp: z.string().optional(),
  privateIp: z.string().optional(),
  tags: z.record(z.string(), z.string()),
})
export type Instance = z.infer<typeof instanceSchema>

export const vpcSchema = z.object({
  vpcId: z.string(),
  arn: z.string(),
  isDefault: z.boolean(),
  cidrBlock: z.string().optional(),
})
export type Vpc = z.infer<typeof vpcSchema>

export const flowLogSchema = z.object({
  flowLogId: z.string(),
  /** The VPC, subnet or network interface it records. */
  resourceId: z.string(),
  /** ACCEPT | REJECT | ALL */
  trafficType: z.string(),
  /** ACTIVE once created. */
  status: z.string(),
  /** SUCCESS, or FAILED when logs cannot be delivered (e.g. the role lacks permissions). */
  deliverLogsStatus: z.string().optional(),
  logDestinationType: z.string().optional(),
})
export type FlowLog = z.infer<typeof flowLogSchema>

/** The EC2 slices, as the catalogue (catalogue.ts) lists them. */
export const EC2_SLICES = defineSlices({
  'ec2.securityGroups': { scope: 'regional', schema: z.array(securityGroupSchema) },
  'ec2.networkAcls': { scope: 'regional', schema: z.array(networkAclSchema) },
  'ec2.instances': { scope: 'regional', schema: z.array(instanceSchema) },
  'ec2.vpcs': { scope: 'regional', schema: z.array(vpcSchema) },
  'ec2.flowLogs': { scope: 'regional', schema: z.array(flowLogSchema) },
})
