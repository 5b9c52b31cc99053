// UIDs that are the same on every server, never change and are never reused. The allocation is
// central: one registry (a JSON file guardrail keeps, keyed by the IAM user's unique id, AIDA…), read
// and extended by `users plan`, so every instance gets the same numbers from the same plan.
//   - An IAM user keeps its UID (and its Linux name) for life, even if renamed in IAM.
//   - A new IAM user gets max(every UID ever assigned) + 1: a deleted user's UID is never handed to
//     someone else, so files it left (NFS/EFS, archived homes) never change owner.
//   - Names: a new user whose Linux name is held by another *current* user is a collision, reported.
// The registry is written when the plan is made: allocating a UID that is then never applied only
// leaves a gap, which is harmless; forgetting one that was applied would not be.
import { z } from 'zod'

export const uidRegistrySchema = z.strictObject({
  version: z.literal(1),
  lastApplied: z
    .strictObject({
      planHash: z.string(),
      appliedAt: z.string(),
      users: z.array(z.strictObject({ name: z.string(), sudo: z.boolean(), keys: z.array(z.string()) })),
    })
    .optional()
    .describe('The desired users of the last applied sync: what the next plan is compared with'),
  entries: z.record(
    z.string().describe('IAM user unique id (AIDA…)'),
    z.strictObject({
      uid: z.number().int().positive(),
      linuxName: z.string(),
      iamName: z.string().describe('The IAM name when last seen'),
      assignedAt: z.string(),
    }),
  ),
})
export type UidRegistry = z.infer<typeof uidRegistrySchema>

export const EMPTY_REGISTRY: UidRegistry = { version: 1, entries: {} }

export interface UidRequest {
  iamUserId: string
  iamName: string
  linuxName: string
}

export interface UidAssignment {
  registry: UidRegistry
  /** IAM user id → { uid, linuxName } for every request that got one. */
  assigned: Map<string, { uid: number; linuxName: string }>
  problems: { iamName: string; reason: string }[]
}

export function assignUids(registry: UidRegistry, requests: readonly UidRequest[], range: { min: number; max: number }, now: Date): UidAssignment {
  const entries = { ...registry.entries }
  const assigned = new Map<string, { uid: number; linuxName: string }>()
  const problems: UidAssignment['problems'] = []
  let next = Math.max(range.min - 1, ...Object.values(entries).map((e) => e.uid)) + 1
  // Known users first (they keep what they have), then new ones.
  const known = requests.filter((r) => entries[r.iamUserId])
  // New users in name order (then id): deterministic, and what a person reading the registry expects.
  const fresh = requests.filter((r) => !entries[r.iamUserId]).sort((a, b) => (a.iamName < b.iamName ? -1 : a.iamName > b.iamName ? 1 : a.iamUserId < b.iamUserId ? -1 : 1))
  const nameOwner = new Map<string, string>()
  for (const r of known) {
    const e = entries[r.iamUserId]!
    entries[r.iamUserId] = { ...e, iamName: r.iamName }
    assigned.set(r.iamUserId, { uid: e.uid, linuxName: e.linuxName })
    nameOwner.set(e.linuxName, r.iamName)
  }
  const freshNames = new Map<string, string[]>()
  for (const r of fresh) freshNames.set(r.linuxName, [...(freshNames.get(r.linuxName) ?? []), r.iamName])
  for (const r of fresh) {
    const same = freshNames.get(r.linuxName)!
    if (same.length > 1) {
      problems.push({ iamName: r.iamName, reason: `maps to Linux name "${r.linuxName}", as ${same.filter((n) => n !== r.iamName).join(', ')} does: none of them is created (rename in IAM)` })
      continue
    }
    const holder = nameOwner.get(r.linuxName)
    if (holder !== undefined) {
      problems.push({ iamName: r.iamName, reason: `maps to Linux name "${r.linuxName}", which ${holder} already has: not created (rename one of them in IAM)` })
      continue
    }
    if (next > range.max) {
      problems.push({ iamName: r.iamName, reason: `no UID left in ${range.min}–${range.max}: widen users.uidRange` })
      continue
    }
    entries[r.iamUserId] = { uid: next, linuxName: r.linuxName, iamName: r.iamName, assignedAt: now.toISOString() }
    assigned.set(r.iamUserId, { uid: next, linuxName: r.linuxName })
    nameOwner.set(r.linuxName, r.iamName)
    next++
  }
  return { registry: { ...registry, version: 1, entries }, assigned, problems }
}
