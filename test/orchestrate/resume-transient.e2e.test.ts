// Transient failures and --resume (src/collect/isolate.ts toAwsError → summary.transientGaps →
// WorkDir.isAccountDone): an account that failed for a reason that says nothing about the account
// (a 503, throttling beyond retries, a dropped connection) is written and reported, but not "done",
// so `--resume` scans it again — and only it. A definitive answer (AccessDenied, an unauthorised
// region) is a finding about the account: resume keeps it and does not ask again.
//
// The fault proxy (tools/fault-proxy.ts) cannot drop connections, so the transient failure is an
// HTTP 503 ServiceUnavailable on every attempt (the SDK's retries included).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FindingsReport } from '../../src/report/schema.js'
import { startFaultProxy, type FaultProxy } from '../../tools/fault-proxy.js'
import { seedSyntheticOrganization, type SeededOrganization } from '../../tools/seed-synthetic-org.js'
import { useEmulator } from '../support/emulator.js'
import { readReport, REGIONS, scan, tempDir } from './helpers.js'

const emu = useEmulator()
let proxy: FaultProxy
let org: SeededOrganization

beforeEach(async () => {
  org = await seedSyntheticOrganization({ endpoint: emu.endpoint, accounts: 4, usersPerAccount: 1, regions: REGIONS, consoleUserEvery: 1, openSshEvery: 2 })
  proxy = await startFaultProxy({ target: emu.endpoint, seed: 11 })
})
afterEach(async () => {
  await proxy.stop()
})

const UNAVAILABLE = { status: 503, code: 'ServiceUnavailable', message: 'Service is unavailable, try again later' }
const sorted = (xs: readonly (string | undefined)[]) => [...xs].map(String).sort()
const assumedRoleIn = (p: FaultProxy) => sorted(p.seen.filter((r) => r.service === 'sts' && r.action === 'AssumeRole').map((r) => r.assumeRoleAccount))
const summaryOf = (workDir: string, id: string) => JSON.parse(readFileSync(join(workDir, 'accounts', `${id}.summary.json`), 'utf8')) as { transientGaps: number; gaps: number }
const errorsOf = (report: FindingsReport, id: string) => report.findings.filter((f) => f.accountId === id && f.status === 'error')
/** The checks that error in an account for reasons of the emulator (moto's credential report has no root row). */
const erroringChecks = (report: FindingsReport, id: string) => sorted(errorsOf(report, id).map((f) => f.checkId))

