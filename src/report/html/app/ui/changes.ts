// The comparison with a baseline report: what is new, what is still failing, what was resolved —
// including findings that disappeared altogether (resource deleted, account gone).
import { accountLabel, type Catalog } from '../data/catalog.js'
import type { DecodedReport } from '../data/decode.js'
import { BASELINE_LABEL, BASELINES, SEVERITY_LABEL, SEVERITY_ORDER, STATUS_LABEL } from '../data/vocabulary.js'
import { formatCount, h } from './dom.js'
import { explorerFragment } from './fragments.js'
import { table } from './table.js'

const MAX_GONE = 1000

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
