import * as account from '@aws-sdk/client-account'
import * as ec2 from '@aws-sdk/client-ec2'
import * as iam from '@aws-sdk/client-iam'
import * as organizations from '@aws-sdk/client-organizations'
import * as sts from '@aws-sdk/client-sts'
import * as accessanalyzer from '@aws-sdk/client-accessanalyzer'
import * as cloudtrail from '@aws-sdk/client-cloudtrail'
import * as cloudwatch from '@aws-sdk/client-cloudwatch'
import * as logs from '@aws-sdk/client-cloudwatch-logs'
import * as config from '@aws-sdk/client-config-service'
import * as guardduty from '@aws-sdk/client-guardduty'
import * as kms from '@aws-sdk/client-kms'
import * as s3 from '@aws-sdk/client-s3'
import * as s3control from '@aws-sdk/client-s3-control'
import * as securityhub from '@aws-sdk/client-securityhub'
import * as sns from '@aws-sdk/client-sns'
import * as ssm from '@aws-sdk/client-ssm'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import { collectMarkerPages, collectTokenPages, PaginationError } from '../../src/aws/paginate.js'
import { AWS_SERVICES, isReadOperation, READ_OPERATIONS } from '../../src/aws/read-operations.js'
import { createSession, resolveDefaultRegion } from '../../src/aws/session.js'
import { useEmulator } from '../support/emulator.js'
import { awsQueryError, startFaultProxy } from './fault-proxy.js'

const env = useEmulator({ awsManagedPolicies: true })
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }

describe('READ_OPERATIONS registry', () => {
  const sdkModules: Record<string, Record<string, unknown>> = { iam, sts, organizations, account, ec2, accessanalyzer, cloudtrail, cloudwatch, logs, config, guardduty, kms, s3, s3control, securityhub, sns, ssm }

  it('names only operations that exist in the SDK (exact names, no prefixes or wildcards)', () => {
    for (const service of AWS_SERVICES) {
      for (const operation of READ_OPERATIONS[service]) {
        expect(operation, `${service}:${operation}`).toMatch(/^[A-Z][A-Za-z0-9]+$/)
        expect(typeof sdkModules[service]![`${operation}Command`], `${service}:${operation} has no SDK command`).toBe('function')
      }
    }
  })

  it('holds what the IAM collector and the organization scan call, and nothing that writes', () => {
    expect(READ_OPERATIONS.iam).toContain('GetAccountAuthorizationDetails')
    expect(READ_OPERATIONS.iam).toContain('GenerateCredentialReport')
    expect(READ_OPERATIONS.sts).toEqual(['GetCallerIdentity', 'AssumeRole'])
    expect(READ_OPERATIONS.organizations).toContain('ListAccountsForParent')
    expect(READ_OPERATIONS.ec2).toContain('DescribeRegions')
    const writeVerbs = /^(Create|Delete|Put|Update|Attach|Detach|Add|Remove|Set|Enable|Disable|Tag|Untag|Upload|Change|Reset|Run|Start|Stop|Terminate)/
    for (const service of AWS_SERVICES) for (const op of READ_OPERATIONS[service]) expect(op, `${service}:${op}`).not.toMatch(writeVerbs)
  })

  it('matches exactly and case-sensitively, per service', () => {
    expect(isReadOperation('iam', 'GetPolicy')).toBe(true)
    expect(isReadOperation('iam', 'getpolicy')).toBe(false)
    expect(isReadOperation('iam', 'GetPolicyVersions')).toBe(false)
    expect(isReadOperation('iam', 'Get')).toBe(false)
    expect(isReadOperation('organizations', 'GetPolicy')).toBe(false)
    expect(isReadOperation('s3', 'ListBuckets')).toBe(true)
    // The scan never reads object data (the user sync's key source has its own allow-listed client).
    expect(isReadOperation('s3', 'GetObject')).toBe(false)
    expect(isReadOperation('iam', 'ListBuckets')).toBe(false)
  })
})

