// Table test for ssm.sudo-alert: the region's Session Manager log group, a metric filter matching
// sudo, an alarm on its metric and a topic with a confirmed subscriber.
import { expect } from 'vitest'
import check from '../../../src/checks/ssm/sudo-alert.js'
import type { Alarm, MetricFilter, Subscription } from '../../../src/snapshot/monitoring.js'
import type { Readable, Snapshot } from '../../../src/snapshot/schema.js'
import type { SessionPreferences } from '../../../src/snapshot/ssm.js'
import { ACCOUNT_ID, accountSnapshot, denied, ok, snapshot } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'
import { alarm, filter, subscription, TOPIC } from '../cloudwatch/support.js'

const REGION = 'eu-west-1'
const SESSION_LOGS = '/ssm/sessions'
const resource = `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:document/SSM-SessionManagerRunShell`
const says = (text: string) => expect.stringContaining(text) as unknown as string

const LOGGING: SessionPreferences = { documentExists: true, cloudWatchLogGroupName: SESSION_LOGS, cloudWatchEncryptionEnabled: true, cloudWatchStreamingEnabled: true }

interface Spec {
  prefs?: Readable<SessionPreferences>
  filters?: Readable<MetricFilter[]>
  alarms?: Readable<Alarm[]>
  subscriptions?: Readable<Subscription[]>
}

function region(spec: Spec = {}): Snapshot {
  const a = accountSnapshot({ regions: [REGION] })
  a.regional = {
    [REGION]: {
      'ssm.sessionPreferences': spec.prefs ?? ok(LOGGING),
      'logs.metricFilters': spec.filters ?? ok([filter('sudo', 'sudo', { logGroup: SESSION_LOGS })]),
      'cloudwatch.alarms': spec.alarms ?? ok([alarm('sudo-alarm', 'sudo-metric')]),
      'sns.subscriptions': spec.subscriptions ?? ok([subscription()]),
    },
  }
  return snapshot(a)
}

const sudoFilter = (pattern: string, logGroup = SESSION_LOGS) => ok([filter('sudo', pattern, { logGroup })])

checkCases(check, {
  pass: [
    { name: 'filter "sudo" on the session log group, alarmed to a confirmed subscriber', snapshot: region(), expect: [{ resource, region: REGION, message: says('feeds alarm "sudo-alarm"') }] },
    { name: 'an OR term pattern ?sudo ?su', snapshot: region({ filters: sudoFilter('?sudo ?su') }) },
    { name: 'the quoted term "sudo"', snapshot: region({ filters: sudoFilter('"sudo"') }) },
    { name: 'logging to CloudWatch without streaming (the transcript arrives at session end)', snapshot: region({ prefs: ok({ ...LOGGING, cloudWatchStreamingEnabled: false }) }) },
  ],
  fail: [
    { name: 'no Session Manager preferences document: sessions are not logged', snapshot: region({ prefs: ok({ documentExists: false }) }), expect: [{ resource, message: says('see ssm.session-logging') }] },
    { name: 'sessions logged to S3 only', snapshot: region({ prefs: ok({ documentExists: true, s3BucketName: 'sessions', s3EncryptionEnabled: true }) }), expect: [{ resource, message: says('does not log sessions to CloudWatch Logs') }] },
    { name: 'the session log group has no metric filter', snapshot: region({ filters: ok([]) }), expect: [{ resource, message: says('has no metric filter') }] },
    { name: 'a sudo filter on another log group', snapshot: region({ filters: sudoFilter('sudo', '/other') }), expect: [{ resource, message: says('has no metric filter') }] },
    { name: 'a filter narrowed to sudo by root only', snapshot: region({ filters: sudoFilter('sudo root') }), expect: [{ resource, message: says('also requires `root`') }] },
    { name: 'a metric filter without an alarm', snapshot: region({ alarms: ok([]) }), expect: [{ resource, message: says('no alarm watches') }] },
    { name: 'an alarm whose topic has only a pending subscription', snapshot: region({ subscriptions: ok([subscription(TOPIC, false)]) }), expect: [{ resource, message: says('1 pending confirmation') }] },
  ],
  error: [
    { name: 'the preferences document is unreadable (engine gate)', snapshot: region({ prefs: denied('ssm:GetDocument') }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'the preferences document cannot be parsed', snapshot: region({ prefs: ok({ documentExists: true, problem: 'content is not JSON' }) }), expect: [{ errorCode: 'SessionPreferencesMalformed' }] },
    { name: 'the metric filters are unreadable', snapshot: region({ filters: denied('logs:DescribeMetricFilters') }), expect: [{ errorCode: 'AccessDenied', message: says('sudo') }] },
    { name: 'the subscriptions are unreadable', snapshot: region({ subscriptions: denied('sns:ListSubscriptions') }), expect: [{ errorCode: 'AccessDenied' }] },
  ],
})
