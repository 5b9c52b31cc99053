// The detection checks against the emulator, end to end: AWS Config, GuardDuty, Security Hub, KMS
// and the S3 account-level Block Public Access seeded through the SDK as an administrator would —
// everything on in eu-west-1, nothing at all in us-east-1 — collected by the registry's collectors,
// evaluated; then the same through `guardrail scan --regions`, and the organization aggregator
// through `guardrail scan --org`.
// moto 5.2.5 has no IAM Access Analyzer: its slice is unreadable here (so iam.access-analyzer
// reports `error`, never a verdict), and the collector is tested at the SDK boundary in
// test/collect/detection.test.ts. moto keeps every Config recorder's last status PENDING and its
// AWS-managed keys (alias/aws/…) are CUSTOMER keys, so a failed recorder run and the AWS-managed
// key filter are shown in the table tests only.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigServiceClient, PutConfigurationAggregatorCommand, PutConfigurationRecorderCommand, PutDeliveryChannelCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service'
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty'
import { CreateKeyCommand, DisableKeyCommand, EnableKeyRotationCommand, KMSClient, type CreateKeyCommandInput } from '@aws-sdk/client-kms'
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import { s3ControlEndpointProvider } from '../../src/aws/s3control-endpoint.js'
import { createSession } from '../../src/aws/session.js'
import type { AnyCheck } from '../../src/checks/define.js'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { ManagedPolicyCache } from '../../src/collect/managed-policy-cache.js'
import { collectAccount } from '../../src/collect/pipeline.js'
import { COLLECTORS } from '../../src/collect/registry.js'
import type { Finding } from '../../src/core/types.js'
import { evaluateSnapshot } from '../../src/engine/evaluate.js'
import { findingsReportSchema } from '../../src/report/schema.js'
import type { RuleSet } from '../../src/rules/load.js'
import { DEFAULT_ORG_SETTINGS } from '../../src/rules/schema.js'
import { accountSnapshotSchema } from '../../src/snapshot/schema.js'
import { snapshot } from '../support/builders.js'
import { useEmulator, useUserShellEnvironment } from '../support/emulator.js'
import { onlyChecksConfig, runCli, tempDir } from '../cli/helpers.js'

const env = useEmulator()
useUserShellEnvironment(() => env.endpoint)
const ON = 'eu-west-1'
const OFF = 'us-east-1'
const REGIONS = [ON, OFF]
const ACCOUNT = '123456789012'
const ACCOUNT_ARN = `arn:aws:iam::${ACCOUNT}:root`
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }
type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

const DETECTION_COLLECTORS = ['config', 'guardduty-detectors', 'securityhub-hub', 'access-analyzer', 'kms-keys', 's3-account-public-access-block']
const ACCOUNT_CHECKS = ['config.recorder', 'config.delivery-channel', 'guardduty.enabled', 'securityhub.enabled', 'iam.access-analyzer', 'kms.key-rotation', 's3.account-public-access-block']
const checksNamed = (ids: string[]): AnyCheck[] => ids.map((id) => ALL_CHECKS.find((c) => c.id === id)!)

/** The checks under test, whatever rules/baseline.yaml says of them (the verdicts, not the severities, are tested). */
function rulesOf(checks: AnyCheck[]): RuleSet {
  return { frameworks: [], settings: DEFAULT_ORG_SETTINGS, rules: new Map(checks.map((check) => [check.id, { check, enabled: true, severity: 'medium' as const, options: {}, frameworks: {} }])) }
}

const client = <T>(C: new (config: object) => T, region = ON, creds: Credentials = credentials) => new C({ region, endpoint: env.endpoint, credentials: creds, maxAttempts: 1 })

interface Seeded {
  rotating: string
  notRotating: string
  asymmetric: string
  disabled: string
}

/** Everything on in eu-west-1 (two keys with and without rotation, two out of scope); nothing in us-east-1. */
async function seedAccount(): Promise<Seeded> {
  const config = client(ConfigServiceClient)
  await config.send(
    new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN: `arn:aws:iam::${ACCOUNT}:role/config`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } } }),
  )
  await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'config-history', s3KeyPrefix: 'eu' } }))
  await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }))
  await client(GuardDutyClient).send(new CreateDetectorCommand({ Enable: true }))
  await client(SecurityHubClient).send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }))
  const kms = client(KMSClient)
  const key = async (input: CreateKeyCommandInput) => (await kms.send(new CreateKeyCommand(input))).KeyMetadata!.KeyId!
  const rotating = await key({ Description: 'rotates' })
  await kms.send(new EnableKeyRotationCommand({ KeyId: rotating }))
  const notRotating = await key({ Description: 'never rotated' })
  const asymmetric = await key({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })
  const disabled = await key({ Description: 'disabled' })
  await kms.send(new DisableKeyCommand({ KeyId: disabled }))
  // Account-level Block Public Access with one of the four settings left off.
  await new S3ControlClient({ region: ON, endpoint: env.endpoint, credentials, maxAttempts: 1, endpointProvider: s3ControlEndpointProvider }).send(
    new PutPublicAccessBlockCommand({ AccountId: ACCOUNT, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true } }),
  )
  return { rotating, notRotating, asymmetric, disabled }
}

