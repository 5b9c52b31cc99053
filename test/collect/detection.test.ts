// The detection collectors where the emulator cannot speak for AWS: IAM Access Analyzer (moto 5.2.5
// has none) and the Security Hub and S3 Control answers moto never gives, stubbed at the SDK boundary
// with responses shaped like AWS's documented ones (the test names say so); and the S3 Control
// endpoint resolution that makes account-level calls reach an emulator without changing AWS's.
// Everything moto implements is tested against it in test/checks/detection.e2e.test.ts.
import { AccessAnalyzerClient, ListAnalyzersCommand, type AnalyzerSummary } from '@aws-sdk/client-accessanalyzer'
import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub'
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { isLiteralHost, s3ControlEndpointProvider } from '../../src/aws/s3control-endpoint.js'
import { collectAnalyzers } from '../../src/collect/collectors/access-analyzer.js'
import { collectAccountPublicAccessBlock } from '../../src/collect/collectors/s3-public-access-block.js'
import { collectHub } from '../../src/collect/collectors/securityhub.js'
import { analyzerSchema } from '../../src/snapshot/detection.js'

const awsError = (name: string, message: string, httpStatusCode = 400) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode } })

const accessAnalyzer = mockClient(AccessAnalyzerClient)
const securityHub = mockClient(SecurityHubClient)
const s3control = mockClient(S3ControlClient)
afterEach(() => {
  accessAnalyzer.reset()
  securityHub.reset()
  s3control.reset()
})

/** An AnalyzerSummary as ListAnalyzers documents it (createdAt an ISO timestamp; the SDK makes it a Date). */
const summary = (name: string, type: AnalyzerSummary['type'], status: AnalyzerSummary['status'], extra: Partial<AnalyzerSummary> = {}): AnalyzerSummary => ({
  arn: `arn:aws:access-analyzer:eu-west-1:111111111111:analyzer/${name}`,
  name,
  type,
  status,
  createdAt: new Date('2025-03-01T10:00:00Z'),
  lastResourceAnalyzed: 'arn:aws:s3:::some-bucket',
  lastResourceAnalyzedAt: new Date('2026-05-31T23:00:00Z'),
  tags: {},
  ...extra,
})

