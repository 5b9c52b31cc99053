// The named pieces of a Snapshot that checks may declare in `requires`: every collected slice of the
// catalogue (catalogue.ts), plus the snapshot-level organization view. Where a slice lives follows
// from its scope, so the engine can gate checks on readability and `ctx.read('iam.credentialReport')`
// is typed — with nothing written per slice here.
import type { AccountSnapshot, Readable, Snapshot } from './schema.js'
import type { OrganizationSlice } from './organization.js'
import { COLLECTED_SLICE_KEYS, globalSlicePath, isRegionalSlice, type CollectedSliceTypes, type RegionalSliceKey } from './catalogue.js'
import { ok as okReadable } from './readable.js'

export interface SliceTypes extends CollectedSliceTypes {
  /** The whole organization view (snapshot-level); unreadable when DescribeOrganization failed. */
  organization: OrganizationSlice
}
export type SliceKey = keyof SliceTypes
export type { RegionalSliceKey }

/** Slices that live on the snapshot, not on an account. */
const SNAPSHOT_LEVEL = { organization: true } as const satisfies Partial<Record<SliceKey, true>>

export const SLICE_KEYS: SliceKey[] = [...COLLECTED_SLICE_KEYS, ...(Object.keys(SNAPSHOT_LEVEL) as SliceKey[])]

export function isSnapshotLevelSlice(key: SliceKey): key is keyof typeof SNAPSHOT_LEVEL {
  return key in SNAPSHOT_LEVEL
}

function organizationSlice(snapshot: Snapshot): Readable<unknown> | undefined {
  const org = snapshot.organization
  if (org === undefined) return undefined
  return org.organization.kind === 'unreadable' ? org.organization : okReadable(org)
}

/**
 * Where to find a slice. `undefined` means the collector for it did not run (not "empty").
 * `region` is the region under evaluation (region-scope checks); global slices ignore it, and a
 * regional slice without a region is undefined (declare it in `acrossRegions` to read every region).
 */
export function locateSlice(key: SliceKey, account: AccountSnapshot | undefined, snapshot: Snapshot, region?: string): Readable<unknown> | undefined {
  if (key === 'organization') return organizationSlice(snapshot)
  if (account === undefined) return undefined
  if (isRegionalSlice(key)) return region === undefined ? undefined : (account.regional[region]?.[key] as Readable<unknown> | undefined)
  const [group, name] = globalSlicePath(key)
  const slices = (account as unknown as Record<string, Record<string, Readable<unknown>> | undefined>)[group]
  return slices?.[name]
}