const verdicts = (findings: Finding[], checkId: string) =>
  findings
    .filter((f) => f.checkId === checkId)
    .map((f) => [f.region, f.resource, f.status, f.errorCode ?? null])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])))
const keyArn = (keyId: string) => `arn:aws:kms:${ON}:${ACCOUNT}:key/${keyId}`

/** The verdicts the seeded account deserves, per check: [region, resource, status, errorCode]. */
function expectSeededVerdicts(findings: Finding[], keys: Seeded): void {
  expect(verdicts(findings, 'config.recorder')).toEqual([
    [ON, ACCOUNT_ARN, 'pass', null],
    [OFF, ACCOUNT_ARN, 'fail', null],
  ])
  expect(verdicts(findings, 'config.delivery-channel')).toEqual([
    [ON, ACCOUNT_ARN, 'pass', null],
    [OFF, ACCOUNT_ARN, 'fail', null],
  ])
  expect(verdicts(findings, 'guardduty.enabled')).toEqual([
    [ON, ACCOUNT_ARN, 'pass', null],
    [OFF, ACCOUNT_ARN, 'fail', null],
  ])
  // "Not subscribed" in us-east-1 is a failure, not an error.
  expect(verdicts(findings, 'securityhub.enabled')).toEqual([
    [ON, ACCOUNT_ARN, 'pass', null],
    [OFF, ACCOUNT_ARN, 'fail', null],
  ])
  // One finding per enabled customer-managed symmetric key; the RSA and the disabled key are out of scope.
  expect(verdicts(findings, 'kms.key-rotation')).toEqual(
    [
      [ON, keyArn(keys.rotating), 'pass', null],
      [ON, keyArn(keys.notRotating), 'fail', null],
      [OFF, ACCOUNT_ARN, 'not_applicable', null],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1]))),
  )
  expect(findings.some((f) => f.resource === keyArn(keys.asymmetric) || f.resource === keyArn(keys.disabled))).toBe(false)
  expect(verdicts(findings, 's3.account-public-access-block')).toEqual([['global', ACCOUNT_ARN, 'fail', null]])
  expect(findings.find((f) => f.checkId === 's3.account-public-access-block')!.message).toContain('BlockPublicPolicy is off')
  // The emulator lacks IAM Access Analyzer: an error with the code it caused, in every region, never a verdict.
  expect(verdicts(findings, 'iam.access-analyzer')).toEqual([
    [ON, ACCOUNT_ARN, 'error', 'NotImplementedByEmulator'],
    [OFF, ACCOUNT_ARN, 'error', 'NotImplementedByEmulator'],
  ])
}

