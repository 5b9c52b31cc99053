// The ISMS document from a findings report: all 93 Annex A controls, evidence counts equal to the
// findings of the mapped checks, statuses from the control-status rules, valid against its schema.
import { describe, expect, it } from 'vitest'
import { buildIsmsReport } from '../../src/isms/build.js'
import { ismsReportSchema } from '../../src/isms/schema.js'
import { loadFrameworks } from '../../src/rules/load.js'
import { syntheticReport } from '../support/synthetic-report.js'

const findings = syntheticReport({ findings: 3000, mutedShare: 0.1 })
const attestation = { control: '5.1', statement: 'Policy approved', attestedBy: 'CISO', date: '2026-01-10', evidence: 'https://example.com/p.pdf', validUntil: '2027-01-10' }
const exclusion = { control: '7.5', justification: 'No own premises', approvedBy: 'ISMS board' }
const iso = loadFrameworks().find((f) => f.id === 'iso27001-2022')!
const build = () => buildIsmsReport({ findings, framework: iso, attestations: [attestation], exclusions: [exclusion] })

describe('buildIsmsReport', () => {
  it('covers all 93 controls in the four themes and is valid against its schema', () => {
    const isms = build()
    expect(isms.controls).toHaveLength(93)
    expect(ismsReportSchema.safeParse(isms).success).toBe(true)
    expect(new Set(isms.controls.map((c) => c.group))).toEqual(new Set(['Organizational controls', 'People controls', 'Physical controls', 'Technological controls']))
    expect(Object.values(isms.summary.byStatus).reduce((a, b) => a + b, 0)).toBe(93)
    expect(isms.summary.automated).toBe(findings.frameworks.find((f) => f.id === 'iso27001-2022')!.controls!.filter((c) => c.checks.length > 0).length)
  })

  it('counts the findings of the mapped checks: unmuted failures, accepted risks, errors, passes', () => {
    for (const control of build().controls.filter((c) => c.automated)) {
      const mine = findings.findings.filter((f) => control.evidence.checks.includes(f.checkId))
      expect(control.evidence.fail, control.id).toBe(mine.filter((f) => f.status === 'fail' && !f.muted).length)
      expect(control.evidence.acceptedRisks.length, control.id).toBe(mine.filter((f) => f.status === 'fail' && f.muted).length)
      expect(control.evidence.error, control.id).toBe(mine.filter((f) => f.status === 'error').length)
      expect(control.evidence.pass, control.id).toBe(mine.filter((f) => f.status === 'pass').length)
      expect(control.evidence.failing.map((f) => f.findingId).sort()).toEqual(mine.filter((f) => f.status === 'fail' && !f.muted).map((f) => f.id).sort())
      expect(control.evidence.accounts).toEqual([...new Set(mine.map((f) => f.accountId))].sort())
    }
  })

  it('applies the attestation and the exclusion to their controls, and notes checks that did not run', () => {
    const byId = new Map(build().controls.map((c) => [c.id, c]))
    expect(byId.get('5.1')).toMatchObject({ status: 'attested', attestation: { attestedBy: 'CISO' } })
    expect(byId.get('7.5')).toMatchObject({ status: 'excluded', exclusion: { approvedBy: 'ISMS board' } })
    // The synthetic scan has no organization view: controls mapped to organization checks are partial.
    const orgChecks = new Set(findings.coverage.checksSkipped.map((s) => s.checkId))
    const withOrgCheck = [...byId.values()].filter((c) => c.evidence.checks.some((id) => orgChecks.has(id)) && c.status !== 'excluded' && c.evidence.fail === 0)
    expect(withOrgCheck.length).toBeGreaterThan(0)
    for (const c of withOrgCheck) expect(c.status, c.id).toBe('partial')
    // A manual control with nothing: no evidence, never passed by the scanner.
    expect(byId.get('6.3')).toMatchObject({ status: 'no-evidence', automated: false })
  })
})
