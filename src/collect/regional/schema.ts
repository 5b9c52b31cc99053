// Shapes of the per-region slices (AccountSnapshot.regional[region][key]). Kept free of SDK imports
// so checks can import the types; the collectors in this folder fill them.
import { z } from 'zod'

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
  ingress: z.array(ingressRuleSchema),
})
export type SecurityGroup = z.infer<typeof securityGroupSchema>

/** Regional slice keys, as stored under AccountSnapshot.regional[region]. */
export const REGIONAL_SLICE = {
  ec2SecurityGroups: 'ec2.securityGroups',
} as const
