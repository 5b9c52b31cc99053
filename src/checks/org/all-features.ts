import { z } from 'zod'
import { defineCheck } from '../define.js'
import { organizationOrError } from '../../scp/org-view.js'

export default defineCheck({
  id: 'org.all-features',
  title: 'The organization has all features enabled',
  description: 'The organization runs with feature set ALL, not CONSOLIDATED_BILLING only — the prerequisite for SCPs, delegated administrators and organization-wide trails.',
  rationale: 'Without all features no guardrail can be enforced centrally: every account is on its own.',
  remediation: 'In the management account: AWS Organizations → Settings → Enable all features (`aws organizations enable-all-features`), then have every member account approve.',
  scope: 'organization',
  requires: ['organization'],
  options: z.strictObject({}),
  evaluate(input, ctx) {
    const view = organizationOrError(input, ctx)
    if (!view) return
    // Stryker disable next-line ConditionalExpression: organizationOrError has already returned undefined if the organization is unreadable, so info is always set
    const info = view.org.organization.kind === 'ok' ? view.org.organization.value : undefined
    // Stryker disable next-line ConditionalExpression: organizationOrError has already returned undefined if the organization is unreadable, so info is always set
    if (!info) return
    const mctx = ctx.forAccount(info.managementAccountId)
    const evidence = { organizationId: info.id, featureSet: info.featureSet }
    if (info.featureSet === 'ALL') mctx.pass(info.arn, `Organization ${info.id} has all features enabled`, { evidence })
    else mctx.fail(info.arn, `Organization ${info.id} has only consolidated billing (feature set ${info.featureSet}): SCPs cannot be used`, { evidence })
  },
})
