// The summary table's header names the accounts scanned: all of them for a few, the first few and a
// count for an organization (20,000 ids would be a 280 KB line).
import { describe, expect, it } from 'vitest'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { evaluateSnapshot } from '../../src/engine/evaluate.js'
import { buildReport } from '../../src/report/build.js'
import type { FindingsReport } from '../../src/report/schema.js'
import { MAX_HEADER_ACCOUNTS, renderSummary, summariseAccounts } from '../../src/report/summary-table.js'
import { loadRules } from '../../src/rules/load.js'
import { account, NOW } from '../support/builders.js'

const id = (i: number) => String(100000000000 + i)

function reportWithAccounts(count: number): FindingsReport {
  const ruleSet = loadRules({ checks: ALL_CHECKS })
  const snap = account({})
  const report = buildReport({ command: 'scan', tool: { name: 'guardrail', version: 't' }, snapshot: snap, findings: evaluateSnapshot(snap, ruleSet, { now: NOW }), ruleSet, asOf: NOW })
  const template = report.run.accounts[0]!
  report.run.accounts = Array.from({ length: count }, (_, i) => ({ ...template, accountId: id(i) }))
  return report
}

describe('summary table header', () => {
  it('stays short for 20,000 accounts: the first few ids, then how many more', () => {
    const header = renderSummary(reportWithAccounts(20_000), 'out/findings.json').split('\n')[0]!
    expect(header.length).toBeLessThan(300)
    expect(header).toContain('scan of 20000 account(s): ')
    expect(header).toContain([0, 1, 2, 3, 4].map(id).join(', '))
    expect(header).not.toContain(id(5))
    expect(header).toMatch(/… and 19995 more$/)
  })

  it('lists every id when there are at most MAX_HEADER_ACCOUNTS', () => {
    const header = renderSummary(reportWithAccounts(MAX_HEADER_ACCOUNTS), 'f').split('\n')[0]!
    expect(header).toMatch(new RegExp(`account\\(s\\): ${[0, 1, 2, 3, 4].map(id).join(', ')}$`))
    expect(header).not.toContain('more')
  })

  it('summariseAccounts: none, exact fit, one over', () => {
    expect(summariseAccounts([])).toBe('none')
    expect(summariseAccounts(['a', 'b'], 2)).toBe('a, b')
    expect(summariseAccounts(['a', 'b', 'c'], 2)).toBe('a, b … and 1 more')
  })
})

describe('summary table of a single-account scan', () => {
  it('leaves the skipped organization checks out of the table and says so in one line', () => {
    const report = reportWithAccounts(1)
    expect(report.coverage.checksSkipped.length).toBeGreaterThan(0)
    const text = renderSummary(report, 'findings.json')
    for (const { checkId } of report.coverage.checksSkipped) expect(text).not.toMatch(new RegExp(`^${checkId.replace('.', '\\.')} `, 'm'))
    expect(text).toContain(`Skipped: ${report.coverage.checksSkipped.length} organization check(s)`)
    expect(text).toMatch(/^iam\.user-console-mfa /m)
  })
})
