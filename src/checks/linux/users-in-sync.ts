import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'linux.users-in-sync',
  title: 'Linux users on synced instances match their IAM groups',
  description:
    "For every running EC2 instance carrying the user-sync tag (options tagKey/tagValue, the selector of users.instances), reads the last run of guardrail's user sync on it (the Run Command history of Guardrail-LinuxUserSync) and passes when that run succeeded within maxAgeHours with every user in place and no conflict. It fails when the instance was never synced, when its last sync is older than that, failed, was refused by a guard (empty state, deletion cap), or left users failed or in conflict. Without a tagged running instance the check is not applicable.",
  rationale:
    'Who can log in to a server must follow IAM group membership: a person removed from the group must lose their account on every server, and a new server must get the same users with the same UIDs. A sync that silently stopped working leaves leavers with access (ISO 27001 5.18).',
  remediation:
    'Run `guardrail users plan` and `guardrail users apply users-plan.json`; for one instance, look at its last Guardrail-LinuxUserSync output (Systems Manager → Run Command → Command history) to see which user failed or conflicts, and fix the local account it names. Make sure the State Manager association created by users apply targets the tag, so new instances are synced at boot.',
  scope: 'region',
  requires: ['ec2.instances'],
  // Read through acrossRegions (this region's entry) so that a region without tagged instances is
  // not applicable even where the Run Command history could not be read.
  acrossRegions: ['ssm.userSyncResults'],
  options: z.strictObject({
    tagKey: z.string().min(1),
    tagValue: z.string(),
    maxAgeHours: z.number().positive(),
  }),
  evaluate(_input, ctx) {
    const { tagKey, tagValue, maxAgeHours } = ctx.options
    const tagged = ctx.read('ec2.instances').filter((i) => i.state === 'running' && i.tags[tagKey] === tagValue)
    if (tagged.length === 0) {
      ctx.notApplicable(ctx.accountArn, `No running instance tagged ${tagKey}=${tagValue} in ${ctx.region}`)
      return
    }
    const slice = ctx.readAllRegions('ssm.userSyncResults').find((r) => r.region === ctx.region)?.slice
    if (slice === undefined || slice.kind === 'unreadable') {
      const error = slice?.kind === 'unreadable' ? slice.error : { code: 'NotCollected', message: `ssm.userSyncResults was not collected in ${ctx.region}` }
      for (const i of tagged) ctx.error(i.arn, `Could not read the user-sync history for ${i.instanceId}: ${error.message}`, error.code)
      return
    }
    const last = new Map(slice.value.map((r) => [r.instanceId, r]))
    for (const i of tagged) {
      const run = last.get(i.instanceId)
      if (!run) {
        ctx.fail(i.arn, `${i.instanceId} is tagged ${tagKey}=${tagValue} but guardrail's user sync never ran on it`, { evidence: { instanceId: i.instanceId, lastSync: null } })
        continue
      }
      const ageHours = (ctx.now.getTime() - Date.parse(run.requestedAt)) / 3_600_000
      const evidence = { instanceId: i.instanceId, lastSync: run.requestedAt, commandId: run.commandId, status: run.status, summary: run.summary ?? null }
      const s = run.summary
      if (ageHours > maxAgeHours) ctx.fail(i.arn, `${i.instanceId}: the last user sync ran ${Math.round(ageHours)} hours ago (limit ${maxAgeHours})`, { evidence })
      else if (!s) ctx.fail(i.arn, `${i.instanceId}: the last user sync (${run.status}) printed no report`, { evidence })
      else if (s.refused) ctx.fail(i.arn, `${i.instanceId}: the last user sync refused to run: ${s.refused}`, { evidence })
      else if (s.error) ctx.fail(i.arn, `${i.instanceId}: the last user sync could not run: ${s.error}`, { evidence })
      else if (s.failed.length > 0 || s.conflicts.length > 0 || run.status !== 'Success')
        ctx.fail(i.arn, `${i.instanceId}: the last user sync left ${[s.failed.length > 0 ? `failed users ${s.failed.join(', ')}` : '', s.conflicts.length > 0 ? `conflicts ${s.conflicts.join(', ')}` : '', run.status !== 'Success' ? `status ${run.status}` : ''].filter(Boolean).join('; ')}`, { evidence })
      else ctx.pass(i.arn, `${i.instanceId}: users in sync (last sync ${run.requestedAt})`, { evidence })
    }
  },
})
