// A principal's credentials in words, the same on the access page and in the review sheet.
import type { PrincipalEntry } from './map-schema.js'

/** "enabled, MFA on, last used 2026-11-02…", "disabled" or "unknown" (no credential report row). */
export function describeConsole(c: PrincipalEntry['console']): string {
  if (c.enabled === null) return 'unknown'
  if (!c.enabled) return 'disabled'
  return `enabled, MFA ${c.mfa === null ? 'unknown' : c.mfa ? 'on' : 'OFF'}, last used ${c.lastUsed ?? 'never'}`
}

/** "key 1: active, 400 days old, last used never" per key. */
export function describeAccessKeys(keys: PrincipalEntry['accessKeys']): string[] {
  return keys.map((k) => `key ${k.slot}: ${k.active ? 'active' : 'inactive'}${k.ageDays !== undefined ? `, ${k.ageDays} days old` : ''}, last used ${k.lastUsed ?? 'never'}`)
}
