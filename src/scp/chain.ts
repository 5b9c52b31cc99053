// Builds the SCP chain of one account (root → OUs → account, each level with the SCPs attached to
// it) from the Organization slice. Anything the chain depends on that could not be read — the tree,
// the policy list, one policy's targets or content — makes the chain unknown with that error code:
// an SCP check must never pass on a chain with a missing link.
import { parsePolicy } from '../policy/document.js'
import { ouPathOf, type OrganizationSlice, type OrgAccount, type ServiceControlPolicy } from '../snapshot/organization.js'
import type { AttachedScp, ScpLevel } from './evaluate.js'
import { describeAwsError } from '../snapshot/readable.js'

export type ChainResult =
  | { kind: 'ok'; levels: ScpLevel[]; account: OrgAccount; organizationId: string }
  /** The management account: SCPs never restrict it. */
  | { kind: 'management'; account: OrgAccount }
  /** SCPs do not apply at all (consolidated-billing organization, or the policy type is disabled on the root). */
  | { kind: 'scps-disabled'; reason: string }
  | { kind: 'unknown'; code: string; message: string }

export const SCP_POLICY_TYPE = 'SERVICE_CONTROL_POLICY'

/** Attached SCPs by target id (root, OU or account id), or the first error that prevents knowing them. */
export function attachmentsByTarget(policies: readonly ServiceControlPolicy[]): { kind: 'ok'; byTarget: Map<string, AttachedScp[]> } | { kind: 'unknown'; code: string; message: string } {
  const byTarget = new Map<string, AttachedScp[]>()
  for (const p of policies) {
    if (p.targets.kind === 'unreadable') {
      return { kind: 'unknown', code: p.targets.error.code, message: `targets of SCP ${p.name} (${p.id}) could not be read: ${p.targets.error.operation} failed: ${p.targets.error.message}` }
    }
    if (p.targets.value.length === 0) continue
    if (p.content.kind === 'unreadable') {
      return { kind: 'unknown', code: p.content.error.code, message: `content of SCP ${p.name} (${p.id}) could not be read: ${p.content.error.operation} failed: ${p.content.error.message}` }
    }
    if (p.content.value.kind === 'unparseable') {
      return { kind: 'unknown', code: 'ScpUnparseable', message: `SCP ${p.name} (${p.id}) is not a readable policy document: ${p.content.value.problem}` }
    }
    const parsed = parsePolicy(p.content.value.document)
    if (!parsed.ok) return { kind: 'unknown', code: 'ScpUnparseable', message: `SCP ${p.name} (${p.id}) cannot be evaluated: ${parsed.problem}` }
    const attached: AttachedScp = { id: p.id, name: p.name, statements: parsed.statements }
    for (const t of p.targets.value) {
      const list = byTarget.get(t.targetId) ?? []
      list.push(attached)
      byTarget.set(t.targetId, list)
    }
  }
  return { kind: 'ok', byTarget }
}

function unreadableMessage(what: string, e: { code: string; message: string; operation: string }) {
  return { kind: 'unknown' as const, code: e.code, message: `${what} could not be read: ${describeAwsError(e)}` }
}

/** The SCP chain of an account. Precomputes nothing; callers evaluating many accounts can reuse `attachments`. */
export function scpChainOf(org: OrganizationSlice, accountId: string, attachments = org.serviceControlPolicies.kind === 'ok' ? attachmentsByTarget(org.serviceControlPolicies.value) : undefined): ChainResult {
  if (org.organization.kind === 'unreadable') return unreadableMessage('the organization', org.organization.error)
  if (org.roots.kind === 'unreadable') return unreadableMessage('the organization roots', org.roots.error)
  if (org.organizationalUnits.kind === 'unreadable') return unreadableMessage('the OU tree', org.organizationalUnits.error)
  if (org.accounts.kind === 'unreadable') return unreadableMessage('the account list', org.accounts.error)
  const info = org.organization.value
  const account = org.accounts.value.find((a) => a.id === accountId)
  if (!account) return { kind: 'unknown', code: 'AccountNotInOrganization', message: `account ${accountId} is not in organization ${info.id}` }
  if (accountId === info.managementAccountId) return { kind: 'management', account }
  if (info.featureSet !== 'ALL') return { kind: 'scps-disabled', reason: `the organization has only consolidated billing (feature set ${info.featureSet}), so no SCP applies` }
  const path = ouPathOf(accountId, org.accounts.value, org.organizationalUnits.value, org.roots.value)
  if (!path) return { kind: 'unknown', code: 'IncompleteOrganizationTree', message: `the OU path of account ${accountId} is incomplete in the snapshot` }
  const root = org.roots.value.find((r) => r.id === path[0]!.id)!
  if (!root.policyTypes.some((t) => t.type === SCP_POLICY_TYPE && t.status === 'ENABLED')) {
    return { kind: 'scps-disabled', reason: `the SERVICE_CONTROL_POLICY policy type is not enabled on root ${root.id}, so no SCP applies` }
  }
  if (org.serviceControlPolicies.kind === 'unreadable') return unreadableMessage('the SCP list', org.serviceControlPolicies.error)
  if (!attachments) return { kind: 'unknown', code: 'NotCollected', message: 'SCP attachments are unknown' }
  if (attachments.kind === 'unknown') return attachments
  const levels: ScpLevel[] = [
    ...path.map((node) => ({ kind: node.kind, id: node.id, name: node.name, policies: attachments.byTarget.get(node.id) ?? [] })),
    { kind: 'account' as const, id: account.id, name: account.name, policies: attachments.byTarget.get(account.id) ?? [] },
  ]
  return { kind: 'ok', levels, account, organizationId: info.id }
}

/** What a scan knows of any request made in a member account: its account and organization. */
export function memberContext(accountId: string, organizationId: string, principalArn?: string): Record<string, string> {
  const context: Record<string, string> = { 'aws:PrincipalAccount': accountId, 'aws:PrincipalOrgID': organizationId }
  if (principalArn !== undefined) context['aws:PrincipalArn'] = principalArn
  return context
}
