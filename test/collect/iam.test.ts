// The IAM collector against moto: what a real account looks like after seeding it through the SDK.

import { beforeAll, describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import { createSession, type AwsSession } from '../../src/aws/session.js'
import { collectIam } from '../../src/collect/iam.js'
import { ManagedPolicyCache } from '../../src/collect/managed-policy-cache.js'
import { type IamSlice, type Readable } from '../../src/snapshot/schema.js'
import { sliceSchema } from '../../src/snapshot/catalogue.js'
import { useEmulator } from '../support/emulator.js'
import { ACCOUNT, ADMIN_ACCESS, adminClient, allow, CHANGE_PASSWORD, credentials, seedTypicalAccount, seedUser, setPasswordPolicy } from './seed.js'

// Scenarios are seeded in beforeAll and read by several tests, so reset explicitly, not per test.
const env = useEmulator({ resetBeforeEach: false, awsManagedPolicies: true })
const fastReport = { credentialReport: { initialDelayMs: 10, deadlineMs: 5_000 } }

function session(counter = new ApiCallCounter()): AwsSession {
  return createSession({ region: 'us-east-1', credentials, endpoint: env.endpoint, maxAttempts: 1, counter })
}

function value<T>(r: Readable<T>): T {
  if (r.kind !== 'ok') throw new Error(`expected ok, got unreadable ${JSON.stringify(r.error)}`)
  return r.value
}

describe('collectIam on a typical account (moto)', () => {
  let slice: IamSlice
  let counter: ApiCallCounter
  let cache: ManagedPolicyCache

  beforeAll(async () => {
    await env.emulator.reset()
    await seedTypicalAccount(adminClient(env.endpoint))
    counter = new ApiCallCounter()
    cache = new ManagedPolicyCache()
    slice = await collectIam(session(counter), cache, fastReport)
  })

  it('reads every slice and the result satisfies the snapshot schema (dates as ISO strings)', () => {
    for (const [key, r] of Object.entries(slice)) expect(r.kind, key).toBe('ok')
    for (const [name, r] of Object.entries(slice)) expect(sliceSchema(`iam.${name}` as 'iam.credentialReport').parse(JSON.parse(JSON.stringify(r))), name).toEqual(r)
  })

  it('records users with their groups, inline and attached policies, decoded', () => {
    const { users } = value(slice.authorizationDetails)
    const byName = new Map(users.map((u) => [u.name, u]))
    expect([...byName.keys()].sort()).toEqual(['alice', 'bob', 'carol-ci'])
    const alice = byName.get('alice')!
    expect(alice.arn).toBe(`arn:aws:iam::${ACCOUNT}:user/alice`)
    expect(alice.createDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    expect(alice.groups).toEqual(['admins'])
    expect(alice.attachedPolicies).toEqual([{ name: 'AdministratorAccess', arn: ADMIN_ACCESS }])
    const bob = byName.get('bob')!
    expect(bob.path).toBe('/ops/')
    expect(bob.inlinePolicies).toEqual([{ name: 'bob-s3', document: allow('s3:GetObject', 'arn:aws:s3:::reports/100%/*') }])
  })

  it('records groups and roles, with trust policies parsed and tags as a record', () => {
    const { groups, roles } = value(slice.authorizationDetails)
    const admins = groups.find((g) => g.name === 'admins')!
    expect(admins.inlinePolicies).toEqual([{ name: 'admins-inline', document: allow('iam:*') }])
    expect(admins.attachedPolicies.map((p) => p.arn)).toEqual([ADMIN_ACCESS])
    const ops = roles.find((r) => r.name === 'ops')!
    expect(ops.assumeRolePolicy).toMatchObject({ Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }] })
    expect(ops.inlinePolicies).toEqual([{ name: 'ops-inline', document: allow('logs:*') }])
    expect(ops.tags).toEqual({ team: 'platform' })
  })

  it('keeps customer policies with their default version only', () => {
    const deploy = value(slice.authorizationDetails).policies.find((p) => p.name === 'deploy')!
    expect(deploy).toMatchObject({ awsManaged: false, defaultVersionId: 'v2', attachmentCount: 1, arn: `arn:aws:iam::${ACCOUNT}:policy/deploy` })
    expect(deploy.document).toEqual(allow('ec2:*'))
  })

  it('includes the AWS-managed policies attached to someone, with their documents, fetched once each', () => {
    const managed = value(slice.authorizationDetails).policies.filter((p) => p.awsManaged)
    expect(managed.map((p) => p.arn).sort()).toEqual([ADMIN_ACCESS, CHANGE_PASSWORD])
    const admin = managed.find((p) => p.arn === ADMIN_ACCESS)!
    // Attached to alice, the admins group and the ops role in this account.
    expect(admin).toMatchObject({ name: 'AdministratorAccess', attachmentCount: 3, defaultVersionId: 'v1' })
    expect(admin.document).toMatchObject({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })
    expect(counter.byOperation()['iam:GetPolicy']).toBe(2)
    expect(counter.byOperation()['iam:GetPolicyVersion']).toBe(2)
  })

  it('parses the credential report moto generates', () => {
    const report = value(slice.credentialReport)
    const rows = new Map(report.users.map((u) => [u.user, u]))
    expect(rows.get('alice')).toMatchObject({ passwordEnabled: true, mfaActive: true, isRoot: false })
    expect(rows.get('alice')!.accessKeys[0]!.active).toBe(true)
    expect(rows.get('bob')).toMatchObject({ passwordEnabled: true, mfaActive: false })
    expect(rows.get('carol-ci')).toMatchObject({ passwordEnabled: false, mfaActive: false })
    expect(rows.get('carol-ci')!.accessKeys[0]!.active).toBe(true)
    expect(report.generatedAt).toMatch(/Z$/)
  })

  it('lists assigned and unassigned virtual MFA devices, without their secrets', () => {
    const devices = value(slice.virtualMfaDevices)
    expect(devices.map((d) => d.serialNumber).sort()).toEqual([`arn:aws:iam::${ACCOUNT}:mfa/alice-mfa`, `arn:aws:iam::${ACCOUNT}:mfa/spare`])
    expect(devices.find((d) => d.serialNumber.endsWith('alice-mfa'))).toMatchObject({ userArn: `arn:aws:iam::${ACCOUNT}:user/alice` })
    expect(devices.find((d) => d.serialNumber.endsWith('spare'))!.userArn).toBeUndefined()
    expect(JSON.stringify(devices)).not.toMatch(/Base32StringSeed|QRCodePNG|seed/i)
  })

  it('reads the account summary, the server certificate and the absent password policy as null', () => {
    expect(value(slice.accountSummary)).toMatchObject({ Users: 3, Groups: 2, MFADevicesInUse: 1 })
    // moto gives every certificate the same fixed dates (uploaded 2010, expired 2012).
    expect(value(slice.serverCertificates)).toEqual([
      { name: 'legacy-elb', arn: `arn:aws:iam::${ACCOUNT}:server-certificate/legacy-elb`, uploadDate: '2010-05-08T01:02:03.004Z', expiration: '2012-05-08T01:02:03.004Z' },
    ])
    expect(slice.passwordPolicy).toEqual({ kind: 'ok', value: null })
  })

  it('makes a fixed set of IAM calls', () => {
    expect(counter.byOperation()).toMatchObject({
      'iam:GetAccountAuthorizationDetails': 1,
      'iam:GetAccountSummary': 1,
      'iam:GetAccountPasswordPolicy': 1,
      'iam:ListVirtualMFADevices': 1,
      'iam:ListServerCertificates': 1,
      'iam:GetCredentialReport': 1,
    })
  })

  it('fetches AWS-managed documents once per scan: a second account with the same cache fetches none', async () => {
    const second = new ApiCallCounter()
    const again = await collectIam(session(second), cache, fastReport)
    expect(second.byOperation()['iam:GetPolicy']).toBeUndefined()
    expect(second.byOperation()['iam:GetPolicyVersion']).toBeUndefined()
    expect(value(again.authorizationDetails).policies.find((p) => p.arn === ADMIN_ACCESS)!.document).toEqual(
      value(slice.authorizationDetails).policies.find((p) => p.arn === ADMIN_ACCESS)!.document,
    )
  })
})

