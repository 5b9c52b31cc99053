// Builders for the CIS 4.x alarm checks' table tests: trails, metric filters, alarms and subscriptions
// of an account, region by region, plus an organization whose trail covers a member.
import { expect } from 'vitest'
import type { AnyCheck } from '../../../src/checks/define.js'
import { parseFilterPattern, requiredClauses } from '../../../src/checks/lib/filter-pattern.js'
import { CIS_MONITORING, type CisMonitoringName } from '../../../src/checks/lib/monitoring-requirements.js'
import type { Trail } from '../../../src/snapshot/cloudtrail.js'
import type { Alarm, MetricFilter, RegionMonitoring, Subscription } from '../../../src/snapshot/monitoring.js'
import type { Readable, RegionSlices, Snapshot } from '../../../src/snapshot/schema.js'
import { ACCOUNT_ID, accountSnapshot, denied, ok, snapshot } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'
import { MANAGEMENT_ID, orgSnapshot } from '../../support/org-builders.js'

export const REGION = 'eu-west-1'
export const OTHER_REGION = 'us-east-1'
export const LOG_GROUP = 'cloudtrail-logs'
export const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:security-alarms`
export const NAMESPACE = 'CISBenchmark'

export const logGroupArn = (name = LOG_GROUP, region = REGION, accountId = ACCOUNT_ID) => `arn:aws:logs:${region}:${accountId}:log-group:${name}:*`

export function trail(name: string, opts: Partial<Trail> & { logging?: boolean } = {}): Trail {
  const { logging = true, ...rest } = opts
  const accountId = rest.accountId ?? ACCOUNT_ID
  const homeRegion = rest.homeRegion ?? REGION
  return {
    name,
    arn: `arn:aws:cloudtrail:${homeRegion}:${accountId}:trail/${name}`,
    accountId,
    homeRegion,
    isMultiRegion: true,
    isOrganizationTrail: false,
    logFileValidation: true,
    s3BucketName: 'trail-bucket',
    cloudWatchLogsLogGroupArn: logGroupArn(LOG_GROUP, homeRegion, accountId),
    cloudWatchLogsRoleArn: `arn:aws:iam::${accountId}:role/trail-to-logs`,
    status: ok({ isLogging: logging }),
    selectors: ok({ basic: [{ readWriteType: 'All', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }], advanced: [] }),
    ...rest,
  }
}

export function filter(name: string, pattern: string, opts: { logGroup?: string; metric?: string } = {}): MetricFilter {
  return { filterName: name, logGroupName: opts.logGroup ?? LOG_GROUP, filterPattern: pattern, metricTransformations: [{ metricName: opts.metric ?? `${name}-metric`, metricNamespace: NAMESPACE }] }
}

export function alarm(name: string, metric: string, opts: Partial<Alarm> & { topic?: string; region?: string; accountId?: string } = {}): Alarm {
  const { topic = TOPIC, region = REGION, accountId = ACCOUNT_ID, ...rest } = opts
  return { alarmName: name, alarmArn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`, metricName: metric, namespace: NAMESPACE, metrics: [], actionsEnabled: true, alarmActions: [topic], stateValue: 'OK', ...rest }
}

export function subscription(topic = TOPIC, confirmed = true): Subscription {
  return { topicArn: topic, subscriptionArn: confirmed ? `${topic}:4b9c1d2e-0000-4000-8000-000000000001` : 'PendingConfirmation', protocol: 'email', confirmed }
}

export interface RegionSpec {
  trails?: Readable<Trail[]> | Trail[]
  filters?: Readable<MetricFilter[]> | MetricFilter[]
  alarms?: Readable<Alarm[]> | Alarm[]
  subscriptions?: Readable<Subscription[]> | Subscription[]
}

const readable = <T>(v: Readable<T[]> | T[] | undefined): Readable<T[]> => (v === undefined ? ok([]) : Array.isArray(v) ? ok(v) : v)

export function regionSlices(spec: RegionSpec): RegionSlices {
  return {
    'cloudtrail.trails': readable(spec.trails),
    'logs.metricFilters': readable(spec.filters),
    'cloudwatch.alarms': readable(spec.alarms),
    'sns.subscriptions': readable(spec.subscriptions),
  }
}

/** One account, scanned in the given regions (eu-west-1 and us-east-1 unless said otherwise). */
export function monitoredAccount(regions: Record<string, RegionSpec>, accountId = ACCOUNT_ID): Snapshot {
  const a = accountSnapshot({ accountId, regions: Object.keys(regions) })
  a.regional = Object.fromEntries(Object.entries(regions).map(([r, spec]) => [r, regionSlices(spec)]))
  return snapshot(a)
}

