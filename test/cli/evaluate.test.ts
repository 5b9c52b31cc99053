import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findingsReportSchema } from '../../src/report/schema.js'
import { account, arnOfUser, denied, NOW } from '../support/builders.js'
import { onlyChecksConfig, runCli, tempDir, writeJson } from './helpers.js'

const MFA = 'iam.user-console-mfa'

function readReport(dir: string, outputDir = 'guardrail-report') {
  return findingsReportSchema.parse(JSON.parse(readFileSync(join(dir, outputDir, 'findings.json'), 'utf8')))
}

describe('guardrail evaluate', () => {
  it('writes findings.json and a summary, and exits 1 on a high failure under the default --fail-on', async () => {
    const dir = tempDir()
    writeJson(dir, 'snap.json', account({ users: [{ name: 'alice', password: true, mfa: false }, { name: 'bob', password: true, mfa: true }] }))
    const config = onlyChecksConfig(dir, [MFA])
    const r = await runCli(['evaluate', 'snap.json', '--config', config], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1)
    const report = readReport(dir)
    const mfa = report.findings.filter((f) => f.checkId === MFA)
    expect(mfa.map((f) => [f.resource, f.status])).toEqual([
      [arnOfUser('alice'), 'fail'],
      [arnOfUser('bob'), 'pass'],
    ])
    expect(report.run.command).toBe('evaluate')
    expect(report.run.asOf).toBe(NOW.toISOString()) // default: when collection finished
    expect(r.stdout).toMatch(/iam\.user-console-mfa\s+high\s+1\s+0\s+1\s+0/)
    expect(r.stdout).toContain(join(dir, 'guardrail-report', 'findings.json'))
  })

  it('--fail-on sets the threshold: critical and none exit 0 on a high failure, medium exits 1', async () => {
    const dir = tempDir()
    writeJson(dir, 'snap.json', account({ users: [{ name: 'alice', password: true, mfa: false }] }))
    const config = onlyChecksConfig(dir, [MFA])
    const code = async (failOn: string) => (await runCli(['evaluate', 'snap.json', '--config', config, '--fail-on', failOn, '--quiet'], { cwd: dir })).code
    expect(await code('critical')).toBe(0)
    expect(await code('none')).toBe(0)
    expect(await code('high')).toBe(1)
    expect(await code('medium')).toBe(1)
  })

  it('failOn from the config file applies, and the flag overrides it', async () => {
    const dir = tempDir()
    writeJson(dir, 'snap.json', account({ users: [{ name: 'alice', password: true, mfa: false }] }))
    const config = onlyChecksConfig(dir, [MFA], { failOn: 'critical' })
    expect((await runCli(['evaluate', 'snap.json', '--config', config, '--quiet'], { cwd: dir })).code).toBe(0)
    expect((await runCli(['evaluate', 'snap.json', '--config', config, '--quiet', '--fail-on', 'low'], { cwd: dir })).code).toBe(1)
  })

  it('--strict exits 3 when a check could not be evaluated, and the report names the check and AWS error', async () => {
    const dir = tempDir()
    writeJson(dir, 'snap.json', account({ credentialReport: denied('iam:GetCredentialReport') }))
    const config = onlyChecksConfig(dir, [MFA])
    const lenient = await runCli(['evaluate', 'snap.json', '--config', config], { cwd: dir })
    expect(lenient.code).toBe(0)
    expect(lenient.stdout).toContain('Coverage: INCOMPLETE')
    const strict = await runCli(['evaluate', 'snap.json', '--config', config, '--strict', '--quiet'], { cwd: dir })
    expect(strict.code).toBe(3)
    const report = readReport(dir)
    expect(report.coverage.complete).toBe(false)
    expect(report.coverage.errors).toEqual([
      expect.objectContaining({ checkId: MFA, accountId: '111111111111', region: 'global', errorCode: 'AccessDenied' }),
    ])
  })

  it('failing findings take precedence over incompleteness under --strict (exit 1, not 3)', async () => {
    const dir = tempDir()
    // One account fails the MFA check, another cannot be read.
    const snap = account({ users: [{ name: 'alice', password: true, mfa: false }] })
    const other = account({ accountId: '222222222222', credentialReport: denied('iam:GetCredentialReport') }).accounts[0]!
    snap.accounts.push(other)
    writeJson(dir, 'snap.json', snap)
    const config = onlyChecksConfig(dir, [MFA])
    expect((await runCli(['evaluate', 'snap.json', '--config', config, '--strict', '--quiet'], { cwd: dir })).code).toBe(1)
    expect((await runCli(['evaluate', 'snap.json', '--config', config, '--strict', '--quiet', '--fail-on', 'none'], { cwd: dir })).code).toBe(3)
  })

  it('is deterministic: the same snapshot and --as-of give byte-identical findings.json', async () => {
    const dir = tempDir()
    const snap = account({
      users: [
        { name: 'zed', password: true, mfa: false, keys: [{ active: true, ageDays: 400 }, { active: true, ageDays: 10 }] },
        { name: 'amy', password: true, mfa: true, groups: ['admins'] },
        { name: 'Émile', password: false, keys: [{ active: true, ageDays: 100, lastUsedDaysAgo: null }] },
      ],
    })
    writeJson(dir, 'snap.json', snap)
    // Reversed user order in a second snapshot file: same facts, same report.
    const reversed = structuredClone(snap)
    const iam = reversed.accounts[0]!.iam!
    if (iam.authorizationDetails?.kind === 'ok') iam.authorizationDetails.value.users.reverse()
    if (iam.credentialReport?.kind === 'ok') iam.credentialReport.value.users.reverse()
    writeJson(dir, 'reversed.json', reversed)
    const asOf = ['--as-of', '2026-09-01']
    await runCli(['evaluate', 'snap.json', ...asOf, '--output-dir', 'a', '--quiet'], { cwd: dir })
    await runCli(['evaluate', 'snap.json', ...asOf, '--output-dir', 'b', '--quiet'], { cwd: dir })
    await runCli(['evaluate', 'reversed.json', ...asOf, '--output-dir', 'c', '--quiet'], { cwd: dir })
    const a = readFileSync(join(dir, 'a', 'findings.json'), 'utf8')
    expect(readReport(dir, 'a').findings.length).toBeGreaterThan(3)
    expect(readFileSync(join(dir, 'b', 'findings.json'), 'utf8')).toBe(a)
    expect(readFileSync(join(dir, 'c', 'findings.json'), 'utf8')).toBe(a)
    expect(readReport(dir, 'a').run.asOf).toBe('2026-09-01T00:00:00.000Z')
  })

  it('--as-of moves evaluation time: an old key counts from the given date', async () => {
    const dir = tempDir()
    // Rotation threshold is an option of iam.access-key-rotation; a key 10 days old at NOW is fine
    // at NOW and overdue a year later.
    writeJson(dir, 'snap.json', account({ users: [{ name: 'kim', keys: [{ active: true, ageDays: 10, lastUsedDaysAgo: 1 }] }] }))
    const config = onlyChecksConfig(dir, ['iam.access-key-rotation'])
    await runCli(['evaluate', 'snap.json', '--config', config, '--quiet', '--output-dir', 'now'], { cwd: dir })
    await runCli(['evaluate', 'snap.json', '--config', config, '--quiet', '--output-dir', 'later', '--as-of', '2027-06-01'], { cwd: dir })
    const status = (out: string) => readReport(dir, out).findings.find((f) => f.resource === arnOfUser('kim'))?.status
    expect(status('now')).toBe('pass')
    expect(status('later')).toBe('fail')
  })

  it('--quiet prints nothing on success', async () => {
    const dir = tempDir()
    writeJson(dir, 'snap.json', account({}))
    const r = await runCli(['evaluate', 'snap.json', '--quiet', '--fail-on', 'none'], { cwd: dir })
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' })
    expect(existsSync(join(dir, 'guardrail-report', 'findings.json'))).toBe(true)
  })
})

