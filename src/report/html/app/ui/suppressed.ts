// Suppressed findings, apart: the suppressions file and how each entry fared, then the muted
// findings with owner, reason and expiry. Muted findings keep their status (and are counted under it
// everywhere); this view is where a reviewer checks that every mute still has an owner and a date.
import { ABSENT } from '../../payload.js'
import { accountLabel, type Catalog } from '../data/catalog.js'
import type { DecodedReport } from '../data/decode.js'
import { SEVERITY_LABEL, SEVERITY_ORDER, STATUS_LABEL, STATUS_ORDER, type Finding } from '../data/vocabulary.js'
import { formatCount, h } from './dom.js'
import { explorerFragment } from './fragments.js'
import { table } from './table.js'

const MAX_ROWS = 1000

export function mutedRows(report: DecodedReport): number[] {
  const t = report.table
  const rows: number[] = []
  for (let i = 0; i < t.count; i++) if (t.muted[i] !== ABSENT) rows.push(i)
  return rows
}

export function suppressedView(report: DecodedReport, catalog: Catalog): HTMLElement {
  const t = report.table
  const section = h('section', { class: 'suppressed', 'aria-labelledby': 'suppressed-title' }, h('h2', { id: 'suppressed-title' }, 'Suppressed findings'))
  const suppressions = report.meta.suppressions
  if (suppressions !== undefined) {
    section.appendChild(h('p', {}, 'Suppressions file: ', h('code', {}, suppressions.file)))
    section.appendChild(
      table(
        ['Entry', 'Reason', 'Owner', 'Expires', 'State', 'Findings matched'],
        suppressions.entries.map((e) => [e.suppression, e.reason, e.owner, e.expires, e.state === 'expired' ? 'Expired: no longer mutes' : 'Active', e.matched === 0 ? '0 (unused)' : formatCount(e.matched)]),
        'suppression-entries',
      ),
    )
  }
  const rows = mutedRows(report)
  section.appendChild(
    h('p', {}, `${formatCount(rows.length)} muted findings. `, rows.length > 0 ? h('a', { href: `#${explorerFragment({ muted: ['muted'] })}` }, 'Open them in the explorer') : null, rows.length > MAX_ROWS ? ` (the first ${formatCount(MAX_ROWS)} are listed here).` : ''),
  )
  if (rows.length > 0) {
    section.appendChild(
      table(
        ['Status', 'Severity', 'Check', 'Account', 'Region', 'Resource', 'Reason', 'Owner', 'Expires', 'Entry'],
        rows.slice(0, MAX_ROWS).map((i) => {
          const mute = JSON.parse(t.strings[t.muted[i]!]!) as NonNullable<Finding['muted']>
          return [
            STATUS_LABEL[STATUS_ORDER[t.status[i]!]!],
            SEVERITY_LABEL[SEVERITY_ORDER[t.severity[i]!]!],
            t.strings[t.checkId[i]!]!,
            accountLabel(catalog, t.strings[t.accountId[i]!]!),
            t.strings[t.region[i]!]!,
            h('a', { href: `#${explorerFragment({ muted: ['muted'] }, { finding: t.id[i]! })}` }, t.resource[i]!),
            mute.reason,
            mute.owner,
            mute.expires,
            mute.suppression ?? '',
          ]
        }),
        'muted-findings',
      ),
    )
  }
  return section
}
