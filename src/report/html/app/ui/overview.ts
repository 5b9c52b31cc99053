// The overview: totals by status and severity (the numbers findings.json's summary holds), then
// where the failures are — by account (with OU path), OU, region, check and framework control.
// Every bar links to the findings behind it.
import { accountLabel, controlInfo, ouPathLabel, type Catalog } from '../data/catalog.js'
import type { DecodedReport } from '../data/decode.js'
import { ABSENT } from '../../payload.js'
import { SEVERITY_LABEL, SEVERITY_ORDER, STATUS_INDEX, STATUS_LABEL, STATUS_PRIORITY, type Status } from '../data/vocabulary.js'
import { worstFirst, type Aggregates, type StatusCounts } from '../filter/aggregate.js'
import { barChart, type BarRow } from './charts.js'
import { coverageSection } from './coverage.js'
import { formatCount, h } from './dom.js'
import { explorerFragment } from './fragments.js'

const TOP = 15

const statusSegments = (c: StatusCounts) => STATUS_PRIORITY.map((st: Status) => ({ value: c[st], className: `seg-${st}`, name: STATUS_LABEL[st] }))

function figure(title: string, note: string | null, chart: SVGSVGElement): HTMLElement {
  return h('figure', { class: 'chart-figure' }, h('figcaption', {}, h('strong', {}, title), note === null ? null : h('span', { class: 'note' }, ` — ${note}`)), chart)
}

function topNote(shown: number, total: number, what: string): string | null {
  return total > shown ? `the ${shown} with most failures, of ${formatCount(total)} ${what}` : null
}

function legend(): HTMLElement {
  return h('p', { class: 'legend' }, ...STATUS_PRIORITY.map((st) => h('span', { class: `key seg-${st}` }, STATUS_LABEL[st])))
}

function mutedFailuresBySeverity(report: DecodedReport): number[] {
  const t = report.table
  const counts = SEVERITY_ORDER.map(() => 0)
  for (let i = 0; i < t.count; i++) if (t.status[i] === STATUS_INDEX.fail && t.muted[i] !== ABSENT) counts[t.severity[i]!]!++
  return counts
}

function totals(report: DecodedReport): HTMLElement {
  const summary = report.meta.summary
  const muted = mutedFailuresBySeverity(report)
  const mutedTotal = muted.reduce((a, b) => a + b, 0)
  const statusRows: BarRow[] = STATUS_PRIORITY.map((st) => ({
    label: STATUS_LABEL[st],
    segments: [{ value: summary.byStatus[st], className: `seg-${st}`, name: STATUS_LABEL[st] }],
    fragment: explorerFragment({ status: [st] }),
  }))
  const severityRows: BarRow[] = SEVERITY_ORDER.map((sev, i) => ({
    label: SEVERITY_LABEL[sev],
    segments: [
      { value: summary.failuresBySeverity[sev], className: `sev-${sev}`, name: 'Failing' },
      { value: muted[i]!, className: 'seg-muted', name: 'Failing, muted' },
    ],
    fragment: explorerFragment({ status: ['fail'], severity: [sev] }),
  }))
  const tiles = h(
    'div',
    { class: 'tiles' },
    h('a', { class: 'tile', href: `#${explorerFragment({})}` }, h('span', { class: 'tile-value' }, formatCount(summary.findings)), h('span', { class: 'tile-label' }, 'Findings')),
    ...STATUS_PRIORITY.map((st) =>
      h('a', { class: `tile tile-${st}`, href: `#${explorerFragment({ status: [st] })}` }, h('span', { class: 'tile-value' }, formatCount(summary.byStatus[st])), h('span', { class: 'tile-label' }, STATUS_LABEL[st])),
    ),
  )
  return h(
    'section',
    { class: 'totals', 'aria-labelledby': 'totals-title' },
    h('h2', { id: 'totals-title' }, 'Totals'),
    tiles,
    h(
      'div',
      { class: 'chart-pair' },
      figure('Findings by status', null, barChart('Findings by status', statusRows)),
      figure('Failing findings by severity', mutedTotal > 0 ? `muted failures (${formatCount(mutedTotal)}) shown in grey; they do not count towards failuresBySeverity or the exit code` : null, barChart('Failing findings by severity', severityRows)),
    ),
  )
}