describe('guardrail evaluate: bad input exits 2, names the problem and writes nothing', () => {
  const expectNothingWritten = (dir: string) => expect(readdirSync(dir).filter((f) => f !== 'snap.json' && !f.endsWith('.yaml'))).toEqual([])

  it('a snapshot that is not JSON', async () => {
    const dir = tempDir()
    const { writeFileSync } = await import('node:fs')
    writeFileSync(join(dir, 'snap.json'), '{"schemaVersion": 1, "accounts": [')
    const r = await runCli(['evaluate', 'snap.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^error: snap\.json is not valid JSON/)
    expect(r.stderr).toMatch(/\nhint: /)
    expect(r.stdout).toBe('')
    expectNothingWritten(dir)
  })

  it('a snapshot with a wrong field: the field path is named', async () => {
    const dir = tempDir()
    const snap = account({})
    ;(snap.accounts[0] as { accountId: string }).accountId = 'not-an-account'
    writeJson(dir, 'snap.json', snap)
    const r = await runCli(['evaluate', 'snap.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('snap.json is not a valid guardrail snapshot')
    expect(r.stderr).toContain('accounts.0.accountId')
    expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expectNothingWritten(dir)
  })

  it('a snapshot of another schema version', async () => {
    const dir = tempDir()
    writeJson(dir, 'snap.json', { ...account({}), schemaVersion: 99 })
    const r = await runCli(['evaluate', 'snap.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('schemaVersion is 99')
    expectNothingWritten(dir)
  })

  it('a snapshot whose finishedAt is not a date, without --as-of', async () => {
    const dir = tempDir()
    writeJson(dir, 'snap.json', { ...account({}), finishedAt: 'last tuesday' })
    const r = await runCli(['evaluate', 'snap.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('finishedAt ("last tuesday") is not a date')
    expectNothingWritten(dir)
    expect((await runCli(['evaluate', 'snap.json', '--as-of', '2026-01-01', '--quiet', '--fail-on', 'none'], { cwd: dir })).code).toBe(0)
  })

  it('a missing snapshot file', async () => {
    const dir = tempDir()
    const r = await runCli(['evaluate', 'missing.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Cannot read snapshot missing.json: no such file')
    expectNothingWritten(dir)
  })

  it.each([
    [['--as-of', 'yesterday'], '--as-of: "yesterday" is not valid', '--as-of 2026-01-31'],
    [['--as-of', '2026-02-30'], '--as-of: "2026-02-30" is not valid', '--as-of 2026-01-31'],
    [['--fail-on', 'severe'], '--fail-on: "severe" is not valid: expected one of critical, high, medium, low, info, none', '--fail-on high'],
    [['--output-dir', ''], '--output-dir: "" is not valid', '--output-dir guardrail-report'],
  ])('bad flag %j', async (flags, message, example) => {
    const dir = tempDir()
    writeJson(dir, 'snap.json', account({}))
    const r = await runCli(['evaluate', 'snap.json', ...flags], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`error: ${message}`)
    expect(r.stderr).toContain(`hint: Use e.g. ${example}`)
    expectNothingWritten(dir)
  })

  it('an unknown flag or a missing argument is a usage error (exit 2)', async () => {
    const dir = tempDir()
    const unknown = await runCli(['evaluate', 'snap.json', '--fail-onn', 'high'], { cwd: dir })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("unknown option '--fail-onn'")
    expect(unknown.stderr).toContain('--fail-on')
    const missing = await runCli(['evaluate'], { cwd: dir })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain("missing required argument 'snapshot'")
  })
})
