// Table test for the alarm chain every cloudwatch.alarm-* check shares (src/checks/lib/monitoring-cis.ts
// and monitoring.ts), run through cloudwatch.alarm-root-usage (CIS 4.3) and, where the pattern matters,
// other items: each link of trail → log group → metric filter → alarm → topic → confirmed
// subscription, own trails and organization trails, and exactly which unreadable slices make it an error.
import { expect } from 'vitest'
import rootUsage from '../../../src/checks/cloudwatch/alarm-root-usage.js'
import cloudtrailChanges from '../../../src/checks/cloudwatch/alarm-cloudtrail-changes.js'
import { CIS_MONITORING } from '../../../src/checks/lib/monitoring-requirements.js'
import { checkCases } from '../../support/check-cases.js'
import { ACCOUNT_ID, alarm, denied, filter, logGroupArn, MEMBER_ID, memberCoveredByOrganizationTrail, monitoredAccount, OTHER_REGION, REGION, subscription, TOPIC, trail, wired } from './support.js'

const ROOT = CIS_MONITORING['root-usage'].pattern.reference
const account = `arn:aws:iam::${ACCOUNT_ID}:root`
const member = `arn:aws:iam::${MEMBER_ID}:root`
const says = (text: string) => expect.stringContaining(text) as unknown as string