function breakdowns(report: DecodedReport, catalog: Catalog, agg: Aggregates): HTMLElement {
  const accounts = worstFirst(agg.byAccount)
  const accountRows: BarRow[] = accounts.slice(0, TOP).map(([id, c]) => ({
    label: accountLabel(catalog, id),
    sublabel: ouPathLabel(catalog.accounts.get(id)),
    segments: statusSegments(c),
    fragment: explorerFragment({ account: [id] }),
  }))
  const ous = worstFirst(agg.byOu)
  const ouRows: BarRow[] = ous.slice(0, TOP).map(([id, c]) => ({ label: catalog.ouNames.get(id) ?? id, sublabel: id, segments: statusSegments(c), fragment: explorerFragment({ ou: [id] }) }))
  const regions = worstFirst(agg.byRegion)
  const regionRows: BarRow[] = regions.slice(0, TOP).map(([id, c]) => ({ label: id, segments: statusSegments(c), fragment: explorerFragment({ region: [id] }) }))
  const checks = worstFirst(Object.entries(report.meta.summary.byCheck))
  const checkRows: BarRow[] = checks.slice(0, TOP).map(([id, c]) => ({ label: id, sublabel: catalog.checks.get(id)?.title ?? '', segments: statusSegments(c), fragment: explorerFragment({ check: [id] }) }))
  const section = h('section', { class: 'breakdowns', 'aria-labelledby': 'where-title' }, h('h2', { id: 'where-title' }, 'Where the failures are'), legend())
  section.appendChild(figure('By account', topNote(accountRows.length, accounts.length, 'accounts'), barChart('Findings by account', accountRows)))
  if (ouRows.length > 0) section.appendChild(figure('By organizational unit', topNote(ouRows.length, ous.length, 'OUs'), barChart('Findings by organizational unit', ouRows)))
  section.appendChild(figure('By region', topNote(regionRows.length, regions.length, 'regions'), barChart('Findings by region', regionRows)))
  section.appendChild(figure('By check', topNote(checkRows.length, checks.length, 'checks'), barChart('Findings by check', checkRows)))
  for (const fw of report.meta.frameworks) {
    const controls = worstFirst([...agg.byControl].filter(([key]) => controlInfo(catalog, key).frameworkId === fw.id))
    if (controls.length === 0) continue
    const rows: BarRow[] = controls.slice(0, TOP).map(([key, c]) => {
      const info = controlInfo(catalog, key)
      return { label: info.controlId, sublabel: info.title ?? '', segments: statusSegments(c), fragment: explorerFragment({ control: [key] }) }
    })
    const manual = (fw.controls ?? []).filter((c) => c.checks.length === 0).length
    const notes = [topNote(rows.length, controls.length, 'controls with findings'), manual > 0 ? `${manual} controls have no automated check (manual review)` : null].filter((x) => x !== null)
    const title = `${fw.name} ${fw.version}`.trim()
    section.appendChild(figure(`By control: ${title}`, notes.length > 0 ? notes.join('; ') : null, barChart(`Findings by control, ${title}`, rows)))
  }
  return section
}

export function overviewView(report: DecodedReport, catalog: Catalog, agg: Aggregates): HTMLElement {
  const muted = report.meta.summary.muted
  return h(
    'div',
    { class: 'overview' },
    coverageSection(report, catalog),
    totals(report),
    muted !== undefined && muted > 0 ? h('p', { class: 'muted-note' }, `${formatCount(muted)} findings are muted by suppressions: they keep their status and are counted above, but are listed apart under Suppressed.`) : null,
    breakdowns(report, catalog, agg),
  )
}
