// Table test for ssm.terminate-own-sessions (each case names the verdict it expects).
import { describe, expect, it } from 'vitest'
import check, { reachesOwnSessionsOnly } from '../../../src/checks/ssm/terminate-own-sessions.js'
import { account, arnOfUser, denied, group, managedPolicy, role, rootArn, user } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement })
const ref = (p: { name: string; arn: string }) => ({ name: p.name, arn: p.arn })
const allow = (Action: string | string[], Resource: string | string[]) => ({ Effect: 'Allow', Action, Resource })
const OWN = 'arn:aws:ssm:*:*:session/${aws:username}-*'

const own = managedPolicy('own-sessions', doc(allow(['ssm:TerminateSession', 'ssm:ResumeSession'], OWN), allow('ssm:StartSession', 'arn:aws:ec2:*:*:instance/i-0abc')))
const anySession = managedPolicy('any-session', doc(allow('ssm:TerminateSession', 'arn:aws:ssm:*:*:session/*')))

checkCases(check, {
  pass: [
    { name: 'limited to the caller’s own sessions', snapshot: account({ groups: [group('devs', { attachedPolicies: [ref(own)] })], policies: [own] }), expect: [{ resource: own.arn }] },
    {
      name: 'region- and account-specific own-session ARN, variable name in another letter case',
      snapshot: account({ users: [user({ name: 'ops', inlinePolicies: [{ name: 'own', document: doc(allow('ssm:ResumeSession', 'arn:aws:ssm:eu-west-1:111111111111:session/${AWS:UserName}-*')) }] })] }),
    },
  ],
  fail: [
    {
      name: 'session/* next to an own-session policy',
      snapshot: account({ groups: [group('devs', { attachedPolicies: [ref(own), ref(anySession)] })], policies: [own, anySession] }),
      expect: [{ resource: anySession.arn, evidence: expect.objectContaining({ broadStatements: [expect.objectContaining({ why: expect.stringContaining('session/*') })] }) }],
    },
    {
      name: 'near misses: no "-" after the user name, ${aws:userid}, an extra broad resource, ssm:*, NotAction, NotResource',
      snapshot: account({
        roles: [
          role('ops', {
            inlinePolicies: [
              { name: 'no-dash', document: doc(allow('ssm:TerminateSession', 'arn:aws:ssm:*:*:session/${aws:username}*')) },
              { name: 'userid', document: doc(allow('ssm:TerminateSession', 'arn:aws:ssm:*:*:session/${aws:userid}-*')) },
              { name: 'plus-star', document: doc(allow('ssm:TerminateSession', [OWN, '*'])) },
              { name: 'ssm-star', document: doc(allow('ssm:*', 'arn:aws:ssm:*:*:*')) },
              { name: 'not-action', document: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) },
              { name: 'not-resource', document: doc({ Effect: 'Allow', Action: 'ssm:ResumeSession', NotResource: OWN }) },
              { name: 'prefix-before-variable', document: doc(allow('ssm:TerminateSession', 'arn:aws:ssm:*:*:session/*${aws:username}-*')) },
            ],
          }),
        ],
      }),
      expect: ['no-dash', 'userid', 'plus-star', 'ssm-star', 'not-action', 'not-resource', 'prefix-before-variable'].map((name) => ({ resource: `arn:aws:iam::111111111111:role/ops#inline-policy/${name}` })),
    },
  ],
  not_applicable: [
    { name: 'no policy grants TerminateSession or ResumeSession', snapshot: account({ users: [user({ name: 'u', inlinePolicies: [{ name: 'start', document: doc(allow('ssm:StartSession', 'arn:aws:ec2:*:*:instance/i-1')) }] })] }), expect: [{ resource: rootArn() }] },
  ],
  error: [
    { name: 'authorization details unreadable', snapshot: account({ authorizationDetails: denied('iam:GetAccountAuthorizationDetails') }), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: 'an attached policy that is not in the snapshot',
      snapshot: account({ users: [user({ name: 'x', attachedPolicies: [{ name: 'gone', arn: 'arn:aws:iam::111111111111:policy/gone' }] })] }),
      expect: [{ resource: 'arn:aws:iam::111111111111:policy/gone', errorCode: 'PolicyNotInSnapshot' }],
    },
  ],
})

describe('reachesOwnSessionsOnly: how the policy variable is read', () => {
  it.each([
    [OWN, true],
    ['arn:aws-us-gov:ssm:us-gov-west-1:111111111111:session/${aws:username}-*', true],
    ['arn:${aws:partition}:ssm:*:*:session/${aws:username}-*', true],
    ['arn:*:ssm:*:*:session/${aws:username}-*', true],
    ['arn:aws:ssm:*:*:session/${aws:username}', false],
    ['arn:aws:ssm:*:*:session/${aws:username}*', false],
    ['arn:aws:ssm:*:*:session/*', false],
    ['arn:aws:ssm:*:*:session/alice-*', false],
    ['arn:aws:ssm:*:*:document/${aws:username}-*', false],
    ['arn:aws:ec2:*:*:session/${aws:username}-*', false],
    ['*', false],
    [`${arnOfUser('x')}`, false],
  ])('%s → %s', (pattern, expected) => {
    expect(reachesOwnSessionsOnly(pattern)).toBe(expected)
  })
})