describe('collectIam password policy (moto)', () => {
  it('reads a password policy once one is set', async () => {
    await env.emulator.reset()
    const iam = adminClient(env.endpoint)
    const before = await collectIam(session(), new ManagedPolicyCache(), fastReport)
    expect(before.passwordPolicy).toEqual({ kind: 'ok', value: null })
    await setPasswordPolicy(iam)
    const after = await collectIam(session(), new ManagedPolicyCache(), fastReport)
    expect(value(after.passwordPolicy)).toMatchObject({
      minimumPasswordLength: 14,
      requireSymbols: true,
      requireNumbers: true,
      requireUppercaseCharacters: true,
      requireLowercaseCharacters: true,
      allowUsersToChangePassword: true,
      expirePasswords: true,
      maxPasswordAge: 90,
      passwordReusePrevention: 24,
    })
  })
})


describe('collectIam with hostile user names (moto)', () => {
  it('keeps names with commas and formula characters intact in both the details and the credential report', async () => {
    await env.emulator.reset()
    const iam = adminClient(env.endpoint)
    const names = ['ops,admin', '=HYPERLINK+1', '@evil.x_y-z']
    for (const name of names) await seedUser(iam, { name, password: true })
    const slice = await collectIam(session(), new ManagedPolicyCache(), fastReport)
    expect(value(slice.authorizationDetails).users.map((u) => u.name).sort()).toEqual([...names].sort())
    const report = value(slice.credentialReport)
    expect(report.users.map((u) => u.user).sort()).toEqual([...names].sort())
    expect(report.users.find((u) => u.user === 'ops,admin')!.arn).toBe(`arn:aws:iam::${ACCOUNT}:user/ops,admin`)
  })
})
