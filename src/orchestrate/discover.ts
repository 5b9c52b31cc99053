// The organization slice → the accounts a scan can choose from, each with its OU path and tags.
import { EXIT, GuardrailError } from '../core/errors.js'
import { ouPathOf, type OrganizationSlice } from '../snapshot/organization.js'
import type { DiscoveredAccount } from './filters.js'
import { describeAwsError } from '../snapshot/readable.js'

export function discoveredAccounts(org: OrganizationSlice): DiscoveredAccount[] {
  if (org.accounts.kind === 'unreadable') {
    const e = org.accounts.error
    throw new GuardrailError('OrganizationUnreadable', `Cannot list the organization's accounts: ${describeAwsError(e)}`, {
      hint: 'Run the organization scan with credentials of the management account or of a delegated administrator for AWS Organizations (organizations:ListAccountsForParent, ListOrganizationalUnitsForParent, ListRoots).',
      exitCode: EXIT.badInput,
    })
  }
  const ous = org.organizationalUnits.kind === 'ok' ? org.organizationalUnits.value : []
  const roots = org.roots.kind === 'ok' ? org.roots.value : []
  return org.accounts.value.map((a) => {
    const path = ouPathOf(a.id, org.accounts.kind === 'ok' ? org.accounts.value : [], ous, roots) ?? []
    const account: DiscoveredAccount = {
      accountId: a.id,
      name: a.name,
      status: a.status,
      ouPath: path.map((node) => ({ id: node.id, name: node.name })),
      tags: a.tags.kind === 'ok' ? a.tags.value : {},
    }
    return account
  })
}
