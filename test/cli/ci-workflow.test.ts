// The nightly-CI workflow end to end through the CLI, in-process: suppressions mute accepted
// exceptions (and stop when they expire), a baseline marks what is new, --new-only gates on it,
// `report` re-renders offline, and every bad input is exit 2 with nothing written.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findingsReportSchema } from '../../src/report/schema.js'
import { account, arnOfUser } from '../support/builders.js'
import { onlyChecksConfig, runCli, tempDir, writeJson } from './helpers.js'

const MFA = 'iam.user-console-mfa'
const readReport = (file: string) => findingsReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')))

function setup(users: { name: string; password: boolean; mfa: boolean }[]) {
  const dir = tempDir()
  writeJson(dir, 'snap.json', account({ users }))
  const config = onlyChecksConfig(dir, [MFA])
  return { dir, config }
}

const suppressions = (expires: string, resources = [arnOfUser('alice')]) =>
  `suppressions:\n  - id: alice-break-glass\n    checks: [${MFA}]\n    resources: [${resources.map((r) => `'${r}'`).join(', ')}]\n    reason: break-glass user, MFA token in the safe\n    owner: secops@example.com\n    expires: ${expires}\n  - id: never-matches\n    checks: [${MFA}]\n    resources: ['arn:aws:iam::*:user/nobody']\n    reason: left over\n    owner: secops@example.com\n    expires: 2099-01-01\n`

