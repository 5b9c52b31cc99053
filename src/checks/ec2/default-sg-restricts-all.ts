import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'ec2.default-sg-restricts-all',
  title: "Every VPC's default security group restricts all traffic",
  description:
    "The security group named `default` of every VPC has no inbound and no outbound rules, so anything launched without a chosen group gets no network access. A snapshot without the groups' outbound rules gives `error`, not a pass.",
  rationale:
    'Resources land in the default group whenever nobody picked one; with its out-of-the-box rules (all traffic within the group, all outbound) that silently connects them. Empty, it forces an explicit choice (CIS 5.4).',
  remediation:
    'Remove every rule of the default group (keep the group: it cannot be deleted): `aws ec2 revoke-security-group-ingress --group-id <sg> --ip-permissions "$(aws ec2 describe-security-groups --group-ids <sg> --query SecurityGroups[0].IpPermissions)"`, the same with revoke-security-group-egress and IpPermissionsEgress; move resources that used it to purpose-made groups first.',
  scope: 'region',
  remediationId: 'ec2-empty-default-security-group',
  requires: ['ec2.securityGroups'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    for (const sg of ctx.read('ec2.securityGroups')) {
      if (sg.groupName !== 'default') continue
      if (sg.egress === undefined) {
        ctx.error(sg.arn, `The outbound rules of ${sg.groupId} were not collected in this snapshot, so it cannot be shown to restrict all traffic`, 'EgressNotCollected')
        continue
      }
      const evidence = { groupId: sg.groupId, vpcId: sg.vpcId ?? null, inboundRules: sg.ingress.length, outboundRules: sg.egress.length }
      if (sg.ingress.length === 0 && sg.egress.length === 0) ctx.pass(sg.arn, `The default security group ${sg.groupId} of ${sg.vpcId ?? 'its VPC'} has no rules`, { evidence })
      else ctx.fail(sg.arn, `The default security group ${sg.groupId} of ${sg.vpcId ?? 'its VPC'} has ${sg.ingress.length} inbound and ${sg.egress.length} outbound rule(s)`, { evidence })
    }
  },
})
