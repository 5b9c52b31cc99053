// The one account pipeline (src/collect/pipeline.ts) against the emulator: every catalogued slice is
// collected — global ones once per account, regional ones in every scanned region — whether the
// regions are given or discovered, and each collector calls exactly the operations it declares in
// the registry (which is what the read-only allow-list and the audit role's policy are made from).
// The slice list is taken from SLICE_CATALOGUE, so a slice added later is covered without editing
// this file.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AttachUserPolicyCommand, IAMClient } from '@aws-sdk/client-iam'
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2'
import { describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import { createSession } from '../../src/aws/session.js'
import { collectCurrentAccount } from '../../src/collect/current-account.js'
import { ManagedPolicyCache } from '../../src/collect/managed-policy-cache.js'
import { collectAccount } from '../../src/collect/pipeline.js'
import { COLLECTORS } from '../../src/collect/registry.js'
import { findingsReportSchema } from '../../src/report/schema.js'
import { GLOBAL_SLICE_KEYS, REGIONAL_SLICE_KEYS, SLICE_CATALOGUE, globalSlicePath } from '../../src/snapshot/catalogue.js'
import type { Readable } from '../../src/snapshot/readable.js'
import type { AccountSnapshot } from '../../src/snapshot/schema.js'
import { snapshotSchema } from '../../src/snapshot/schema.js'
import { useEmulator, useUserShellEnvironment } from '../support/emulator.js'
import { runCli, tempDir } from '../cli/helpers.js'
import { ACCOUNT, ADMIN_ACCESS, credentials, seedUser } from './seed.js'
import { EMULATOR_LACKS, SERVICE_SEEDS } from './seeds/index.js'

// AWS-managed policies loaded, so the IAM collector's GetPolicy/GetPolicyVersion are exercised too.
const env = useEmulator({ awsManagedPolicies: true })
const REGIONS = ['us-east-1', 'eu-west-1']
useUserShellEnvironment(() => env.endpoint)

const iam = () => new IAMClient({ region: 'us-east-1', credentials, endpoint: env.endpoint, maxAttempts: 1 })
const ec2 = (region: string) => new EC2Client({ region, credentials, endpoint: env.endpoint, maxAttempts: 1 })

/** A user with a console password and an AWS-managed policy; an SSH group open to the world in eu-west-1 only. */
async function seedAccount(): Promise<void> {
  await seedUser(iam(), { name: 'alice', password: true })
  await iam().send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: ADMIN_ACCESS }))
  const { GroupId } = await ec2('eu-west-1').send(new CreateSecurityGroupCommand({ GroupName: 'open-ssh', Description: 'ssh from anywhere' }))
  await ec2('eu-west-1').send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
  )
  for (const s of SERVICE_SEEDS) await s.seed(env.endpoint, REGIONS)
}

function globalSlice(account: AccountSnapshot, key: string): Readable<unknown> | undefined {
  const [group, name] = globalSlicePath(key)
  return (account as unknown as Record<string, Record<string, Readable<unknown>> | undefined>)[group]?.[name]
}

const describeSlice = (s: Readable<unknown> | undefined) => (s === undefined ? 'absent' : s.kind === 'ok' ? 'ok' : `unreadable ${s.error.code}: ${s.error.message}`)
/** What a slice should read as against the emulator: 'ok', or the code of an operation it lacks. */
const expectedReading = (key: string) => (EMULATOR_LACKS[key] ? `unreadable ${EMULATOR_LACKS[key]!.code}` : 'ok')
const readingOf = (s: Readable<unknown> | undefined) => (s === undefined ? 'absent' : s.kind === 'ok' ? 'ok' : `unreadable ${s.error.code}`)

/** Every catalogued slice, at its place: global ones once on the account, regional ones in each region. */
function expectEveryCataloguedSlice(account: AccountSnapshot, regions: readonly string[]): void {
  expect(account.regions).toEqual([...regions])
  expect(Object.keys(account.regional).sort()).toEqual([...regions].sort())
  for (const key of GLOBAL_SLICE_KEYS) {
    expect(readingOf(globalSlice(account, key)), `${key}: ${describeSlice(globalSlice(account, key))}`).toBe(expectedReading(key))
  }
  for (const region of regions) {
    // Exactly the regional slices of the catalogue in every region: no global slice, nothing else.
    expect(Object.keys(account.regional[region]!).sort(), region).toEqual([...REGIONAL_SLICE_KEYS].sort())
    for (const key of REGIONAL_SLICE_KEYS) {
      const slice = account.regional[region]![key] as Readable<unknown> | undefined
      expect(readingOf(slice), `${key} in ${region}: ${describeSlice(slice)}`).toBe(expectedReading(key))
    }
  }
}

