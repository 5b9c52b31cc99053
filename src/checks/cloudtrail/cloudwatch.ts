import { z } from 'zod'
import { describeAwsError } from '../../snapshot/readable.js'
import { defineCheck } from '../define.js'
import { judgeEachTrail, trailLabel } from '../lib/trail-verdicts.js'

const HOUR_MS = 3_600_000

export default defineCheck({
  id: 'cloudtrail.cloudwatch',
  title: 'Trails deliver to CloudWatch Logs',
  description:
    'Every trail that applies to the account (its own, and organization trails covering it) sends its events to a CloudWatch Logs log group (CloudWatchLogsLogGroupArn set), and GetTrailStatus shows the delivery working: the trail is logging, reports no CloudWatch Logs delivery error, and last delivered within maxDeliveryAgeHours.',
  rationale:
    'The CIS 4.x alarms (root sign-in, policy changes, console sign-in without MFA, …) are metric filters on the log group a trail delivers to: a trail that only writes to S3, or whose delivery role broke, means those alarms can never fire (Security Hub CloudTrail.5).',
  remediation:
    'Create a log group and a role CloudTrail can assume to write to it, then `aws cloudtrail update-trail --name <trail> --cloud-watch-logs-log-group-arn arn:aws:logs:<region>:<account>:log-group:<group>:* --cloud-watch-logs-role-arn <role-arn>`. A delivery error usually means that role lost logs:CreateLogStream / logs:PutLogEvents on the group.',
  scope: 'account',
  requires: [],
  acrossRegions: ['cloudtrail.trails'],
  options: z.strictObject({
    /** A logging trail whose last CloudWatch Logs delivery is older than this is not delivering. */
    maxDeliveryAgeHours: z.number().int().positive(),
  }),
  evaluate(input, ctx) {
    judgeEachTrail(input, ctx, (applied) => {
      const { trail } = applied
      const label = `Trail ${trailLabel(applied)}`
      const group = trail.cloudWatchLogsLogGroupArn
      if (!group) return { status: 'fail', message: `${label} does not deliver to CloudWatch Logs`, evidence: { cloudWatchLogsLogGroupArn: null } }
      if (trail.status.kind === 'unreadable') {
        return { status: 'error', message: `${label} is set to deliver to ${group}, but whether delivery works could not be read: ${describeAwsError(trail.status.error)}`, code: trail.status.error.code }
      }
      const status = trail.status.value
      const evidence = {
        cloudWatchLogsLogGroupArn: group,
        cloudWatchLogsRoleArn: trail.cloudWatchLogsRoleArn ?? null,
        isLogging: status.isLogging,
        latestCloudWatchLogsDeliveryTime: status.latestCloudWatchLogsDeliveryTime ?? null,
        latestCloudWatchLogsDeliveryError: status.latestCloudWatchLogsDeliveryError ?? null,
      }
      if (!status.isLogging) return { status: 'fail', message: `${label} is set to deliver to ${group} but is not logging, so nothing reaches it`, evidence }
      if (status.latestCloudWatchLogsDeliveryError) return { status: 'fail', message: `${label} fails to deliver to ${group}: ${status.latestCloudWatchLogsDeliveryError}`, evidence }
      const last = status.latestCloudWatchLogsDeliveryTime
      if (!last) return { status: 'fail', message: `${label} is set to deliver to ${group}, but CloudTrail reports no delivery there`, evidence }
      const ageHours = (ctx.now.getTime() - new Date(last).getTime()) / HOUR_MS
      if (ageHours > ctx.options.maxDeliveryAgeHours) {
        return { status: 'fail', message: `${label} last delivered to ${group} at ${last}, more than ${ctx.options.maxDeliveryAgeHours} hours ago`, evidence }
      }
      return { status: 'pass', message: `${label} delivers to ${group} (last delivery ${last})`, evidence }
    })
  },
})
