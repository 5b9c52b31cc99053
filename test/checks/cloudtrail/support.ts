// Shared by the CloudTrail table tests: trails in a few lines (compliant unless told otherwise), an
// account holding them region by region, and an organization whose management account's
// organization trail covers members.
import type { EventSelectors, Trail } from '../../../src/snapshot/cloudtrail.js'
import type { Bucket } from '../../../src/snapshot/s3.js'
import type { AccountSnapshot, Readable, Snapshot } from '../../../src/snapshot/schema.js'
import { ACCOUNT_ID, NOW, accountSnapshot, denied, ok, snapshot, unreadable } from '../../support/builders.js'
import { MANAGEMENT_ID, orgSnapshot, type OrgSpec } from '../../support/org-builders.js'

export { ACCOUNT_ID, MANAGEMENT_ID, NOW, denied, ok, unreadable }
export const REGION = 'eu-west-1'
export const OTHER_REGION = 'us-east-1'
export const MEMBER_ID = '222222222222'
export const LOG_ARCHIVE_ID = '444444444444'

export const trailArn = (name: string, accountId = ACCOUNT_ID, region = REGION) => `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`
export const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString()

export const ALL_MANAGEMENT: EventSelectors = { basic: [{ readWriteType: 'All', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }], advanced: [] }
export const basic = (...selectors: Partial<EventSelectors['basic'][number]>[]): EventSelectors => ({
  basic: selectors.map((s) => ({ dataResources: [], excludeManagementEventSources: [], ...s })),
  advanced: [],
})
export const advanced = (...selectors: EventSelectors['advanced'][number]['fieldSelectors'][]): EventSelectors => ({ basic: [], advanced: selectors.map((fieldSelectors) => ({ fieldSelectors })) })

export interface TrailSpec extends Partial<Omit<Trail, 'status' | 'selectors'>> {
  /** IsLogging (default true); ignored when `status` is given. */
  logging?: boolean
  status?: Trail['status']
  selectors?: Trail['selectors'] | EventSelectors
}

/** A trail that passes every per-trail check unless told otherwise. */
export function trail(name: string, spec: TrailSpec = {}): Trail {
  const { logging, status, selectors, ...rest } = spec
  const accountId = rest.accountId ?? ACCOUNT_ID
  const homeRegion = rest.homeRegion ?? REGION
  return {
    name,
    arn: trailArn(name, accountId, homeRegion),
    accountId,
    homeRegion,
    isMultiRegion: true,
    isOrganizationTrail: false,
    logFileValidation: true,
    kmsKeyId: `arn:aws:kms:${homeRegion}:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    s3BucketName: `${name}-logs`,
    cloudWatchLogsLogGroupArn: `arn:aws:logs:${homeRegion}:${accountId}:log-group:${name}:*`,
    cloudWatchLogsRoleArn: `arn:aws:iam::${accountId}:role/cloudtrail-to-logs`,
    status: status ?? ok({ isLogging: logging ?? true, latestDeliveryTime: hoursAgo(1), latestCloudWatchLogsDeliveryTime: hoursAgo(1) }),
    selectors: selectors === undefined ? ok(ALL_MANAGEMENT) : 'kind' in selectors ? selectors : ok(selectors),
    bucketLogging: ok({ enabled: true, targetBucket: 'access-logs' }),
    ...rest,
  }
}

/** An account whose regions hold the given trail slices (every region listed is a scanned region). */
export function accountWithTrails(byRegion: Record<string, Readable<Trail[]> | Trail[]>, accountId = ACCOUNT_ID, buckets?: Readable<Bucket[]>): AccountSnapshot {
  const a = accountSnapshot({ accountId, regions: Object.keys(byRegion) })
  a.regional = Object.fromEntries(Object.entries(byRegion).map(([region, trails]) => [region, { 'cloudtrail.trails': Array.isArray(trails) ? ok(trails) : trails }]))
  if (buckets) a.s3 = { buckets }
  return a
}

/** A one-account snapshot (no organization) with these trails. */
export const withTrails = (byRegion: Record<string, Readable<Trail[]> | Trail[]>): Snapshot => snapshot(accountWithTrails(byRegion))

/** An organization scan: the management account's organization trails cover the member accounts given. */
export function orgWithTrails(organizationTrails: Readable<Trail[]> | Trail[], accounts: AccountSnapshot[], spec: OrgSpec = {}): Snapshot {
  const trails = Array.isArray(organizationTrails) ? ok(organizationTrails) : organizationTrails
  const ids = accounts.map((a) => a.accountId).filter((id) => id !== MANAGEMENT_ID)
  return orgSnapshot({
    accounts: ids.map((id) => ({ id })),
    accountSnapshots: accounts,
    ...spec,
    override: { organizationTrails: trails.kind === 'ok' ? ok({ accountId: MANAGEMENT_ID, trails: trails.value, monitoring: [] }) : trails, ...spec.override },
  })
}

/** The organization trail of the management account. */
export const orgTrail = (name = 'org-trail', spec: TrailSpec = {}) => trail(name, { accountId: MANAGEMENT_ID, isOrganizationTrail: true, ...spec })

export const bucket = (name: string): Bucket => ({ name, creationDate: NOW.toISOString() })
export const accountArn = (accountId = ACCOUNT_ID) => `arn:aws:iam::${accountId}:root`
