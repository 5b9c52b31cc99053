// The comparison with a baseline report: what is new, what is still failing, what was resolved —
// including findings that disappeared altogether (resource deleted, account gone).
import { accountLabel, type Catalog } from '../data/catalog.js'
import type { DecodedReport } from '../data/decode.js'
import { BASELINE_LABEL, BASELINES, SEVERITY_LABEL, SEVERITY_ORDER, STATUS_LABEL, STATUS_ORDER, type BaselineState, type Status } from '../data/vocabulary.js'
import { formatCount, h } from './dom.js'
import { explorerFragment } from './fragments.js'
import { table } from './table.js'

const MAX_GONE = 1000
/** Findings listed per group here; the explorer link shows them all. */
const MAX_LISTED = 200

/** Rows of the findings table in one baseline state (and, optionally, one status). */
function rowsWhere(report: DecodedReport, state: BaselineState, status?: Status): number[] {
  const t = report.table
  const wanted = BASELINES.indexOf(state)
  const wantedStatus = status === undefined ? -1 : STATUS_ORDER.indexOf(status)
  const rows: number[] = []
  for (let i = 0; i < t.count; i++) if (t.baseline[i] === wanted && (wantedStatus < 0 || t.status[i] === wantedStatus)) rows.push(i)
  // Most severe first, as the explorer's default order.
  return rows.sort((a, b) => t.severity[a]! - t.severity[b]! || a - b)
}

/** One group of changed findings: heading with its count, a capped table, a link to all of them. */
function findingList(report: DecodedReport, catalog: Catalog, title: string, rows: number[], filters: Parameters<typeof explorerFragment>[0], empty: string, className: string): HTMLElement[] {
  const t = report.table
  const out: HTMLElement[] = [h('h3', {}, `${title} (${formatCount(rows.length)})`)]
  if (rows.length === 0) return [...out, h('p', {}, empty)]
  out.push(
    table(
      ['Severity', 'Status', 'Check', 'Account', 'Region', 'Resource', 'Message'],
      rows.slice(0, MAX_LISTED).map((i) => [
        SEVERITY_LABEL[SEVERITY_ORDER[t.severity[i]!]!],
        STATUS_LABEL[STATUS_ORDER[t.status[i]!]!],
        t.strings[t.checkId[i]!]!,
        accountLabel(catalog, t.strings[t.accountId[i]!]!),
        t.strings[t.region[i]!]!,
        h('a', { href: `#${explorerFragment(filters, { finding: t.id[i]! })}` }, t.resource[i]!),
        t.message[i]!,
      ]),
      className,
    ),
  )
  out.push(h('p', {}, rows.length > MAX_LISTED ? `The first ${formatCount(MAX_LISTED)} are listed. ` : '', h('a', { href: `#${explorerFragment(filters)}` }, 'Open them in the explorer')))
  return out
}

export function changesView(report: DecodedReport, catalog: Catalog): HTMLElement | null {
  const baseline = report.meta.baseline
  if (baseline === undefined) return null
  const section = h('section', { class: 'changes', 'aria-labelledby': 'changes-title' }, h('h2', { id: 'changes-title' }, 'Compared with the baseline'))
  section.appendChild(h('p', {}, 'Baseline: ', h('code', {}, baseline.file), ` (as of ${baseline.asOf}).`))
  section.appendChild(
    h(
      'div',
      { class: 'tiles' },
      ...BASELINES.map((b) =>
        h('a', { class: `tile baseline-${b}`, href: `#${explorerFragment({ baseline: [b] })}` }, h('span', { class: 'tile-value' }, formatCount(baseline.counts[b])), h('span', { class: 'tile-label' }, BASELINE_LABEL[b])),
      ),
    ),
  )
  section.appendChild(h('h3', {}, 'New unmuted failures by severity'))
  section.appendChild(table(SEVERITY_ORDER.map((s) => SEVERITY_LABEL[s]), [SEVERITY_ORDER.map((s) => formatCount(baseline.newFailuresBySeverity[s]))], 'new-by-severity'))
  const lists: [string, number[], Parameters<typeof explorerFragment>[0], string, string][] = [
    ['New failures', rowsWhere(report, 'new', 'fail'), { baseline: ['new'], status: ['fail'] }, 'None: nothing fails now that did not fail in the baseline.', 'new-failures'],
    ['Resolved', rowsWhere(report, 'resolved'), { baseline: ['resolved'] }, 'None of the baseline\'s failures passes now.', 'resolved'],
    ['Still failing', rowsWhere(report, 'unchanged', 'fail'), { baseline: ['unchanged'], status: ['fail'] }, 'Nothing that failed in the baseline still fails.', 'still-failing'],
  ]
  for (const [title, rows, filters, empty, className] of lists) for (const el of findingList(report, catalog, title, rows, filters, empty, className)) section.appendChild(el)
  section.appendChild(h('h3', {}, `Gone since the baseline (${formatCount(baseline.gone.length)})`))
  if (baseline.gone.length === 0) {
    section.appendChild(h('p', {}, 'None: every finding that failed in the baseline is still in this report.'))
  } else {
    section.appendChild(
      table(
        ['Check', 'Account', 'Region', 'Resource', 'Was', 'Severity', 'Message'],
        baseline.gone.slice(0, MAX_GONE).map((g) => [g.checkId, accountLabel(catalog, g.accountId), g.region, g.resource, STATUS_LABEL[g.status], SEVERITY_LABEL[g.severity], g.message]),
        'gone',
      ),
    )
    if (baseline.gone.length > MAX_GONE) section.appendChild(h('p', {}, `${formatCount(baseline.gone.length - MAX_GONE)} more are listed in findings.json (baseline.gone).`))
  }
  return section
}
