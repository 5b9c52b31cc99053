// The two entry points other parts of guardrail call: collectCurrentAccount (the CLI's single-account
// scan) and collectAccount with explicit assumed-role credentials (the organization scan).
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { AWS_SERVICES } from '../../src/collect/registry.js'
import { describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import { createSession } from '../../src/aws/session.js'
import { collectAccount } from '../../src/collect/pipeline.js'
import { collectCurrentAccount, partitionOfArn } from '../../src/collect/current-account.js'
import { ManagedPolicyCache } from '../../src/collect/managed-policy-cache.js'
import { GuardrailError } from '../../src/core/errors.js'
import { snapshotSchema } from '../../src/snapshot/schema.js'
import { useEmulator, useUserShellEnvironment } from '../support/emulator.js'
import { ACCOUNT, credentials, seedUser } from './seed.js'
import { IAMClient } from '@aws-sdk/client-iam'

const env = useEmulator({ awsManagedPolicies: true })
useUserShellEnvironment(() => env.endpoint)

describe('collectCurrentAccount (moto via AWS_ENDPOINT_URL)', () => {
  it('identifies the caller and collects that account into a valid snapshot', async () => {
    await seedUser(new IAMClient({ region: 'us-east-1', maxAttempts: 1 }), { name: 'alice', password: true })
    const snapshot = await collectCurrentAccount({ toolVersion: '9.9.9', maxAttempts: 1, credentialReportDeadlineMs: 5_000 })

    expect(snapshotSchema.parse(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot)
    expect(snapshot.tool).toEqual({ name: 'guardrail', version: '9.9.9' })
    expect(snapshot.partition).toBe('aws')
    expect(snapshot.caller.accountId).toBe(ACCOUNT)
    expect(snapshot.caller.arn).toMatch(/^arn:aws:sts::123456789012:/)
    expect(snapshot.apiCalls).toEqual({ sts: 1 })
    expect(Date.parse(snapshot.finishedAt)).toBeGreaterThanOrEqual(Date.parse(snapshot.startedAt))

    const [account] = snapshot.accounts
    expect(snapshot.accounts).toHaveLength(1)
    expect(account!.accountId).toBe(ACCOUNT)
    // No regions asked for: every region enabled in the account (the emulator enables the defaults).
    expect(account!.regions).toContain('us-east-1')
    expect(account!.regions.length).toBeGreaterThan(1)
    expect(account!.regions).toEqual([...account!.regions].sort())
    expect(Object.keys(account!.regional).sort()).toEqual(account!.regions)
    expect(account!.access).toEqual({ kind: 'ok', value: {} })
    expect(account!.iam!.authorizationDetails!.kind === 'ok' && account!.iam!.authorizationDetails!.value.users.map((u) => u.name)).toEqual(['alice'])
    // The account's calls are those of the registry's services (IAM, one account:GetAlternateContact,
    // EC2 region discovery and the regional collectors, …); the STS identity call is counted at
    // snapshot level, and Organizations is never called in a single-account scan.
    expect(Object.keys(account!.apiCalls).sort()).toEqual(AWS_SERVICES.filter((s) => s !== 'sts' && s !== 'organizations').sort())
    expect(account!.apiCalls.account).toBe(1)
    expect(account!.apiCalls.iam).toBeGreaterThanOrEqual(7)
    expect(account!.account?.securityContact?.kind).toBe('ok')
  })

  it('records the regions asked for', async () => {
    const snapshot = await collectCurrentAccount({ toolVersion: '0', region: 'eu-west-1', regions: ['eu-west-1', 'eu-central-1'], maxAttempts: 1 })
    expect(snapshot.accounts[0]!.regions).toEqual(['eu-west-1', 'eu-central-1'])
  })

  it('fails with a clear error and a hint when no credentials can be found', async () => {
    delete process.env.AWS_ACCESS_KEY_ID
    delete process.env.AWS_SECRET_ACCESS_KEY
    const err = await collectCurrentAccount({ toolVersion: '0', profile: 'no-such-profile', maxAttempts: 1 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GuardrailError)
    expect((err as GuardrailError).code).toBe('NoUsableCredentials')
    expect((err as GuardrailError).exitCode).toBe(2)
    expect((err as GuardrailError).hint).toMatch(/--profile|AWS_PROFILE/)
    expect((err as Error).message).not.toMatch(/testing/) // never echo secrets
  })
})

describe('collectAccount with assumed-role credentials (as the organization scan uses it)', () => {
  it('collects the member account the role belongs to, and records the role', async () => {
    const member = '222222222222'
    const roleArn = `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`
    const { Credentials } = await new STSClient({ region: 'us-east-1', maxAttempts: 1 }).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'guardrail' }))
    const assumed = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! }
    // moto keeps a separate IAM per account: seed the member through the assumed credentials.
    await seedUser(new IAMClient({ region: 'us-east-1', credentials: assumed, maxAttempts: 1 }), { name: 'member-user' })
    await seedUser(new IAMClient({ region: 'us-east-1', credentials, maxAttempts: 1 }), { name: 'management-user' })

    const counter = new ApiCallCounter()
    const session = createSession({ region: 'us-east-1', credentials: assumed, roleArn, counter, maxAttempts: 1 })
    const account = await collectAccount({
      accountId: member,
      session,
      partition: 'aws',
      regions: ['us-east-1'],
      cache: new ManagedPolicyCache(),
      name: 'Workload A',
      ouPath: [{ id: 'r-ab12', name: 'Root' }],
      tags: { env: 'prod' },
      options: { iam: { credentialReport: { initialDelayMs: 10 } } },
    })
    expect(account.access).toEqual({ kind: 'ok', value: { roleArn } })
    expect(account).toMatchObject({ accountId: member, name: 'Workload A', ouPath: [{ id: 'r-ab12', name: 'Root' }], tags: { env: 'prod' } })
    const details = account.iam!.authorizationDetails!
    const users = details.kind === 'ok' ? details.value.users : []
    expect(users.map((u) => u.arn)).toEqual([`arn:aws:iam::${member}:user/member-user`])
    expect(account.apiCalls).toEqual(counter.byService())
  })
})

describe('partitionOfArn', () => {
  it('reads the partition of commercial, China and GovCloud ARNs and rejects non-ARNs', () => {
    expect(partitionOfArn('arn:aws:sts::123456789012:assumed-role/A/b')).toBe('aws')
    expect(partitionOfArn('arn:aws-cn:iam::123456789012:user/x')).toBe('aws-cn')
    expect(partitionOfArn('arn:aws-us-gov:iam::123456789012:root')).toBe('aws-us-gov')
    expect(() => partitionOfArn('not-an-arn')).toThrow(/Not an ARN/)
  })
})
