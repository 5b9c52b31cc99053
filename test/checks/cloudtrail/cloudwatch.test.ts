// Table test for cloudtrail.cloudwatch (Security Hub CloudTrail.5): configured, and delivering.
import { expect } from 'vitest'
import check from '../../../src/checks/cloudtrail/cloudwatch.js'
import { checkCases } from '../../support/check-cases.js'
import { MEMBER_ID, REGION, accountArn, accountWithTrails, denied, hoursAgo, ok, orgTrail, orgWithTrails, trail, trailArn, withTrails } from './support.js'

const status = (s: { isLogging?: boolean; latestCloudWatchLogsDeliveryTime?: string; latestCloudWatchLogsDeliveryError?: string }) => ok({ isLogging: true, ...s })

checkCases(check, {
  pass: [
    { name: 'a log group and a delivery an hour ago', snapshot: withTrails({ [REGION]: [trail('main')] }), expect: [{ resource: trailArn('main'), message: expect.stringContaining('log-group:main') }] },
    { name: 'a member covered only by an organization trail that delivers', snapshot: orgWithTrails([orgTrail()], [accountWithTrails({ [REGION]: [] }, MEMBER_ID)]), expect: [{ accountId: MEMBER_ID }] },
    { name: 'a longer threshold accepts an older delivery', snapshot: withTrails({ [REGION]: [trail('main', { status: status({ latestCloudWatchLogsDeliveryTime: hoursAgo(30) }) })] }), options: { maxDeliveryAgeHours: 48 } },
  ],
  fail: [
    { name: 'no log group', snapshot: withTrails({ [REGION]: [trail('main', { cloudWatchLogsLogGroupArn: undefined })] }), expect: [{ resource: trailArn('main'), message: expect.stringContaining('does not deliver to CloudWatch Logs') }] },
    { name: 'a delivery error', snapshot: withTrails({ [REGION]: [trail('main', { status: status({ latestCloudWatchLogsDeliveryError: 'AccessDeniedException: role cannot PutLogEvents', latestCloudWatchLogsDeliveryTime: hoursAgo(1) }) })] }), expect: [{ message: expect.stringContaining('fails to deliver') }] },
    { name: 'no delivery ever recorded', snapshot: withTrails({ [REGION]: [trail('main', { status: status({}) })] }), expect: [{ message: expect.stringContaining('reports no delivery') }] },
    { name: 'last delivery older than 24 hours', snapshot: withTrails({ [REGION]: [trail('main', { status: status({ latestCloudWatchLogsDeliveryTime: hoursAgo(30) }) })] }), expect: [{ message: expect.stringContaining('more than 24 hours ago') }] },
    { name: 'a trail that exists but does not log delivers nothing', snapshot: withTrails({ [REGION]: [trail('main', { logging: false })] }), expect: [{ message: expect.stringContaining('not logging') }] },
  ],
  not_applicable: [{ name: 'no trail at all', snapshot: withTrails({ [REGION]: [] }), expect: [{ resource: accountArn() }] }],
  error: [
    { name: 'status unreadable: delivery cannot be confirmed', snapshot: withTrails({ [REGION]: [trail('main', { status: denied('cloudtrail:GetTrailStatus') })] }), expect: [{ resource: trailArn('main'), errorCode: 'AccessDenied' }] },
    { name: 'trails unreadable', snapshot: withTrails({ [REGION]: denied('cloudtrail:DescribeTrails') }), expect: [{ errorCode: 'AccessDenied' }] },
  ],
})
