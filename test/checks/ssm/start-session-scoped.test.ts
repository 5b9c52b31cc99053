// Table test for ssm.start-session-scoped (each case names the verdict it expects).
import { expect } from 'vitest'
import check from '../../../src/checks/ssm/start-session-scoped.js'
import { account, arnOfRole, arnOfUser, denied, group, managedPolicy, role, rootArn, user } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement })
const ref = (p: { name: string; arn: string }) => ({ name: p.name, arn: p.arn })
const allow = (Action: string | string[], Resource: string | string[], Condition?: Record<string, unknown>) => ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) })

const tagScoped = managedPolicy('sessions-payments', doc(allow('ssm:StartSession', 'arn:aws:ec2:*:*:instance/*', { StringEquals: { 'ssm:resourceTag/Team': 'payments' } })))
const named = managedPolicy('sessions-named', doc(allow(['ssm:StartSession'], ['arn:aws:ec2:eu-west-1:111111111111:instance/i-0aaa1111bbbb2222c', 'arn:aws:ssm:eu-west-1:111111111111:document/SSM-SessionManagerRunShell'])))
const everywhere = managedPolicy('sessions-everywhere', doc(allow('ssm:StartSession', '*')))

checkCases(check, {
  pass: [
    {
      name: 'tag-scoped (ssm:resourceTag) and instance-list policies',
      snapshot: account({ roles: [role('payments-dev', { attachedPolicies: [ref(tagScoped)] }), role('oncall', { attachedPolicies: [ref(named)] })], policies: [tagScoped, named] }),
      expect: [
        { resource: tagScoped.arn, evidence: expect.objectContaining({ statements: [expect.objectContaining({ scopedBy: 'condition on StringEquals ssm:resourceTag/Team' })] }) },
        { resource: named.arn },
      ],
    },
    {
      name: 'Resource "*" limited by aws:ResourceTag with StringLike; a policy not granting StartSession gets no finding',
      snapshot: account({
        users: [user({ name: 'ops', inlinePolicies: [{ name: 'sessions', document: doc(allow('ssm:Start*', '*', { StringLike: { 'aws:ResourceTag/Env': 'dev-*' } })) }, { name: 'read', document: doc(allow('ssm:Describe*', '*')) }] })],
      }),
      expect: [{ resource: `${arnOfUser('ops')}#inline-policy/sessions` }],
    },
  ],
  fail: [
    {
      name: 'a policy granting StartSession on * unconditionally vs a tag-scoped one',
      snapshot: account({ roles: [role('everyone', { attachedPolicies: [ref(everywhere), ref(tagScoped)] })], policies: [everywhere, tagScoped] }),
      expect: [{ resource: everywhere.arn, evidence: expect.objectContaining({ attachedTo: [arnOfRole('everyone')], unscopedStatements: [expect.objectContaining({ resource: ['*'] })] }) }],
    },
    {
      name: 'wildcards: ssm:*, every instance, a region-wide pattern, NotAction, NotResource; conditions that are not tag scopes',
      snapshot: account({
        groups: [
          group('ops', {
            inlinePolicies: [
              { name: 'ssm-star', document: doc(allow('ssm:*', 'arn:aws:ec2:*:*:instance/*')) },
              { name: 'region-wide', document: doc(allow('ssm:StartSession', 'arn:aws:ec2:eu-west-1:111111111111:*')) },
              { name: 'not-action', document: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) },
              { name: 'not-resource', document: doc({ Effect: 'Allow', Action: 'ssm:StartSession', NotResource: 'arn:aws:ec2:*:*:instance/i-0prod' }) },
              { name: 'mfa-only', document: doc(allow('ssm:StartSession', '*', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } })) },
              { name: 'if-exists', document: doc(allow('ssm:StartSession', '*', { StringEqualsIfExists: { 'ssm:resourceTag/Team': 'a' } })) },
              { name: 'negated', document: doc(allow('ssm:StartSession', '*', { StringNotEquals: { 'ssm:resourceTag/Env': 'prod' } })) },
              { name: 'bare-wildcard-tag', document: doc(allow('ssm:StartSession', '*', { StringLike: { 'ssm:resourceTag/Team': '*' } })) },
              { name: 'hybrid-nodes', document: doc(allow('ssm:StartSession', 'arn:aws:ssm:*:*:managed-instance/*')) },
            ],
          }),
        ],
      }),
      expect: ['ssm-star', 'region-wide', 'not-action', 'not-resource', 'mfa-only', 'if-exists', 'negated', 'bare-wildcard-tag', 'hybrid-nodes'].map((name) => ({ resource: `arn:aws:iam::111111111111:group/ops#inline-policy/${name}` })),
    },
    {
      name: 'AWS-managed AdministratorAccess attached: StartSession everywhere',
      snapshot: account({
        users: [user({ name: 'admin', attachedPolicies: [{ name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] })],
        policies: [managedPolicy('AdministratorAccess', doc(allow('*', '*')), { awsManaged: true })],
      }),
      expect: [{ resource: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    },
  ],
  not_applicable: [
    { name: 'no policy grants ssm:StartSession (a Deny does not grant)', snapshot: account({ users: [user({ name: 'ro', inlinePolicies: [{ name: 'deny', document: doc({ Effect: 'Deny', Action: 'ssm:StartSession', Resource: '*' }) }] })] }), expect: [{ resource: rootArn() }] },
    { name: 'an unscoped policy attached to no one', snapshot: account({ policies: [managedPolicy('unused', doc(allow('ssm:StartSession', '*')), { attachmentCount: 0 })] }) },
  ],
  error: [
    { name: 'authorization details unreadable', snapshot: account({ authorizationDetails: denied('iam:GetAccountAuthorizationDetails') }), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: 'an attached policy whose document is missing',
      snapshot: account({ roles: [role('r', { attachedPolicies: [ref(everywhere)] })], policies: [{ ...everywhere, document: undefined }] }),
      expect: [{ resource: everywhere.arn, errorCode: 'PolicyDocumentMissing' }],
    },
    {
      name: 'a malformed inline policy',
      snapshot: account({ users: [user({ name: 'bad', inlinePolicies: [{ name: 'broken', document: { Statement: [{ Effect: 'Allow', Resource: '*' }] } }] })] }),
      expect: [{ resource: `${arnOfUser('bad')}#inline-policy/broken`, errorCode: 'PolicyDocumentMalformed' }],
    },
  ],
})
