// The alarm chain shared by the CIS 4.x checks (cloudwatch.alarm-*) and ssm.sudo-alert: on a given
// log group, a metric filter whose pattern matches, an alarm on that filter's metric with its actions
// enabled, and an SNS topic among the alarm's actions with at least one confirmed subscription.
// Returns how far the chain goes, so a failure names the missing link; an unreadable slice is reported
// only where the verdict needed it (no matching filter is a fact even when alarms are unreadable).
// Subscriptions are those ListSubscriptions shows in the alarm's account and region: a topic of
// another account counts as having no confirmed subscriber (its subscriptions cannot be seen here).
// Composite alarms are not followed: CIS asks for an alarm on the filter's metric.
import type { AwsError, Readable } from '../../snapshot/readable.js'
import type { Alarm, MetricFilter, RegionMonitoring, Subscription } from '../../snapshot/monitoring.js'
import type { CheckContext } from '../define.js'
import type { PatternVerdict } from './filter-pattern.js'

/** How many considered filters, alarms and topics the evidence lists (the rest are counted). */
const EVIDENCE_LIMIT = 10

export interface FilterSummary {
  filterName: string
  filterPattern: string
  metrics: string[]
}

export interface TopicSummary {
  topicArn: string
  confirmed: number
  pending: number
}

export type ChainOutcome =
  | { stage: 'alarmed'; filter: FilterSummary; alarm: string; topic: TopicSummary }
  | { stage: 'no-matching-filter'; considered: (FilterSummary & { why: string })[]; filtersOnGroup: number }
  | { stage: 'filter-without-alarm'; filters: FilterSummary[] }
  | { stage: 'alarm-without-notification'; filters: FilterSummary[]; alarms: { alarmName: string; actionsEnabled: boolean; alarmActions: string[] }[] }
  | { stage: 'topic-without-subscriber'; filters: FilterSummary[]; alarms: string[]; topics: TopicSummary[] }
  | { stage: 'unreadable'; error: AwsError }

/** Stages in the order a chain gets further: a failure reports the furthest any log group reached. */
export const STAGE_RANK: Record<ChainOutcome['stage'], number> = {
  unreadable: 0,
  'no-matching-filter': 1,
  'filter-without-alarm': 2,
  'alarm-without-notification': 3,
  'topic-without-subscriber': 4,
  alarmed: 5,
}

const metricKey = (namespace: string, name: string) => `${namespace}/${name}`

function summary(f: MetricFilter): FilterSummary {
  return { filterName: f.filterName, filterPattern: f.filterPattern, metrics: f.metricTransformations.map((t) => metricKey(t.metricNamespace, t.metricName)) }
}

function alarmMetrics(a: Alarm): string[] {
  const single = a.metricName !== undefined && a.namespace !== undefined ? [metricKey(a.namespace, a.metricName)] : []
  return [...single, ...a.metrics.map((m) => metricKey(m.namespace, m.metricName))]
}

const isSnsTopic = (arn: string) => /^arn:[^:]+:sns:[^:]+:\d{12}:[^:]+$/.test(arn)

/** Follows filter → alarm → topic → subscription on `logGroupName` with the slices of its region. */
export function followAlarmChain(logGroupName: string, monitoring: RegionMonitoring, matches: (pattern: string) => PatternVerdict): ChainOutcome {
  if (monitoring.metricFilters.kind === 'unreadable') return { stage: 'unreadable', error: monitoring.metricFilters.error }
  const onGroup = monitoring.metricFilters.value.filter((f) => f.logGroupName === logGroupName)
  // Closest first: a failure names the filter that nearly matches, not whichever came first.
  const verdicts = onGroup.map((f) => ({ filter: f, verdict: matches(f.filterPattern) })).sort((a, b) => b.verdict.closeness - a.verdict.closeness)
  const matching = verdicts.filter((v) => v.verdict.satisfied).map((v) => v.filter)
  if (matching.length === 0) {
    return { stage: 'no-matching-filter', filtersOnGroup: onGroup.length, considered: verdicts.slice(0, EVIDENCE_LIMIT).map((v) => ({ ...summary(v.filter), why: v.verdict.reason })) }
  }
  const filters = matching.map(summary)
  if (monitoring.alarms.kind === 'unreadable') return { stage: 'unreadable', error: monitoring.alarms.error }
  const metrics = new Set(filters.flatMap((f) => f.metrics))
  const onMetric = monitoring.alarms.value.filter((a) => alarmMetrics(a).some((m) => metrics.has(m)))
  if (onMetric.length === 0) return { stage: 'filter-without-alarm', filters: filters.slice(0, EVIDENCE_LIMIT) }
  const notifying = onMetric.filter((a) => a.actionsEnabled && a.alarmActions.some(isSnsTopic))
  if (notifying.length === 0) {
    return {
      stage: 'alarm-without-notification',
      filters: filters.slice(0, EVIDENCE_LIMIT),
      alarms: onMetric.slice(0, EVIDENCE_LIMIT).map((a) => ({ alarmName: a.alarmName, actionsEnabled: a.actionsEnabled, alarmActions: a.alarmActions })),
    }
  }
  if (monitoring.subscriptions.kind === 'unreadable') return { stage: 'unreadable', error: monitoring.subscriptions.error }
  const topics = topicSummaries(monitoring.subscriptions.value)
  for (const alarm of notifying) {
    for (const arn of alarm.alarmActions.filter(isSnsTopic)) {
      const topic = topics.get(arn) ?? { topicArn: arn, confirmed: 0, pending: 0 }
      if (topic.confirmed > 0) {
        const filter = filters.find((f) => f.metrics.some((m) => alarmMetrics(alarm).includes(m)))!
        return { stage: 'alarmed', filter, alarm: alarm.alarmName, topic }
      }
    }
  }
  const topicArns = [...new Set(notifying.flatMap((a) => a.alarmActions.filter(isSnsTopic)))]
  return {
    stage: 'topic-without-subscriber',
    filters: filters.slice(0, EVIDENCE_LIMIT),
    alarms: notifying.slice(0, EVIDENCE_LIMIT).map((a) => a.alarmName),
    topics: topicArns.slice(0, EVIDENCE_LIMIT).map((arn) => topics.get(arn) ?? { topicArn: arn, confirmed: 0, pending: 0 }),
  }
}

