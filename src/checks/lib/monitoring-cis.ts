// One definition for the fifteen CIS 4.x alarm checks: each check file is `defineCisAlarmCheck` of
// its row in monitoring-requirements.ts, so the logic lives here once.
//
// Per account: the trails that apply to it (its own, and its organization's trails: trails.ts); the
// candidates are those that are multi-region, logging, and deliver to CloudWatch Logs. The account
// passes when some candidate's log group has the whole chain (monitoring.ts) for the requirement's
// pattern: own trails are judged on the account's slices of the log group's region, organization
// trails on the management account's monitoring the organization view carries. Otherwise it fails
// naming the furthest link reached, or — when something it needed was unreadable and nothing passed —
// reports `error` with the AWS code: an unread region could hold the trail or alarm that passes.
import { z } from 'zod'
import type { AwsError } from '../../snapshot/readable.js'
import type { RegionMonitoring } from '../../snapshot/monitoring.js'
import { defineCheck, type CheckContext, type CheckInput } from '../define.js'
import { satisfiesRequirement } from './filter-pattern.js'
import type { CisMonitoringRequirement } from './monitoring-requirements.js'
import { describeOutcome, followAlarmChain, outcomeEvidence, ownRegionMonitoring, STAGE_RANK, type ChainOutcome } from './monitoring.js'
import { trailEvidence, trailsOfAccount, type AppliedTrail } from './trails.js'

const LOG_GROUP_ARN = /^arn:([^:]+):logs:([^:]+):(\d{12}):log-group:([^:]+)(?::\*)?$/

export interface LogGroupRef {
  arn: string
  region: string
  accountId: string
  name: string
}

export function parseLogGroupArn(arn: string): LogGroupRef | undefined {
  const m = LOG_GROUP_ARN.exec(arn)
  return m ? { arn: arn.replace(/:\*$/, ''), region: m[2]!, accountId: m[3]!, name: m[4]! } : undefined
}

interface Candidate {
  applied: AppliedTrail
  logGroup: LogGroupRef
}

/** Why a trail cannot feed the alarms, or undefined when it can (with its log group). */
function candidateOf(applied: AppliedTrail): { candidate: Candidate } | { rejected: string } | { unreadable: AwsError } {
  const { trail } = applied
  if (!trail.isMultiRegion) return { rejected: 'single-region trail (it does not see the events of other regions)' }
  if (!trail.cloudWatchLogsLogGroupArn) return { rejected: 'does not deliver to CloudWatch Logs' }
  const logGroup = parseLogGroupArn(trail.cloudWatchLogsLogGroupArn)
  if (!logGroup) return { rejected: `CloudWatch Logs destination ${trail.cloudWatchLogsLogGroupArn} is not a log group ARN` }
  if (trail.status.kind === 'unreadable') return { unreadable: trail.status.error }
  if (!trail.status.value.isLogging) return { rejected: 'exists but is not logging' }
  return { candidate: { applied, logGroup } }
}

const notCollected = (region: string): AwsError => ({ code: 'NotCollected', message: `the monitoring slices of ${region} were not collected (region not scanned)`, operation: 'logs:DescribeMetricFilters' })

function monitoringFor(candidate: Candidate, ctx: CheckContext<unknown>, organizationMonitoring: RegionMonitoring[]): RegionMonitoring | undefined {
  if (candidate.applied.via === 'organization') return organizationMonitoring.find((m) => m.region === candidate.logGroup.region)
  return ownRegionMonitoring(ctx, candidate.logGroup.region)
}

