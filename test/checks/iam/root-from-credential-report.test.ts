// The root-user checks on credential reports shaped like AWS's documented CSV (moto's report has no
// <root_account> row, so this is where root verdicts are proven): CSV → parseCredentialReport → checks.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import rootAccessKeys from '../../../src/checks/iam/root-access-keys.js'
import rootHardwareMfa from '../../../src/checks/iam/root-hardware-mfa.js'
import rootMfa from '../../../src/checks/iam/root-mfa.js'
import rootUsage from '../../../src/checks/iam/root-usage.js'
import { parseCredentialReport } from '../../../src/collect/credential-report.js'
import type { AnyCheck } from '../../../src/checks/define.js'
import { runCheck } from '../../support/check-cases.js'
import { account, ok } from '../../support/builders.js'

const FIXTURE = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'credential-report.csv'), 'utf8')
const ACCOUNT = '123456789012'
const NOW = new Date('2026-06-01T00:00:00Z')

/** The fixture with its root row's columns replaced (by header name, as AWS documents them). */
function withRoot(columns: Record<string, string>): string {
  const [header, ...rows] = FIXTURE.trimEnd().split('\n')
  const names = header!.split(',')
  return [
    header,
    ...rows.map((row) => {
      if (!row.startsWith('<root_account>,')) return row
      const cells = row.split(',')
      for (const [name, value] of Object.entries(columns)) cells[names.indexOf(name)] = value
      return cells.join(',')
    }),
  ].join('\n')
}

function verdict(check: AnyCheck, csv: string, summary: Record<string, number> = {}): { status: string; evidence?: Record<string, unknown> } {
  const report = parseCredentialReport(csv, NOW.toISOString())
  const snap = account({ accountId: ACCOUNT, credentialReport: ok(report), accountSummary: ok(summary) })
  const findings = runCheck(check, snap, undefined, NOW)
  expect(findings).toHaveLength(1)
  return findings[0]!
}

describe('root checks on an AWS-shaped credential report', () => {
  it('the fixture root: MFA on, no keys, signed in 12 days ago', () => {
    expect(FIXTURE).toContain('<root_account>,arn:aws:iam::123456789012:root')
    expect(verdict(rootMfa, FIXTURE).status).toBe('pass')
    expect(verdict(rootAccessKeys, FIXTURE).status).toBe('pass')
    expect(verdict(rootUsage, FIXTURE).status).toBe('fail')
    expect(verdict(rootHardwareMfa, FIXTURE).status).toBe('pass')
  })

  it('root without MFA, with an active key used yesterday', () => {
    const csv = withRoot({ mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: '2024-01-01T00:00:00+00:00', access_key_1_last_used_date: '2026-05-31T10:00:00+00:00', password_last_used: 'no_information' })
    expect(verdict(rootMfa, csv).status).toBe('fail')
    expect(verdict(rootHardwareMfa, csv).status).toBe('fail')
    expect(verdict(rootAccessKeys, csv).status).toBe('fail')
    expect(verdict(rootUsage, csv).status).toBe('fail')
  })

  it('root unused for a year, with MFA and no keys: compliant everywhere', () => {
    const csv = withRoot({ password_last_used: '2025-05-01T00:00:00+00:00' })
    for (const check of [rootMfa, rootAccessKeys, rootUsage, rootHardwareMfa]) expect(verdict(check, csv).status, check.id).toBe('pass')
  })

  it('the live account summary overrides a stale report that still shows MFA', () => {
    expect(verdict(rootMfa, FIXTURE, { AccountMFAEnabled: 0 }).status).toBe('fail')
  })
})