describe('collectCurrentAccount: the account pipeline as `guardrail scan` runs it', { timeout: 120_000 }, () => {
  it('with regions given, collects every catalogued slice: global ones once, regional ones in each region, none missing', async () => {
    await seedAccount()
    const snapshot = await collectCurrentAccount({ toolVersion: '0', regions: REGIONS, maxAttempts: 1, credentialReportDeadlineMs: 5_000 })
    expect(snapshotSchema.parse(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot)
    const [account] = snapshot.accounts
    expect(snapshot.accounts).toHaveLength(1)
    expect(Object.keys(SLICE_CATALOGUE).length).toBe(GLOBAL_SLICE_KEYS.length + REGIONAL_SLICE_KEYS.length)
    expectEveryCataloguedSlice(account!, REGIONS)
    expect(account!.apiCalls.ec2).toBeGreaterThan(0)

    // The seeded group shows up in its region only: each region is read with its own client.
    const names = (region: string) => {
      const s = account!.regional[region]!['ec2.securityGroups']!
      return s.kind === 'ok' ? s.value.map((g) => g.groupName) : []
    }
    expect(names('eu-west-1')).toContain('open-ssh')
    expect(names('us-east-1')).not.toContain('open-ssh')
  })

  it('with no regions given, scans exactly the enabled regions the account’s DescribeRegions returns', async () => {
    const { Regions } = await ec2('us-east-1').send(new DescribeRegionsCommand({ AllRegions: false }))
    const enabled = (Regions ?? [])
      .filter((r) => r.OptInStatus !== 'not-opted-in')
      .map((r) => r.RegionName!)
      .sort()
    expect(enabled.length).toBeGreaterThan(2)
    expect(enabled).toEqual(expect.arrayContaining(REGIONS))

    const snapshot = await collectCurrentAccount({ toolVersion: '0', maxAttempts: 1, credentialReportDeadlineMs: 5_000 })
    const [account] = snapshot.accounts
    expectEveryCataloguedSlice(account!, enabled)
    // Region discovery is a call of the account's collection.
    expect(account!.apiCalls.ec2).toBeGreaterThanOrEqual(1 + enabled.length)
  })
})

describe('each collector calls exactly the operations it declares', { timeout: 120_000 }, () => {
  it.each(COLLECTORS.map((c) => [c.id, c] as const))('%s', async (_id, collector) => {
    await seedAccount()
    const counter = new ApiCallCounter()
    const session = createSession({ region: 'us-east-1', credentials, counter, endpoint: env.endpoint, maxAttempts: 1 })
    const account = await collectAccount({
      accountId: ACCOUNT,
      session,
      partition: 'aws',
      cache: new ManagedPolicyCache(),
      collectors: [collector],
      // Two regions are enough to see a regional collector run per region (and keep 20 collectors × 24 regions out of the suite).
      regions: REGIONS,
      options: { iam: { credentialReport: { initialDelayMs: 10, deadlineMs: 5_000 } } },
    })
    const seen = Object.keys(counter.byOperation()).sort()
    const also = Object.entries(collector.alsoCalls ?? {}).flatMap(([service, ops]) => (ops ?? []).map((op) => `${service}:${op}`))
    const declared = [...new Set([...collector.operations.map((op) => `${collector.service}:${op}`), ...also, 'ec2:DescribeRegions'])].sort()
    expect(seen).toEqual(declared)

    // Only its own slices are filled; every other slice reads as not collected.
    const filled = [
      ...GLOBAL_SLICE_KEYS.filter((k) => globalSlice(account, k) !== undefined),
      ...REGIONAL_SLICE_KEYS.filter((k) => account.regions.some((r) => account.regional[r]?.[k] !== undefined)),
    ].sort()
    expect(filled).toEqual([...collector.slices].sort())
    if (collector.scope === 'regional') {
      expect(account.regions.length).toBeGreaterThan(1)
      for (const r of account.regions) for (const k of collector.slices) expect(readingOf(account.regional[r]?.[k as never]), `${k} in ${r}: ${describeSlice(account.regional[r]?.[k as never])}`).toBe(expectedReading(k))
    } else {
      for (const k of collector.slices) expect(readingOf(globalSlice(account, k)), `${k}: ${describeSlice(globalSlice(account, k))}`).toBe(expectedReading(k))
    }
  })
})

describe('guardrail scan --regions (CLI, in process)', { timeout: 120_000 }, () => {
  it('evaluates the regional check in both regions from real collected data, and reports the EC2 calls', async () => {
    await seedAccount()
    const dir = tempDir()
    const r = await runCli(['scan', '--regions', REGIONS.join(','), '--as-of', '2030-01-01', '--fail-on', 'none', '--quiet'], { cwd: dir })
    expect(r.stderr).not.toContain('error:')
    expect(r.code).toBe(0)
    const report = findingsReportSchema.parse(JSON.parse(readFileSync(join(dir, 'guardrail-report', 'findings.json'), 'utf8')))
    expect([...report.run.regions].sort()).toEqual([...REGIONS].sort())

    const ssh = report.findings.filter((f) => f.checkId === 'ec2.no-ssh-from-internet')
    expect(new Set(ssh.map((f) => f.region))).toEqual(new Set(REGIONS))
    for (const f of ssh) {
      expect(f.status, `${f.region} ${f.resource}`).not.toBe('error')
      expect(f.errorCode).toBeUndefined()
    }
    // The verdicts follow the data: the open group fails in eu-west-1, nothing fails in us-east-1.
    expect(ssh.filter((f) => f.status === 'fail').map((f) => f.region)).toEqual(['eu-west-1'])
    expect(ssh.some((f) => f.region === 'us-east-1' && f.status === 'pass')).toBe(true)
    expect(report.coverage.errors.filter((e) => e.checkId === 'ec2.no-ssh-from-internet')).toEqual([])
    expect(report.apiCalls.byService.ec2).toBeGreaterThan(0)
  })
})