describe('detection checks against the emulator', { timeout: 180_000 }, () => {
  it('collectors read what was seeded, "off" as data; the checks give each region the verdict it deserves', async () => {
    const keys = await seedAccount()
    const session = createSession({ region: ON, credentials, endpoint: env.endpoint, maxAttempts: 1, counter: new ApiCallCounter() })
    const account = await collectAccount({
      accountId: ACCOUNT,
      session,
      partition: 'aws',
      regions: REGIONS,
      cache: new ManagedPolicyCache(),
      collectors: COLLECTORS.filter((c) => DETECTION_COLLECTORS.includes(c.id)),
    })
    expect(accountSnapshotSchema.safeParse(JSON.parse(JSON.stringify(account))).success).toBe(true)

    const on = account.regional[ON]!
    const off = account.regional[OFF]!
    expect(on['config.recorders']).toMatchObject({ kind: 'ok', value: [{ name: 'default', allSupported: true, includeGlobalResourceTypes: true, status: { kind: 'ok', value: { recording: true } } }] })
    expect(on['config.deliveryChannels']).toEqual({ kind: 'ok', value: [{ name: 'default', s3BucketName: 'config-history', s3KeyPrefix: 'eu' }] })
    expect(on['guardduty.detectors']).toMatchObject({ kind: 'ok', value: [{ status: 'ENABLED' }] })
    expect(on['securityhub.hub']).toMatchObject({ kind: 'ok', value: { subscribed: true, hubArn: `arn:aws:securityhub:${ON}:${ACCOUNT}:hub/default` } })
    // A region with nothing enabled: every slice readable, every service "off".
    expect(off['config.recorders']).toEqual({ kind: 'ok', value: [] })
    expect(off['config.deliveryChannels']).toEqual({ kind: 'ok', value: [] })
    expect(off['config.aggregators']).toEqual({ kind: 'ok', value: [] })
    expect(off['guardduty.detectors']).toEqual({ kind: 'ok', value: [] })
    expect(off['securityhub.hub']).toEqual({ kind: 'ok', value: { subscribed: false } })
    expect(off['kms.keys']).toEqual({ kind: 'ok', value: [] })
    // Rotation is read only for the enabled symmetric keys.
    const kmsKeys = on['kms.keys']!.kind === 'ok' ? on['kms.keys']!.value : []
    const rotationOf = (keyId: string) => kmsKeys.find((k) => k.keyId === keyId)?.rotation
    expect(rotationOf(keys.rotating)).toMatchObject({ kind: 'ok', value: { enabled: true } })
    expect(rotationOf(keys.notRotating)).toEqual({ kind: 'ok', value: { enabled: false } })
    expect(rotationOf(keys.asymmetric)).toBeUndefined()
    expect(rotationOf(keys.disabled)).toBeUndefined()
    expect(account.s3control?.publicAccessBlock).toEqual({ kind: 'ok', value: { configured: true, blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: true } })
    expect(on['accessanalyzer.analyzers']).toMatchObject({ kind: 'unreadable', error: { code: 'NotImplementedByEmulator', operation: 'accessanalyzer:ListAnalyzers' } })

    const findings = evaluateSnapshot(snapshot(account), rulesOf(checksNamed(ACCOUNT_CHECKS)), { now: new Date() })
    expectSeededVerdicts(findings, keys)
    expect(findings.find((f) => f.checkId === 'config.recorder' && f.region === ON)!.message).toContain('including global resource types (recorded in this region only)')
  })

  it('an account that never set S3 Block Public Access reads as not configured, and fails', async () => {
    const session = createSession({ region: ON, credentials, endpoint: env.endpoint, maxAttempts: 1, counter: new ApiCallCounter() })
    const account = await collectAccount({ accountId: ACCOUNT, session, partition: 'aws', regions: [ON], cache: new ManagedPolicyCache(), collectors: COLLECTORS.filter((c) => c.id === 's3-account-public-access-block') })
    expect(account.s3control?.publicAccessBlock).toEqual({ kind: 'ok', value: { configured: false } })
    const findings = evaluateSnapshot(snapshot(account), rulesOf(checksNamed(['s3.account-public-access-block'])), { now: new Date() })
    expect(verdicts(findings, 's3.account-public-access-block')).toEqual([['global', ACCOUNT_ARN, 'fail', null]])
  })

  it('guardrail scan --regions gives the same verdicts and counts the calls by service', async () => {
    const keys = await seedAccount()
    const dir = tempDir()
    const config = onlyChecksConfig(dir, ACCOUNT_CHECKS)
    const r = await runCli(['scan', '--regions', REGIONS.join(','), '--config', config, '--fail-on', 'none', '--quiet'], { cwd: dir })
    expect(r.stderr).not.toContain('error:')
    expect(r.code).toBe(0)
    const report = findingsReportSchema.parse(JSON.parse(readFileSync(join(dir, 'guardrail-report', 'findings.json'), 'utf8')))
    expectSeededVerdicts(report.findings as Finding[], keys)
    for (const service of ['config', 'guardduty', 'securityhub', 'kms', 's3control', 'accessanalyzer']) expect(report.apiCalls.byService[service], service).toBeGreaterThan(0)
  })
})

describe('config.aggregator through guardrail scan --org', { timeout: 240_000 }, () => {
  async function assumeInto(accountId: string): Promise<Credentials> {
    const out = await client(STSClient).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'seed' }))
    return { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! }
  }

  it('passes with an all-regions organization aggregator in the audit account, fails when the audit account has none', async () => {
    const org = client(OrganizationsClient, OFF)
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))
    const create = async (name: string) => (await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!.AccountId!
    const audit = await create('audit')
    const workload = await create('workload')
    await client(ConfigServiceClient, ON, await assumeInto(audit)).send(
      new PutConfigurationAggregatorCommand({ ConfigurationAggregatorName: 'organization', OrganizationAggregationSource: { RoleArn: `arn:aws:iam::${audit}:role/aggregator`, AllAwsRegions: true } }),
    )

    const scan = async (auditAccount: string) => {
      const dir = tempDir()
      const config = onlyChecksConfig(dir, ['config.aggregator'], { organization: { auditAccounts: [auditAccount] } })
      const r = await runCli(['scan', '--org', '--config', config, '--regions', REGIONS.join(','), '--fail-on', 'none', '--quiet'], { cwd: dir })
      expect(r.stderr).not.toContain('error:')
      expect(r.code).toBe(0)
      const report = findingsReportSchema.parse(JSON.parse(readFileSync(join(dir, 'guardrail-report', 'findings.json'), 'utf8')))
      return report.findings.filter((f) => f.checkId === 'config.aggregator')
    }

    const found = await scan(audit)
    expect(found.map((f) => [f.accountId, f.status])).toEqual([[ACCOUNT, 'pass']])
    expect(found[0]!.resource).toMatch(/^arn:aws:organizations::123456789012:organization\/o-/)
    expect(found[0]!.message).toContain(`Organization aggregator organization in audit account ${audit} (${ON}) covers all regions`)

    const missing = await scan(workload)
    expect(missing.map((f) => [f.accountId, f.status])).toEqual([[ACCOUNT, 'fail']])
    expect(missing[0]!.message).toBe(`No organization-wide AWS Config aggregator in the audit account ${workload}`)
  })
})

