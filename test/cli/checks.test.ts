import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadRules } from '../../src/rules/load.js'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { closeMatches } from '../../src/core/suggest.js'
import { runCli, tempDir } from './helpers.js'

describe('guardrail checks', () => {
  it('lists every registered check with its severity and framework references', async () => {
    const r = await runCli(['checks'], { cwd: tempDir() })
    expect(r.code).toBe(0)
    for (const check of ALL_CHECKS) expect(r.stdout).toContain(check.id)
    expect(r.stdout).toMatch(/iam\.user-console-mfa\s+high\s+IAM users with a console password have MFA\s+.*cis-aws-3\.0 1\.10/)
  })

  it('--json gives id, title, severity, frameworks and the explanation of every check', async () => {
    const r = await runCli(['checks', '--json'], { cwd: tempDir() })
    expect(r.code).toBe(0)
    const list = JSON.parse(r.stdout) as { id: string; severity: string; frameworks: Record<string, string[]>; remediation: string }[]
    expect(list.map((c) => c.id)).toEqual(ALL_CHECKS.map((c) => c.id).sort())
    const mfa = list.find((c) => c.id === 'iam.user-console-mfa')!
    expect(mfa.frameworks['cis-aws-3.0']).toEqual(['1.10'])
    expect(mfa.remediation).toContain('MFA')
  })

  it('show <id> explains what, why, how to fix, options and framework controls', async () => {
    const r = await runCli(['checks', 'show', 'iam.user-console-mfa'], { cwd: tempDir() })
    expect(r.code).toBe(0)
    const check = ALL_CHECKS.find((c) => c.id === 'iam.user-console-mfa')!
    expect(r.stdout).toContain(check.description)
    expect(r.stdout).toContain(check.rationale)
    expect(r.stdout).toContain(check.remediation)
    expect(r.stdout).toContain('CIS AWS Foundations Benchmark 3.0.0 — 1.10')
  })

  it('show lists each option with its effective value, after config overrides', async () => {
    // Any check with a numeric option will do; the override must show up instead of the baseline value.
    const ruleSet = loadRules({ checks: ALL_CHECKS })
    const found = [...ruleSet.rules.values()]
      .flatMap((r) => Object.entries((r.options ?? {}) as Record<string, unknown>).map(([key, value]) => ({ id: r.check.id, key, value })))
      .find((o) => typeof o.value === 'number')
    expect(found, 'no check with a numeric option in rules/baseline.yaml').toBeDefined()
    const { id, key, value } = found!
    const dir = tempDir()
    writeFileSync(join(dir, 'guardrail.config.yaml'), `checks:\n  ${id}:\n    options:\n      ${key}: ${(value as number) + 1}\n`)
    const base = await runCli(['checks', 'show', id, '--config', join(dir, 'guardrail.config.yaml')], { cwd: tempDir() })
    expect(base.stdout).toContain(`  ${key}: ${(value as number) + 1}\n`)
    const plain = await runCli(['checks', 'show', id], { cwd: tempDir() })
    expect(plain.stdout).toContain(`  ${key}: ${value}\n`)
  })

  it('show with an unknown id exits 2 and suggests close matches', async () => {
    const r = await runCli(['checks', 'show', 'iam.user-console-mf'], { cwd: tempDir() })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error: No check with id "iam.user-console-mf".')
    expect(r.stderr).toContain('hint: Did you mean: iam.user-console-mfa')
    expect(r.stdout).toBe('')
  })

  it('closeMatches ranks by edit distance and finds ids by their name part', () => {
    const ids = ['iam.root-mfa', 'iam.user-console-mfa', 'iam.password-policy']
    expect(closeMatches('iam.root-mfaa', ids)[0]).toBe('iam.root-mfa')
    expect(closeMatches('password-policy', ids)).toEqual(['iam.password-policy'])
    expect(closeMatches('s3.bucket-encryption', ids)).toEqual([])
  })
})

describe('usage errors', () => {
  it('no command: help on stderr, exit 2, no "error:" noise', async () => {
    const r = await runCli([], { cwd: tempDir() })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Usage: guardrail')
    expect(r.stderr).not.toContain('error:')
  })

  it('checks show without an id: exit 2 and the hint points at the subcommand help', async () => {
    const r = await runCli(['checks', 'show'], { cwd: tempDir() })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe("error: missing required argument 'id'\nhint: run `guardrail checks show --help` for usage\n")
  })

  it('--help exits 0 with usage on stdout', async () => {
    const r = await runCli(['scan', '--help'], { cwd: tempDir() })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('--fail-on <severity>')
    expect(r.stderr).toBe('')
  })
})
