// Shared plumbing for the organization-scope checks: get the Organization slice or report why not,
// and the "these actions must be denied for every member account" evaluation most SCP checks are.
// Lives here rather than in src/checks/org/ because every file there is a check.
import type { CheckContext, CheckInput } from '../checks/define.js'
import type { OrgAccount, OrganizationSlice } from '../snapshot/organization.js'
import { attachmentsByTarget, memberContext, scpChainOf } from './chain.js'
import { evaluateScpChain, explainDecision, type ScpDecision } from './evaluate.js'
import { describeAwsError } from '../snapshot/readable.js'

export const ORG_NOT_COLLECTED_HINT = 'Run `guardrail scan --org` from the management account (or a delegated administrator) so the organization view is collected.'

/**
 * The organization view with its account list, or undefined after emitting an `error` finding (the
 * slice was not collected, or a read it depends on failed). SCP checks never pass without it.
 */
export function organizationOrError(input: CheckInput, ctx: CheckContext<unknown>): { org: OrganizationSlice; accounts: OrgAccount[] } | undefined {
  const org = input.snapshot.organization
  if (org === undefined) {
    ctx.error(ctx.accountArn, `The organization view was not collected in this scan. ${ORG_NOT_COLLECTED_HINT}`, 'NotCollected')
    return undefined
  }
  for (const [what, piece] of [
    ['the organization', org.organization],
    ['the account list', org.accounts],
  ] as const) {
    if (piece.kind === 'unreadable') {
      const e = piece.error
      ctx.error(ctx.accountArn, `Could not read ${what}: ${describeAwsError(e)}. ${ORG_NOT_COLLECTED_HINT}`, e.code)
      return undefined
    }
  }
  return { org, accounts: (org.accounts as { kind: 'ok'; value: OrgAccount[] }).value }
}

export interface ActionVerdict {
  action: string
  decision: ScpDecision['decision']
  explanation: string
  /** The deciding policy and level, for evidence. */
  policyId?: string
  policyName?: string
  level?: string
  exemptPrincipals?: string[]
}

function verdictOf(action: string, d: ScpDecision): ActionVerdict {
  const v: ActionVerdict = { action, decision: d.decision, explanation: explainDecision(action, d) }
  if (d.decision === 'denied') {
    v.policyId = d.by.policyId
    v.policyName = d.by.policyName
    v.level = `${d.by.level.kind}:${d.by.level.name} (${d.by.level.id})`
    if (d.exemptPrincipals) v.exemptPrincipals = d.exemptPrincipals
  } else if (d.decision === 'implicitly-denied') {
    v.level = `${d.level.kind}:${d.level.name} (${d.level.id})`
  }
  return v
}

export interface RequireDeniedOptions {
  /** Actions that must be denied. */
  actions: readonly string[]
  /** What is protected, for messages ("CloudTrail"). */
  subject: string
  /** Principal the question is asked for (e.g. the account's root user); unknown when absent. */
  principalArn?: (accountId: string) => string
  /** Limit to some accounts (e.g. sandbox OUs); all member accounts when absent. */
  include?: (account: OrgAccount) => boolean
}

/**
 * For every member account: pass when its SCP chain denies every action (for every principal, named
 * exemptions aside), fail naming the actions that stay allowed or are denied only conditionally,
 * error when the chain cannot be known, not_applicable for the management account (SCPs never
 * restrict it) and for accounts that are not ACTIVE.
 */
export function requireDenied(input: CheckInput, ctx: CheckContext<unknown>, opts: RequireDeniedOptions): void {
  const view = organizationOrError(input, ctx)
  if (!view) return
  const { org, accounts } = view
  const attachments = org.serviceControlPolicies.kind === 'ok' ? attachmentsByTarget(org.serviceControlPolicies.value) : undefined
  for (const account of accounts) {
    if (opts.include && !opts.include(account)) continue
    const actx = ctx.forAccount(account.id)
    const resource = actx.accountArn
    if (account.status !== 'ACTIVE') {
      actx.notApplicable(resource, `Account ${account.name} is ${account.status}`)
      continue
    }
    const chain = scpChainOf(org, account.id, attachments)
    if (chain.kind === 'management') {
      actx.notApplicable(resource, `${account.name} is the management account, which SCPs never restrict`)
      continue
    }
    if (chain.kind === 'unknown') {
      actx.error(resource, `Cannot evaluate the SCP chain of ${account.name}: ${chain.message}`, chain.code)
      continue
    }
    if (chain.kind === 'scps-disabled') {
      actx.fail(resource, `${opts.subject} is not protected in ${account.name}: ${chain.reason}`, { evidence: { actions: [...opts.actions], reason: chain.reason } })
      continue
    }
    const principal = opts.principalArn?.(account.id)
    const context = memberContext(account.id, chain.organizationId, principal)
    const verdicts = opts.actions.map((action) => verdictOf(action, evaluateScpChain(chain.levels, { action, context })))
    const open = verdicts.filter((v) => v.decision !== 'denied' && v.decision !== 'implicitly-denied')
    const evidence: Record<string, unknown> = { ouPath: chain.levels.slice(0, -1).map((l) => l.name), verdicts }
    if (principal) evidence.principalArn = principal
    if (open.length === 0) {
      const exempt = [...new Set(verdicts.flatMap((v) => v.exemptPrincipals ?? []))]
      const suffix = exempt.length > 0 ? ` (exempt principals: ${exempt.join(', ')})` : ''
      actx.pass(resource, `${account.name}: ${verdicts.map((v) => v.explanation).join('; ')}${suffix}`, { evidence })
    } else {
      actx.fail(resource, `${account.name}: ${open.map((v) => v.explanation).join('; ')}`, { evidence })
    }
  }
}