describe('ApiCallCounter', () => {
  it('counts logical calls by service and operation, and retries separately', () => {
    const c = new ApiCallCounter()
    c.record('iam', 'GetAccountSummary')
    c.record('iam', 'GetCredentialReport', 3)
    c.record('sts', 'GetCallerIdentity')
    expect(c.byService()).toEqual({ iam: 2, sts: 1 })
    expect(c.byOperation()).toEqual({ 'iam:GetAccountSummary': 1, 'iam:GetCredentialReport': 1, 'sts:GetCallerIdentity': 1 })
    expect(c.retriesByService()).toEqual({ iam: 2 })
    expect(c.totalCalls()).toBe(3)
    expect(JSON.parse(JSON.stringify({ apiCalls: c }))).toEqual({ apiCalls: { iam: 2, sts: 1 } })
  })

  it('merges counters and measures what happened since a copy', () => {
    const a = new ApiCallCounter()
    a.record('iam', 'GetPolicy')
    const before = a.copy()
    a.record('iam', 'GetPolicy', 2)
    a.record('organizations', 'ListAccounts')
    expect(a.since(before).byOperation()).toEqual({ 'iam:GetPolicy': 1, 'organizations:ListAccounts': 1 })
    expect(a.since(before).retriesByService()).toEqual({ iam: 1 })
    expect(before.byService()).toEqual({ iam: 1 })
    const total = new ApiCallCounter().merge(a).merge(before)
    expect(total.byService()).toEqual({ iam: 3, organizations: 1 })
  })
})

describe('pagination helpers', () => {
  it('follows Marker while IsTruncated, passing each marker back', async () => {
    const asked: (string | undefined)[] = []
    const pages = await collectMarkerPages(async (marker) => {
      asked.push(marker)
      const n = marker === undefined ? 1 : Number(marker) + 1
      return n < 3 ? { IsTruncated: true, Marker: String(n), n } : { IsTruncated: false, n }
    })
    expect(asked).toEqual([undefined, '1', '2'])
    expect(pages.map((p) => p.n)).toEqual([1, 2, 3])
  })

  it('stops on a page without IsTruncated even if it carries a Marker (moto style)', async () => {
    let calls = 0
    await collectMarkerPages(async () => ({ Marker: 'x', calls: ++calls }))
    expect(calls).toBe(1)
  })

  it('follows NextToken until absent', async () => {
    const pages = await collectTokenPages(async (token) => (token === undefined ? { NextToken: 'a', v: 1 } : token === 'a' ? { NextToken: 'b', v: 2 } : { v: 3 }))
    expect(pages.map((p) => p.v)).toEqual([1, 2, 3])
  })

  it('refuses to loop on a repeating token or a truncated page without a Marker', async () => {
    await expect(collectTokenPages(async () => ({ NextToken: 'same' }))).rejects.toBeInstanceOf(PaginationError)
    await expect(collectMarkerPages(async () => ({ IsTruncated: true, Marker: 'same' }))).rejects.toBeInstanceOf(PaginationError)
    await expect(collectMarkerPages(async () => ({ IsTruncated: true }))).rejects.toThrow(/no Marker/)
  })
})

