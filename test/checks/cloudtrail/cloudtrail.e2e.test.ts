// The CloudTrail checks against the emulator, end to end: trails seeded through the SDK as an
// administrator would (CreateTrail, StartLogging, PutEventSelectors, buckets with and without
// access logging), collected by the registry's collectors, evaluated, and through `guardrail scan`.
// Covers: a multi-region logging trail with advanced selectors, a single-region trail, a trail that
// exists but was never started, a region with nothing, a trail bucket with and without access
// logging, AccessDenied on a bucket of another account and on one trail's status (AWS-shaped errors
// through the fault proxy), and organization trails as the management account lists them.
//
// What moto 5.2.5 cannot show (tested in the table tests instead): it never reports a CloudWatch Logs
// delivery (no LatestCloudWatchLogsDeliveryTime), so cloudtrail.cloudwatch cannot pass here; and a
// trail without PutEventSelectors has no selectors at all, where AWS returns its default
// "All management events" selector — every trail below is given its selectors explicitly.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand, type AdvancedEventSelector, type EventSelector } from '@aws-sdk/client-cloudtrail'
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { CreateBucketCommand, PutBucketLoggingCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../../src/aws/call-counter.js'
import { createSession } from '../../../src/aws/session.js'
import { ALL_CHECKS } from '../../../src/checks/index.js'
import { ORGANIZATION_TRAILS, collectTrails } from '../../../src/collect/collectors/cloudtrail.js'
import { ManagedPolicyCache } from '../../../src/collect/managed-policy-cache.js'
import { collectAccount } from '../../../src/collect/pipeline.js'
import { COLLECTORS } from '../../../src/collect/registry.js'
import type { Finding } from '../../../src/core/types.js'
import { evaluateSnapshot } from '../../../src/engine/evaluate.js'
import { findingsReportSchema } from '../../../src/report/schema.js'
import { loadRules } from '../../../src/rules/load.js'
import type { Trail } from '../../../src/snapshot/cloudtrail.js'
import { accountSnapshotSchema, type AccountSnapshot } from '../../../src/snapshot/schema.js'
import { startFaultProxy, type FaultProxy } from '../../../tools/fault-proxy.js'
import { runCli, tempDir } from '../../cli/helpers.js'
import { snapshot } from '../../support/builders.js'
import { useEmulator, useUserShellEnvironment } from '../../support/emulator.js'

const env = useEmulator()
useUserShellEnvironment(() => env.endpoint)
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }
const ACCOUNT = '123456789012' // moto's default account
const HOME = 'us-east-1'
const OTHER = 'eu-west-1'
const EMPTY = 'ap-southeast-2' // a region with nothing in it
const REGIONS = [HOME, OTHER, EMPTY]
const CLOUDTRAIL_CHECKS = ALL_CHECKS.filter((c) => c.id.startsWith('cloudtrail.')).map((c) => c.id)

const arnOf = (region: string, name: string) => `arn:aws:cloudtrail:${region}:${ACCOUNT}:trail/${name}`
const cloudtrail = (region: string, endpoint = env.endpoint) => new CloudTrailClient({ region, endpoint, credentials, maxAttempts: 1 })
const s3 = () => new S3Client({ region: HOME, endpoint: env.endpoint, credentials, maxAttempts: 1, forcePathStyle: true })

const ALL_MANAGEMENT: EventSelector[] = [{ ReadWriteType: 'All', IncludeManagementEvents: true }]
/** The console's shape: every management event, plus S3 object WRITE events for every bucket. */
const MANAGEMENT_AND_S3_WRITES: AdvancedEventSelector[] = [
  { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
  {
    Name: 'S3 object writes',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
      { Field: 'readOnly', Equals: ['false'] },
    ],
  },
]

interface TrailSeed {
  region: string
  name: string
  bucket: string
  multiRegion?: boolean
  start?: boolean
  validation?: boolean
  kmsKeyId?: string
  logGroup?: boolean
  organization?: boolean
  selectors: { basic: EventSelector[] } | { advanced: AdvancedEventSelector[] }
}

