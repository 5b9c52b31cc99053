// Failure isolation. moto cannot deny access, throttle, leave a credential report unfinished or
// paginate GetAccountAuthorizationDetails, so those responses are injected — shaped like AWS's
// documented ones — by a small proxy in front of moto (test/aws/fault-proxy.ts). Everything not
// injected is real moto state, so each test shows the failing slice AND the others still collected.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import { createSession } from '../../src/aws/session.js'
import { collectIam, type CollectIamOptions } from '../../src/collect/iam.js'
import { ManagedPolicyCache } from '../../src/collect/managed-policy-cache.js'
import { isUnparseablePolicy } from '../../src/collect/policy-document.js'
import { parsePolicy } from '../../src/policy/document.js'
import type { IamSlice, Readable } from '../../src/snapshot/schema.js'
import { useEmulator } from '../support/emulator.js'
import { awsQueryError, awsQueryResult, credentialReportStarted, startFaultProxy, type FaultProxy } from '../aws/fault-proxy.js'
import { adminClient, ADMIN_ACCESS, credentials, seedUser } from './seed.js'

const env = useEmulator({ awsManagedPolicies: true })
let proxy: FaultProxy

beforeAll(async () => {
  proxy = await startFaultProxy(env.endpoint)
})
afterAll(async () => {
  await proxy.close()
})
beforeEach(async () => {
  for (const action of [...proxy.seen.keys()]) proxy.setFault(action, undefined)
  proxy.seen.clear()
  await seedUser(adminClient(env.endpoint), { name: 'alice', password: true, accessKey: true })
})

const fast: CollectIamOptions = { credentialReport: { initialDelayMs: 10, deadlineMs: 2_000 } }

async function collect(options: CollectIamOptions = fast, maxAttempts = 1, cache = new ManagedPolicyCache()) {
  const counter = new ApiCallCounter()
  const session = createSession({ region: 'us-east-1', credentials, endpoint: proxy.endpoint, maxAttempts, counter })
  return { slice: await collectIam(session, cache, options), counter }
}

function okKeys(slice: IamSlice): string[] {
  return Object.entries(slice)
    .filter(([, r]) => (r as Readable<unknown>).kind === 'ok')
    .map(([k]) => k)
    .sort()
}

const denied = (op: string) => awsQueryError(403, 'AccessDenied', `User: arn:aws:sts::123456789012:assumed-role/Audit/guardrail is not authorized to perform: ${op} on resource: *`)