describe('collectAnalyzers (SDK-boundary stub: moto lacks IAM Access Analyzer)', () => {
  it('reads every analyzer of every type across pages, sorted, with status reasons', async () => {
    accessAnalyzer
      .on(ListAnalyzersCommand)
      .resolvesOnce({ analyzers: [summary('unused', 'ACCOUNT_UNUSED_ACCESS', 'ACTIVE', { configuration: { unusedAccess: { unusedAccessAge: 90 } } })], nextToken: 'page-2' })
      .resolvesOnce({ analyzers: [summary('external', 'ORGANIZATION', 'ACTIVE'), summary('broken', 'ACCOUNT', 'FAILED', { statusReason: { code: 'SERVICE_LINKED_ROLE_CREATION_FAILED' } })] })
    const result = await collectAnalyzers(new AccessAnalyzerClient({ region: 'eu-west-1' }))
    expect(result).toEqual({
      kind: 'ok',
      value: [
        { arn: 'arn:aws:access-analyzer:eu-west-1:111111111111:analyzer/broken', name: 'broken', type: 'ACCOUNT', status: 'FAILED', statusReason: 'SERVICE_LINKED_ROLE_CREATION_FAILED', createdAt: '2025-03-01T10:00:00.000Z' },
        { arn: 'arn:aws:access-analyzer:eu-west-1:111111111111:analyzer/external', name: 'external', type: 'ORGANIZATION', status: 'ACTIVE', createdAt: '2025-03-01T10:00:00.000Z' },
        { arn: 'arn:aws:access-analyzer:eu-west-1:111111111111:analyzer/unused', name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE', createdAt: '2025-03-01T10:00:00.000Z' },
      ],
    })
    for (const a of (result as { value: unknown[] }).value) expect(analyzerSchema.safeParse(a).success).toBe(true)
    // Two pages, every type listed (no type filter). (The SDK paginator reuses one input object, so
    // the recorded inputs both show the last token.)
    const calls = accessAnalyzer.commandCalls(ListAnalyzersCommand)
    expect(calls).toHaveLength(2)
    expect(calls.map((c) => c.args[0].input.type)).toEqual([undefined, undefined])
    expect(calls[1]!.args[0].input.nextToken).toBe('page-2')
  })

  it('no analyzer in the region is an empty list (data), not an error', async () => {
    accessAnalyzer.on(ListAnalyzersCommand).resolves({ analyzers: [] })
    expect(await collectAnalyzers(new AccessAnalyzerClient({ region: 'eu-west-1' }))).toEqual({ kind: 'ok', value: [] })
  })

  it('AccessDeniedException stays unreadable with its code', async () => {
    accessAnalyzer.on(ListAnalyzersCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: access-analyzer:ListAnalyzers', 403))
    expect(await collectAnalyzers(new AccessAnalyzerClient({ region: 'eu-west-1' }))).toMatchObject({ kind: 'unreadable', error: { code: 'AccessDeniedException', operation: 'accessanalyzer:ListAnalyzers' } })
  })

  it('an analyzer without a status is a malformed response, not an analyzer of unknown status', async () => {
    accessAnalyzer.on(ListAnalyzersCommand).resolves({ analyzers: [{ ...summary('odd', 'ACCOUNT', 'ACTIVE'), status: undefined }] })
    expect(await collectAnalyzers(new AccessAnalyzerClient({ region: 'eu-west-1' }))).toMatchObject({ kind: 'unreadable', error: { code: 'MalformedResponse' } })
  })
})

describe('collectHub: "not subscribed" is data, any other refusal is not (SDK-boundary stub: moto answers only "not subscribed")', () => {
  it('InvalidAccessException "Account … is not subscribed to AWS Security Hub" (HTTP 401) is { subscribed: false }', async () => {
    securityHub.on(DescribeHubCommand).rejects(awsError('InvalidAccessException', 'Account 111111111111 is not subscribed to AWS Security Hub', 401))
    expect(await collectHub(new SecurityHubClient({ region: 'eu-west-1' }))).toEqual({ kind: 'ok', value: { subscribed: false } })
  })

  it('an InvalidAccessException about something else stays unreadable', async () => {
    securityHub.on(DescribeHubCommand).rejects(awsError('InvalidAccessException', 'Account 111111111111 is not an administrator for this organization', 401))
    expect(await collectHub(new SecurityHubClient({ region: 'eu-west-1' }))).toMatchObject({ kind: 'unreadable', error: { code: 'InvalidAccessException' } })
  })

  it('AccessDeniedException stays unreadable', async () => {
    securityHub.on(DescribeHubCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: securityhub:DescribeHub', 403))
    expect(await collectHub(new SecurityHubClient({ region: 'eu-west-1' }))).toMatchObject({ kind: 'unreadable', error: { code: 'AccessDeniedException', operation: 'securityhub:DescribeHub' } })
  })
})

describe('collectAccountPublicAccessBlock (SDK-boundary stub: flags AWS leaves out)', () => {
  it('a flag absent from the configuration is off', async () => {
    s3control.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true } })
    expect(await collectAccountPublicAccessBlock(new S3ControlClient({ region: 'us-east-1' }), '111111111111')).toEqual({
      kind: 'ok',
      value: { configured: true, blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false },
    })
    expect(s3control.commandCalls(GetPublicAccessBlockCommand)[0]!.args[0].input).toEqual({ AccountId: '111111111111' })
  })
})

describe('S3 Control endpoint resolution', () => {
  const params = (endpoint?: string) => ({ Region: 'eu-west-1', UseFIPS: false, UseDualStack: false, RequiresAccountId: true, AccountId: '111111111111', ...(endpoint ? { Endpoint: endpoint } : {}) })
  const url = (endpoint?: string) => s3ControlEndpointProvider(params(endpoint), {}).url.toString()

  it('AWS itself: the account id is the first label of the S3 Control host, as the SDK resolves it', () => {
    expect(url()).toBe('https://111111111111.s3-control.eu-west-1.amazonaws.com/')
    expect(s3ControlEndpointProvider({ ...params(), UseFIPS: true }, {}).url.toString()).toBe('https://111111111111.s3-control-fips.eu-west-1.amazonaws.com/')
  })

  it('a custom endpoint with a DNS name (PrivateLink) keeps the account label', () => {
    expect(url('https://control.vpce-0123-abcd.s3.eu-west-1.vpce.amazonaws.com')).toBe('https://111111111111.control.vpce-0123-abcd.s3.eu-west-1.vpce.amazonaws.com/')
  })

  it('an emulator at an IP address or localhost is addressed as given (the account id travels in x-amz-account-id)', () => {
    expect(url('http://127.0.0.1:4566')).toBe('http://127.0.0.1:4566/')
    expect(url('http://[::1]:4566/base')).toBe('http://[::1]:4566/base')
    expect(url('http://localhost:5000')).toBe('http://localhost:5000/')
    expect(s3ControlEndpointProvider(params('http://127.0.0.1:4566'), {}).properties?.authSchemes).toEqual([expect.objectContaining({ name: 'sigv4', signingName: 's3', signingRegion: 'eu-west-1' })])
  })

  it('isLiteralHost', () => {
    expect(['127.0.0.1', '[::1]', '::1', 'localhost', '10.0.0.5'].map(isLiteralHost)).toEqual([true, true, true, true, true])
    expect(['s3-control.eu-west-1.amazonaws.com', 'localhost.example.com', 'emulator'].map(isLiteralHost)).toEqual([false, false, false])
  })
})
