import { z } from 'zod'
import { defineCheck } from '../define.js'
import { preferencesArn, preferencesEvidence, PREFERENCES_MALFORMED, unreadableInputs } from '../lib/session-preferences.js'

/** What Session Manager applies when idleSessionTimeout is not set (AWS documents 20 minutes). */
const AWS_DEFAULT_IDLE_MINUTES = 20

const TIMEOUT_INPUTS = ['idleSessionTimeout', 'maxSessionDuration'] as const

export default defineCheck({
  id: 'ssm.session-timeouts',
  title: 'Session Manager sessions time out',
  description:
    "Reads the region's Session Manager preferences (SSM-SessionManagerRunShell). Passes when the idle timeout is at most maxIdleMinutes and a maximum session duration is set, at most maxSessionMinutes. An idle timeout that is not set counts as AWS's documented default of 20 minutes (so it passes with the default threshold of 20); a maximum duration that is not set means sessions never end on their own, which fails. Without the document both are at their defaults, so the check fails on the missing maximum duration. A document whose timeouts cannot be read gives an error.",
  rationale:
    'A shell left open on an unattended laptop is a session anyone can use; an idle timeout closes it, and a maximum duration bounds how long a stolen or forgotten session, or a long-running tunnel, stays open (the same reason consoles and VPNs expire sessions).',
  remediation:
    'Systems Manager console → Session Manager → Preferences → Edit: set "Idle session timeout" (e.g. 15 minutes) and tick "Enable maximum session duration" (e.g. 60 minutes). From the CLI: set the inputs "idleSessionTimeout": "15" and "maxSessionDuration": "60" in the preferences JSON and run `aws ssm update-document --name SSM-SessionManagerRunShell --content file://prefs.json --document-version \'$LATEST\'`.',
  scope: 'region',
  requires: ['ssm.sessionPreferences'],
  options: z.strictObject({
    /** Longest acceptable idle timeout, in minutes (Session Manager accepts 1–60). */
    maxIdleMinutes: z.number().int().min(1).max(60),
    /** Longest acceptable maximum session duration, in minutes (Session Manager accepts 1–1440; 1440 = any value, as long as one is set). */
    maxSessionMinutes: z.number().int().min(1).max(1440),
  }),
  evaluate(_input, ctx) {
    const { maxIdleMinutes, maxSessionMinutes } = ctx.options
    const prefs = ctx.read('ssm.sessionPreferences')
    const resource = preferencesArn(ctx)
    const unreadable = prefs.documentExists ? unreadableInputs(prefs, TIMEOUT_INPUTS) : undefined
    if (unreadable !== undefined) {
      ctx.error(resource, `The Session Manager preferences in ${ctx.region} cannot be read: ${unreadable}`, PREFERENCES_MALFORMED)
      return
    }
    const idle = prefs.idleSessionTimeout ?? AWS_DEFAULT_IDLE_MINUTES
    const evidence = { ...preferencesEvidence(prefs, TIMEOUT_INPUTS), effectiveIdleMinutes: idle, idleIsAwsDefault: prefs.idleSessionTimeout === undefined, maxIdleMinutes, maxSessionMinutes }

    const problems: string[] = []
    if (idle > maxIdleMinutes) problems.push(`the idle timeout is ${idle} minutes (more than ${maxIdleMinutes})`)
    if (prefs.maxSessionDuration === undefined) problems.push('no maximum session duration is set')
    else if (prefs.maxSessionDuration > maxSessionMinutes) problems.push(`the maximum session duration is ${prefs.maxSessionDuration} minutes (more than ${maxSessionMinutes})`)

    const where = prefs.documentExists ? `Session Manager in ${ctx.region}` : `Session Manager in ${ctx.region} (no preferences document: AWS defaults)`
    if (problems.length > 0) ctx.fail(resource, `${where}: ${problems.join('; ')}`, { evidence })
    else ctx.pass(resource, `${where}: sessions close after ${idle} idle minutes${prefs.idleSessionTimeout === undefined ? ' (AWS default)' : ''} and after ${prefs.maxSessionDuration} minutes at most`, { evidence })
  },
})
