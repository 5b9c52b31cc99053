import { describe, expect, it } from 'vitest'
import { buildCatalog } from '../../../src/report/html/app/data/catalog.js'
import { decodePayload } from '../../../src/report/html/app/data/decode.js'
import { buildFacetIndex } from '../../../src/report/html/app/filter/facets.js'
import { listModel, Orderings, orderedMatches } from '../../../src/report/html/app/filter/order.js'
import { runQuery } from '../../../src/report/html/app/filter/query.js'
import { TextSearch } from '../../../src/report/html/app/filter/search.js'
import { emptyFilters, SORTS, type Dimension } from '../../../src/report/html/app/state/view-state.js'
import { encodeReport } from '../../../src/report/html/encode.js'
import { STATUSES } from '../../../src/core/types.js'
import { HOSTILE } from '../../support/synthetic-report.js'
import { expectedCount, matches, type Filters } from './support/oracle.js'
import { richReport } from './support/reports.js'

const report = richReport(3000)
const decoded = decodePayload(encodeReport(report))
const catalog = buildCatalog(decoded.meta)
const index = buildFacetIndex(decoded.table, catalog.accounts)
const search = new TextSearch(decoded.table, catalog)

function query(filters: Filters, q = '') {
  const all = { ...emptyFilters(), ...filters } as Record<Dimension, readonly string[]>
  return runQuery(index, all, search.match(q), decoded.table.count)
}

const someCheck = report.findings[7]!.checkId
const someAccount = report.findings[11]!.accountId
const someControl = Object.entries(report.findings[3]!.frameworks).map(([fw, ids]) => `${fw}:${ids[0]}`)[0]!

describe('filter engine', () => {
  it('counts each status and check exactly as findings.json summarises them', () => {
    for (const s of STATUSES) expect(query({ status: [s] }).total).toBe(report.summary.byStatus[s])
    for (const [checkId, counts] of Object.entries(report.summary.byCheck)) {
      expect(query({ check: [checkId] }).total).toBe(Object.values(counts).reduce((a, b) => a + b, 0))
      expect(query({ check: [checkId], status: ['fail'] }).total).toBe(counts.fail)
    }
  })

  it('counts unmuted failures by severity as summary.failuresBySeverity does', () => {
    for (const [severity, n] of Object.entries(report.summary.failuresBySeverity)) expect(query({ status: ['fail'], severity: [severity], muted: ['unmuted'] }).total).toBe(n)
  })

  it.each<[string, Filters, string]>([
    ['account and region', { account: [someAccount], region: ['global', 'eu-west-1'] }, ''],
    ['OU (any OU on the path)', { ou: ['ou-root-prod'] }, ''],
    ['framework control', { control: [someControl] }, ''],
    ['muted and baseline', { muted: ['muted'], baseline: ['new', 'resolved'] }, ''],
    ['free text, several terms', { status: ['fail'] }, 'resource-1 meet'],
    ['free text matching a hostile value', {}, HOSTILE.script],
    ['everything at once', { status: ['fail', 'error'], severity: ['high', 'medium'], check: [someCheck, report.findings[1]!.checkId], ou: ['ou-prod-payments', 'ou-root-sbx'] }, 'arn'],
  ])('matches the findings.json reference: %s', (_, filters, q) => {
    const expected = expectedCount(report, filters, q)
    expect(expected).toBeGreaterThan(0)
    const result = query(filters, q)
    expect(result.total).toBe(expected)
    const matched = report.findings.filter((_, i) => result.match[i] === 1)
    expect(matched.every((f) => matches(report, f, filters, q))).toBe(true)
  })

  it('gives each facet value the count that selecting it alone (with the other filters) would give', () => {
    const filters: Filters = { status: ['fail'], severity: ['high'], region: ['global'] }
    const result = query(filters)
    for (const severity of ['critical', 'high', 'medium', 'low']) {
      expect(result.facetCounts.severity.get(severity) ?? 0).toBe(expectedCount(report, { ...filters, severity: [severity] }))
    }
    for (const status of STATUSES) expect(result.facetCounts.status.get(status) ?? 0).toBe(expectedCount(report, { ...filters, status: [status] }))
    expect(result.facetCounts.account.get(someAccount) ?? 0).toBe(expectedCount(report, { ...filters, account: [someAccount] }))
    expect(result.facetCounts.ou.get('ou-root-prod') ?? 0).toBe(expectedCount(report, { ...filters, ou: ['ou-root-prod'] }))
  })

  it('sorts deterministically, worst first by default, keeping every matching row once', () => {
    const orderings = new Orderings(decoded.table, index)
    const result = query({})
    for (const sort of SORTS) {
      const rows = orderedMatches(orderings.permutation(sort), result.match, result.total)
      expect(new Set(rows).size).toBe(report.findings.length)
      expect(orderedMatches(new Orderings(decoded.table, index).permutation(sort), result.match, result.total)).toEqual(rows)
    }
    const worst = orderedMatches(orderings.permutation('priority'), result.match, result.total)
    const statuses = [...worst].map((i) => report.findings[i]!.status)
    expect(statuses.indexOf('pass')).toBeGreaterThan(statuses.lastIndexOf('fail'))
    expect(report.findings[worst[0]!]!.severity).toBe('critical')
  })

  it('groups by check with one header per check and the right counts; a collapsed group keeps only its header', () => {
    const result = query({ status: ['fail'] })
    const rows = orderedMatches(new Orderings(decoded.table, index).permutation('priority'), result.match, result.total)
    const model = listModel(rows, 'check', index, decoded.table, new Set())
    expect(model.groups.length).toBe(Object.values(report.summary.byCheck).filter((c) => c.fail > 0).length)
    for (const g of model.groups) expect(g.count).toBe(report.summary.byCheck[g.label]!.fail)
    expect(model.items.length).toBe(rows.length + model.groups.length)
    const first = model.groups[0]!
    const collapsed = listModel(rows, 'check', index, decoded.table, new Set([first.label]))
    expect(collapsed.items.length).toBe(rows.length + model.groups.length - first.count)
  })
})
