// The monitoring picture of a region, for the CIS 4.x alarm checks and ssm.sudo-alert, one isolated
// read per slice, each listed account-wide and paged (never per log group, alarm or topic):
//   logs:DescribeMetricFilters   → 'logs.metricFilters'  (50 per page, the API's maximum)
//   cloudwatch:DescribeAlarms    → 'cloudwatch.alarms'   (metric alarms, 100 per page)
//   sns:ListSubscriptions        → 'sns.subscriptions'   (100 per page, fixed by SNS)
// Calls per account-region: 3 plus one per extra page of each.
//
// Each function takes a client, so the organization collector reads the same slices in the management
// account for the region an organization trail delivers its CloudWatch Logs to.
import { DescribeAlarmsCommand, type CloudWatchClient, type MetricAlarm } from '@aws-sdk/client-cloudwatch'
import { DescribeMetricFiltersCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { ListSubscriptionsCommand, type SNSClient } from '@aws-sdk/client-sns'
import { collectTokenPages } from '../../aws/paginate.js'
import type { Alarm, MetricFilter, Subscription } from '../../snapshot/monitoring.js'
import type { Readable } from '../../snapshot/readable.js'
import { isolatedRead } from '../isolate.js'
import { required } from '../response.js'

const METRIC_FILTERS = 'logs:DescribeMetricFilters'
const ALARMS = 'cloudwatch:DescribeAlarms'
const SUBSCRIPTIONS = 'sns:ListSubscriptions'

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)

/** Every metric filter of every log group in the client's region. */
export function collectMetricFilters(logs: CloudWatchLogsClient): Promise<Readable<MetricFilter[]>> {
  return isolatedRead(METRIC_FILTERS, async () => {
    const pages = await collectTokenPages(async (token) => {
      const page = await logs.send(new DescribeMetricFiltersCommand({ limit: 50, ...(token ? { nextToken: token } : {}) }))
      return { ...page, NextToken: page.nextToken }
    })
    const filters: MetricFilter[] = []
    for (const page of pages) {
      for (const f of page.metricFilters ?? []) {
        filters.push({
          filterName: required(f.filterName, 'metricFilters[].filterName', METRIC_FILTERS),
          logGroupName: required(f.logGroupName, 'metricFilters[].logGroupName', METRIC_FILTERS),
          // AWS stores the pattern as given; an absent pattern is the empty one (matches every event).
          filterPattern: f.filterPattern ?? '',
          metricTransformations: (f.metricTransformations ?? []).map((t) => ({
            metricName: required(t.metricName, 'metricTransformations[].metricName', METRIC_FILTERS),
            metricNamespace: required(t.metricNamespace, 'metricTransformations[].metricNamespace', METRIC_FILTERS),
          })),
        })
      }
    }
    return filters.sort(byKey((f) => `${f.logGroupName}\u0000${f.filterName}`))
  })
}

function alarmOf(a: MetricAlarm): Alarm {
  const alarm: Alarm = {
    alarmName: required(a.AlarmName, 'MetricAlarms[].AlarmName', ALARMS),
    alarmArn: required(a.AlarmArn, 'MetricAlarms[].AlarmArn', ALARMS),
    // The metrics a metric-math alarm reads; the expressions themselves are not needed to know which
    // metric filter feeds it.
    metrics: (a.Metrics ?? []).flatMap((q) => {
      const metric = q.MetricStat?.Metric
      return metric?.MetricName && metric.Namespace ? [{ metricName: metric.MetricName, namespace: metric.Namespace }] : []
    }),
    // AWS's default when the field is absent is true.
    actionsEnabled: a.ActionsEnabled ?? true,
    alarmActions: a.AlarmActions ?? [],
  }
  if (a.MetricName) alarm.metricName = a.MetricName
  if (a.Namespace) alarm.namespace = a.Namespace
  if (a.StateValue) alarm.stateValue = a.StateValue
  return alarm
}

/** Every metric alarm in the client's region (composite alarms watch alarms, not metrics). */
export function collectAlarms(cloudwatch: CloudWatchClient): Promise<Readable<Alarm[]>> {
  return isolatedRead(ALARMS, async () => {
    const pages = await collectTokenPages((token) => cloudwatch.send(new DescribeAlarmsCommand({ MaxRecords: 100, AlarmTypes: ['MetricAlarm'], ...(token ? { NextToken: token } : {}) })))
    return pages.flatMap((p) => (p.MetricAlarms ?? []).map(alarmOf)).sort(byKey((a) => a.alarmArn))
  })
}

/**
 * Every subscription in the client's region. Confirmed means SNS gave it an ARN: until the endpoint
 * confirms, SNS lists 'PendingConfirmation' (and 'Deleted' for one being removed) instead. The
 * endpoint (an e-mail address, a URL, a phone number) is never stored.
 */
export function collectSubscriptions(sns: SNSClient): Promise<Readable<Subscription[]>> {
  return isolatedRead(SUBSCRIPTIONS, async () => {
    const pages = await collectTokenPages((token) => sns.send(new ListSubscriptionsCommand(token ? { NextToken: token } : {})))
    const subscriptions = pages.flatMap((p) =>
      (p.Subscriptions ?? []).map((s): Subscription => {
        const subscriptionArn = required(s.SubscriptionArn, 'Subscriptions[].SubscriptionArn', SUBSCRIPTIONS)
        return {
          topicArn: required(s.TopicArn, 'Subscriptions[].TopicArn', SUBSCRIPTIONS),
          subscriptionArn,
          protocol: s.Protocol ?? 'unknown',
          confirmed: subscriptionArn.startsWith('arn:'),
        }
      }),
    )
    return subscriptions.sort(byKey((s) => `${s.topicArn}\u0000${s.subscriptionArn}`))
  })
}
