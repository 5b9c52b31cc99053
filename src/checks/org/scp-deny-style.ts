import { z } from 'zod'
import { defineCheck } from '../define.js'
import { parsePolicy, type Statement } from '../../policy/document.js'
import { coversAllActions, coversAllResources } from '../../policy/wildcard.js'

/** Allow of every action on every resource, unconditioned: FullAWSAccess written by hand. A NotResource carves resources out, which is allow-list style. */
function allowsEverything(s: Statement): boolean {
  return (s.action?.some(coversAllActions) ?? false) && s.notResource === undefined && (s.resource === undefined || s.resource.some(coversAllResources)) && s.conditions.length === 0
}
import { organizationOrError } from '../../scp/org-view.js'
import { describeAwsError } from '../../snapshot/readable.js'

export default defineCheck({
  id: 'org.scp-deny-style',
  title: 'Custom SCPs are written as Deny statements',
  description:
    'Every SCP the organization wrote (AWS-managed FullAWSAccess aside) consists of Deny statements. A custom SCP with an Allow statement that does not simply allow every action (named actions, NotAction, resource scoping or conditions) is allow-list style and is flagged for review: it silently blocks every service it does not name, wherever FullAWSAccess is detached.',
  rationale: 'Deny-list SCPs say exactly what is forbidden and compose safely; allow-lists break new services and are easy to get wrong, so a person should look at each one.',
  remediation: 'Review the policy. If the allow-list is intended, mute this finding with the reason; otherwise rewrite it as Deny statements and keep FullAWSAccess attached.',
  scope: 'organization',
  requires: ['organization'],
  options: z.strictObject({}),
  evaluate(input, ctx) {
    const view = organizationOrError(input, ctx)
    if (!view) return
    const { org } = view
    // Stryker disable next-line ConditionalExpression: organizationOrError has already returned undefined if the organization is unreadable, so info is always set
    const info = org.organization.kind === 'ok' ? org.organization.value : undefined
    // Stryker disable next-line ConditionalExpression: organizationOrError has already returned undefined if the organization is unreadable, so info is always set
    if (!info) return
    const mctx = ctx.forAccount(info.managementAccountId)
    if (org.serviceControlPolicies.kind === 'unreadable') {
      const e = org.serviceControlPolicies.error
      mctx.error(info.arn, `Could not list SCPs: ${describeAwsError(e)}`, e.code)
      return
    }
    for (const p of org.serviceControlPolicies.value) {
      if (p.awsManaged) continue
      if (p.content.kind === 'unreadable') {
        mctx.error(p.arn, `Could not read SCP ${p.name}: ${describeAwsError(p.content.error)}`, p.content.error.code)
        continue
      }
      if (p.content.value.kind === 'unparseable') {
        mctx.error(p.arn, `SCP ${p.name} is not a readable policy document: ${p.content.value.problem}`, 'ScpUnparseable')
        continue
      }
      const parsed = parsePolicy(p.content.value.document)
      if (!parsed.ok) {
        mctx.error(p.arn, `SCP ${p.name} cannot be read as a policy: ${parsed.problem}`, 'ScpUnparseable')
        continue
      }
      // An unconditional Allow of every action is FullAWSAccess written by hand: it restricts
      // nothing. Any other Allow (named actions, NotAction, resources, conditions) is an allow-list.
      const allows = parsed.statements.filter((s) => s.effect === 'Allow' && !allowsEverything(s))
      const evidence = { policyId: p.id, policyName: p.name, allowStatements: allows.map((s) => ({ index: s.index, sid: s.sid, action: s.action, notAction: s.notAction })) }
      if (allows.length === 0) mctx.pass(p.arn, `SCP ${p.name} (${p.id}) is deny-only`, { evidence: { policyId: p.id, policyName: p.name } })
      else mctx.fail(p.arn, `SCP ${p.name} (${p.id}) is allow-list style (${allows.length} Allow statement(s)): review it`, { evidence })
    }
  },
})
