// The parameters that decide a scan's output, digested so a resume or a merge can refuse to mix
// results produced under different settings.
import { createHash } from 'node:crypto'
import { InputError } from '../core/errors.js'
import type { RuleSet } from '../rules/load.js'
import type { ScanParameters } from './workdir.js'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** Stable JSON: object keys sorted, so equal values give equal digests. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export function rulesDigest(ruleSet: RuleSet): string {
  const rules = [...ruleSet.rules.values()]
    .map((r) => ({ id: r.check.id, enabled: r.enabled, severity: r.severity, options: r.options ?? null, frameworks: r.frameworks }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return sha256(stable({ rules, settings: ruleSet.settings }))
}

export function externalIdDigest(externalId: string | undefined): string | null {
  return externalId === undefined ? null : sha256(`guardrail-external-id:${externalId}`)
}

const LABELS: Record<keyof ScanParameters, string> = {
  accounts: '--accounts',
  ous: '--ous',
  excludeAccounts: '--exclude-accounts',
  regions: '--regions',
  roleName: '--role-name',
  externalIdSha256: '--external-id',
  sessionName: '--session-name',
  shardCount: '--shard (count)',
  rulesDigest: 'the checks, severities and options (rules/config)',
}

/** Names of the parameters that differ. */
export function differingParameters(a: ScanParameters, b: ScanParameters): string[] {
  return (Object.keys(LABELS) as (keyof ScanParameters)[]).filter((k) => stable(a[k]) !== stable(b[k])).map((k) => LABELS[k])
}

export function assertSameParameters(stored: ScanParameters, requested: ScanParameters, what: string, hint: string): void {
  const diff = differingParameters(stored, requested)
  if (diff.length > 0) {
    throw new InputError('ScanParametersDiffer', `${what}: ${diff.join(', ')} differ from the earlier scan's.`, hint)
  }
}
