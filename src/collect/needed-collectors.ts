// The collectors a set of checks needs: those that fill a slice one of the checks reads (its
// `requires`, `acrossRegions` and `fromMembers`). `guardrail scan --checks iam.*` then reads IAM and
// nothing else, instead of every service in every region. Only a scan narrowed by an explicit
// selection prunes: `collect` and an unnarrowed scan collect everything, so a kept snapshot can be
// evaluated later with any checklist.
import type { AnyCheck } from '../checks/define.js'
import { COLLECTORS, type CollectorDefinition } from './registry.js'

export function slicesReadBy(check: AnyCheck): string[] {
  return [...check.requires, ...(check.acrossRegions ?? []), ...(check.fromMembers ?? [])]
}

export function collectorsNeededBy(checks: Iterable<AnyCheck>, collectors: readonly CollectorDefinition[] = COLLECTORS): CollectorDefinition[] {
  const read = new Set<string>()
  for (const check of checks) for (const key of slicesReadBy(check)) read.add(key)
  return collectors.filter((c) => c.slices.some((key) => read.has(key)))
}