describe('createSession', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })

  it('honours AWS_ENDPOINT_URL and the environment credential chain (verified against moto)', async () => {
    process.env.AWS_ENDPOINT_URL = env.endpoint
    process.env.AWS_ACCESS_KEY_ID = 'testing'
    process.env.AWS_SECRET_ACCESS_KEY = 'testing'
    delete process.env.AWS_PROFILE
    const counter = new ApiCallCounter()
    const session = createSession({ region: 'us-east-1', counter, maxAttempts: 1 })
    const identity = await session.client('sts').send(new sts.GetCallerIdentityCommand({}))
    expect(identity.Account).toBe('123456789012') // moto's default account: the request went to moto
    expect(counter.byService()).toEqual({ sts: 1 })
  })

  /** Shared config + credentials files with one profile, and no credentials in the environment. */
  function useProfileFiles(config: string, creds: string): void {
    const dir = mkdtempSync(join(tmpdir(), 'guardrail-profile-'))
    writeFileSync(join(dir, 'config'), config)
    writeFileSync(join(dir, 'credentials'), creds)
    process.env.AWS_CONFIG_FILE = join(dir, 'config')
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials')
    process.env.AWS_EC2_METADATA_DISABLED = 'true'
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION']) delete process.env[k]
  }

  it('takes credentials from the named profile', async () => {
    useProfileFiles('[profile audit]\nregion = eu-north-1\n', '[audit]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n')
    const session = createSession({ region: 'us-east-1', profile: 'audit', counter: new ApiCallCounter(), endpoint: env.endpoint, maxAttempts: 1 })
    const resolved = typeof session.credentials === 'function' ? await session.credentials() : session.credentials
    expect(resolved.accessKeyId).toBe('AKIDPROFILE')
    const identity = await session.client('sts').send(new sts.GetCallerIdentityCommand({}))
    expect(identity.Account).toBe('123456789012')
  })

  it("resolves the default region from AWS_REGION, else the profile's region, else us-east-1", async () => {
    useProfileFiles('[profile audit]\nregion = eu-north-1\n', '')
    expect(await resolveDefaultRegion('audit')).toBe('eu-north-1')
    expect(await resolveDefaultRegion('missing')).toBe('us-east-1')
    process.env.AWS_REGION = 'ap-southeast-2'
    expect(await resolveDefaultRegion('audit')).toBe('ap-southeast-2')
  })

  it('uses explicit credentials when given (the organization scan passes assumed-role keys)', async () => {
    const counter = new ApiCallCounter()
    const session = createSession({ region: 'us-east-1', counter, endpoint: env.endpoint, maxAttempts: 1, credentials, roleArn: 'arn:aws:iam::123456789012:role/Audit' })
    expect(session.roleArn).toBe('arn:aws:iam::123456789012:role/Audit')
    const resolved = typeof session.credentials === 'function' ? await session.credentials() : session.credentials
    expect(resolved.accessKeyId).toBe('testing')
    const { SummaryMap } = await session.client('iam').send(new iam.GetAccountSummaryCommand({}))
    expect(SummaryMap?.Users).toBe(0)
  })

  it('builds each client once per service and region, and uses adaptive retry', async () => {
    const session = createSession({ region: 'us-east-1', counter: new ApiCallCounter(), credentials, endpoint: env.endpoint })
    expect(session.client('iam')).toBe(session.client('iam'))
    expect(session.client('ec2', 'eu-west-1')).not.toBe(session.client('ec2'))
    expect(await session.client('ec2', 'eu-west-1').config.region()).toBe('eu-west-1')
    const strategy = await session.client('iam').config.retryStrategy()
    expect((strategy as { mode?: string }).mode).toBe('adaptive')
    expect(await session.client('iam').config.maxAttempts()).toBeGreaterThan(1)
  })

  it('rejects a maxAttempts that is not a positive whole number', () => {
    expect(() => createSession({ region: 'us-east-1', counter: new ApiCallCounter(), maxAttempts: 0 })).toThrow(/maxAttempts/)
  })

  it('counts retries caused by throttling (AWS-shaped Throttling injected by a proxy in front of moto)', async () => {
    const proxy = await startFaultProxy(env.endpoint)
    try {
      // The first two attempts are throttled, the third reaches moto.
      proxy.setFault('GetAccountSummary', (n) => (n <= 2 ? awsQueryError(400, 'Throttling', 'Rate exceeded') : undefined))
      const counter = new ApiCallCounter()
      const session = createSession({ region: 'us-east-1', counter, credentials, endpoint: proxy.endpoint, maxAttempts: 3 })
      await session.client('iam').send(new iam.GetAccountSummaryCommand({}))
      expect(proxy.seen.get('GetAccountSummary')).toBe(3)
      expect(counter.byOperation()).toEqual({ 'iam:GetAccountSummary': 1 })
      expect(counter.retriesByOperation()).toEqual({ 'iam:GetAccountSummary': 2 })
    } finally {
      await proxy.close()
    }
  })
})
