import { z } from 'zod'
import { defineCheck } from '../define.js'
import { preferencesArn, preferencesEvidence, PREFERENCES_MALFORMED, unreadableInputs } from '../lib/session-preferences.js'

/** The IAM tag Session Manager reads for the OS user of a principal's sessions (Run As). */
const RUN_AS_TAG = 'SSMSessionRunAs'
const RUN_AS_INPUTS = ['runAsEnabled', 'runAsDefaultUser'] as const
/** How many tagged principals the evidence lists by name (the count is always given). */
const LISTED = 20

const isRoot = (osUser: string) => osUser.trim() === 'root'

export default defineCheck({
  id: 'ssm.session-run-as',
  title: 'Session Manager runs sessions as named OS users, never root',
  description:
    "Reads the region's Session Manager preferences (SSM-SessionManagerRunShell) and the IAM users' and roles' tags. With Run As off (or no preferences document) every session runs as the shared ssm-user, which SSM Agent puts in sudoers: fail (SSMSessionRunAs tags take effect only when Run As is on, so they do not help). With Run As on, Session Manager uses the principal's SSMSessionRunAs tag, else the default user, and never falls back to ssm-user; the check passes when the default user is set and is not root, or — with acceptTaggedPrincipals — when no default user is set but at least one IAM user or role is tagged SSMSessionRunAs (untagged principals then cannot start a session at all). It fails when the default user is root, when any principal is tagged SSMSessionRunAs=root, or when Run As is on with neither a default user nor a tagged principal (no session can start). Unreadable preferences give an error.",
  rationale:
    'ssm-user is one shared account with passwordless sudo on every server: what a person did cannot be told apart from what another did, and every session is effectively root. Run As maps each session to a named, least-privileged OS account, so the server\'s own logs and permissions apply to a person again.',
  remediation:
    'Create the OS accounts on the servers (without blanket sudo), then Systems Manager console → Session Manager → Preferences → Edit → tick "Enable Run As support for Linux instances" and enter a non-root default user; give each IAM role or user its own account with a tag: `aws iam tag-role --role-name <role> --tags Key=SSMSessionRunAs,Value=<os-user>`. From the CLI: set the inputs "runAsEnabled": true and "runAsDefaultUser": "<os-user>" and run `aws ssm update-document --name SSM-SessionManagerRunShell --content file://prefs.json --document-version \'$LATEST\'`.',
  scope: 'region',
  requires: ['ssm.sessionPreferences', 'iam.authorizationDetails'],
  options: z.strictObject({
    /** With Run As on and no default user, accept principals tagged SSMSessionRunAs as the only way in. */
    acceptTaggedPrincipals: z.boolean(),
  }),
  evaluate(_input, ctx) {
    const prefs = ctx.read('ssm.sessionPreferences')
    const details = ctx.read('iam.authorizationDetails')
    const resource = preferencesArn(ctx)
    const unreadable = prefs.documentExists ? unreadableInputs(prefs, RUN_AS_INPUTS) : undefined
    if (unreadable !== undefined) {
      ctx.error(resource, `The Session Manager preferences in ${ctx.region} cannot be read: ${unreadable}`, PREFERENCES_MALFORMED)
      return
    }

    const tagged = [...details.users, ...details.roles].flatMap((p) => {
      const osUser = p.tags[RUN_AS_TAG]
      return osUser === undefined ? [] : [{ arn: p.arn, osUser }]
    })
    const taggedRoot = tagged.filter((t) => isRoot(t.osUser))
    const evidence = {
      ...preferencesEvidence(prefs, RUN_AS_INPUTS),
      principalsTagged: tagged.length,
      taggedPrincipals: tagged.slice(0, LISTED),
      acceptTaggedPrincipals: ctx.options.acceptTaggedPrincipals,
    }

    if (prefs.runAsEnabled !== true) {
      const why = prefs.documentExists ? 'Run As is off' : 'there are no Session Manager preferences (Run As is off)'
      const tags = tagged.length > 0 ? `; the ${RUN_AS_TAG} tag on ${tagged.length} principal(s) has no effect while Run As is off` : ''
      ctx.fail(resource, `In ${ctx.region} ${why}: sessions run as the shared ssm-user, which has passwordless sudo${tags}`, { evidence })
      return
    }
    const defaultUser = prefs.runAsDefaultUser
    if (defaultUser !== undefined && isRoot(defaultUser)) {
      ctx.fail(resource, `In ${ctx.region} Run As is on but the default user is root`, { evidence })
      return
    }
    if (taggedRoot.length > 0) {
      ctx.fail(resource, `In ${ctx.region} Run As is on but ${taggedRoot.length} principal(s) are tagged ${RUN_AS_TAG}=root: ${taggedRoot.map((t) => t.arn).join(', ')}`, { evidence })
      return
    }
    if (defaultUser !== undefined) {
      ctx.pass(resource, `In ${ctx.region} sessions run as the principal's ${RUN_AS_TAG} user or the default user ${defaultUser}`, { evidence })
      return
    }
    if (ctx.options.acceptTaggedPrincipals && tagged.length > 0) {
      ctx.pass(resource, `In ${ctx.region} Run As is on without a default user: only the ${tagged.length} principal(s) tagged ${RUN_AS_TAG} can start sessions, each as its own OS user`, { evidence })
      return
    }
    const tagNote = tagged.length > 0 ? ` (${tagged.length} principal(s) are tagged ${RUN_AS_TAG}, but acceptTaggedPrincipals is off)` : ` and no IAM user or role is tagged ${RUN_AS_TAG}`
    ctx.fail(resource, `In ${ctx.region} Run As is on but no default user is set${tagNote}`, { evidence })
  },
})
