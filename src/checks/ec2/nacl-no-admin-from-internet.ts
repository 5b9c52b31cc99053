import { z } from 'zod'
import { defineCheck } from '../define.js'
import type { NetworkAclEntry } from '../../snapshot/ec2.js'
import { OPEN_IPV4, OPEN_IPV6, tcpPortsCovered } from '../lib/ports.js'

/**
 * Whether traffic from *any* address of a family reaches `port`: network ACL entries are evaluated in
 * rule-number order and the first match decides. Only entries whose source is the whole address space
 * (0.0.0.0/0, ::/0) decide for every address: a narrower deny before an open allow still leaves the
 * rest of the internet in, and a narrower allow is not "from anywhere".
 */
function firstDecidingEntry(entries: readonly NetworkAclEntry[], port: number, family: 'v4' | 'v6'): NetworkAclEntry | undefined {
  return entries.find((e) => !e.egress && (family === 'v4' ? e.cidrBlock === OPEN_IPV4 : e.ipv6CidrBlock === OPEN_IPV6) && tcpPortsCovered(e, [port]).length > 0)
}

export default defineCheck({
  id: 'ec2.nacl-no-admin-from-internet',
  title: 'No network ACL allows remote administration ports from the internet',
  description:
    'For every network ACL, ingress on the remote administration ports (22 and 3389 by default) from 0.0.0.0/0 or ::/0 is not allowed: the first entry in rule-number order that matches the whole address space and the port is a deny (or there is none). Port ranges and all-traffic entries count. Narrower entries are not taken as protection: a deny of one range before an allow of 0.0.0.0/0 leaves every other address in.',
  rationale: 'A network ACL is the subnet-wide layer under security groups; one that lets the internet reach SSH or RDP makes every instance in its subnets depend on its security groups alone (CIS 5.1).',
  remediation:
    'Replace the allowing entry with one limited to your administration networks, or add a lower-numbered deny for the port from 0.0.0.0/0 and ::/0: `aws ec2 replace-network-acl-entry --network-acl-id <acl> --ingress --rule-number <n> --protocol 6 --port-range From=22,To=22 --cidr-block 10.0.0.0/8 --rule-action allow`. Reach instances through Session Manager instead.',
  scope: 'region',
  requires: ['ec2.networkAcls'],
  options: z.strictObject({
    ports: z.array(z.number().int().min(0).max(65535)).min(1).default([22, 3389]),
  }),
  evaluate(_input, ctx) {
    for (const acl of ctx.read('ec2.networkAcls')) {
      const open: { port: number; source: string; ruleNumber: number }[] = []
      for (const port of ctx.options.ports) {
        for (const family of ['v4', 'v6'] as const) {
          const entry = firstDecidingEntry(acl.entries, port, family)
          if (entry?.ruleAction === 'allow') open.push({ port, source: family === 'v4' ? OPEN_IPV4 : OPEN_IPV6, ruleNumber: entry.ruleNumber })
        }
      }
      const label = `${acl.networkAclId}${acl.vpcId ? ` (${acl.vpcId})` : ''}`
      if (open.length === 0) {
        ctx.pass(acl.arn, `${label} does not let the internet reach port ${ctx.options.ports.join('/')}`)
      } else {
        const ports = [...new Set(open.map((o) => o.port))].sort((a, b) => a - b)
        const sources = [...new Set(open.map((o) => o.source))]
        ctx.fail(acl.arn, `${label} allows port ${ports.join(', ')} from ${sources.join(' and ')}`, {
          evidence: { networkAclId: acl.networkAclId, vpcId: acl.vpcId ?? null, isDefault: acl.isDefault, subnetIds: acl.subnetIds, allowedBy: open },
        })
      }
    }
  },
})
