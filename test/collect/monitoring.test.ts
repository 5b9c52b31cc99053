// The monitoring collectors (src/collect/collectors/monitoring.ts). The emulator path (moto 5.2.5:
// PutMetricFilter/DescribeMetricFilters, PutMetricAlarm/DescribeAlarms, CreateTopic/Subscribe/
// ListSubscriptions) is covered by test/checks/cloudwatch/monitoring.e2e.test.ts and the pipeline
// test. What moto cannot show is stubbed here at the SDK boundary with responses shaped like AWS's:
// moto confirms every subscription at once (never 'PendingConfirmation'), answers each list in one
// page, and accepts only single-metric alarms through the SDK path we seed.
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs'
import { ListSubscriptionsCommand, SNSClient } from '@aws-sdk/client-sns'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { collectAlarms, collectMetricFilters, collectSubscriptions } from '../../src/collect/collectors/monitoring.js'
import { alarmSchema, metricFilterSchema, subscriptionSchema } from '../../src/snapshot/monitoring.js'

const awsError = (name: string, message: string, httpStatusCode = 400) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode } })
const REGION = 'eu-west-1'
const logs = () => new CloudWatchLogsClient({ region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
const cloudwatch = () => new CloudWatchClient({ region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
const sns = () => new SNSClient({ region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:security-alarms'

describe('collectSubscriptions', () => {
  const mock = mockClient(SNSClient)
  afterEach(() => mock.reset())

  it('(SDK-boundary stub: moto confirms every subscription) a pending or deleted subscription is not confirmed, and no endpoint is stored', async () => {
    mock.on(ListSubscriptionsCommand).resolves({
      Subscriptions: [
        { SubscriptionArn: 'PendingConfirmation', Owner: '111111111111', Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: TOPIC },
        { SubscriptionArn: 'Deleted', Owner: '111111111111', Protocol: 'email', Endpoint: 'old@example.com', TopicArn: TOPIC },
        { SubscriptionArn: `${TOPIC}:5f1c0d62-7a1e-4d4c-9a43-2d6f3f0e8b11`, Owner: '111111111111', Protocol: 'https', Endpoint: 'https://hooks.example.com/secret-token', TopicArn: TOPIC },
      ],
    })
    const slice = await collectSubscriptions(sns())
    expect(slice).toEqual({
      kind: 'ok',
      value: [
        { topicArn: TOPIC, subscriptionArn: 'Deleted', protocol: 'email', confirmed: false },
        { topicArn: TOPIC, subscriptionArn: 'PendingConfirmation', protocol: 'email', confirmed: false },
        { topicArn: TOPIC, subscriptionArn: `${TOPIC}:5f1c0d62-7a1e-4d4c-9a43-2d6f3f0e8b11`, protocol: 'https', confirmed: true },
      ],
    })
    const stored = JSON.stringify(slice)
    for (const endpoint of ['oncall@example.com', 'old@example.com', 'secret-token']) expect(stored).not.toContain(endpoint)
    if (slice.kind === 'ok') for (const s of slice.value) expect(subscriptionSchema.safeParse(s).success).toBe(true)
  })

  it('(SDK-boundary stub: moto answers in one page) follows NextToken across pages, one call each', async () => {
    mock
      .on(ListSubscriptionsCommand, {})
      .resolves({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:a`, Protocol: 'email', TopicArn: TOPIC }], NextToken: 'page-2' })
      .on(ListSubscriptionsCommand, { NextToken: 'page-2' })
      .resolves({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:b`, Protocol: 'sqs', TopicArn: TOPIC }] })
    const slice = await collectSubscriptions(sns())
    expect(slice.kind === 'ok' && slice.value.map((s) => s.subscriptionArn)).toEqual([`${TOPIC}:a`, `${TOPIC}:b`])
    expect(mock.commandCalls(ListSubscriptionsCommand)).toHaveLength(2)
  })

  it('AccessDenied makes the slice unreadable with the code and the operation', async () => {
    mock.on(ListSubscriptionsCommand).rejects(awsError('AuthorizationError', 'User is not authorized to perform: SNS:ListSubscriptions', 403))
    expect(await collectSubscriptions(sns())).toEqual({ kind: 'unreadable', error: { code: 'AuthorizationError', message: expect.stringContaining('SNS:ListSubscriptions'), operation: 'sns:ListSubscriptions' } })
  })

  it('a subscription without its TopicArn is a malformed response, not a subscriber', async () => {
    mock.on(ListSubscriptionsCommand).resolves({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:a`, Protocol: 'email' }] })
    expect(await collectSubscriptions(sns())).toMatchObject({ kind: 'unreadable', error: { code: 'MalformedResponse', operation: 'sns:ListSubscriptions' } })
  })

  it('a NextToken that repeats is an error, not an endless loop', async () => {
    mock.on(ListSubscriptionsCommand).resolves({ Subscriptions: [], NextToken: 'same' })
    expect(await collectSubscriptions(sns())).toMatchObject({ kind: 'unreadable', error: { code: 'PaginationLoop' } })
  })
})

describe('collectMetricFilters', () => {
  const mock = mockClient(CloudWatchLogsClient)
  afterEach(() => mock.reset())

  it('(SDK-boundary stub: moto answers in one page) lists every log group’s filters account-wide, 50 per page, sorted', async () => {
    mock
      .on(DescribeMetricFiltersCommand, { limit: 50 })
      .resolves({ metricFilters: [{ filterName: 'root', logGroupName: 'trail', filterPattern: '{ $.userIdentity.type = "Root" }', metricTransformations: [{ metricName: 'Root', metricNamespace: 'CIS', metricValue: '1' }] }], nextToken: 't2' })
      .on(DescribeMetricFiltersCommand, { limit: 50, nextToken: 't2' })
      .resolves({ metricFilters: [{ filterName: 'all', logGroupName: 'app', metricTransformations: [{ metricName: 'All', metricNamespace: 'App', metricValue: '1' }] }] })
    const slice = await collectMetricFilters(logs())
    expect(slice).toEqual({
      kind: 'ok',
      value: [
        { filterName: 'all', logGroupName: 'app', filterPattern: '', metricTransformations: [{ metricName: 'All', metricNamespace: 'App' }] },
        { filterName: 'root', logGroupName: 'trail', filterPattern: '{ $.userIdentity.type = "Root" }', metricTransformations: [{ metricName: 'Root', metricNamespace: 'CIS' }] },
      ],
    })
    if (slice.kind === 'ok') for (const f of slice.value) expect(metricFilterSchema.safeParse(f).success).toBe(true)
    // Never asked per log group: the calls do not grow with the number of groups.
    for (const call of mock.commandCalls(DescribeMetricFiltersCommand)) expect(call.args[0].input.logGroupName).toBeUndefined()
  })

  it('AccessDenied makes the slice unreadable', async () => {
    mock.on(DescribeMetricFiltersCommand).rejects(awsError('AccessDeniedException', 'not authorized'))
    expect(await collectMetricFilters(logs())).toMatchObject({ kind: 'unreadable', error: { code: 'AccessDeniedException', operation: 'logs:DescribeMetricFilters' } })
  })
})

describe('collectAlarms', () => {
  const mock = mockClient(CloudWatchClient)
  afterEach(() => mock.reset())

  it('(SDK-boundary stub: moto answers in one page) keeps single-metric and metric-math alarms, with actions and their state', async () => {
    mock
      .on(DescribeAlarmsCommand, { MaxRecords: 100, AlarmTypes: ['MetricAlarm'] })
      .resolves({
        MetricAlarms: [{ AlarmName: 'root', AlarmArn: 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:root', MetricName: 'Root', Namespace: 'CIS', ActionsEnabled: true, AlarmActions: [TOPIC], StateValue: 'OK' }],
        NextToken: 'n2',
      })
      .on(DescribeAlarmsCommand, { MaxRecords: 100, AlarmTypes: ['MetricAlarm'], NextToken: 'n2' })
      .resolves({
        MetricAlarms: [
          {
            AlarmName: 'math',
            AlarmArn: 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:math',
            ActionsEnabled: false,
            AlarmActions: [],
            Metrics: [{ Id: 'm1', MetricStat: { Metric: { MetricName: 'Root', Namespace: 'CIS' }, Period: 300, Stat: 'Sum' } }, { Id: 'e1', Expression: 'm1 * 2' }],
          },
        ],
      })
    const slice = await collectAlarms(cloudwatch())
    expect(slice).toEqual({
      kind: 'ok',
      value: [
        { alarmName: 'math', alarmArn: 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:math', metrics: [{ metricName: 'Root', namespace: 'CIS' }], actionsEnabled: false, alarmActions: [] },
        { alarmName: 'root', alarmArn: 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:root', metricName: 'Root', namespace: 'CIS', metrics: [], actionsEnabled: true, alarmActions: [TOPIC], stateValue: 'OK' },
      ],
    })
    if (slice.kind === 'ok') for (const a of slice.value) expect(alarmSchema.safeParse(a).success).toBe(true)
  })

  it('throttling beyond retries makes the slice unreadable and transient', async () => {
    mock.on(DescribeAlarmsCommand).rejects(awsError('Throttling', 'Rate exceeded'))
    expect(await collectAlarms(cloudwatch())).toMatchObject({ kind: 'unreadable', error: { code: 'Throttling', operation: 'cloudwatch:DescribeAlarms', transient: true } })
  })
})
