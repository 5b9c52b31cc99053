// Region scope: Session Manager preferences are per region, and the session log group they name lives
// in that region, as do the metric filters, alarms and topics that watch it. So the verdict is per
// account and region, on the region's preferences document, like the other ssm.session-* checks.
//
// What "matches sudo" means: session transcripts reach CloudWatch Logs as text (one event per session
// uploaded at its end, or streamed JSON whose sessionData holds the typed lines); a term pattern
// matches the raw event text either way, so the recognised patterns are term patterns — `sudo`,
// `"sudo"`, `?sudo ?su` — or the regex %sudo% (filter-pattern.ts, matchesWord).
import { z } from 'zod'
import { defineCheck } from '../define.js'
import { matchesWord } from '../lib/filter-pattern.js'
import { describeOutcome, followAlarmChain, outcomeEvidence, ownRegionMonitoring } from '../lib/monitoring.js'
import { preferencesArn, PREFERENCES_MALFORMED, unreadableInputs } from '../lib/session-preferences.js'

const WORD = 'sudo'
const INPUTS = ['cloudWatchLogGroupName'] as const

export default defineCheck({
  id: 'ssm.sudo-alert',
  title: 'An alarm fires when sudo is used in a Session Manager session',
  description:
    "Reads the region's Session Manager preferences for the CloudWatch Logs group sessions are logged to. Passes when that log group has a metric filter matching the word sudo (a term pattern such as `sudo` or `?sudo ?su`, or %sudo%), an alarm with its actions enabled watches the filter's metric, and one of its SNS topics has a confirmed subscription. Fails when sessions are not logged to CloudWatch Logs (see ssm.session-logging), or names the missing link of the chain. Reports an error when the preferences or the monitoring it needed could not be read.",
  rationale:
    'Session Manager replaces SSH keys with IAM-controlled sessions, but what is done inside still needs watching: a sudo in an interactive session is privilege escalation on a server, and should reach a person the moment it happens rather than sit in a transcript.',
  remediation:
    'First log sessions to CloudWatch Logs (ssm.session-logging), ideally with cloudWatchStreamingEnabled so lines arrive as typed. Then on that log group: `aws logs put-metric-filter --log-group-name <session-log-group> --filter-name session-sudo --filter-pattern sudo --metric-transformations metricName=SessionSudo,metricNamespace=SessionManager,metricValue=1`; `aws cloudwatch put-metric-alarm --alarm-name session-sudo --metric-name SessionSudo --namespace SessionManager --statistic Sum --period 60 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --evaluation-periods 1 --alarm-actions <topic-arn>`; subscribe the team to the topic and confirm the subscription.',
  scope: 'region',
  requires: ['ssm.sessionPreferences'],
  acrossRegions: ['logs.metricFilters', 'cloudwatch.alarms', 'sns.subscriptions'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const prefs = ctx.read('ssm.sessionPreferences')
    const resource = preferencesArn(ctx)
    const unreadable = unreadableInputs(prefs, INPUTS)
    if (unreadable !== undefined) {
      ctx.error(resource, `The Session Manager preferences in ${ctx.region} cannot be read: ${unreadable}`, PREFERENCES_MALFORMED)
      return
    }
    const logGroup = prefs.cloudWatchLogGroupName
    const settings = { documentExists: prefs.documentExists, cloudWatchLogGroupName: logGroup ?? null, cloudWatchStreamingEnabled: prefs.cloudWatchStreamingEnabled ?? null }
    if (logGroup === undefined) {
      ctx.fail(resource, `Session Manager in ${ctx.region} does not log sessions to CloudWatch Logs, so no alarm can fire on sudo (see ssm.session-logging)`, { evidence: settings })
      return
    }
    const monitoring = ownRegionMonitoring(ctx, ctx.region)
    if (!monitoring) {
      ctx.error(resource, `The monitoring slices of ${ctx.region} were not collected`, 'NotCollected')
      return
    }
    const outcome = followAlarmChain(logGroup, monitoring, (pattern) => matchesWord(pattern, WORD))
    const evidence = { ...settings, ...outcomeEvidence(outcome) }
    if (outcome.stage === 'alarmed') ctx.pass(resource, `In ${ctx.region}, ${describeOutcome(outcome, logGroup, 'sudo')}`, { evidence })
    else if (outcome.stage === 'unreadable') ctx.error(resource, `Cannot tell whether sudo in ${ctx.region}'s sessions raises an alarm: ${outcome.error.code}: ${outcome.error.message}`, outcome.error.code)
    else ctx.fail(resource, `In ${ctx.region}, ${describeOutcome(outcome, logGroup, 'sudo in a session')}`, { evidence })
  },
})