describe('suppressions through the CLI', () => {
  it('a matching entry mutes the failure (kept as fail, marked muted), so --fail-on passes; unused entries are reported', async () => {
    const { dir, config } = setup([{ name: 'alice', password: true, mfa: false }])
    writeFileSync(join(dir, 'sup.yaml'), suppressions('2026-12-31').replace('2099-01-01', '2026-09-30'))
    const r = await runCli(['evaluate', 'snap.json', '--config', config, '--suppressions', 'sup.yaml'], { cwd: dir })
    expect(r.stderr).toMatch(/^warning: sup.yaml: suppression never-matches matched no failing finding/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.code).toBe(0)
    const report = readReport(join(dir, 'guardrail-report', 'findings.json'))
    const alice = report.findings.find((f) => f.resource === arnOfUser('alice'))!
    expect(alice.status).toBe('fail')
    expect(alice.muted).toMatchObject({ owner: 'secops@example.com', suppression: 'alice-break-glass' })
    expect(report.summary.muted).toBe(1)
    expect(report.summary.failuresBySeverity.high).toBe(0)
    expect(report.suppressions!.entries.map((e) => [e.suppression, e.state, e.matched])).toEqual([
      ['alice-break-glass', 'active', 1],
      ['never-matches', 'active', 0],
    ])
    expect(r.stdout).toMatch(/1 finding muted/)
  })

  it('an expired entry stops muting: the failure counts again and the entry is reported as expired', async () => {
    const { dir, config } = setup([{ name: 'alice', password: true, mfa: false }])
    writeFileSync(join(dir, 'sup.yaml'), suppressions('2020-01-31'))
    const r = await runCli(['evaluate', 'snap.json', '--config', config, '--suppressions', 'sup.yaml'], { cwd: dir })
    expect(r.code).toBe(1)
    const report = readReport(join(dir, 'guardrail-report', 'findings.json'))
    expect(report.findings.find((f) => f.resource === arnOfUser('alice'))!.muted).toBeUndefined()
    expect(report.suppressions!.entries[0]).toMatchObject({ state: 'expired', matched: 1 })
    expect(r.stdout).toMatch(/expired: alice-break-glass/)
  })

  it.each([
    ['a required field missing', `suppressions:\n  - checks: [${MFA}]\n    reason: r\n    expires: 2099-01-01\n`, /owner/],
    ['an entry that would mute everything', `suppressions:\n  - checks: ['*']\n    reason: r\n    owner: o\n    expires: 2099-01-01\n`, /everything|restrict/i],
    ['a typo in a check id', `suppressions:\n  - checks: [iam.user-console-mfaa]\n    reason: r\n    owner: o\n    expires: 2099-01-01\n`, /iam\.user-console-mfa/],
    ['an impossible date', `suppressions:\n  - checks: [${MFA}]\n    reason: r\n    owner: o\n    expires: 2026-02-30\n`, /expires/],
  ])('%s: exit 2, the file named, nothing written', async (_name, yaml, field) => {
    const { dir, config } = setup([{ name: 'alice', password: true, mfa: false }])
    writeFileSync(join(dir, 'sup.yaml'), yaml)
    const r = await runCli(['evaluate', 'snap.json', '--config', config, '--suppressions', 'sup.yaml'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('sup.yaml')
    expect(r.stderr).toMatch(field)
    expect(existsSync(join(dir, 'guardrail-report', 'findings.json'))).toBe(false)
  })
})

describe('baseline and --new-only', () => {
  it('marks new and unchanged by finding id, and --new-only fails only on what is new', async () => {
    const { dir, config } = setup([{ name: 'alice', password: true, mfa: false }])
    expect((await runCli(['evaluate', 'snap.json', '--config', config, '--quiet'], { cwd: dir })).code).toBe(1)
    mkdirSync(join(dir, 'previous'))
    copyFileSync(join(dir, 'guardrail-report', 'findings.json'), join(dir, 'previous', 'findings.json'))

    // Same state: nothing new, --new-only passes although alice still fails.
    const same = await runCli(['evaluate', 'snap.json', '--config', config, '--baseline', 'previous/findings.json', '--new-only'], { cwd: dir })
    expect(same.code).toBe(0)
    expect(readReport(join(dir, 'guardrail-report', 'findings.json')).findings.map((f) => f.baseline)).toEqual(['unchanged'])

    // A new failing user: --new-only fails; without --new-only it would fail anyway.
    writeJson(dir, 'snap.json', account({ users: [{ name: 'alice', password: true, mfa: false }, { name: 'carol', password: true, mfa: false }] }))
    const worse = await runCli(['evaluate', 'snap.json', '--config', config, '--baseline', 'previous/findings.json', '--new-only'], { cwd: dir })
    expect(worse.code).toBe(1)
    const report = readReport(join(dir, 'guardrail-report', 'findings.json'))
    expect(report.findings.map((f) => [f.resource, f.baseline])).toEqual([
      [arnOfUser('alice'), 'unchanged'],
      [arnOfUser('carol'), 'new'],
    ])
    expect(report.baseline!.newFailuresBySeverity.high).toBe(1)
    expect(worse.stdout).toMatch(/Baseline \(previous\/findings.json.*1 new, 1 unchanged, 0 resolved/)
  })

  it('--new-only without --baseline is refused', async () => {
    const { dir, config } = setup([])
    const r = await runCli(['evaluate', 'snap.json', '--config', config, '--new-only'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--new-only needs --baseline/)
  })

  it.each([
    ['not JSON', '{"schemaVersion": 1,', /baseline|JSON/i],
    ['not a findings report', '{"hello": "world"}', /schemaVersion|findings/],
  ])('a baseline that is %s: exit 2 naming the file, nothing written', async (_n, text, why) => {
    const { dir, config } = setup([{ name: 'alice', password: true, mfa: false }])
    writeFileSync(join(dir, 'old.json'), text)
    const r = await runCli(['evaluate', 'snap.json', '--config', config, '--baseline', 'old.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('old.json')
    expect(r.stderr).toMatch(why)
    expect(existsSync(join(dir, 'guardrail-report', 'findings.json'))).toBe(false)
  })
})

describe('guardrail report', () => {
  it('renders CSV and JUnit from a findings file, offline, into the file\'s directory', async () => {
    const { dir, config } = setup([{ name: 'alice', password: true, mfa: false }, { name: 'bob', password: true, mfa: true }])
    await runCli(['evaluate', 'snap.json', '--config', config, '--quiet'], { cwd: dir })
    const r = await runCli(['report', 'guardrail-report/findings.json', '--format', 'csv,junit', '--fail-on', 'none'], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const csv = readFileSync(join(dir, 'guardrail-report', 'findings.csv'), 'utf8')
    expect(csv).toContain(arnOfUser('alice'))
    expect(csv).toContain(arnOfUser('bob'))
    expect(readFileSync(join(dir, 'guardrail-report', 'junit.xml'), 'utf8')).toMatch(/<failure[^>]*>[\s\S]*alice/)
  })

  it.each([
    [['--format', 'htm'], /unknown format "htm".*html/],
    [['--checks', 'iam.user-console-mfaa'], /no check with id.*Did you mean: iam.user-console-mfa/s],
    [['--framework', 'cis-aws-3.1'], /no framework "cis-aws-3.1".*cis-aws-3.0/s],
    [['--min-severity', 'urgent'], /--min-severity.*critical, high/],
  ])('%j is exit 2 with the closest match suggested', async (args, message) => {
    const { dir, config } = setup([{ name: 'alice', password: true, mfa: false }])
    await runCli(['evaluate', 'snap.json', '--config', config, '--quiet'], { cwd: dir })
    const r = await runCli(['report', 'guardrail-report/findings.json', ...args], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
  })

  it('refuses to overwrite its input with a narrowed findings.json', async () => {
    const { dir, config } = setup([{ name: 'alice', password: true, mfa: false }])
    await runCli(['evaluate', 'snap.json', '--config', config, '--quiet'], { cwd: dir })
    const before = readFileSync(join(dir, 'guardrail-report', 'findings.json'), 'utf8')
    const r = await runCli(['report', 'guardrail-report/findings.json', '--format', 'json', '--min-severity', 'critical'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/narrowed copy/)
    expect(readFileSync(join(dir, 'guardrail-report', 'findings.json'), 'utf8')).toBe(before)
  })

  it('a findings file that is not one: exit 2 naming it', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'findings.json'), '[1, 2')
    const r = await runCli(['report', 'findings.json', '--format', 'csv'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('findings.json')
    expect(existsSync(join(dir, 'findings.csv'))).toBe(false)
  })
})

describe('guardrail checks --framework', () => {
  it('lists what a framework covers and what it leaves manual', async () => {
    const r = await runCli(['checks', '--framework', 'cis-aws-3.0:1'], { cwd: tempDir() })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^1\.1\s+maintain current contact details\s+manual/m)
    expect(r.stdout).toMatch(/^1\.10\s+.*iam\.user-console-mfa/m)
    expect(r.stdout).toMatch(/CIS AWS Foundations Benchmark 3\.0\.0 \(cis-aws-3\.0\): \d+ of \d+ control\(s\) checked by guardrail, \d+ manual/)
    const json = JSON.parse((await runCli(['checks', '--framework', 'iso27001-2022:8.15', '--json'], { cwd: tempDir() })).stdout)
    expect(json.controls.map((c: { id: string }) => c.id)).toEqual(['8.15'])
  })
})
