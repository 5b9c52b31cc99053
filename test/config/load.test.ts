import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { loadConfig } from '../../src/config/load.js'
import { findingsReportSchema } from '../../src/report/schema.js'
import { account } from '../support/builders.js'
import { runCli, tempDir, writeJson } from '../cli/helpers.js'
import { configFile, loadError } from './helpers.js'


describe('guardrail.config.yaml', () => {
  it('no file: defaults (audit role OrganizationAccountAccessRole, no fail-on, no overrides)', () => {
    const { config, source } = loadConfig(undefined, tempDir())
    expect(source).toBeUndefined()
    expect(config.scan.auditRole).toEqual({ name: 'OrganizationAccountAccessRole', sessionName: 'guardrail-audit' })
    expect(config.failOn).toBeUndefined()
    expect(config.checks).toEqual({})
  })

  it('an empty file means defaults', () => {
    const { dir, file } = configFile('# nothing yet\n')
    expect(loadConfig(file, dir).config.scan.excludeAccounts).toEqual([])
  })

  it('reads every section', () => {
    const { dir } = configFile(
      [
        'failOn: medium',
        'organization:',
        '  identityAccounts: ["111111111111"]',
        '  sandboxOus: [Sandbox]',
        'scan:',
        '  regions: [eu-west-1, us-east-1]',
        '  concurrency: 8',
        '  auditRole: { name: GuardrailAudit, externalId: xyz-123 }',
        '  excludeAccounts: ["222222222222"]',
        'checks:',
        '  iam.user-console-mfa: { severity: critical }',
      ].join('\n'),
    )
    // Implicit: ./guardrail.config.yaml in the working directory.
    const { config, source } = loadConfig(undefined, dir)
    expect(source).toBe(join(dir, 'guardrail.config.yaml'))
    expect(config.failOn).toBe('medium')
    expect(config.organization.identityAccounts).toEqual(['111111111111'])
    expect(config.organization.logArchiveAccounts).toEqual([])
    expect(config.scan.regions).toEqual(['eu-west-1', 'us-east-1'])
    expect(config.scan.auditRole).toEqual({ name: 'GuardrailAudit', externalId: 'xyz-123', sessionName: 'guardrail-audit' })
    expect(config.checks['iam.user-console-mfa']).toEqual({ severity: 'critical' })
  })

  it.each([
    ['unknown top-level key', 'failon: high\n', /\(top level\): Unrecognized key: "failon"/],
    ['unknown nested key', 'scan:\n  region: [eu-west-1]\n', /scan: Unrecognized key: "region"/],
    ['unknown key in a check override', 'checks:\n  iam.user-console-mfa: { severty: low }\n', /checks\.iam\.user-console-mfa: Unrecognized key: "severty"/],
    ['wrong type', 'scan:\n  concurrency: ten\n', /scan\.concurrency: .*expected number/],
    ['bad enum', 'failOn: severe\n', /failOn: Invalid option/],
    ['bad account id', 'organization:\n  auditAccounts: ["12345"]\n', /organization\.auditAccounts\.0: an AWS account id is 12 digits/],
    ['bad region', 'scan:\n  regions: [Europe]\n', /scan\.regions\.0: an AWS region name/],
    ['not YAML', 'scan: [unclosed\n', /is not valid YAML/],
  ])('%s is rejected with the file and field named', (_name, text, message) => {
    const err = loadError(text)
    expect(err.message).toMatch(message)
    expect(err.message).toContain('guardrail.config.yaml')
    expect(err.exitCode).toBe(2)
  })

  it('an explicit --config that does not exist is an error, not a silent default', () => {
    const err = (() => {
      try {
        loadConfig('nope.yaml', tempDir())
      } catch (e) {
        return e as InputError
      }
      throw new Error('expected an error')
    })()
    expect(err.code).toBe('ConfigNotFound')
    expect(err.message).toContain('--config: nope.yaml does not exist')
  })
})

describe('config through the CLI', () => {
  it('a bad config exits 2 before anything is evaluated or written', async () => {
    const { dir } = configFile('scan:\n  concurrency: "ten"\n  bogus: 1\n')
    writeJson(dir, 'snap.json', account({}))
    const r = await runCli(['evaluate', 'snap.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('scan.concurrency')
    expect(r.stderr).toContain('Unrecognized key: "bogus"')
    expect(r.stdout).toBe('')
    expect(() => readFileSync(join(dir, 'guardrail-report', 'findings.json'))).toThrow()
  })

  it('an override for a check that does not exist names the check', async () => {
    const { dir } = configFile('checks:\n  iam.no-such-check: { enabled: false }\n')
    writeJson(dir, 'snap.json', account({}))
    const r = await runCli(['evaluate', 'snap.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('checks.iam.no-such-check: no such check')
  })

  it('overrides reach the rules: severity and enabled change the report', async () => {
    const { dir } = configFile('checks:\n  iam.user-console-mfa: { severity: critical }\n  iam.user-in-group: { enabled: false }\n')
    writeJson(dir, 'snap.json', account({ users: [{ name: 'alice', password: true, mfa: false }] }))
    const r = await runCli(['evaluate', 'snap.json', '--quiet', '--fail-on', 'none'], { cwd: dir })
    expect(r.code).toBe(0)
    const report = findingsReportSchema.parse(JSON.parse(readFileSync(join(dir, 'guardrail-report', 'findings.json'), 'utf8')))
    expect(report.checks.find((c) => c.id === 'iam.user-console-mfa')?.severity).toBe('critical')
    expect(report.findings.find((f) => f.checkId === 'iam.user-console-mfa' && f.status === 'fail')?.severity).toBe('critical')
    expect(report.coverage.checksDisabled).toContain('iam.user-in-group')
    expect(report.findings.some((f) => f.checkId === 'iam.user-in-group')).toBe(false)
  })

  it('--config from another directory is resolved against the working directory', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'conf'))
    writeFileSync(join(dir, 'conf', 'g.yaml'), 'failOn: none\n')
    writeJson(dir, 'snap.json', account({ users: [{ name: 'alice', password: true, mfa: false }] }))
    expect((await runCli(['evaluate', 'snap.json', '--quiet', '--config', 'conf/g.yaml'], { cwd: dir })).code).toBe(0)
    expect((await runCli(['evaluate', 'snap.json', '--quiet'], { cwd: dir })).code).toBe(1)
  })
})