async function createBucket(name: string): Promise<void> {
  await s3().send(new CreateBucketCommand({ Bucket: name }))
}

/** A bucket whose server access logs go to `target` (which lets the logging service write, as S3 requires). */
async function enableAccessLogging(bucket: string, target: string): Promise<void> {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: ['s3:PutObject'], Resource: `arn:aws:s3:::${target}/*` }] }
  await s3().send(new PutBucketPolicyCommand({ Bucket: target, Policy: JSON.stringify(policy) }))
  await s3().send(new PutBucketLoggingCommand({ Bucket: bucket, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: `${bucket}/` } } }))
}

async function createTrail(t: TrailSeed): Promise<void> {
  const client = cloudtrail(t.region)
  await client.send(
    new CreateTrailCommand({
      Name: t.name,
      S3BucketName: t.bucket,
      IsMultiRegionTrail: t.multiRegion ?? false,
      IsOrganizationTrail: t.organization ?? false,
      EnableLogFileValidation: t.validation ?? false,
      ...(t.kmsKeyId ? { KmsKeyId: t.kmsKeyId } : {}),
      ...(t.logGroup ? { CloudWatchLogsLogGroupArn: `arn:aws:logs:${t.region}:${ACCOUNT}:log-group:${t.name}:*`, CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/cloudtrail-to-logs` } : {}),
    }),
  )
  if (t.start ?? true) await client.send(new StartLoggingCommand({ Name: t.name }))
  await client.send(new PutEventSelectorsCommand({ TrailName: t.name, ...('basic' in t.selectors ? { EventSelectors: t.selectors.basic } : { AdvancedEventSelectors: t.selectors.advanced }) }))
}

async function collect(endpoint = env.endpoint): Promise<AccountSnapshot> {
  const session = createSession({ region: HOME, credentials, endpoint, maxAttempts: 1, counter: new ApiCallCounter() })
  const collectors = COLLECTORS.filter((c) => c.id === 'cloudtrail-trails' || c.id === 's3-buckets')
  const account = await collectAccount({ accountId: ACCOUNT, session, partition: 'aws', regions: REGIONS, cache: new ManagedPolicyCache(), collectors })
  expect(accountSnapshotSchema.safeParse(JSON.parse(JSON.stringify(account))).success).toBe(true)
  return account
}

function evaluate(account: AccountSnapshot): Finding[] {
  const all = loadRules({ checks: ALL_CHECKS })
  return evaluateSnapshot(snapshot(account), { ...all, rules: new Map([...all.rules].filter(([id]) => CLOUDTRAIL_CHECKS.includes(id))) }, { now: new Date() })
}

const verdicts = (findings: Finding[], checkId: string) => Object.fromEntries(findings.filter((f) => f.checkId === checkId).map((f) => [f.resource.replace(/^arn:aws:cloudtrail:[^:]+:\d+:trail\//, ''), f.status]))
const only = (findings: Finding[], checkId: string) => {
  const of = findings.filter((f) => f.checkId === checkId)
  expect(of, checkId).toHaveLength(1)
  return of[0]!
}
const trailsIn = (account: AccountSnapshot, region: string): Trail[] => {
  const slice = account.regional[region]!['cloudtrail.trails']!
  if (slice.kind !== 'ok') throw new Error(`${region}: ${slice.error.code}`)
  return slice.value
}

describe('CloudTrail checks against the emulator', { timeout: 180_000 }, () => {
  it('give the verdicts the seeded account deserves, from the collectors and through `guardrail scan`', async () => {
    const key = (await new KMSClient({ region: HOME, endpoint: env.endpoint, credentials, maxAttempts: 1 }).send(new CreateKeyCommand({ Description: 'trail key' }))).KeyMetadata!.Arn!
    for (const b of ['trail-logs-logged', 'trail-logs-plain', 'access-logs']) await createBucket(b)
    await enableAccessLogging('trail-logs-logged', 'access-logs')
    await createTrail({ region: HOME, name: 'main', bucket: 'trail-logs-logged', multiRegion: true, validation: true, kmsKeyId: key, logGroup: true, selectors: { advanced: MANAGEMENT_AND_S3_WRITES } })
    await createTrail({ region: OTHER, name: 'regional', bucket: 'trail-logs-plain', selectors: { basic: ALL_MANAGEMENT } })
    await createTrail({ region: OTHER, name: 'never-started', bucket: 'trail-logs-plain', multiRegion: true, start: false, logGroup: true, selectors: { basic: ALL_MANAGEMENT } })

    const account = await collect()
    // Each trail once, in its home region; the region with nothing holds an empty, readable list.
    expect(trailsIn(account, HOME).map((t) => t.name)).toEqual(['main'])
    expect(trailsIn(account, OTHER).map((t) => t.name)).toEqual(['never-started', 'regional'])
    expect(trailsIn(account, EMPTY)).toEqual([])
    const main = trailsIn(account, HOME)[0]!
    expect(main).toMatchObject({ arn: arnOf(HOME, 'main'), accountId: ACCOUNT, homeRegion: HOME, isMultiRegion: true, logFileValidation: true, kmsKeyId: key, s3BucketName: 'trail-logs-logged' })
    expect(main.status).toMatchObject({ kind: 'ok', value: { isLogging: true } })
    expect(main.selectors).toEqual({ kind: 'ok', value: { basic: [], advanced: [{ name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] }, expect.objectContaining({ name: 'S3 object writes' })] } })
    expect(main.bucketLogging).toEqual({ kind: 'ok', value: { enabled: true, targetBucket: 'access-logs' } })
    expect(trailsIn(account, OTHER).find((t) => t.name === 'never-started')!.status).toMatchObject({ kind: 'ok', value: { isLogging: false } })
    expect(account.s3?.buckets).toEqual({ kind: 'ok', value: ['access-logs', 'trail-logs-logged', 'trail-logs-plain'].map((name) => ({ name, creationDate: expect.any(String) })) })

    const findings = evaluate(account)
    expect(only(findings, 'cloudtrail.multi-region')).toMatchObject({ status: 'pass', message: expect.stringContaining("'main'") })
    expect(verdicts(findings, 'cloudtrail.log-validation')).toEqual({ main: 'pass', regional: 'fail', 'never-started': 'fail' })
    expect(verdicts(findings, 'cloudtrail.kms')).toEqual({ main: 'pass', regional: 'fail', 'never-started': 'fail' })
    expect(verdicts(findings, 'cloudtrail.bucket-access-logging')).toEqual({ main: 'pass', regional: 'fail', 'never-started': 'fail' })
    // moto reports no CloudWatch Logs delivery: configured trails fail on that, the others for having no log group.
    expect(verdicts(findings, 'cloudtrail.cloudwatch')).toEqual({ main: 'fail', regional: 'fail', 'never-started': 'fail' })
    expect(findings.find((f) => f.checkId === 'cloudtrail.cloudwatch' && f.resource.endsWith('/main'))!.message).toContain('reports no delivery')
    expect(findings.find((f) => f.checkId === 'cloudtrail.cloudwatch' && f.resource.endsWith('/never-started'))!.message).toContain('not logging')
    expect(only(findings, 'cloudtrail.s3-object-write-logging').status).toBe('pass')
    expect(only(findings, 'cloudtrail.s3-object-read-logging')).toMatchObject({ status: 'fail', message: expect.stringContaining("'main' (account 123456789012) has advanced event selectors that log write only S3 object events") })
    expect(findings.filter((f) => f.status === 'error')).toEqual([])

    // The same through the CLI, every collector included: the verdicts land in findings.json.
    const dir = tempDir()
    const r = await runCli(['scan', '--regions', REGIONS.join(','), '--fail-on', 'none', '--quiet'], { cwd: dir })
    expect(r.stderr).not.toContain('error:')
    expect(r.code).toBe(0)
    const report = findingsReportSchema.parse(JSON.parse(readFileSync(join(dir, 'guardrail-report', 'findings.json'), 'utf8')))
    const scanned = report.findings.filter((f) => CLOUDTRAIL_CHECKS.includes(f.checkId)) as Finding[]
    expect(only(scanned, 'cloudtrail.multi-region').status).toBe('pass')
    expect(verdicts(scanned, 'cloudtrail.log-validation')).toEqual({ main: 'pass', regional: 'fail', 'never-started': 'fail' })
    expect(verdicts(scanned, 'cloudtrail.bucket-access-logging')).toEqual({ main: 'pass', regional: 'fail', 'never-started': 'fail' })
    expect(only(scanned, 'cloudtrail.s3-object-write-logging').status).toBe('pass')
    expect(only(scanned, 'cloudtrail.s3-object-read-logging').status).toBe('fail')
    // A single-account scan has no organization view: the log-archive check is skipped, not failed.
    expect(scanned.filter((f) => f.checkId === 'cloudtrail.log-archive')).toEqual([])
    expect(report.coverage.checksSkipped).toEqual(expect.arrayContaining([expect.objectContaining({ checkId: 'cloudtrail.log-archive' })]))
    expect(report.apiCalls.byService.cloudtrail).toBeGreaterThan(0)
  })

  it('a trail that exists but does not log, and a single-region trail, do not cover the account', async () => {
    await createBucket('trail-logs')
    const everyBucket: EventSelector[] = [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }]
    await createTrail({ region: HOME, name: 'stopped', bucket: 'trail-logs', multiRegion: true, start: false, selectors: { basic: everyBucket } })
    await createTrail({ region: OTHER, name: 'local', bucket: 'trail-logs', selectors: { basic: everyBucket } })

    const findings = evaluate(await collect())
    const multiRegion = only(findings, 'cloudtrail.multi-region')
    expect(multiRegion.status).toBe('fail')
    expect(multiRegion.message).toContain(`'stopped' (account ${ACCOUNT}) exists but is not logging`)
    expect(multiRegion.message).toContain(`'local' (account ${ACCOUNT}) is a single-region trail (${OTHER})`)
    for (const id of ['cloudtrail.s3-object-write-logging', 'cloudtrail.s3-object-read-logging']) expect(only(findings, id).status, id).toBe('fail')
  })

  it('a region with no trail at all: the account fails multi-region, per-trail checks are not applicable', async () => {
    const findings = evaluate(await collect())
    expect(only(findings, 'cloudtrail.multi-region')).toMatchObject({ status: 'fail', message: expect.stringContaining('No CloudTrail trail applies') })
    for (const id of ['cloudtrail.log-validation', 'cloudtrail.kms', 'cloudtrail.cloudwatch', 'cloudtrail.bucket-access-logging']) {
      expect(only(findings, id).status, id).toBe('not_applicable')
    }
  })

  describe('AWS-shaped errors through the fault proxy', () => {
    let proxy: FaultProxy | undefined
    afterEach(async () => {
      await proxy?.stop()
      proxy = undefined
    })

    it('AccessDenied on a bucket of another account and on one trail status stay in their own pieces', async () => {
      for (const b of ['org-log-archive', 'own-logs']) await createBucket(b)
      await createTrail({ region: HOME, name: 'to-archive', bucket: 'org-log-archive', multiRegion: true, selectors: { basic: ALL_MANAGEMENT } })
      await createTrail({ region: OTHER, name: 'restricted', bucket: 'own-logs', multiRegion: true, selectors: { basic: ALL_MANAGEMENT } })
      proxy = await startFaultProxy({
        target: env.endpoint,
        // The log archive's bucket answers as a bucket of another account does to the audit role.
        script: (info) =>
          info.service === 's3' && info.method === 'GET' && /^\/org-log-archive\/?\?logging/.test(info.path)
            ? { status: 403, contentType: 'application/xml', body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>FAULT0001</RequestId><HostId>fault</HostId></Error>' }
            : undefined,
        rules: [{ service: 'cloudtrail', action: 'GetTrailStatus', region: OTHER, status: 400, code: 'AccessDeniedException', message: 'User is not authorized to perform: cloudtrail:GetTrailStatus' }],
      })

      const account = await collect(proxy.endpoint)
      const toArchive = trailsIn(account, HOME)[0]!
      expect(toArchive.bucketLogging).toMatchObject({ kind: 'unreadable', error: { code: 'AccessDenied', operation: 's3:GetBucketLogging' } })
      expect(toArchive.status).toMatchObject({ kind: 'ok', value: { isLogging: true } })
      const restricted = trailsIn(account, OTHER)[0]!
      expect(restricted.status).toMatchObject({ kind: 'unreadable', error: { code: 'AccessDeniedException', operation: 'cloudtrail:GetTrailStatus' } })
      expect(restricted.selectors.kind).toBe('ok')
      expect(restricted.bucketLogging).toEqual({ kind: 'ok', value: { enabled: false } })

      const findings = evaluate(account)
      const archiveLogging = findings.find((f) => f.checkId === 'cloudtrail.bucket-access-logging' && f.resource === arnOf(HOME, 'to-archive'))!
      expect(archiveLogging).toMatchObject({ status: 'error', errorCode: 'AccessDenied' })
      expect(archiveLogging.message).toMatch(/bucket org-log-archive .*must be read where the bucket lives/)
      expect(verdicts(findings, 'cloudtrail.bucket-access-logging').restricted).toBe('fail')
      // One trail passes, so the other's unreadable status does not make multi-region an error.
      expect(only(findings, 'cloudtrail.multi-region')).toMatchObject({ status: 'pass', message: expect.stringContaining("'to-archive'") })
      expect(verdicts(findings, 'cloudtrail.cloudwatch')).toEqual({ 'to-archive': 'fail', restricted: 'fail' })
    })
  })

  it('organization trails as the management account lists them: shadow trails included, each read in its home region', async () => {
    await createBucket('org-logs')
    await createTrail({ region: HOME, name: 'org-trail', bucket: 'org-logs', multiRegion: true, organization: true, validation: true, selectors: { basic: ALL_MANAGEMENT } })
    await createTrail({ region: HOME, name: 'account-trail', bucket: 'org-logs', multiRegion: true, selectors: { basic: ALL_MANAGEMENT } })
    const counter = new ApiCallCounter()
    const session = createSession({ region: OTHER, credentials, endpoint: env.endpoint, maxAttempts: 1, counter })

    const seenFromOther = await collectTrails(session, OTHER, ACCOUNT, ORGANIZATION_TRAILS)
    expect(seenFromOther.kind).toBe('ok')
    const trails = (seenFromOther as { kind: 'ok'; value: Trail[] }).value
    expect(trails.map((t) => [t.name, t.homeRegion, t.isOrganizationTrail])).toEqual([['org-trail', HOME, true]])
    expect(trails[0]!.status).toMatchObject({ kind: 'ok', value: { isLogging: true } })
    expect(trails[0]!.selectors).toMatchObject({ kind: 'ok', value: { basic: [expect.objectContaining({ readWriteType: 'All' })] } })
    expect(trails[0]!.bucketLogging).toEqual({ kind: 'ok', value: { enabled: false } })
    expect(counter.byOperation()).toEqual({ 'cloudtrail:DescribeTrails': 1, 'cloudtrail:GetTrailStatus': 1, 'cloudtrail:GetEventSelectors': 1, 's3:GetBucketLogging': 1 })

    // The account's own view from that region: nothing is homed there.
    const own = await collectTrails(session, OTHER, ACCOUNT)
    expect(own).toEqual({ kind: 'ok', value: [] })
  })
})
