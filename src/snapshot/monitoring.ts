// Shapes of the monitoring slices the CIS 4.x checks read: CloudWatch Logs metric filters, CloudWatch
// alarms and SNS subscriptions, each per account and region (regional). Read account-wide (paged),
// never per log group or per topic, so the calls do not grow with the number of resources.
// SDK-free so checks can import the types.
import { z } from 'zod'
import { readable } from './readable.js'
import { defineSlices } from './slice-spec.js'

export const metricFilterSchema = z.object({
  filterName: z.string(),
  logGroupName: z.string(),
  /** The pattern as written; checks parse it (src/checks/lib/filter-pattern.ts). */
  filterPattern: z.string(),
  metricTransformations: z.array(z.object({ metricName: z.string(), metricNamespace: z.string() })),
})
export type MetricFilter = z.infer<typeof metricFilterSchema>

export const alarmSchema = z.object({
  alarmName: z.string(),
  alarmArn: z.string(),
  /** Single-metric alarms; a metric-math alarm lists its metrics in `metrics`. */
  metricName: z.string().optional(),
  namespace: z.string().optional(),
  metrics: z.array(z.object({ metricName: z.string(), namespace: z.string() })).default([]),
  actionsEnabled: z.boolean(),
  alarmActions: z.array(z.string()),
  stateValue: z.string().optional(),
})
export type Alarm = z.infer<typeof alarmSchema>

export const subscriptionSchema = z.object({
  topicArn: z.string(),
  /** 'PendingConfirmation' (or 'Deleted') until the endpoint confirms: not a subscriber yet. */
  subscriptionArn: z.string(),
  protocol: z.string(),
  /** Never the endpoint itself: an e-mail address or URL is personal data and not needed as evidence. */
  confirmed: z.boolean(),
})
export type Subscription = z.infer<typeof subscriptionSchema>

export const MONITORING_SLICES = defineSlices({
  'logs.metricFilters': { scope: 'regional', schema: z.array(metricFilterSchema) },
  'cloudwatch.alarms': { scope: 'regional', schema: z.array(alarmSchema) },
  'sns.subscriptions': { scope: 'regional', schema: z.array(subscriptionSchema) },
})

/** The monitoring slices of one region, as the organization collector keeps them for an organization trail's log group. */
export const regionMonitoringSchema = z.object({
  region: z.string(),
  metricFilters: readable(z.array(metricFilterSchema)),
  alarms: readable(z.array(alarmSchema)),
  subscriptions: readable(z.array(subscriptionSchema)),
})
export type RegionMonitoring = z.infer<typeof regionMonitoringSchema>
