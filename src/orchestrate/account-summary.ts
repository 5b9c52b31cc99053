// What the assembly and --resume need to know of one scanned account, without its (large) snapshot:
// identity, access, API calls, finding totals, how many slices failed and whether any failure was
// transient, and the few slices organization checks read of member accounts.
import type { Finding } from '../core/types.js'
import { summarizeFindings } from '../report/stream.js'
import type { RuleSet } from '../rules/load.js'
import { globalSlicePath, isRegionalSlice } from '../snapshot/catalogue.js'
import type { Readable } from '../snapshot/readable.js'
import type { AccountSnapshot } from '../snapshot/schema.js'
import { isSnapshotLevelSlice, type SliceKey } from '../snapshot/slices.js'
import type { AccountSummary } from './workdir.js'

function isUnreadable(slice: unknown): slice is Extract<Readable<unknown>, { kind: 'unreadable' }> {
  return (slice as { kind?: unknown } | null)?.kind === 'unreadable'
}

/** Every slice of an account, wherever it sits (global groups and regions). */
function allSlices(account: AccountSnapshot): unknown[] {
  const out: unknown[] = []
  for (const [field, value] of Object.entries(account)) {
    if (field === 'regional') for (const region of Object.values(account.regional)) out.push(...Object.values(region))
    else if (field !== 'access' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const slice of Object.values(value as Record<string, unknown>)) if (isUnreadable(slice) || (slice as { kind?: unknown } | null)?.kind === 'ok') out.push(slice)
    }
  }
  return out
}

export function gapsOf(account: AccountSnapshot): { gaps: number; transientGaps: number } {
  if (account.access.kind === 'unreadable') return { gaps: 1, transientGaps: account.access.error.transient ? 1 : 0 }
  const unreadable = allSlices(account).filter(isUnreadable)
  return { gaps: unreadable.length, transientGaps: unreadable.filter((s) => s.error.transient).length }
}

/** The member-account slices the enabled organization checks declared in `fromMembers`. */
export function memberSliceKeys(ruleSet: RuleSet): SliceKey[] {
  const keys = new Set<SliceKey>()
  for (const rule of ruleSet.rules.values()) {
    if (rule.enabled && rule.check.scope === 'organization') for (const key of rule.check.fromMembers ?? []) keys.add(key)
  }
  return [...keys].filter((k) => !isSnapshotLevelSlice(k)).sort()
}

/** Those slices of `account`, laid out as in an AccountSnapshot (so a stub can carry them). */
export function memberSlicesOf(account: AccountSnapshot, keys: readonly SliceKey[]): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {}
  const regional: Record<string, Record<string, unknown>> = {}
  for (const key of keys) {
    if (isRegionalSlice(key)) {
      for (const region of account.regions) {
        const slice = account.regional[region]?.[key]
        if (slice !== undefined) (regional[region] ??= {})[key] = slice
      }
      continue
    }
    const [group, name] = globalSlicePath(key)
    const slice = (account as unknown as Record<string, Record<string, unknown> | undefined>)[group]?.[name]
    if (slice !== undefined) (out[group] ??= {})[name] = slice
  }
  if (Object.keys(regional).length > 0) out.regional = regional
  return out
}

export function summarizeAccount(account: AccountSnapshot, findings: readonly Finding[], memberKeys: readonly SliceKey[]): AccountSummary {
  const summary: AccountSummary = {
    accountId: account.accountId,
    regions: account.regions,
    collectedAt: account.collectedAt,
    access: account.access,
    apiCalls: account.apiCalls,
    ...gapsOf(account),
    totals: summarizeFindings(findings),
    memberSlices: memberSlicesOf(account, memberKeys),
  }
  if (account.skippedRegions !== undefined) summary.skippedRegions = account.skippedRegions
  if (account.name !== undefined) summary.name = account.name
  if (account.ouPath !== undefined) summary.ouPath = account.ouPath
  if (account.tags !== undefined) summary.tags = account.tags
  return summary
}
