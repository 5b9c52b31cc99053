// The IAM checks end to end: seed IAM in the AWS emulator through the SDK, collect the account with
// the product's collector, evaluate every iam.* check with the baseline, and compare verdicts.
// Not a table test of one check (those are <name>.test.ts): this one proves that what the collector
// writes is what the checks read. moto has no <root_account> row and its account summary says root
// has no MFA and no keys, which the root checks must handle (fallback or error, never a silent pass).
import {
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  UploadServerCertificateCommand,
} from '@aws-sdk/client-iam'
import { describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../../src/aws/call-counter.js'
import { createSession } from '../../../src/aws/session.js'
import { ALL_CHECKS } from '../../../src/checks/index.js'
import { collectAccount } from '../../../src/collect/pipeline.js'
import { ManagedPolicyCache } from '../../../src/collect/managed-policy-cache.js'
import type { Finding } from '../../../src/core/types.js'
import { evaluateSnapshot } from '../../../src/engine/evaluate.js'
import { loadRules } from '../../../src/rules/load.js'
import { useEmulator } from '../../support/emulator.js'
import { snapshot } from '../../support/builders.js'

// moto loads the AWS-managed policies (AdministratorAccess, AWSSupportAccess, …) only when asked;
// the emulator process inherits this variable when it starts (in beforeAll).
const env = useEmulator({ awsManagedPolicies: true })
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }
const ACCOUNT = '123456789012'
const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`

async function seed(iam: IAMClient): Promise<void> {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] })
  // alice: console user in a group, owner-tagged, with an access key made at setup and never used.
  await iam.send(new CreateGroupCommand({ GroupName: 'devs' }))
  await iam.send(new CreateUserCommand({ UserName: 'alice', Tags: [{ Key: 'Owner', Value: 'alice@example.com' }] }))
  await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-9' }))
  await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }))
  await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))
  // ci: two keys, AdministratorAccess attached directly, no group, no owner.
  await iam.send(new CreateUserCommand({ UserName: 'ci' }))
  await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }))
  await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }))
  await iam.send(new AttachUserPolicyCommand({ UserName: 'ci', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }))
  // deployer: one key, restricted to an office network by its own inline policy.
  await iam.send(new CreateUserCommand({ UserName: 'deployer', Tags: [{ Key: 'owner', Value: 'platform' }] }))
  await iam.send(new CreateAccessKeyCommand({ UserName: 'deployer' }))
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'deployer',
      PolicyName: 'office-only',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }] }),
    }),
  )
  // Roles: one for AWS Support, one with CloudShell full access.
  await iam.send(new CreateRoleCommand({ RoleName: 'aws-support', AssumeRolePolicyDocument: trust }))
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'aws-support', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }))
  await iam.send(new CreateRoleCommand({ RoleName: 'shell', AssumeRolePolicyDocument: trust }))
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'shell', PolicyArn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess' }))
  // A server certificate: moto reports every one as expiring on 2012-05-08, so it is expired now.
  // moto does not parse the PEM text; these are placeholders, not key material.
  await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'legacy-www', CertificateBody: '-----BEGIN CERTIFICATE-----\nplaceholder\n-----END CERTIFICATE-----', PrivateKey: 'placeholder' }))
  // A weak password policy.
  await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8, RequireNumbers: true }))
}

describe('iam.* checks against the emulator', () => {
  it('give the verdicts the seeded account deserves', async () => {
    const iam = new IAMClient({ region: 'us-east-1', endpoint: env.endpoint, credentials, maxAttempts: 1 })
    await seed(iam)
    const session = createSession({ region: 'us-east-1', credentials, endpoint: env.endpoint, maxAttempts: 1, counter: new ApiCallCounter() })
    const account = await collectAccount({ accountId: ACCOUNT, session, partition: 'aws', regions: ['us-east-1'], cache: new ManagedPolicyCache(), options: { iam: { credentialReport: { deadlineMs: 30_000 } } } })

    const iamChecks = ALL_CHECKS.filter((c) => c.id.startsWith('iam.') && c.id !== 'iam.users-in-identity-account' && c.id !== 'iam.access-analyzer')
    const all = loadRules({ checks: ALL_CHECKS })
    const rules = new Map([...all.rules].filter(([id]) => iamChecks.some((c) => c.id === id)))
    const findings = evaluateSnapshot(snapshot(account), { ...all, rules }, { now: new Date() })
    const verdict = (checkId: string, resource?: string): string[] =>
      findings.filter((f: Finding) => f.checkId === checkId && (resource === undefined || f.resource === resource)).map((f) => f.status)

    expect(new Set(findings.map((f) => f.checkId))).toEqual(new Set(iamChecks.map((c) => c.id)))
    // Root: no <root_account> row in moto's report → summary fallback, named in the evidence; usage undecidable.
    expect(verdict('iam.root-mfa')).toEqual(['fail'])
    expect(findings.find((f) => f.checkId === 'iam.root-mfa')!.evidence).toMatchObject({ source: expect.stringContaining('account summary') })
    expect(verdict('iam.root-hardware-mfa')).toEqual(['fail'])
    expect(verdict('iam.root-access-keys')).toEqual(['pass'])
    expect(findings.find((f) => f.checkId === 'iam.root-usage')).toMatchObject({ status: 'error', errorCode: 'RootRowMissing' })
    // Account-level.
    expect(verdict('iam.password-policy')).toEqual(['fail'])
    expect(findings.find((f) => f.checkId === 'iam.password-policy')!.evidence).toMatchObject({ missing: expect.arrayContaining(['minimum length is 8, required ≥ 14', 'symbols not required']) })
    expect(verdict('iam.support-role')).toEqual(['pass'])
    expect(verdict('iam.cloudshell-full-access', `arn:aws:iam::${ACCOUNT}:role/shell`)).toEqual(['fail'])
    expect(findings.find((f) => f.checkId === 'iam.expired-certificates')).toMatchObject({
      status: 'fail',
      resource: `arn:aws:iam::${ACCOUNT}:server-certificate/legacy-www`,
      evidence: { expiration: '2012-05-08T01:02:03.004Z' },
    })
    // Per user.
    expect(verdict('iam.access-key-at-setup', user('alice'))).toEqual(['fail'])
    expect(verdict('iam.single-active-key', user('ci'))).toEqual(['fail'])
    expect(verdict('iam.single-active-key', user('deployer'))).toEqual(['pass'])
    expect(verdict('iam.access-key-rotation', user('ci'))).toEqual(['pass'])
    expect(verdict('iam.credentials-unused', user('alice'))).toEqual(['pass'])
    expect(verdict('iam.user-policies-via-groups', user('ci'))).toEqual(['fail'])
    expect(verdict('iam.user-policies-via-groups', user('alice'))).toEqual(['pass'])
    expect(verdict('iam.user-policies-via-groups', user('deployer'))).toEqual(['fail'])
    expect(verdict('iam.user-in-group', user('ci'))).toEqual(['fail'])
    expect(verdict('iam.user-in-group', user('alice'))).toEqual(['pass'])
    expect(verdict('iam.user-owner-tag', user('ci'))).toEqual(['fail'])
    expect(verdict('iam.user-owner-tag', user('deployer'))).toEqual(['pass'])
    expect(verdict('iam.no-admin-star', 'arn:aws:iam::aws:policy/AdministratorAccess')).toEqual(['fail'])
    expect(verdict('iam.no-admin-star', 'arn:aws:iam::aws:policy/AWSSupportAccess')).toEqual(['pass'])
    expect(verdict('iam.key-source-restricted', user('deployer'))).toEqual(['pass'])
    expect(verdict('iam.key-source-restricted', user('ci'))).toEqual(['fail'])
    expect(verdict('iam.user-console-mfa', user('alice'))).toEqual(['fail'])
    // Nothing crashed: the only error is the undecidable root usage.
    expect(findings.filter((f) => f.status === 'error').map((f) => f.checkId)).toEqual(['iam.root-usage'])
  })
})
