// A small organization for the access map tests: an identity account whose groups grant role
// assumption into prod and dev, roles restricted to tagged instances, an SCP that takes sessions away
// in dev, an MFA condition, role chaining, Run As, and a user-sync selector.
import type { AccessMapOptions } from '../../src/access/map.js'
import type { AccountSnapshot, Snapshot } from '../../src/snapshot/schema.js'
import { accountSnapshot, group, managedPolicy, NOW, ok, role, type UserSpec } from './builders.js'
import { orgSnapshot, policyDocument } from './org-builders.js'

export const IDENT = '111111111111'
export const PROD = '222222222222'
export const DEV = '333333333333'
export const REGION = 'eu-west-1'
const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement })
const trustRoot = (account: string, extra: Record<string, unknown> = {}) => doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole', ...extra })
const instanceArn = (account: string, id: string) => `arn:aws:ec2:${REGION}:${account}:instance/${id}`

function withRegion(a: AccountSnapshot, instances: { id: string; tags: Record<string, string>; sg?: string }[], runAs = true): AccountSnapshot {
  a.regional[REGION] = {
    'ec2.instances': ok(instances.map((i) => ({ instanceId: i.id, arn: instanceArn(a.accountId, i.id), state: 'running', tags: i.tags, securityGroupIds: i.sg ? [i.sg] : [] }))),
    'ec2.securityGroups': ok([{ groupId: 'sg-ssh', groupName: 'ssh', arn: 'arn:sg', ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['10.0.0.0/8'], ipv6Ranges: [] }] }]),
    'ssm.sessionPreferences': ok({ documentExists: true, runAsEnabled: runAs, runAsDefaultUser: 'ops', s3BucketName: 'session-logs' }),
  }
  return a
}

export function organization(users: UserSpec[]): Snapshot {
  const ident = accountSnapshot({
    accountId: IDENT,
    users,
    groups: [
      group('Developers', { inlinePolicies: [{ name: 'assume-developer', document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/Developer' }) }] }, IDENT),
      group('Admins', { inlinePolicies: [{ name: 'assume-any', document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }] }, IDENT),
    ],
  })
  const devSessions = managedPolicy('DevSessions', doc({ Effect: 'Allow', Action: 'ssm:StartSession', Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { StringEquals: { 'ssm:resourceTag/env': 'dev' } } }), {}, PROD)
  const prod = withRegion(
    accountSnapshot({
      accountId: PROD,
      policies: [devSessions],
      roles: [
        role('Developer', { assumeRolePolicy: trustRoot(IDENT), attachedPolicies: [{ name: 'DevSessions', arn: devSessions.arn }], inlinePolicies: [{ name: 'to-reader', document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${PROD}:role/Reader` }) }], tags: { SSMSessionRunAs: 'devuser' } }, PROD),
        role('Reader', { assumeRolePolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:role/Developer` }, Action: 'sts:AssumeRole' }) }, PROD),
        role('Admin', { assumeRolePolicy: trustRoot(IDENT, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), inlinePolicies: [{ name: 'ssm', document: doc({ Effect: 'Allow', Action: 'ssm:*', Resource: '*' }) }] }, PROD),
      ],
    }),
    [
      { id: 'i-dev', tags: { env: 'dev', Name: 'dev box', 'ssh-sync': 'true' }, sg: 'sg-ssh' },
      { id: 'i-prod', tags: { env: 'prod' } },
    ],
  )
  const dev = withRegion(
    accountSnapshot({ accountId: DEV, roles: [role('Developer', { assumeRolePolicy: trustRoot(IDENT), inlinePolicies: [{ name: 'sessions', document: doc({ Effect: 'Allow', Action: 'ssm:StartSession', Resource: '*' }) }] }, DEV)] }),
    [{ id: 'i-dev2', tags: { env: 'dev' } }],
  )
  return orgSnapshot({
    accounts: [{ id: IDENT }, { id: PROD }, { id: DEV }],
    scps: [{ id: 'p-nosessions', document: policyDocument({ Effect: 'Deny', Action: 'ssm:StartSession', Resource: '*' }), targets: [DEV] }],
    accountSnapshots: [ident, prod, dev],
  })
}

export const options: AccessMapOptions = {
  identityAccounts: [IDENT],
  userSync: { loginGroups: ['Developers'], sudoGroups: [], instances: [{ accounts: [PROD], regions: [REGION], tag: { key: 'ssh-sync', value: 'true' } }] },
  now: NOW,
  tool: { name: 'guardrail', version: 'test' },
}
export const ALICE: UserSpec = { name: 'alice', groups: ['Developers'], tags: { owner: 'team-a' } }
export const CAROL: UserSpec = { name: 'carol', groups: ['Admins'] }
export const BOB: UserSpec = { name: 'bob' }

