import { z } from 'zod'
import { defineCheck } from '../define.js'
import { describeStatement, type Statement } from '../../policy/document.js'
import { allowsAction, judgeGrantingPolicies } from '../lib/iam-grants.js'

const SESSION_ACTIONS = ['ssm:TerminateSession', 'ssm:ResumeSession']
const OWN_SESSIONS = 'arn:aws:ssm:*:*:session/${aws:username}-*'

/**
 * Does the resource pattern reach only the caller's own sessions? Session Manager names a session
 * `<user name>-<random id>`, so the pattern must be a session ARN whose id starts with the
 * `${aws:username}` variable (its name compared case-insensitively, as IAM does) followed by '-':
 * `${aws:username}*` would also reach the sessions of "alice2" for "alice". Region and account may be
 * anything; the partition is aws…, '*' or ${aws:partition}. Policy variables are otherwise taken as
 * text: ${aws:userid} or a tag variable is not the user's name and does not count.
 */
export function reachesOwnSessionsOnly(pattern: string): boolean {
  // The partition variable holds a ':' of its own; read it as the field it stands for.
  const normalised = pattern.replace(/^arn:\$\{aws:partition\}:/i, 'arn:aws:')
  const m = /^arn:([^:]*):ssm:[^:]*:[^:]*:session\/(.*)$/.exec(normalised)
  if (!m) return false
  const [, partition, sessionId] = m as unknown as [string, string, string]
  if (!/^(\*|aws(-[a-z]+)*)$/.test(partition)) return false
  return sessionId.toLowerCase().startsWith('${aws:username}-')
}

function broadResources(s: Statement): string | undefined {
  if (s.notResource) return `NotResource ${s.notResource.join(', ')} allows every other session`
  if (!s.resource) return 'the statement has no Resource element'
  const broad = s.resource.filter((r) => !reachesOwnSessionsOnly(r))
  return broad.length > 0 ? `Resource ${broad.join(', ')} is not limited to ${OWN_SESSIONS}` : undefined
}

export default defineCheck({
  id: 'ssm.terminate-own-sessions',
  title: 'Users can end or resume only their own Session Manager sessions',
  description:
    `Examines every managed policy attached to someone and every inline policy of a user, group or role (GetAccountAuthorizationDetails). Every Allow statement that grants ssm:TerminateSession or ssm:ResumeSession (also through ssm:*, *, or a NotAction that leaves them out) must limit every Resource to the caller's own sessions, ${OWN_SESSIONS}: a session ARN whose id begins with the policy variable \${aws:username} (its name compared case-insensitively) followed by "-", in any region and account. Policy variables are read as written, not resolved: another variable (\${aws:userid}, a principal tag), a wildcard in place of the user name, no "-" after it, NotResource, or a missing Resource fail, and conditions do not narrow a broad resource here. One finding per policy that grants either action: pass when all such statements are limited, fail otherwise, naming them. A policy whose document is missing or malformed gives an error. Without any policy granting the actions the check is not applicable.`,
  rationale:
    'Ending or resuming someone else\'s session lets one user cut off an administrator mid-incident, or reattach to another person\'s open shell on a server and act as them; limiting both actions to the sessions the caller started keeps sessions personal, as the session log assumes.',
  remediation:
    `Limit the statement to the caller's sessions: \`{"Effect": "Allow", "Action": ["ssm:TerminateSession", "ssm:ResumeSession"], "Resource": "${OWN_SESSIONS}"}\`; then \`aws iam create-policy-version --policy-arn <arn> --policy-document file://own-sessions.json --set-as-default\` (or \`aws iam put-user-policy\` / \`put-group-policy\` / \`put-role-policy\` for an inline policy). Keep broader session rights to a break-glass administrator role.`,
  scope: 'account',
  requires: ['iam.authorizationDetails'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    judgeGrantingPolicies(
      ctx,
      ctx.read('iam.authorizationDetails'),
      (s) => SESSION_ACTIONS.some((a) => allowsAction(s, a)),
      (policy, granting) => {
        const broad = granting.flatMap((s) => {
          const why = broadResources(s)
          return why === undefined ? [] : [{ s, why }]
        })
        if (broad.length > 0) {
          ctx.fail(policy.resource, `${policy.label} lets its holders end or resume other people's sessions: ${broad.map((b) => `statement ${b.s.sid ?? b.s.index}: ${b.why}`).join('; ')}`, {
            evidence: { ...policy.evidence, broadStatements: broad.map((b) => ({ ...describeStatement(b.s), why: b.why })) },
          })
        } else {
          ctx.pass(policy.resource, `${policy.label} lets its holders end or resume only their own sessions`, { evidence: { ...policy.evidence, statements: granting.map(describeStatement) } })
        }
      },
      'No policy in use allows ssm:TerminateSession or ssm:ResumeSession',
    )
  },
})