/** The full chain for a pattern on the trail's log group in REGION, the trail homed there; us-east-1 empty. */
export function wired(pattern: string, overrides: RegionSpec = {}): Snapshot {
  return monitoredAccount({
    [REGION]: { trails: [trail('main')], filters: [filter('watch', pattern)], alarms: [alarm('watch-alarm', 'watch-metric')], subscriptions: [subscription()], ...overrides },
    [OTHER_REGION]: {},
  })
}

export const MEMBER_ID = '222222222222'

/**
 * An organization scan: the member has no trail of its own; the management account's organization
 * trail delivers to a log group in REGION whose monitoring is `monitoring` (the whole chain by default).
 */
export function memberCoveredByOrganizationTrail(pattern: string, monitoring: Partial<RegionMonitoring> = {}, orgTrailOverrides: Partial<Trail> = {}): Snapshot {
  const member = accountSnapshot({ accountId: MEMBER_ID, regions: [REGION, OTHER_REGION] })
  member.regional = { [REGION]: regionSlices({}), [OTHER_REGION]: regionSlices({}) }
  const orgTopic = `arn:aws:sns:${REGION}:${MANAGEMENT_ID}:org-security-alarms`
  const orgTrail = trail('org-trail', { accountId: MANAGEMENT_ID, isOrganizationTrail: true, ...orgTrailOverrides })
  const snap = orgSnapshot({ accounts: [{ id: MEMBER_ID }], accountSnapshots: [member] })
  snap.organization!.organizationTrails = ok({
    accountId: MANAGEMENT_ID,
    trails: [orgTrail],
    monitoring: [
      {
        region: REGION,
        metricFilters: ok([filter('org-watch', pattern)]),
        alarms: ok([alarm('org-watch-alarm', 'org-watch-metric', { topic: orgTopic, accountId: MANAGEMENT_ID })]),
        subscriptions: ok([subscription(orgTopic)]),
        ...monitoring,
      },
    ],
  })
  return snap
}

export { ACCOUNT_ID, denied, ok }

/** A pattern written from clauses of term keys: `{ (a && b) || (c) }`. */
function patternOf(clauses: string[][]): string {
  return `{ ${clauses.map((c) => `(${c.join(' && ')})`).join(' || ')} }`
}

/**
 * A rewrite of the requirement's reference that is equivalent but written differently: clauses and
 * terms in reverse order, values quoted, every clause parenthesised, the mixes made explicit.
 */
export function equivalentRewrite(name: CisMonitoringName): string {
  const clauses = requiredClauses(CIS_MONITORING[name].pattern).map((c) => [...c.required].reverse())
  return patternOf(clauses.reverse())
}

/** The reference with one required term dropped: the last alternative when there are several, else the last term. */
export function missingOneTerm(name: CisMonitoringName): { pattern: string; dropped: string } {
  const clauses = requiredClauses(CIS_MONITORING[name].pattern).map((c) => [...c.required])
  if (clauses.length > 1) return { pattern: patternOf(clauses.slice(0, -1)), dropped: clauses.at(-1)!.join(' && ') }
  const only = clauses[0]!
  return { pattern: patternOf([only.slice(0, -1)]), dropped: only.at(-1)! }
}

/** The small table every cloudwatch.alarm-* check file gets, generated from its requirement row. */
export function cisAlarmCases(check: AnyCheck, name: CisMonitoringName): void {
  const requirement = CIS_MONITORING[name]
  const rewrite = equivalentRewrite(name)
  const missing = missingOneTerm(name)
  if (!parseFilterPattern(rewrite).ok || !parseFilterPattern(missing.pattern).ok) throw new Error(`the generated patterns of ${name} do not parse`)
  const account = `arn:aws:iam::${ACCOUNT_ID}:root`
  checkCases(check, {
    pass: [
      { name: `the CIS ${requirement.cisItem} pattern as CIS writes it, alarmed to a confirmed subscriber`, snapshot: wired(requirement.pattern.reference), expect: [{ resource: account }] },
      { name: `an equivalent pattern written differently: ${rewrite}`, snapshot: wired(rewrite) },
    ],
    fail: [
      { name: `the pattern without ${missing.dropped}`, snapshot: wired(missing.pattern), expect: [{ resource: account, message: expect.stringContaining('one of the 1 metric filter(s) on log group') as unknown as string }] },
      { name: 'the right filter and alarm, but the trail is single-region', snapshot: wired(requirement.pattern.reference, { trails: [trail('main', { isMultiRegion: false })] }), expect: [{ resource: account }] },
    ],
    error: [{ name: 'the trails of a region are unreadable and nothing passes', snapshot: monitoredAccount({ [REGION]: { trails: denied('cloudtrail:DescribeTrails') }, [OTHER_REGION]: {} }), expect: [{ errorCode: 'AccessDenied' }] }],
  })
}
