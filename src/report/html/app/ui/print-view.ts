// What Chromium's print-to-PDF shows after the overview: every failing finding, grouped by check,
// worst check first, each group with the check's what / why / how to fix. Built on demand
// (beforeprint, or when renderPdf asks) because at 100,000 findings it is tens of thousands of table
// rows that the on-screen explorer never needs. Muted failures are listed and marked.
import { ABSENT } from '../../payload.js'
import { accountLabel, type Catalog } from '../data/catalog.js'
import type { DecodedReport } from '../data/decode.js'
import { SEVERITY_LABEL, SEVERITY_ORDER, STATUS_INDEX, type Finding } from '../data/vocabulary.js'
import type { FacetIndex } from '../filter/facets.js'
import { formatCount, h } from './dom.js'

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export function printFindings(report: DecodedReport, catalog: Catalog, index: FacetIndex): HTMLElement {
  const t = report.table
  const rowsByCheck = new Map<number, number[]>()
  for (let i = 0; i < t.count; i++) {
    if (t.status[i] !== STATUS_INDEX.fail) continue
    const key = index.check.keys[i]!
    const rows = rowsByCheck.get(key)
    if (rows === undefined) rowsByCheck.set(key, [i])
    else rows.push(i)
  }
  const severityRank = (key: number): number => t.severity[rowsByCheck.get(key)![0]!]!
  const checks = [...rowsByCheck.keys()].sort((a, b) => severityRank(a) - severityRank(b) || byCodePoint(index.check.values[a]!, index.check.values[b]!))
  const section = h('section', { class: 'print-findings', 'aria-labelledby': 'print-findings-title' }, h('h2', { id: 'print-findings-title' }, 'Failing findings by check'))
  if (checks.length === 0) section.appendChild(h('p', {}, 'No failing findings.'))
  const accountLabels = index.account.values.map((id) => accountLabel(catalog, id))
  for (const key of checks) {
    const checkId = index.check.values[key]!
    const check = catalog.checks.get(checkId)
    const rows = rowsByCheck.get(key)!
    const muted = rows.filter((i) => t.muted[i] !== ABSENT).length
    const severity = SEVERITY_ORDER[severityRank(key)]!
    const tbody = h('tbody')
    for (const i of rows) {
      const mute = t.muted[i] === ABSENT ? null : (JSON.parse(t.strings[t.muted[i]!]!) as NonNullable<Finding['muted']>)
      tbody.appendChild(
        h(
          'tr',
          { class: mute === null ? undefined : 'muted' },
          h('td', {}, accountLabels[index.account.keys[i]!]!),
          h('td', {}, t.strings[t.region[i]!]!),
          h('td', { class: 'resource' }, t.resource[i]!),
          h('td', {}, t.message[i]!),
          h('td', {}, mute === null ? '' : `Muted until ${mute.expires} (${mute.owner}): ${mute.reason}`),
        ),
      )
    }
    section.appendChild(
      h(
        'section',
        { class: 'print-check' },
        h('h3', {}, `${check?.title ?? checkId}`),
        h('p', { class: 'print-check-meta' }, `${checkId} · ${SEVERITY_LABEL[severity]} · ${formatCount(rows.length)} failing${muted > 0 ? ` (${formatCount(muted)} muted)` : ''}`),
        check?.description ? h('p', {}, h('strong', {}, 'What: '), check.description) : null,
        check?.rationale ? h('p', {}, h('strong', {}, 'Why: '), check.rationale) : null,
        check?.remediation ? h('p', {}, h('strong', {}, 'How to fix: '), check.remediation) : null,
        h('table', { class: 'data print-table' }, h('thead', {}, h('tr', {}, ...['Account', 'Region', 'Resource', 'Message', 'Suppression'].map((c) => h('th', { scope: 'col' }, c)))), tbody),
      ),
    )
  }
  return section
}
