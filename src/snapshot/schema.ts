// The Snapshot: everything a scan read, as data. Collectors produce it, checks consume it, and it is
// a file users keep as audit evidence — so it is validated with zod whenever it is read from disk.
//
// Every piece that comes from one AWS read is a `Readable<T>`: either the data, or *why* it could not
// be read (AWS error code + operation). A failed read is never recorded as "empty"; checks that need an
// unreadable piece report `error` with that code.
import { z } from 'zod'

export const SNAPSHOT_SCHEMA_VERSION = 1

// Readable<T> and its helpers live in readable.ts (so slice schemas in sibling files can use them
// without an import cycle); re-exported here so existing imports keep working.
import { awsErrorSchema, readable, ok, unreadable, type AwsError, type Readable } from './readable.js'
import { organizationSliceSchema } from './organization.js'
import { GLOBAL_SLICE_KEYS, REGIONAL_SLICE_KEYS, SLICE_CATALOGUE, globalSlicePath, type CollectedSliceTypes, type GlobalSliceKey, type RegionalSliceKey } from './catalogue.js'
import { accountIdSchema, regionSchema } from '../core/ids.js'
export { awsErrorSchema, readable, ok, unreadable, type AwsError, type Readable }
export { organizationSliceSchema }
// The IAM shapes live in iam.ts; re-exported so existing imports keep working.
export * from './iam.js'

// ---------------------------------------------------------------------------------------------
// One account. Its collected slices are derived from the slice catalogue (catalogue.ts): a global
// slice 'group.name' sits at account[group][name], a regional one at account.regional[region][key].
// A slice that is absent was not collected in this scan (checks then report NotCollected); one that
// is present is either its value or the AWS error that prevented reading it.
type GroupOf<K> = K extends `${infer G}.${string}` ? G : never
type NameOf<K> = K extends `${string}.${infer N}` ? N : never
export type GlobalSlices = {
  [G in GroupOf<GlobalSliceKey>]?: { [K in GlobalSliceKey as GroupOf<K> extends G ? NameOf<K> : never]?: Readable<CollectedSliceTypes[K]> }
}
/** The slices of one region of one account. */
export type RegionSlices = { [K in RegionalSliceKey]?: Readable<CollectedSliceTypes[K]> }

export type AccountSnapshot = GlobalSlices & {
  accountId: string
  name?: string
  /** OU path from the root, e.g. [{id:'r-ab12',name:'Root'},{id:'ou-…',name:'Workloads'}]. */
  ouPath?: { id: string; name: string }[]
  tags?: Record<string, string>
  /** Regions scanned in this account. */
  regions: string[]
  /** Regions not scanned, and why (the account has not opted in to them). Absent when none. */
  skippedRegions?: { region: string; reason: string }[]
  collectedAt: string
  /**
   * Could we get in at all? Unreadable when the audit role could not be assumed: then every check
   * for this account is `error` with that code.
   */
  access: Readable<{ roleArn?: string }>
  /** Per-region slices, keyed by region. */
  regional: Record<string, RegionSlices>
  /** Scan facts that are not slices (apiRetries: retries by service, evidence of throttling). */
  extra: Record<string, unknown>
  /** API calls made for this account, by service. */
  apiCalls: Record<string, number>
}

/** Every IAM slice, as the IAM collector returns them. */
export type IamSlice = Required<NonNullable<AccountSnapshot['iam']>>

function globalGroupShapes(): Record<string, z.ZodTypeAny> {
  const groups: Record<string, Record<string, z.ZodTypeAny>> = {}
  for (const key of GLOBAL_SLICE_KEYS) {
    const [group, name] = globalSlicePath(key)
    ;(groups[group] ??= {})[name] = readable(SLICE_CATALOGUE[key].schema).optional()
  }
  return Object.fromEntries(Object.entries(groups).map(([group, shape]) => [group, z.strictObject(shape).optional()]))
}

const regionSlicesSchema = z.strictObject(Object.fromEntries(REGIONAL_SLICE_KEYS.map((key) => [key, readable(SLICE_CATALOGUE[key].schema).optional()])))

const accountSnapshotObject = z.object({
  accountId: accountIdSchema,
  name: z.string().optional(),
  ouPath: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  regions: z.array(regionSchema),
  skippedRegions: z.array(z.object({ region: regionSchema, reason: z.string() })).optional(),
  collectedAt: z.string(),
  access: readable(z.object({ roleArn: z.string().optional() })),
  ...globalGroupShapes(),
  regional: z.record(regionSchema, regionSlicesSchema).default({}),
  extra: z.record(z.string(), z.unknown()).default({}),
  apiCalls: z.record(z.string(), z.number()),
})
// The shape is built from the catalogue at run time, so zod cannot infer its static type; the type
// above is derived from the same catalogue, and test/collect/registry.test.ts checks the schema against the catalogue.
export const accountSnapshotSchema = accountSnapshotObject as unknown as z.ZodType<AccountSnapshot, unknown>

/** Everything in a snapshot file but its accounts (what a streaming reader validates first). */
export const snapshotHeaderSchema = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  partition: z.string().default('aws'),
  caller: z.object({ arn: z.string(), accountId: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  organization: organizationSliceSchema.optional(),
  /** Calls made outside any one account (STS identity, Organizations discovery), by service. */
  apiCalls: z.record(z.string(), z.number()).default({}),
})
export type SnapshotHeader = z.infer<typeof snapshotHeaderSchema>

/** The index of each account id that appears twice (a snapshot lists every account once). */
export function duplicateAccounts(accounts: readonly { accountId: string }[]): { accountId: string; first: number; again: number }[] {
  const seen = new Map<string, number>()
  const out: { accountId: string; first: number; again: number }[] = []
  accounts.forEach((a, i) => {
    const first = seen.get(a.accountId)
    if (first === undefined) seen.set(a.accountId, i)
    else out.push({ accountId: a.accountId, first, again: i })
  })
  return out
}

export const snapshotSchema = snapshotHeaderSchema
  .extend({ accounts: z.array(accountSnapshotSchema) })
  .superRefine((snapshot, ctx) => {
    for (const d of duplicateAccounts(snapshot.accounts)) {
      ctx.addIssue({ code: 'custom', path: ['accounts', d.again, 'accountId'], message: `account ${d.accountId} is listed twice (also at accounts[${d.first}]); each account appears once` })
    }
  })
export type Snapshot = SnapshotHeader & { accounts: AccountSnapshot[] }