function topicSummaries(subscriptions: readonly Subscription[]): Map<string, TopicSummary> {
  const out = new Map<string, TopicSummary>()
  for (const s of subscriptions) {
    const t = out.get(s.topicArn) ?? { topicArn: s.topicArn, confirmed: 0, pending: 0 }
    if (s.confirmed) t.confirmed++
    else t.pending++
    out.set(s.topicArn, t)
  }
  return out
}

/** What is wrong with a chain that did not reach a subscriber, in one sentence. */
export function describeOutcome(outcome: ChainOutcome, logGroup: string, watches: string): string {
  switch (outcome.stage) {
    case 'alarmed':
      return `metric filter "${outcome.filter.filterName}" on log group ${logGroup} feeds alarm "${outcome.alarm}", which notifies ${outcome.topic.topicArn} (${outcome.topic.confirmed} confirmed subscription(s))`
    case 'no-matching-filter': {
      if (outcome.filtersOnGroup === 0) return `log group ${logGroup} has no metric filter, so nothing watches for ${watches}`
      const closest = outcome.considered[0]
      return `none of the ${outcome.filtersOnGroup} metric filter(s) on log group ${logGroup} matches ${watches}${closest ? ` (filter "${closest.filterName}": ${closest.why})` : ''}`
    }
    case 'filter-without-alarm':
      return `metric filter "${outcome.filters[0]!.filterName}" on log group ${logGroup} matches ${watches}, but no alarm watches its metric ${outcome.filters[0]!.metrics.join(', ')}`
    case 'alarm-without-notification': {
      const alarm = outcome.alarms[0]!
      const why = alarm.actionsEnabled ? 'notifies no SNS topic' : 'has its actions disabled'
      return `alarm "${alarm.alarmName}" watches the metric of filter "${outcome.filters[0]!.filterName}" on log group ${logGroup}, but ${why}`
    }
    case 'topic-without-subscriber': {
      const topic = outcome.topics[0]!
      const pending = topic.pending > 0 ? ` (${topic.pending} pending confirmation)` : ''
      return `alarm "${outcome.alarms[0]}" on the ${watches} filter of log group ${logGroup} notifies ${topic.topicArn}, which has no confirmed subscription${pending}`
    }
    case 'unreadable':
      return `the monitoring of log group ${logGroup} could not be read: ${outcome.error.code}`
  }
}

/** A region's monitoring slices in this account (declared in acrossRegions), or undefined when the region was not scanned. */
export function ownRegionMonitoring(ctx: CheckContext<unknown>, region: string): RegionMonitoring | undefined {
  const inRegion = <T>(readings: { region: string; slice: Readable<T> }[]) => readings.find((r) => r.region === region)?.slice
  const metricFilters = inRegion(ctx.readAllRegions('logs.metricFilters'))
  const alarms = inRegion(ctx.readAllRegions('cloudwatch.alarms'))
  const subscriptions = inRegion(ctx.readAllRegions('sns.subscriptions'))
  if (!metricFilters || !alarms || !subscriptions) return undefined
  return { region, metricFilters, alarms, subscriptions }
}

/** The evidence of one chain: what was found, bounded, never a subscription endpoint. */
export function outcomeEvidence(outcome: ChainOutcome): Record<string, unknown> {
  const { stage, ...rest } = outcome
  return { stage, ...rest }
}
