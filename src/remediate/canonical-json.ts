// Canonical JSON (object keys sorted at every level) and its SHA-256: the same plan gives the same
// hash whatever order its keys were written in, and any change to any value changes it.
import { createHash } from 'node:crypto'

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  )
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** A plan's integrity hash: the SHA-256 of the canonical JSON of every field but `hash` itself. */
export function hashOfPlan(plan: object): string {
  const { hash: _ignored, ...rest } = plan as { hash?: unknown }
  return sha256Hex(canonicalJson(rest))
}
