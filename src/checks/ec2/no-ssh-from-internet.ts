import { z } from 'zod'
import { defineCheck } from '../define.js'
import { OPEN_IPV4, OPEN_IPV6, tcpPortsCovered } from '../lib/ports.js'

export default defineCheck({
  id: 'ec2.no-ssh-from-internet',
  title: 'No security group allows SSH or RDP from the internet',
  description:
    'No security group has an ingress rule that opens a remote administration port (22, 3389 by default) to 0.0.0.0/0 or ::/0, including all-traffic rules and port ranges that contain those ports.',
  rationale:
    'Administration ports open to the whole internet are scanned and brute-forced within minutes; Session Manager or a restricted source range removes that exposure.',
  remediation:
    'Remove the rule or narrow its source (EC2 console → Security Groups → Inbound rules), e.g. `aws ec2 revoke-security-group-ingress --group-id <sg> --ip-permissions ...`; reach instances through Session Manager instead.',
  scope: 'region',
  remediationId: 'ec2-remove-open-admin-ingress',
  requires: ['ec2.securityGroups'],
  options: z.strictObject({
    ports: z.array(z.number().int().min(0).max(65535)).min(1).default([22, 3389]),
  }),
  evaluate(_input, ctx) {
    const ports = ctx.options.ports
    for (const sg of ctx.read('ec2.securityGroups')) {
      const open: { protocol: string; fromPort?: number; toPort?: number; source: string; ports: number[] }[] = []
      for (const rule of sg.ingress) {
        const hit = tcpPortsCovered(rule, ports)
        if (hit.length === 0) continue
        const sources = [...rule.ipv4Ranges.filter((c) => c === OPEN_IPV4), ...rule.ipv6Ranges.filter((c) => c === OPEN_IPV6)]
        for (const source of sources) {
          const entry: (typeof open)[number] = { protocol: rule.protocol, source, ports: hit }
          if (rule.fromPort !== undefined) entry.fromPort = rule.fromPort
          if (rule.toPort !== undefined) entry.toPort = rule.toPort
          open.push(entry)
        }
      }
      if (open.length === 0) {
        ctx.pass(sg.arn, `${sg.groupId} (${sg.groupName}) does not open ${ports.join('/')} to the internet`)
      } else {
        const exposed = [...new Set(open.flatMap((o) => o.ports))].sort((a, b) => a - b)
        const sources = [...new Set(open.map((o) => o.source))]
        ctx.fail(sg.arn, `${sg.groupId} (${sg.groupName}) allows port ${exposed.join(', ')} from ${sources.join(' and ')}`, {
          evidence: { groupId: sg.groupId, groupName: sg.groupName, vpcId: sg.vpcId ?? null, openRules: open },
        })
      }
    }
  },
})