describe('collectIam failure isolation (faults injected by a proxy in front of moto)', () => {
  it('AccessDenied on GetAccountSummary makes only accountSummary unreadable', async () => {
    proxy.setFault('GetAccountSummary', () => denied('iam:GetAccountSummary'))
    const { slice } = await collect()
    expect(slice.accountSummary).toEqual({
      kind: 'unreadable',
      error: { code: 'AccessDenied', operation: 'iam:GetAccountSummary', message: expect.stringContaining('not authorized to perform: iam:GetAccountSummary') },
    })
    expect(okKeys(slice)).toEqual(['authorizationDetails', 'credentialReport', 'passwordPolicy', 'serverCertificates', 'virtualMfaDevices'])
    expect(slice.credentialReport.kind === 'ok' && slice.credentialReport.value.users.map((u) => u.user)).toEqual(['alice'])
  })

  it('AccessDenied on GetAccountAuthorizationDetails makes only authorizationDetails unreadable', async () => {
    proxy.setFault('GetAccountAuthorizationDetails', () => denied('iam:GetAccountAuthorizationDetails'))
    const { slice, counter } = await collect()
    expect(slice.authorizationDetails).toMatchObject({ kind: 'unreadable', error: { code: 'AccessDenied', operation: 'iam:GetAccountAuthorizationDetails' } })
    expect(okKeys(slice)).toHaveLength(5)
    expect(counter.byOperation()['iam:GetPolicy']).toBeUndefined()
  })

  it('throttling beyond the retries makes only virtualMfaDevices unreadable, and the retries are counted', async () => {
    proxy.setFault('ListVirtualMFADevices', () => awsQueryError(400, 'Throttling', 'Rate exceeded'))
    const { slice, counter } = await collect(fast, 2)
    expect(slice.virtualMfaDevices).toMatchObject({ kind: 'unreadable', error: { code: 'Throttling', operation: 'iam:ListVirtualMFADevices', message: 'Rate exceeded' } })
    expect(okKeys(slice)).toEqual(['accountSummary', 'authorizationDetails', 'credentialReport', 'passwordPolicy', 'serverCertificates'])
    expect(proxy.seen.get('ListVirtualMFADevices')).toBe(2)
    expect(counter.byOperation()['iam:ListVirtualMFADevices']).toBe(1)
    expect(counter.retriesByOperation()).toEqual({ 'iam:ListVirtualMFADevices': 1 })
  })

  it('a credential report that never completes is unreadable with ReportNotReady after the deadline, polled with backoff', async () => {
    proxy.setFault('GenerateCredentialReport', () => credentialReportStarted())
    // A virtual clock: the waits are recorded, not slept, so the schedule is exact under any load.
    let clock = 0
    const waits: number[] = []
    const polling = {
      initialDelayMs: 1_000,
      maxDelayMs: 4_000,
      deadlineMs: 10_000,
      now: () => clock,
      sleep: async (ms: number) => {
        waits.push(ms)
        clock += ms
      },
    }
    const { slice } = await collect({ credentialReport: polling })
    expect(slice.credentialReport).toMatchObject({ kind: 'unreadable', error: { code: 'ReportNotReady', operation: 'iam:GetCredentialReport' } })
    expect(waits).toEqual([1_000, 2_000, 4_000, 3_000]) // doubling, capped, and cut at the deadline
    expect(proxy.seen.get('GenerateCredentialReport')).toBe(5)
    // It never asked for a report AWS said was unfinished.
    expect(proxy.seen.get('GetCredentialReport')).toBeUndefined()
    expect(okKeys(slice)).toHaveLength(5)
  })

  it('gives up on the real clock too (short deadline)', async () => {
    proxy.setFault('GenerateCredentialReport', () => credentialReportStarted())
    const started = Date.now()
    const { slice } = await collect({ credentialReport: { initialDelayMs: 20, maxDelayMs: 50, deadlineMs: 300 } })
    expect(slice.credentialReport).toMatchObject({ kind: 'unreadable', error: { code: 'ReportNotReady' } })
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
  })

  it('keeps polling while GetCredentialReport says ReportInProgress, then reads the report', async () => {
    proxy.setFault('GetCredentialReport', (n) => (n <= 2 ? awsQueryError(410, 'ReportInProgress', 'Report generation is in progress') : undefined))
    const { slice } = await collect()
    expect(slice.credentialReport.kind).toBe('ok')
    expect(proxy.seen.get('GetCredentialReport')).toBe(3)
  })

  it('AccessDenied on GetCredentialReport is reported as such, not as a timeout', async () => {
    proxy.setFault('GetCredentialReport', () => denied('iam:GetCredentialReport'))
    const { slice } = await collect()
    expect(slice.credentialReport).toMatchObject({ kind: 'unreadable', error: { code: 'AccessDenied', operation: 'iam:GetCredentialReport' } })
    expect(proxy.seen.get('GetCredentialReport')).toBe(1)
  })

  it('GenerateCredentialReport denied names that operation', async () => {
    proxy.setFault('GenerateCredentialReport', () => denied('iam:GenerateCredentialReport'))
    const { slice } = await collect()
    expect(slice.credentialReport).toMatchObject({ kind: 'unreadable', error: { code: 'AccessDenied', operation: 'iam:GenerateCredentialReport' } })
  })

  it('a malformed credential report is unreadable with MalformedCredentialReport', async () => {
    const garbage = Buffer.from('this is not,a credential report\n').toString('base64')
    proxy.setFault('GenerateCredentialReport', () => awsQueryResult('GenerateCredentialReport', '<State>COMPLETE</State>'))
    proxy.setFault('GetCredentialReport', () =>
      awsQueryResult('GetCredentialReport', `<Content>${garbage}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-06-01T00:00:00Z</GeneratedTime>`),
    )
    const { slice } = await collect()
    expect(slice.credentialReport).toMatchObject({ kind: 'unreadable', error: { code: 'MalformedCredentialReport', operation: 'iam:GetCredentialReport' } })
  })

  it('a denied AWS-managed policy fetch leaves the policy without a document, and the next account retries it', async () => {
    // This moto runs without AWS-managed policies, so the attachment is injected with the page.
    proxy.setFault('GetAccountAuthorizationDetails', () => awsQueryResult('GetAccountAuthorizationDetails', userPage({ name: 'alice', attached: ADMIN_ACCESS, truncated: false })))
    proxy.setFault('GetPolicy', () => denied('iam:GetPolicy'))
    const cache = new ManagedPolicyCache()
    const first = await collect(fast, 1, cache)
    expect(first.slice.authorizationDetails.kind).toBe('ok')
    const policy = first.slice.authorizationDetails.kind === 'ok' ? first.slice.authorizationDetails.value.policies.find((p) => p.arn === ADMIN_ACCESS) : undefined
    expect(policy).toMatchObject({ awsManaged: true, attachmentCount: 1 })
    expect(policy!.document).toBeUndefined()

    // The failure was not cached: once access is granted, the next account reads the document.
    proxy.setFault('GetPolicy', () => awsQueryResult('GetPolicy', `<Policy><PolicyName>AdministratorAccess</PolicyName><Arn>${ADMIN_ACCESS}</Arn><DefaultVersionId>v7</DefaultVersionId></Policy>`))
    proxy.setFault('GetPolicyVersion', (_n, params) =>
      params.get('VersionId') === 'v7'
        ? awsQueryResult('GetPolicyVersion', `<PolicyVersion><Document>${encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }))}</Document><VersionId>v7</VersionId><IsDefaultVersion>true</IsDefaultVersion></PolicyVersion>`)
        : awsQueryError(404, 'NoSuchEntity', 'no such version'),
    )
    const second = await collect(fast, 1, cache)
    const again = second.slice.authorizationDetails.kind === 'ok' ? second.slice.authorizationDetails.value.policies.find((p) => p.arn === ADMIN_ACCESS) : undefined
    expect(again).toMatchObject({ defaultVersionId: 'v7', document: { Statement: [{ Action: '*' }] } })
  })
})

