// One account's snapshot, from a session that already acts inside that account (the caller's own
// credentials, or a role assumed in a member account): IAM and the account's security contact.
// Regional slices are collected by src/collect/regional/ per scanned region.
import type { AwsSession } from '../aws/session.js'
import { ok, type AccountSnapshot } from '../snapshot/schema.js'
import { collectIam, type CollectIamOptions } from './iam.js'
import { collectSecurityContact } from './organization-contacts.js'
import type { ManagedPolicyCache } from './managed-policy-cache.js'

export interface CollectAccountInput {
  accountId: string
  session: AwsSession
  /** Regions to scan in this account (recorded now; regional collectors use them). */
  regions: string[]
  /** Scan-wide cache of AWS-managed policy documents. */
  cache: ManagedPolicyCache
  name?: string
  ouPath?: { id: string; name: string }[]
  tags?: Record<string, string>
  iam?: CollectIamOptions
}

export async function collectAccount(input: CollectAccountInput): Promise<AccountSnapshot> {
  const collectedAt = new Date().toISOString()
  // Count only what this account's collection does, even if the session was used before (STS).
  const before = input.session.counter.copy()
  // Independent reads of different services: run them side by side.
  const [iam, accountSettings] = await Promise.all([
    collectIam(input.session, input.cache, input.iam),
    collectSecurityContact(input.session),
  ])
  const calls = input.session.counter.since(before)

  const snapshot: AccountSnapshot = {
    accountId: input.accountId,
    regions: input.regions,
    collectedAt,
    access: ok(input.session.roleArn !== undefined ? { roleArn: input.session.roleArn } : {}),
    iam,
    account: accountSettings,
    regional: {},
    extra: {},
    apiCalls: calls.byService(),
  }
  if (input.name !== undefined) snapshot.name = input.name
  if (input.ouPath !== undefined) snapshot.ouPath = input.ouPath
  if (input.tags !== undefined) snapshot.tags = input.tags
  // Retries are evidence of throttling: worth keeping with the scan, absent when there were none.
  const retries = calls.retriesByService()
  if (Object.keys(retries).length > 0) snapshot.extra.apiRetries = retries
  return snapshot
}
