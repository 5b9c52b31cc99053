// Organization scans against the emulator: a synthetic organization in nested OUs (moto's
// CreateAccount creates OrganizationAccountAccessRole in each account, and AssumeRole into it acts
// inside that account), scanned end to end through scanOrganization.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { mergeShards } from '../../src/orchestrate/merge.js'
import { ScanInterrupted } from '../../src/orchestrate/scan-organization.js'
import { shardOf } from '../../src/orchestrate/shard.js'
import { snapshotSchema } from '../../src/snapshot/schema.js'
import { startFaultProxy } from '../../tools/fault-proxy.js'
import { seedSyntheticOrganization, type SeededOrganization } from '../../tools/seed-synthetic-org.js'
import { useEmulator } from '../support/emulator.js'
import { comparable, readReport, REGIONS, ruleSet, scan, tempDir } from './helpers.js'

const emu = useEmulator()
const seed = (accounts = 4, users = 3, scps = false): Promise<SeededOrganization> =>
  seedSyntheticOrganization({ endpoint: emu.endpoint, accounts, usersPerAccount: users, regions: REGIONS, consoleUserEvery: 2, openSshEvery: 2, scps })

describe('scanOrganization against the emulator', { timeout: 180_000 }, () => {
  it('scans every active account of nested OUs in every given region, with the expected verdicts', async () => {
    const org = await seed(4, 3, true)
    const result = await scan(emu.endpoint)
    const report = readReport(result.findingsPath)
    const memberIds = org.accounts.map((a) => a.accountId)
    expect(report.run.accounts.map((a) => a.accountId).sort()).toEqual([org.managementAccountId, ...memberIds].sort())
    expect(report.run.regions).toEqual(REGIONS)

    // OU paths come from the organization: Root → Workloads → Prod for the first member.
    const first = report.run.accounts.find((a) => a.accountId === org.accounts[0]!.accountId)!
    expect(first.ouPath?.map((o) => o.name)).toEqual(['Root', 'Workloads', 'Prod'])
    expect(first.accessible).toBe(true)

    for (const seeded of org.accounts) {
      const mine = report.findings.filter((f) => f.accountId === seeded.accountId)
      const mfaFails = mine.filter((f) => f.checkId === 'iam.user-console-mfa' && f.status === 'fail')
      expect(mfaFails).toHaveLength(seeded.consoleUsersWithoutMfa)
      const sshFails = mine.filter((f) => f.checkId === 'ec2.no-ssh-from-internet' && f.status === 'fail')
      expect(sshFails.map((f) => f.region)).toEqual(seeded.openSsh ? ['eu-west-1'] : [])
      // Every scanned region was evaluated by the regional check.
      expect(new Set(mine.filter((f) => f.checkId === 'ec2.no-ssh-from-internet').map((f) => f.region))).toEqual(new Set(REGIONS))
    }
    expect(report.coverage.errors.filter((e) => e.checkId === 'ec2.no-ssh-from-internet' || e.checkId === 'iam.user-console-mfa')).toEqual([])

    // Organization checks ran over the organization slice: SCPs at the root protect every member,
    // the one on the Workloads OU only the Prod and Dev accounts.
    const verdict = (checkId: string, accountId: string) => report.findings.filter((f) => f.checkId === checkId && f.accountId === accountId).map((f) => f.status)
    for (const seeded of org.accounts) {
      expect(verdict('org.scp-deny-leave', seeded.accountId)).toEqual(['pass'])
      expect(verdict('org.scp-protect-cloudtrail', seeded.accountId)).toEqual([seeded.ous[0] === 'Workloads' ? 'pass' : 'fail'])
    }
    expect(verdict('org.scp-deny-leave', org.managementAccountId)).toEqual(['not_applicable'])

    // The assembled snapshot is one valid Snapshot document with every account.
    const snapshot = snapshotSchema.parse(JSON.parse(readFileSync(result.snapshotPath!, 'utf8')))
    expect(snapshot.accounts).toHaveLength(memberIds.length + 1)
    expect(snapshot.organization).toBeDefined()
    // API calls are counted per account; IAM calls do not grow with users (checked at scale in bench/).
    for (const a of snapshot.accounts) expect(a.apiCalls.sts).toBe(1)
  })

  it('discovers each account\'s enabled regions when none are given', async () => {
    const org = await seed(1, 1)
    const result = await scan(emu.endpoint, { regions: undefined, accounts: [org.accounts[0]!.accountId] })
    const report = readReport(result.findingsPath)
    const regions = report.run.accounts[0]!.regions
    expect(regions).toContain('eu-west-1')
    expect(regions).toContain('us-east-1')
    expect(regions.length).toBeGreaterThan(2)
  })

  it('narrows with accounts, ous (nested) and excludeAccounts, and refuses unknown ids', async () => {
    const org = await seed(6, 1)
    const ids = org.accounts.map((a) => a.accountId)
    const only = await scan(emu.endpoint, { accounts: [ids[0]!, ids[1]!] })
    expect(readReport(only.findingsPath).run.accounts.map((a) => a.accountId).sort()).toEqual([ids[0], ids[1]].sort())

    // 'Workloads' contains Prod and Dev: accounts 0, 1, 4, 5 (round-robin over Prod, Dev, Sandbox, root).
    const byOu = await scan(emu.endpoint, { ous: ['Workloads'], excludeAccounts: [ids[4]!] })
    const byOuReport = readReport(byOu.findingsPath)
    expect(byOuReport.run.accounts.map((a) => a.accountId).sort()).toEqual([ids[0], ids[1], ids[5]].sort())
    // Organization checks do not report on accounts the user left out; they do report on the ones scanned.
    const findingAccounts = new Set(byOuReport.findings.map((f) => f.accountId))
    for (const left of [ids[2]!, ids[3]!, ids[4]!]) expect(findingAccounts.has(left), left).toBe(false)
    expect(byOuReport.findings.some((f) => f.checkId === 'org.scp-deny-leave' && f.accountId === ids[0])).toBe(true)

    const bySandboxId = await scan(emu.endpoint, { ous: [org.ouIds.Sandbox!] })
    expect(readReport(bySandboxId.findingsPath).run.accounts.map((a) => a.accountId)).toEqual([ids[2]])

    await expect(scan(emu.endpoint, { accounts: ['999999999999'] })).rejects.toThrow(/999999999999.*not in the organization/)
    await expect(scan(emu.endpoint, { ous: ['NoSuchOu'] })).rejects.toBeInstanceOf(InputError)
  })

  it('shard-and-merge equals a single run', async () => {
    const org = await seed(6, 2)
    const single = await scan(emu.endpoint)
    const count = 3
    const dirs: string[] = []
    const planned: string[][] = []
    for (let index = 0; index < count; index++) {
      const r = await scan(emu.endpoint, { shard: { index, count } })
      dirs.push(r.workDir)
      planned.push(r.scannedThisRun)
    }
    // The shards partition the accounts, each by the documented hash.
    const all = [org.managementAccountId, ...org.accounts.map((a) => a.accountId)].sort()
    expect(planned.flat().sort()).toEqual(all)
    planned.forEach((ids, index) => ids.forEach((id) => expect(shardOf(id, count)).toBe(index)))
    expect(planned.filter((p) => p.length > 0).length).toBeGreaterThan(1)

    const out = tempDir()
    const merged = await mergeShards({ shardDirs: [...dirs].reverse(), ruleSet: ruleSet(), snapshotPath: join(out, 'snapshot.json'), findingsPath: join(out, 'findings.json') })
    const a = readReport(single.findingsPath)
    const b = readReport(merged.findingsPath)
    expect(b.run.command).toBe('merge')
    expect(JSON.stringify(b.findings)).toBe(JSON.stringify(a.findings))
    expect(comparable(b)).toEqual(comparable(a))
    // API calls: per account as each shard counted them (a second read of the same state can differ,
    // e.g. the credential report already exists); '_organization' is summed over the shards.
    const shardReports = dirs.map((d) => readReport(join(d, 'findings.json')))
    const { _organization: orgB, ...perAccountB } = b.apiCalls.byAccount
    expect(perAccountB).toEqual(Object.assign({}, ...shardReports.map(({ apiCalls: { byAccount: { _organization: _o, ...rest } } }) => rest)))
    expect(Object.keys(perAccountB).sort()).toEqual(all)
    expect(orgB!.organizations).toBe(shardReports.reduce((n, r) => n + r.apiCalls.byAccount._organization!.organizations!, 0))
    expect(orgB!.organizations).toBe(a.apiCalls.byAccount._organization!.organizations! * count)

    await expect(mergeShards({ shardDirs: dirs.slice(1), ruleSet: ruleSet(), snapshotPath: join(out, 's2.json'), findingsPath: join(out, 'f2.json') })).rejects.toThrow(/k\/3 but 2/)
  })

  it('resumes an interrupted scan without re-collecting finished accounts, with the same report', async () => {
    const org = await seed(5, 2)
    const proxy = await startFaultProxy({ target: emu.endpoint })
    try {
      const uninterrupted = await scan(proxy.endpoint)
      proxy.resetStats()

      const workDir = tempDir()
      const controller = new AbortController()
      let finished = 0
      const interrupted = scan(proxy.endpoint, {
        workDir,
        concurrency: 1,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'account-done' && ++finished === 2) controller.abort()
        },
      })
      await expect(interrupted).rejects.toBeInstanceOf(ScanInterrupted)
      const assumedBefore = proxy.seen.filter((r) => r.action === 'AssumeRole').map((r) => r.assumeRoleAccount)
      expect(assumedBefore).toHaveLength(2)

      // Different parameters are refused with the differing option named.
      await expect(scan(proxy.endpoint, { workDir, resume: true, regions: ['eu-west-1'] })).rejects.toThrow(/--regions differ/)
      await expect(scan(proxy.endpoint, { workDir })).rejects.toThrow(/holds an interrupted scan/)

      proxy.resetStats()
      const resumed = await scan(proxy.endpoint, { workDir, resume: true })
      expect(resumed.resumedAccounts.sort()).toEqual([...assumedBefore].sort())
      expect(resumed.scannedThisRun).toHaveLength(org.accounts.length + 1 - 2)
      const assumedAfter = proxy.seen.filter((r) => r.action === 'AssumeRole').map((r) => r.assumeRoleAccount)
      for (const id of assumedBefore) expect(assumedAfter).not.toContain(id)
      // No IAM call at all was made with the finished accounts' credentials: only the rest were collected.
      expect(proxy.seen.filter((r) => r.service === 'iam' && r.action === 'GetAccountAuthorizationDetails')).toHaveLength(resumed.scannedThisRun.length)

      const a = readReport(uninterrupted.findingsPath)
      const b = readReport(resumed.findingsPath)
      expect(JSON.stringify(b.findings)).toBe(JSON.stringify(a.findings))
      expect(comparable(b)).toEqual(comparable(a))
      // Finished accounts keep the API counts of the run that collected them.
      for (const id of assumedBefore) {
        const summary = JSON.parse(readFileSync(join(workDir, 'accounts', `${id}.summary.json`), 'utf8'))
        expect(b.apiCalls.byAccount[id!]).toEqual(summary.apiCalls)
      }
      expect(b.apiCalls.byAccount._organization).toEqual(a.apiCalls.byAccount._organization)

      // Once finished, the same command without --resume starts a new scan in the same directory
      // (a nightly job), collecting every account again.
      const again = await scan(proxy.endpoint, { workDir })
      expect(again.resumedAccounts).toEqual([])
      expect(again.scannedThisRun).toHaveLength(org.accounts.length + 1)
      expect(JSON.stringify(readReport(again.findingsPath).findings)).toBe(JSON.stringify(a.findings))
    } finally {
      await proxy.stop()
    }
  })
})
