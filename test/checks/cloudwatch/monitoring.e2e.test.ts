// The CIS 4.x alarm checks and ssm.sudo-alert against the emulator, end to end: a multi-region trail
// delivering to a CloudWatch Logs group, metric filters, alarms and SNS topics seeded through the SDK
// as an administrator would, collected by the registry's collectors (CloudTrail, Logs, CloudWatch,
// SNS, SSM), evaluated; then the same through `guardrail scan`.
// Covers: an equivalent-but-differently-written pattern that passes; a metric filter without an
// alarm; an alarm whose topic has no subscriber; a pattern missing a term; items with no filter; a
// trail that exists but does not log; the Session Manager log group with a sudo alarm.
// moto confirms every subscription at once, so "pending confirmation" is shown at the SDK boundary
// (test/collect/monitoring.test.ts), not here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail'
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient, CreateLogGroupCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns'
import { describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../../src/aws/call-counter.js'
import { createSession } from '../../../src/aws/session.js'
import { ALL_CHECKS } from '../../../src/checks/index.js'
import { CIS_MONITORING } from '../../../src/checks/lib/monitoring-requirements.js'
import type { Finding } from '../../../src/core/types.js'
import { ManagedPolicyCache } from '../../../src/collect/managed-policy-cache.js'
import { collectAccount } from '../../../src/collect/pipeline.js'
import { COLLECTORS } from '../../../src/collect/registry.js'
import { evaluateSnapshot } from '../../../src/engine/evaluate.js'
import { findingsReportSchema } from '../../../src/report/schema.js'
import type { RuleSet } from '../../../src/rules/load.js'
import { DEFAULT_ORG_SETTINGS } from '../../../src/rules/schema.js'
import { accountSnapshotSchema } from '../../../src/snapshot/schema.js'
import { snapshot } from '../../support/builders.js'
import { useEmulator, useUserShellEnvironment } from '../../support/emulator.js'
import { onlyChecksConfig, runCli, tempDir } from '../../cli/helpers.js'
import { createSessionPreferences } from '../../collect/seeds/ssm.js'

const env = useEmulator()
useUserShellEnvironment(() => env.endpoint)
const REGION = 'eu-west-1'
const OTHER = 'us-east-1'
const ACCOUNT = '123456789012'
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }
const LOG_GROUP = 'org-audit/cloudtrail'
const SESSION_LOGS = '/ssm/sessions'

const client = <T>(C: new (config: object) => T, region = REGION) => new C({ region, endpoint: env.endpoint, credentials, maxAttempts: 1, forcePathStyle: true })

async function filterWithAlarm(name: string, pattern: string, opts: { logGroup?: string; topic?: string } = {}): Promise<void> {
  await client(CloudWatchLogsClient).send(
    new PutMetricFilterCommand({ logGroupName: opts.logGroup ?? LOG_GROUP, filterName: name, filterPattern: pattern, metricTransformations: [{ metricName: name, metricNamespace: 'CISBenchmark', metricValue: '1' }] }),
  )
  if (opts.topic) {
    await client(CloudWatchClient).send(
      new PutMetricAlarmCommand({ AlarmName: `${name}-alarm`, MetricName: name, Namespace: 'CISBenchmark', Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [opts.topic] }),
    )
  }
}