export function evaluateCisAlarm(requirement: CisMonitoringRequirement, input: CheckInput, ctx: CheckContext<unknown>): void {
  const { trails, unreadable, organizationMonitoring } = trailsOfAccount(input, ctx)
  const problems: { where: string; error: AwsError }[] = [...unreadable]
  const rejected: Record<string, unknown>[] = []
  const candidates = new Map<string, Candidate>()
  for (const applied of trails) {
    const c = candidateOf(applied)
    if ('candidate' in c) {
      if (!candidates.has(c.candidate.logGroup.arn)) candidates.set(c.candidate.logGroup.arn, c.candidate)
    } else if ('unreadable' in c) problems.push({ where: `status of trail ${applied.trail.arn}`, error: c.unreadable })
    else rejected.push({ ...trailEvidence(applied), why: c.rejected })
  }

  const matches = (pattern: string) => satisfiesRequirement(pattern, requirement.pattern)
  const results = [...candidates.values()].map((candidate) => {
    const monitoring = monitoringFor(candidate, ctx, organizationMonitoring)
    const outcome: ChainOutcome = monitoring ? followAlarmChain(candidate.logGroup.name, monitoring, matches) : { stage: 'unreadable', error: notCollected(candidate.logGroup.region) }
    if (outcome.stage === 'unreadable') problems.push({ where: `monitoring of ${candidate.logGroup.arn}`, error: outcome.error })
    return { candidate, outcome }
  })

  const item = `CIS ${requirement.cisItem}`
  const evidence = {
    cisItem: requirement.cisItem,
    referencePattern: requirement.pattern.reference,
    logGroups: results.map(({ candidate, outcome }) => ({ logGroup: candidate.logGroup.arn, ...trailEvidence(candidate.applied), ...outcomeEvidence(outcome) })),
    trailsNotUsable: rejected,
  }
  const passed = results.find((r) => r.outcome.stage === 'alarmed')
  if (passed) {
    const via = passed.candidate.applied.via === 'organization' ? ` (organization trail ${passed.candidate.applied.trail.name} of account ${passed.candidate.applied.trail.accountId})` : ''
    ctx.pass(ctx.accountArn, `${item}: ${describeOutcome(passed.outcome, passed.candidate.logGroup.name, requirement.watches)}${via}`, { evidence })
    return
  }
  const problem = problems[0]
  if (problem) {
    ctx.error(ctx.accountArn, `${item}: cannot tell whether ${requirement.watches} raise an alarm: ${problem.where} could not be read (${problem.error.code}: ${problem.error.message})`, problem.error.code)
    return
  }
  if (results.length === 0) {
    ctx.fail(ctx.accountArn, `${item}: no multi-region trail that is logging delivers to CloudWatch Logs, so no metric filter can watch for ${requirement.watches}`, { evidence })
    return
  }
  const furthest = results.reduce((best, r) => (STAGE_RANK[r.outcome.stage] > STAGE_RANK[best.outcome.stage] ? r : best))
  const message = describeOutcome(furthest.outcome, furthest.candidate.logGroup.name, requirement.watches)
  ctx.fail(ctx.accountArn, `${item}: ${message.charAt(0).toUpperCase()}${message.slice(1)}`, { evidence })
}

function remediation(r: CisMonitoringRequirement): string {
  const pattern = r.pattern.reference.replace(/'/g, "'\\''")
  return [
    'On the log group a multi-region, logging CloudTrail trail delivers to (see cloudtrail.cloudwatch):',
    `1. \`aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name ${r.exampleMetric} --metric-transformations metricName=${r.exampleMetric},metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '${pattern}'\`;`,
    '2. `aws sns create-topic --name security-alarms` and `aws sns subscribe --topic-arn <topic-arn> --protocol email --notification-endpoint <team-address>`, then confirm the subscription from the e-mail (a pending subscription notifies no one);',
    `3. \`aws cloudwatch put-metric-alarm --alarm-name ${r.exampleMetric.replace(/_metric$/, '_alarm')} --metric-name ${r.exampleMetric} --namespace CISBenchmark --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --evaluation-periods 1 --alarm-actions <topic-arn>\`.`,
    "In an organization, do this once on the organization trail's log group in the management account: it covers every member.",
  ].join(' ')
}

/** The check of one CIS 4.x item. */
export function defineCisAlarmCheck(requirement: CisMonitoringRequirement) {
  return defineCheck({
    id: `cloudwatch.alarm-${requirement.name}`,
    title: `A metric filter and alarm watch ${requirement.watches} (CIS ${requirement.cisItem})`,
    description:
      `CIS ${requirement.cisItem} "${requirement.cisTitle}". Passes when a CloudTrail trail that applies to the account (its own, or its organization's) is multi-region, logging and delivers to CloudWatch Logs, and on that log group a metric filter matches the CIS pattern ${requirement.pattern.reference}, ` +
      'an alarm with its actions enabled watches the filter’s metric, and one of its SNS topics has at least one confirmed subscription. Patterns are compared semantically: term order, spacing, quoting, parentheses and extra alternatives do not matter; a missing term or an added restriction does (src/checks/lib/filter-pattern.ts). ' +
      'Fails naming the missing link (no such trail, no matching filter, a filter without alarm, an alarm notifying nobody); reports an error when a trail region or the monitoring it needed could not be read and nothing passed.',
    rationale: `${requirement.why} A metric filter nobody is alarmed by, or an alarm whose topic has no confirmed subscriber, records the event and tells no one.`,
    remediation: remediation(requirement),
    scope: 'account',
    requires: [],
    acrossRegions: ['cloudtrail.trails', 'logs.metricFilters', 'cloudwatch.alarms', 'sns.subscriptions'],
    options: z.strictObject({}),
    evaluate(input, ctx) {
      evaluateCisAlarm(requirement, input, ctx)
    },
  })
}
