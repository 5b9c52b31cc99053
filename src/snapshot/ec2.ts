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
  ingress: z.array(ingressRuleSchema),
})
export type SecurityGroup = z.infer<typeof securityGroupSchema>

/** The EC2 slices, as the catalogue (catalogue.ts) lists them. */
export const EC2_SLICES = defineSlices({
  'ec2.securityGroups': { scope: 'regional', schema: z.array(securityGroupSchema) },
})
