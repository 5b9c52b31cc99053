// Failure isolation, proven with faults injected between the scan and the emulator
// (tools/fault-proxy.ts): one account whose role cannot be assumed, one failing region, and
// throttling on a third of all requests. None of them may abort the scan; the first two must show
// up in the report's coverage, the third must not change a single finding.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFaultProxy, type FaultProxy } from '../../tools/fault-proxy.js'
import { seedSyntheticOrganization, type SeededOrganization } from '../../tools/seed-synthetic-org.js'
import { useEmulator } from '../support/emulator.js'
import { comparable, readReport, REGIONS, scan } from './helpers.js'

const emu = useEmulator()
let proxy: FaultProxy
let org: SeededOrganization

beforeEach(async () => {
  org = await seedSyntheticOrganization({ endpoint: emu.endpoint, accounts: 4, usersPerAccount: 2, regions: REGIONS, consoleUserEvery: 2, openSshEvery: 2 })
  proxy = await startFaultProxy({ target: emu.endpoint, seed: 7 })
})
afterEach(async () => {
  await proxy.stop()
})

describe('fault isolation', { timeout: 180_000 }, () => {
  it('one account without access and one failing region: the rest completes and the gaps are reported', async () => {
    const denied = org.accounts[1]!.accountId
    proxy.setRules([
      { service: 'sts', action: 'AssumeRole', assumeRoleAccount: denied, status: 403, code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole' },
      { service: 'ec2', region: 'eu-west-1', action: 'DescribeSecurityGroups', status: 401, code: 'OptInRequired', message: 'You are not subscribed to this service' },
    ])
    const result = await scan(proxy.endpoint)
    const report = readReport(result.findingsPath)
    expect(proxy.stats.injected[0]).toBe(1)
    expect(proxy.stats.injected[1]).toBeGreaterThan(0)

    // The denied account: listed, not accessible, every check an error carrying AccessDenied.
    expect(result.inaccessibleAccounts).toEqual([denied])
    expect(report.run.accounts.find((a) => a.accountId === denied)!.accessible).toBe(false)
    const deniedFindings = report.findings.filter((f) => f.accountId === denied && !f.checkId.startsWith('org.'))
    expect(deniedFindings.length).toBeGreaterThan(0)
    for (const f of deniedFindings) expect([f.status, f.errorCode]).toEqual(['error', 'AccessDenied'])
    const enabledNonOrg = report.checks.filter((c) => c.enabled && c.scope !== 'organization')
    const deniedGaps = report.coverage.errors.filter((e) => e.accountId === denied && e.errorCode === 'AccessDenied')
    expect(new Set(deniedGaps.map((e) => e.checkId))).toEqual(new Set(enabledNonOrg.map((c) => c.id)))

    // The failing region: the regional check errors there in every accessible account, and only there.
    const accessible = report.run.accounts.filter((a) => a.accessible).map((a) => a.accountId)
    const regionGaps = report.coverage.errors.filter((e) => e.checkId === 'ec2.no-ssh-from-internet' && e.errorCode === 'OptInRequired')
    expect(regionGaps.map((e) => e.accountId).sort()).toEqual([...accessible].sort())
    expect(new Set(regionGaps.map((e) => e.region))).toEqual(new Set(['eu-west-1']))
    for (const id of accessible) {
      const east = report.findings.filter((f) => f.accountId === id && f.checkId === 'ec2.no-ssh-from-internet' && f.region === 'us-east-1')
      expect(east.length).toBeGreaterThan(0)
      expect(east.every((f) => f.status !== 'error')).toBe(true)
    }
    // The other accounts' IAM data was read: their MFA failures are all there.
    for (const seeded of org.accounts.filter((a) => a.accountId !== denied)) {
      expect(report.findings.filter((f) => f.accountId === seeded.accountId && f.checkId === 'iam.user-console-mfa' && f.status === 'fail')).toHaveLength(seeded.consoleUsersWithoutMfa)
    }
    expect(report.coverage.complete).toBe(false)
  })

  it("the caller's own account is scanned with the caller's credentials when the audit role cannot be assumed there", async () => {
    proxy.setRules([{ service: 'sts', action: 'AssumeRole', assumeRoleAccount: org.managementAccountId, status: 403, code: 'AccessDenied' }])
    const report = readReport((await scan(proxy.endpoint, { accounts: [org.managementAccountId, org.accounts[0]!.accountId] })).findingsPath)
    expect(proxy.stats.injected[0]).toBe(1)
    expect(report.run.accounts.map((a) => [a.accountId, a.accessible])).toEqual(
      [[org.managementAccountId, true], [org.accounts[0]!.accountId, true]].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    )
    expect(report.coverage.errors.filter((e) => e.accountId === org.managementAccountId && e.errorCode === 'AccessDenied')).toEqual([])
    expect(report.findings.some((f) => f.accountId === org.managementAccountId && f.checkId === 'ec2.no-ssh-from-internet' && f.status === 'pass')).toBe(true)
  })

  it('throttling on 30% of all requests: the scan completes with findings identical to a clean run', { timeout: 180_000 }, async () => {
    const clean = readReport((await scan(proxy.endpoint, {}, 12)).findingsPath)
    proxy.setRules([{ rate: 0.3, status: 400, code: 'Throttling', message: 'Rate exceeded' }])
    const throttledResult = await scan(proxy.endpoint, {}, 12)
    const throttled = readReport(throttledResult.findingsPath)
    expect(proxy.stats.injected[0]).toBeGreaterThan(20)
    const key = (f: { id: string; status: string; message: string; errorCode?: string }) => `${f.id} ${f.status} ${f.errorCode ?? ''} ${f.message}`
    const cleanKeys = new Set(clean.findings.map(key))
    const throttledKeys = new Set(throttled.findings.map(key))
    expect(throttled.findings.map(key).filter((k) => !cleanKeys.has(k)), 'findings only in the throttled run').toEqual([])
    expect(clean.findings.map(key).filter((k) => !throttledKeys.has(k)), 'findings only in the clean run').toEqual([])
    expect(JSON.stringify(throttled.findings)).toBe(JSON.stringify(clean.findings))
    expect(comparable(throttled)).toEqual(comparable(clean))
    expect(throttled.coverage.errors.filter((e) => /thrott/i.test(e.errorCode))).toEqual([])
  })
})
