import { z } from 'zod'
import { defineCheck } from '../define.js'
import { organizationOrError } from '../../scp/org-view.js'

const CONFIG_HINT = 'Name them in guardrail.config.yaml under organization.logArchiveAccounts and organization.auditAccounts.'

export default defineCheck({
  id: 'org.dedicated-log-and-audit-accounts',
  title: 'Dedicated log archive and audit accounts exist',
  description:
    'The log archive and audit accounts named in the configuration exist in the organization, are ACTIVE, and each plays one role only: the log archive is not the audit account, and neither is the management account or an identity account (where people and workloads live).',
  rationale: 'Logs kept in the account that produced them can be erased by whoever compromised it; separating log storage and security tooling from everything else is what makes the evidence trustworthy (segregation of duties).',
  remediation: `Create (or designate) a log archive account and an audit/security tooling account in their own OU, then ${CONFIG_HINT.charAt(0).toLowerCase()}${CONFIG_HINT.slice(1)}`,
  scope: 'organization',
  requires: ['organization'],
  options: z.strictObject({}),
  evaluate(input, ctx) {
    const view = organizationOrError(input, ctx)
    if (!view) return
    const { org, accounts } = view
    // Stryker disable next-line ConditionalExpression: organizationOrError has already returned undefined if the organization is unreadable, so info is always set
    const info = org.organization.kind === 'ok' ? org.organization.value : undefined
    // Stryker disable next-line ConditionalExpression: organizationOrError has already returned undefined if the organization is unreadable, so info is always set
    if (!info) return
    const mctx = ctx.forAccount(info.managementAccountId)
    const { logArchiveAccounts, auditAccounts, identityAccounts } = ctx.settings
    // The "not configured" findings sit on distinct resources so their ids never collide.
    if (logArchiveAccounts.length === 0) mctx.fail(`${info.arn}/log-archive`, `No log archive account is configured. ${CONFIG_HINT}`)
    if (auditAccounts.length === 0) mctx.fail(`${info.arn}/audit`, `No audit account is configured. ${CONFIG_HINT}`)

    const roles = new Map<string, string[]>()
    for (const id of logArchiveAccounts) roles.set(id, [...(roles.get(id) ?? []), 'log archive'])
    for (const id of auditAccounts) roles.set(id, [...(roles.get(id) ?? []), 'audit'])
    for (const [id, accountRoles] of roles) {
      const actx = ctx.forAccount(id)
      const account = accounts.find((a) => a.id === id)
      const what = accountRoles.join(' and ')
      const problems: string[] = []
      if (!account) problems.push(`is not in organization ${info.id}`)
      else if (account.status !== 'ACTIVE') problems.push(`is ${account.status}`)
      if (accountRoles.length > 1) problems.push('is both the log archive and the audit account')
      if (id === info.managementAccountId) problems.push('is the management account')
      if (identityAccounts.includes(id)) problems.push('is also an identity account')
      const evidence = { roles: accountRoles, name: account?.name, status: account?.status ?? 'absent', managementAccountId: info.managementAccountId }
      if (problems.length === 0) actx.pass(actx.accountArn, `${account!.name} (${id}) is a dedicated ${what} account`, { evidence })
      else actx.fail(actx.accountArn, `The ${what} account ${id} ${problems.join(', ')}`, { evidence })
    }
  },
})
