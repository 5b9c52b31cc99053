// Meta-tests over the remediation catalogue: checks and remediations name each other consistently,
// guardrail's own runbooks exist, are valid and call only what their entry declares, and every
// remediation says what it changes and what could break.
import { describe, expect, it } from 'vitest'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { REMEDIATIONS, remediationById, runbooksOf } from '../../src/remediate/catalogue.js'
import { loadOwnRunbooks, runbookApiCalls } from '../../src/remediate/runbooks.js'

const runbooks = loadOwnRunbooks()

describe('remediation catalogue', () => {
  it.each(ALL_CHECKS.filter((c) => c.remediationId !== undefined).map((c) => [c.id, c.remediationId!]))('check %s names remediation %s, which exists and fixes it', (checkId, remediationId) => {
    expect(remediationById(remediationId)?.checkId).toBe(checkId)
  })

  it.each(REMEDIATIONS.map((r) => [r.id, r]))('%s: its check names it back; it says what it changes and risks; it declares its API calls', (_id, r) => {
    expect(ALL_CHECKS.find((c) => c.id === r.checkId)?.remediationId).toBe(r.id)
    expect(r.effect.length).toBeGreaterThan(20)
    expect(r.risk.length).toBeGreaterThan(10)
    expect(r.apiCalls.length).toBeGreaterThan(0)
    for (const call of r.apiCalls) expect(call).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/)
    expect(runbooksOf(r)[0]).toBe(r.runbook)
    for (const runbook of runbooksOf(r)) {
      if (r.owner === 'aws') expect(runbook).toMatch(/^AWS(ConfigRemediation)?-/)
      else expect(runbook).toMatch(/^Guardrail-/)
    }
  })

  it('ids are unique, one remediation per check', () => {
    expect(new Set(REMEDIATIONS.map((r) => r.id)).size).toBe(REMEDIATIONS.length)
    expect(new Set(REMEDIATIONS.map((r) => r.checkId)).size).toBe(REMEDIATIONS.length)
  })

  it("guardrail's own runbooks: one file per remediation that uses one, none unused, each calling only declared APIs", () => {
    const own = REMEDIATIONS.filter((r) => r.owner === 'guardrail')
    expect(runbooks.map((b) => b.name).sort()).toEqual(own.flatMap((r) => runbooksOf(r)).sort())
    for (const r of own) {
      for (const name of runbooksOf(r)) {
        const runbook = runbooks.find((b) => b.name === name)!
        for (const call of runbookApiCalls(runbook)) expect(r.apiCalls, `${name} calls ${call}`).toContain(call)
        expect(runbook.document.description).toContain(`Fixes: ${r.checkId}`)
      }
    }
  })
})