describe('GetAccountAuthorizationDetails pagination and bad documents (pages injected: moto does not paginate)', () => {
  it('follows Marker pages and merges them', async () => {
    proxy.setFault('GetAccountAuthorizationDetails', (_n, params) =>
      params.get('Marker') === null ? awsQueryResult('GetAccountAuthorizationDetails', userPage({ name: 'paged-user', truncated: true })) : undefined,
    )
    const { slice, counter } = await collect()
    expect(slice.authorizationDetails.kind === 'ok' && slice.authorizationDetails.value.users.map((u) => u.name).sort()).toEqual(['alice', 'paged-user'])
    expect(counter.byOperation()['iam:GetAccountAuthorizationDetails']).toBe(2)
  })

  it('keeps an unparseable inline policy as a marked document that policy parsing reports as malformed', async () => {
    proxy.setFault('GetAccountAuthorizationDetails', () =>
      awsQueryResult('GetAccountAuthorizationDetails', userPage({ name: 'odd', truncated: false, inlineDocument: '%7Bnot%20json' })),
    )
    const { slice } = await collect()
    expect(slice.authorizationDetails.kind).toBe('ok')
    const odd = slice.authorizationDetails.kind === 'ok' ? slice.authorizationDetails.value.users[0]! : undefined
    const doc = odd!.inlinePolicies[0]!.document
    expect(isUnparseablePolicy(doc)).toBe(true)
    expect(parsePolicy(doc)).toMatchObject({ ok: false })
  })
})

function userPage(u: { name: string; truncated: boolean; attached?: string; inlineDocument?: string }): string {
  const attached = u.attached ? `<member><PolicyName>${u.attached.split('/').pop()}</PolicyName><PolicyArn>${u.attached}</PolicyArn></member>` : ''
  const inline = u.inlineDocument ? `<member><PolicyName>inline</PolicyName><PolicyDocument>${u.inlineDocument}</PolicyDocument></member>` : ''
  return (
    `<IsTruncated>${u.truncated}</IsTruncated>${u.truncated ? '<Marker>page-2</Marker>' : ''}` +
    `<UserDetailList><member><Path>/</Path><UserName>${u.name}</UserName><UserId>AIDA${u.name.toUpperCase().replace(/[^A-Z]/g, '')}</UserId>` +
    `<Arn>arn:aws:iam::123456789012:user/${u.name}</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate><GroupList/>` +
    `<AttachedManagedPolicies>${attached}</AttachedManagedPolicies><UserPolicyList>${inline}</UserPolicyList></member></UserDetailList>` +
    `<GroupDetailList/><RoleDetailList/><Policies/>`
  )
}