/** A logging multi-region trail to LOG_GROUP, and monitoring in the state the assertions below describe. */
async function seed(): Promise<void> {
  await client(S3Client).send(new CreateBucketCommand({ Bucket: 'audit-trail-bucket', CreateBucketConfiguration: { LocationConstraint: REGION } }))
  const logs = client(CloudWatchLogsClient)
  await logs.send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }))
  await logs.send(new CreateLogGroupCommand({ logGroupName: SESSION_LOGS }))
  const cloudtrail = client(CloudTrailClient)
  await cloudtrail.send(
    new CreateTrailCommand({
      Name: 'main',
      S3BucketName: 'audit-trail-bucket',
      IsMultiRegionTrail: true,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP}:*`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/cloudtrail-to-logs`,
    }),
  )
  await cloudtrail.send(new StartLoggingCommand({ Name: 'main' }))
  // A second multi-region trail that exists but does not log: it must not count.
  await cloudtrail.send(new CreateTrailCommand({ Name: 'stopped', S3BucketName: 'audit-trail-bucket', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:stopped-logs:*`, CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/cloudtrail-to-logs` }))
  await cloudtrail.send(new StopLoggingCommand({ Name: 'stopped' }))

  const sns = client(SNSClient)
  const subscribed = (await sns.send(new CreateTopicCommand({ Name: 'security-alarms' }))).TopicArn!
  await sns.send(new SubscribeCommand({ TopicArn: subscribed, Protocol: 'email', Endpoint: 'security@example.com' }))
  const nobody = (await sns.send(new CreateTopicCommand({ Name: 'nobody-listens' }))).TopicArn!

  // 4.3: equivalent to the CIS pattern, written differently (order, spacing, quoting, parentheses).
  await filterWithAlarm('root-usage', '{($.eventType!="AwsServiceEvent")&&($.userIdentity.invokedBy NOT EXISTS)&&($.userIdentity.type=Root)}', { topic: subscribed })
  // 4.5: the CIS pattern, but no alarm on its metric.
  await filterWithAlarm('cloudtrail-changes', CIS_MONITORING['cloudtrail-changes'].pattern.reference)
  // 4.1: the CIS pattern and an alarm, to a topic nobody subscribed to.
  await filterWithAlarm('unauthorized-api-calls', CIS_MONITORING['unauthorized-api-calls'].pattern.reference, { topic: nobody })
  // 4.4: alarmed, but the pattern misses DetachGroupPolicy.
  await filterWithAlarm('iam-policy-changes', CIS_MONITORING['iam-policy-changes'].pattern.reference.replace(' || ($.eventName = DetachGroupPolicy)', ''), { topic: subscribed })
  // ssm.sudo-alert: the Session Manager log group, a "sudo" filter alarmed to the subscribed topic.
  await createSessionPreferences(env.endpoint, REGION, { cloudWatchLogGroupName: SESSION_LOGS, cloudWatchEncryptionEnabled: true, cloudWatchStreamingEnabled: true })
  await filterWithAlarm('session-sudo', 'sudo', { logGroup: SESSION_LOGS, topic: subscribed })
}

const MONITORING_CHECKS = ALL_CHECKS.filter((c) => c.id.startsWith('cloudwatch.alarm-') || c.id === 'ssm.sudo-alert')

/** The checks under test, whatever rules/baseline.yaml says of them (the verdicts, not the severities, are tested). */
function monitoringRules(): RuleSet {
  return { frameworks: [], settings: DEFAULT_ORG_SETTINGS, rules: new Map(MONITORING_CHECKS.map((check) => [check.id, { check, enabled: true, severity: 'medium' as const, options: {}, frameworks: {} }])) }
}

const byCheck = (findings: readonly Pick<Finding, 'checkId' | 'status' | 'message' | 'region'>[], id: string) => findings.filter((f) => f.checkId === id)