checkCases(rootUsage, {
  pass: [
    { name: 'own multi-region trail → log group → CIS filter → alarm → topic with a confirmed subscription', snapshot: wired(ROOT), expect: [{ resource: account, message: says('feeds alarm "watch-alarm"') }] },
    { name: 'an equivalent pattern written differently (order, spacing, parentheses)', snapshot: wired('{($.eventType!="AwsServiceEvent")&&($.userIdentity.invokedBy NOT EXISTS)&&($.userIdentity.type=Root)}') },
    { name: 'a member covered only by the organization trail of the management account', snapshot: memberCoveredByOrganizationTrail(ROOT), expect: [{ resource: member, accountId: MEMBER_ID, message: says('organization trail org-trail of account 000000000000') }] },
    {
      name: 'the trail, its log group and the monitoring all in another region than the first scanned',
      snapshot: monitoredAccount({
        [REGION]: {},
        [OTHER_REGION]: {
          trails: [trail('main', { homeRegion: OTHER_REGION })],
          filters: [filter('watch', ROOT)],
          alarms: [alarm('watch-alarm', 'watch-metric', { topic: `arn:aws:sns:${OTHER_REGION}:${ACCOUNT_ID}:t`, region: OTHER_REGION })],
          subscriptions: [subscription(`arn:aws:sns:${OTHER_REGION}:${ACCOUNT_ID}:t`)],
        },
      }),
    },
    { name: 'a metric-math alarm reading the filter’s metric', snapshot: wired(ROOT, { alarms: [alarm('math', 'unused', { metricName: undefined, namespace: undefined, metrics: [{ metricName: 'watch-metric', namespace: 'CISBenchmark' }] })] }) },
    {
      name: 'one alarm notifies a topic with only a pending subscription, another a confirmed one',
      snapshot: wired(ROOT, { alarms: [alarm('a1', 'watch-metric', { topic: `${TOPIC}-pending` }), alarm('a2', 'watch-metric')], subscriptions: [subscription(`${TOPIC}-pending`, false), subscription()] }),
      expect: [{ message: says('"a2"') }],
    },
    { name: 'a second, useless trail does not hide the good one', snapshot: wired(ROOT, { trails: [trail('no-logs', { cloudWatchLogsLogGroupArn: undefined }), trail('main')] }) },
    { name: 'unreadable slices in a region the verdict does not need', snapshot: monitoredAccount({ [REGION]: { trails: [trail('main')], filters: [filter('watch', ROOT)], alarms: [alarm('watch-alarm', 'watch-metric')], subscriptions: [subscription()] }, [OTHER_REGION]: { trails: denied('cloudtrail:DescribeTrails'), filters: denied('logs:DescribeMetricFilters') } }) },
  ],
  fail: [
    { name: 'no trail at all (a region with nothing enabled)', snapshot: monitoredAccount({ [REGION]: {}, [OTHER_REGION]: {} }), expect: [{ resource: account, message: says('no multi-region trail that is logging delivers to CloudWatch Logs') }] },
    { name: 'a trail that exists but does not log', snapshot: wired(ROOT, { trails: [trail('main', { logging: false })] }), expect: [{ message: says('no multi-region trail that is logging') }] },
    { name: 'a single-region trail', snapshot: wired(ROOT, { trails: [trail('main', { isMultiRegion: false })] }), expect: [{ message: says('no multi-region trail') }] },
    { name: 'a trail that does not deliver to CloudWatch Logs', snapshot: wired(ROOT, { trails: [trail('main', { cloudWatchLogsLogGroupArn: undefined })] }), expect: [{ message: says('delivers to CloudWatch Logs') }] },
    { name: 'the log group has no metric filter', snapshot: wired(ROOT, { filters: [] }), expect: [{ message: says('has no metric filter') }] },
    { name: 'a metric filter without an alarm', snapshot: wired(ROOT, { alarms: [] }), expect: [{ message: says('but no alarm watches its metric CISBenchmark/watch-metric') }] },
    { name: 'an alarm whose topic has no subscriber', snapshot: wired(ROOT, { subscriptions: [] }), expect: [{ message: says('which has no confirmed subscription') }] },
    { name: 'an alarm whose topic has only a subscription pending confirmation', snapshot: wired(ROOT, { subscriptions: [subscription(TOPIC, false)] }), expect: [{ message: says('no confirmed subscription (1 pending confirmation)') }] },
    { name: 'an alarm with its actions disabled', snapshot: wired(ROOT, { alarms: [alarm('watch-alarm', 'watch-metric', { actionsEnabled: false })] }), expect: [{ message: says('has its actions disabled') }] },
    { name: 'an alarm whose only action is not an SNS topic', snapshot: wired(ROOT, { alarms: [alarm('watch-alarm', 'watch-metric', { alarmActions: [`arn:aws:autoscaling:${REGION}:${ACCOUNT_ID}:scalingPolicy:x`] })] }), expect: [{ message: says('notifies no SNS topic') }] },
    { name: 'an alarm on a metric of the same name in another namespace', snapshot: wired(ROOT, { alarms: [alarm('watch-alarm', 'watch-metric', { namespace: 'Other' })] }), expect: [{ message: says('no alarm watches') }] },
    { name: 'a pattern missing a term (the root user only in the console)', snapshot: wired('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }'), expect: [{ message: says('misses `$.eventType != "AwsServiceEvent"`') }] },
    { name: 'a narrowed pattern (root usage from one address only)', snapshot: wired(`{ ${ROOT.slice(2, -2)} && $.sourceIPAddress = "192.0.2.1" }`), expect: [{ message: says('narrows it with `$.sourceIPAddress = "192.0.2.1"`') }] },
    {
      name: 'among several filters on the log group, the failure names the closest one',
      snapshot: wired(ROOT, { filters: [filter('other', CIS_MONITORING['vpc-changes'].pattern.reference), filter('almost', '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }')] }),
      expect: [{ message: says('one of the 2 metric filter(s) on log group cloudtrail-logs matches usage of the root user (filter "almost"') }],
    },
    { name: 'the right filter on another log group than the trail’s', snapshot: wired(ROOT, { filters: [filter('watch', ROOT, { logGroup: 'app-logs' })] }), expect: [{ message: says('group cloudtrail-logs has no metric filter') }] },
    { name: 'no matching filter is a fact even when the alarms are unreadable', snapshot: wired(ROOT, { filters: [], alarms: denied('cloudwatch:DescribeAlarms') }), expect: [{ message: says('has no metric filter') }] },
    { name: 'a member whose organization trail’s log group has a filter but no alarm', snapshot: memberCoveredByOrganizationTrail(ROOT, { alarms: { kind: 'ok', value: [] } }), expect: [{ resource: member, message: says('no alarm watches') }] },
    { name: 'a member whose organization trail does not log', snapshot: memberCoveredByOrganizationTrail(ROOT, {}, { status: { kind: 'ok', value: { isLogging: false } } }), expect: [{ resource: member, message: says('no multi-region trail') }] },
  ],
  error: [
    { name: 'the metric filters of the log group’s region are unreadable', snapshot: wired(ROOT, { filters: denied('logs:DescribeMetricFilters') }), expect: [{ errorCode: 'AccessDenied', message: says('monitoring of arn:aws:logs:eu-west-1') }] },
    { name: 'a matching filter, but the alarms are unreadable', snapshot: wired(ROOT, { alarms: denied('cloudwatch:DescribeAlarms') }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'an alarm to a topic, but the subscriptions are unreadable', snapshot: wired(ROOT, { subscriptions: denied('sns:ListSubscriptions') }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'the trails of a region are unreadable and nothing else passes', snapshot: monitoredAccount({ [REGION]: {}, [OTHER_REGION]: { trails: denied('cloudtrail:DescribeTrails') } }), expect: [{ errorCode: 'AccessDenied', message: says(OTHER_REGION) }] },
    { name: 'a failing chain with another region’s trails unreadable (the other region may hold the passing one)', snapshot: monitoredAccount({ [REGION]: { trails: [trail('main')] }, [OTHER_REGION]: { trails: denied('cloudtrail:DescribeTrails') } }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'the status of the multi-region trail is unreadable', snapshot: wired(ROOT, { trails: [trail('main', { status: denied('cloudtrail:GetTrailStatus') })] }), expect: [{ errorCode: 'AccessDenied', message: says('status of trail') }] },
    { name: 'the trail delivers to a log group in a region that was not scanned', snapshot: wired(ROOT, { trails: [trail('main', { cloudWatchLogsLogGroupArn: logGroupArn('cloudtrail-logs', 'ap-south-1') })] }), expect: [{ errorCode: 'NotCollected' }] },
    { name: 'a member whose organization trails could not be read', snapshot: (() => { const s = memberCoveredByOrganizationTrail(ROOT); s.organization!.organizationTrails = denied('cloudtrail:DescribeTrails'); return s })(), expect: [{ errorCode: 'AccessDenied', accountId: MEMBER_ID }] },
    { name: 'a member whose organization trail’s monitoring could not be read', snapshot: memberCoveredByOrganizationTrail(ROOT, { metricFilters: denied('logs:DescribeMetricFilters') }), expect: [{ errorCode: 'AccessDenied', accountId: MEMBER_ID }] },
    { name: 'the organization view has no monitoring for the organization trail’s region', snapshot: memberCoveredByOrganizationTrail(ROOT, { region: 'ap-south-1' }), expect: [{ errorCode: 'NotCollected', accountId: MEMBER_ID }] },
  ],
})

// The pattern is the requirement's, not a fixed one: CIS 4.5's pattern passes 4.5 and fails 4.3.
const TRAIL_CHANGES = CIS_MONITORING['cloudtrail-changes'].pattern.reference
checkCases(cloudtrailChanges, {
  pass: [{ name: 'the CIS 4.5 pattern on the trail’s log group', snapshot: wired(TRAIL_CHANGES) }],
  fail: [{ name: 'the CIS 4.3 (root usage) pattern does not watch CloudTrail changes', snapshot: wired(ROOT), expect: [{ message: says('CIS 4.5') }] }],
})