describe('--resume after transient failures', { timeout: 180_000 }, () => {
  it('re-scans exactly the accounts that failed transiently, not the one denied, and the final report has no trace of the outage', async () => {
    const [healthy, flaky1, flaky2, denied] = org.accounts.map((a) => a.accountId) as [string, string, string, string]
    proxy.setRules([
      { service: 'sts', action: 'AssumeRole', assumeRoleAccount: flaky1, ...UNAVAILABLE },
      { service: 'sts', action: 'AssumeRole', assumeRoleAccount: flaky2, ...UNAVAILABLE },
      { service: 'sts', action: 'AssumeRole', assumeRoleAccount: denied, status: 403, code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole' },
    ])
    const workDir = tempDir()
    const first = await scan(proxy.endpoint, { workDir })
    expect(proxy.stats.injected[0]).toBeGreaterThan(0)
    expect(proxy.stats.injected[1]).toBeGreaterThan(0)
    expect(proxy.stats.injected[2]).toBeGreaterThan(0)

    // The scan finished, with every account written; the outage is reported, and retryable.
    const allIds = sorted([org.managementAccountId, ...org.accounts.map((a) => a.accountId)])
    expect(sorted(first.scannedThisRun)).toEqual(allIds)
    expect(sorted(first.inaccessibleAccounts)).toEqual(sorted([flaky1, flaky2, denied]))
    expect(sorted(first.retryableAccounts)).toEqual(sorted([flaky1, flaky2]))
    expect(summaryOf(workDir, flaky1).transientGaps).toBe(1)
    expect(summaryOf(workDir, denied).transientGaps).toBe(0)
    expect(summaryOf(workDir, healthy).transientGaps).toBe(0)
    const firstReport = readReport(first.findingsPath)
    expect(errorsOf(firstReport, flaky1).length).toBeGreaterThan(0)
    expect(new Set(errorsOf(firstReport, flaky1).map((f) => f.errorCode))).toEqual(new Set(['ServiceUnavailable']))

    // The outage is over; so is the denial (if resume asked again, it would now get in).
    proxy.setRules([])
    proxy.resetStats()
    const resumed = await scan(proxy.endpoint, { workDir, resume: true })
    expect(sorted(resumed.scannedThisRun)).toEqual(sorted([flaky1, flaky2]))
    expect(sorted(resumed.resumedAccounts)).toEqual(sorted([org.managementAccountId, healthy, denied]))
    expect(assumedRoleIn(proxy)).toEqual(sorted([flaky1, flaky2]))
    expect(resumed.retryableAccounts).toEqual([])
    expect(resumed.inaccessibleAccounts).toEqual([denied])

    const report = readReport(resumed.findingsPath)
    for (const id of [flaky1, flaky2]) {
      expect(report.run.accounts.find((a) => a.accountId === id)!.accessible).toBe(true)
      expect(errorsOf(report, id).filter((f) => f.errorCode === 'ServiceUnavailable')).toEqual([])
      // What still errors there is what errors in an account that never failed (emulator limits).
      expect(erroringChecks(report, id)).toEqual(erroringChecks(report, healthy))
      expect(summaryOf(workDir, id).transientGaps).toBe(0)
    }
    // The seeded violations of the re-scanned accounts are in the report.
    for (const seeded of org.accounts.filter((a) => a.accountId === flaky1 || a.accountId === flaky2)) {
      expect(report.findings.filter((f) => f.accountId === seeded.accountId && f.checkId === 'iam.user-console-mfa' && f.status === 'fail')).toHaveLength(seeded.consoleUsersWithoutMfa)
    }
    // The denied account keeps its first-run verdict: every one of its account checks an AccessDenied error.
    const deniedFindings = report.findings.filter((f) => f.accountId === denied && !f.checkId.startsWith('org.'))
    expect(deniedFindings.length).toBeGreaterThan(0)
    for (const f of deniedFindings) expect([f.status, f.errorCode]).toEqual(['error', 'AccessDenied'])

    // Resuming a scan with nothing left to retry scans nothing.
    proxy.resetStats()
    const again = await scan(proxy.endpoint, { workDir, resume: true })
    expect(again.scannedThisRun).toEqual([])
    expect(assumedRoleIn(proxy)).toEqual([])
  })

  it('a transient failure of one slice (a region answering 503) also makes the account retryable; a definitive one does not', async () => {
    const [one] = org.accounts.map((a) => a.accountId) as [string]
    const ec2InEu = { service: 'ec2', region: 'eu-west-1', action: 'DescribeSecurityGroups' }

    // Transient: written, reported, retried by resume.
    proxy.setRules([{ ...ec2InEu, ...UNAVAILABLE }])
    const workDir = tempDir()
    const first = await scan(proxy.endpoint, { workDir, accounts: [one] })
    expect(proxy.stats.injected[0]).toBeGreaterThan(0)
    expect(first.inaccessibleAccounts).toEqual([])
    expect(first.retryableAccounts).toEqual([one])
    // One transient gap; the other gaps are the slices the emulator cannot serve (NotImplementedByEmulator).
    const firstSummary = summaryOf(workDir, one)
    expect(firstSummary.transientGaps).toBe(1)
    const sshEu = (r: FindingsReport) => r.findings.filter((f) => f.accountId === one && f.checkId === 'ec2.no-ssh-from-internet' && f.region === 'eu-west-1')
    expect(sshEu(readReport(first.findingsPath)).map((f) => [f.status, f.errorCode])).toEqual([['error', 'ServiceUnavailable']])

    proxy.setRules([])
    const resumed = await scan(proxy.endpoint, { workDir, accounts: [one], resume: true })
    expect(resumed.scannedThisRun).toEqual([one])
    expect(resumed.retryableAccounts).toEqual([])
    expect(summaryOf(workDir, one)).toMatchObject({ gaps: firstSummary.gaps - 1, transientGaps: 0 })
    const after = sshEu(readReport(resumed.findingsPath))
    expect(after.length).toBeGreaterThan(0)
    expect(after.every((f) => f.status !== 'error')).toBe(true)

    // Definitive: the region refused this account. Reported, and not asked again by resume.
    proxy.setRules([{ ...ec2InEu, status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' }])
    const deniedDir = tempDir()
    const denied = await scan(proxy.endpoint, { workDir: deniedDir, accounts: [one] })
    expect(denied.retryableAccounts).toEqual([])
    expect(summaryOf(deniedDir, one)).toMatchObject({ gaps: firstSummary.gaps, transientGaps: 0 })
    proxy.setRules([])
    const notRetried = await scan(proxy.endpoint, { workDir: deniedDir, accounts: [one], resume: true })
    expect(notRetried.scannedThisRun).toEqual([])
    expect(sshEu(readReport(notRetried.findingsPath)).map((f) => [f.status, f.errorCode])).toEqual([['error', 'UnauthorizedOperation']])
  })
})