function expectVerdicts(findings: readonly Pick<Finding, 'checkId' | 'status' | 'message' | 'region'>[]): void {
  const one = (name: string) => {
    const found = byCheck(findings, `cloudwatch.alarm-${name}`)
    expect(found, name).toHaveLength(1)
    return found[0]!
  }
  expect(one('root-usage')).toMatchObject({ status: 'pass', message: expect.stringContaining('feeds alarm "root-usage-alarm"') })
  expect(one('cloudtrail-changes')).toMatchObject({ status: 'fail', message: expect.stringContaining('no alarm watches its metric CISBenchmark/cloudtrail-changes') })
  expect(one('unauthorized-api-calls')).toMatchObject({ status: 'fail', message: expect.stringContaining('nobody-listens, which has no confirmed subscription') })
  expect(one('iam-policy-changes')).toMatchObject({ status: 'fail', message: expect.stringContaining('misses `$.eventName = "DetachGroupPolicy"`') })
  for (const name of Object.keys(CIS_MONITORING).filter((n) => !['root-usage', 'cloudtrail-changes', 'unauthorized-api-calls', 'iam-policy-changes'].includes(n))) {
    expect(one(name), name).toMatchObject({ status: 'fail', message: expect.stringContaining(`metric filter(s) on log group ${LOG_GROUP} matches`) })
  }
  const sudo = byCheck(findings, 'ssm.sudo-alert')
  expect(sudo.find((f) => f.region === REGION)).toMatchObject({ status: 'pass', message: expect.stringContaining('session-sudo-alarm') })
  expect(findings.filter((f) => f.status === 'error')).toEqual([])
}

describe('CIS 4.x monitoring checks against the emulator', { timeout: 180_000 }, () => {
  it('collects trails, metric filters, alarms and subscriptions, and gives each item the verdict its seeding deserves', async () => {
    await seed()
    const session = createSession({ region: REGION, credentials, endpoint: env.endpoint, maxAttempts: 1, counter: new ApiCallCounter() })
    const services = new Set(['cloudtrail', 'logs', 'cloudwatch', 'sns', 'ssm'])
    const account = await collectAccount({ accountId: ACCOUNT, session, partition: 'aws', regions: [REGION, OTHER], cache: new ManagedPolicyCache(), collectors: COLLECTORS.filter((c) => services.has(c.service)) })
    expect(accountSnapshotSchema.safeParse(JSON.parse(JSON.stringify(account))).success).toBe(true)

    const filters = account.regional[REGION]!['logs.metricFilters']!
    expect(filters.kind === 'ok' && filters.value.map((f) => f.filterName).sort()).toEqual(['cloudtrail-changes', 'iam-policy-changes', 'root-usage', 'session-sudo', 'unauthorized-api-calls'])
    const subscriptions = account.regional[REGION]!['sns.subscriptions']!
    expect(subscriptions.kind === 'ok' && subscriptions.value).toEqual([expect.objectContaining({ protocol: 'email', confirmed: true })])
    expect(JSON.stringify(account)).not.toContain('security@example.com')

    const findings = evaluateSnapshot(snapshot({ ...account }), monitoringRules(), { now: new Date() })
    expectVerdicts(findings)
    // The stopped trail was seen and set aside for what it is.
    const evidence = findings.find((f) => f.checkId === 'cloudwatch.alarm-root-usage')!.evidence as { trailsNotUsable: { trail: string; why: string }[] }
    expect(evidence.trailsNotUsable).toEqual([expect.objectContaining({ trail: 'stopped', why: 'exists but is not logging' })])
    // us-east-1 logs sessions nowhere: sudo cannot be alarmed on there.
    expect(byCheck(findings, 'ssm.sudo-alert').find((f) => f.region === OTHER)).toMatchObject({ status: 'fail', message: expect.stringContaining('does not log sessions to CloudWatch Logs') })
  })

  it('gives the same verdicts through `guardrail scan`', async () => {
    await seed()
    const dir = tempDir()
    const config = onlyChecksConfig(dir, MONITORING_CHECKS.map((c) => c.id))
    const r = await runCli(['scan', '--regions', REGION, '--config', config, '--fail-on', 'none', '--quiet'], { cwd: dir })
    expect(r.stderr).not.toContain('error:')
    expect(r.code).toBe(0)
    const report = findingsReportSchema.parse(JSON.parse(readFileSync(join(dir, 'guardrail-report', 'findings.json'), 'utf8')))
    expectVerdicts(report.findings)
    expect(report.apiCalls.byService.logs).toBeGreaterThan(0)
  })
})
