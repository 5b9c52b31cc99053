import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'guardduty.enabled',
  title: 'GuardDuty is enabled',
  description:
    'The region has a GuardDuty detector whose status is ENABLED. No detector (GuardDuty never turned on) and a suspended detector (DISABLED) both fail.',
  rationale:
    'GuardDuty is the threat detection that reads CloudTrail, VPC flow and DNS logs for compromised credentials, crypto-mining and reconnaissance; a region without it is where an attacker goes unnoticed.',
  remediation:
    'Turn it on in every region, preferably for the whole organization from the delegated administrator: `aws guardduty create-detector --enable` (or `aws guardduty update-detector --detector-id <id> --enable` for a suspended one), and `aws guardduty update-organization-configuration --detector-id <id> --auto-enable-organization-members ALL`.',
  scope: 'region',
  remediationId: 'guardduty-create-detector',
  requires: ['guardduty.detectors'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const detectors = ctx.read('guardduty.detectors')
    const evidence = { region: ctx.region, detectors: detectors.map((d) => ({ detectorId: d.detectorId, status: d.status })) }
    const enabled = detectors.find((d) => d.status === 'ENABLED')
    if (enabled) ctx.pass(ctx.accountArn, `GuardDuty detector ${enabled.detectorId} is enabled in ${ctx.region}`, { evidence })
    else if (detectors.length > 0) ctx.fail(ctx.accountArn, `GuardDuty detector ${detectors[0]!.detectorId} in ${ctx.region} is suspended (${detectors[0]!.status})`, { evidence })
    else ctx.fail(ctx.accountArn, `GuardDuty is not enabled in ${ctx.region} (no detector)`, { evidence })
  },
})
