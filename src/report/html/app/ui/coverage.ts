// Coverage first: what could not be evaluated, and why. An auditor reads a clean report as "nothing
// failed"; this section says whether that is because everything was checked.
import type { Catalog } from '../data/catalog.js'
import { accountLabel } from '../data/catalog.js'
import type { DecodedReport } from '../data/decode.js'
import { formatCount, h } from './dom.js'
import { explorerFragment } from './fragments.js'
import { table } from './table.js'

interface ErrorGroup {
  checkId: string
  errorCode: string
  count: number
  accounts: Set<string>
  regions: Set<string>
  example: string
}

const OPEN_LIMIT = 8
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function groupErrors(errors: DecodedReport['coverageErrors']): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>()
  for (const e of errors) {
    const key = `${e.checkId}\u0000${e.errorCode}`
    let g = groups.get(key)
    if (g === undefined) {
      g = { checkId: e.checkId, errorCode: e.errorCode, count: 0, accounts: new Set(), regions: new Set(), example: e.message }
      groups.set(key, g)
    }
    g.count++
    g.accounts.add(e.accountId)
    g.regions.add(e.region)
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || byCodePoint(a.checkId, b.checkId) || byCodePoint(a.errorCode, b.errorCode))
}

export function coverageSection(report: DecodedReport, catalog: Catalog): HTMLElement {
  const { coverage, run } = report.meta
  const errors = report.coverageErrors
  const inaccessible = run.accounts.filter((a) => !a.accessible)
  const complete = coverage.complete && inaccessible.length === 0
  const section = h('section', { class: `coverage ${complete ? 'complete' : 'incomplete'}`, id: 'coverage', 'aria-labelledby': 'coverage-title' })
  section.appendChild(h('h2', { id: 'coverage-title' }, 'Coverage'))
  section.appendChild(
    h(
      'p',
      { class: 'coverage-verdict', role: 'status' },
      complete
        ? `Complete: all ${formatCount(coverage.checksRun)} checks that ran were evaluated in every account and region scanned.`
        : `Incomplete: ${formatCount(errors.length)} evaluations could not be made` +
            (inaccessible.length > 0 ? `, and ${formatCount(inaccessible.length)} account(s) could not be accessed` : '') +
            '. A missing failure below may only mean the check could not run.',
    ),
  )
  if (errors.length > 0) {
    const groups = groupErrors(errors)
    const errorTable = table(
      ['Check', 'Error', 'Evaluations', 'Accounts', 'Regions', 'Example message', ''],
      groups.slice(0, 200).map((g) => [
        g.checkId,
        g.errorCode,
        formatCount(g.count),
        formatCount(g.accounts.size),
        [...g.regions].sort(byCodePoint).join(', '),
        g.example,
        h('a', { class: 'screen-only', href: `#${explorerFragment({ status: ['error'], check: [g.checkId] })}` }, 'Show'),
      ]),
      'coverage-errors',
    )
    const checks = new Set(groups.map((g) => g.checkId)).size
    // A long list stays one click away so the totals below remain on the first screen.
    section.appendChild(
      h(
        'details',
        { class: 'coverage-details', open: groups.length <= OPEN_LIMIT },
        h('summary', {}, `${formatCount(checks)} check${checks === 1 ? '' : 's'} could not be evaluated everywhere (${formatCount(errors.length)} evaluations) — by check and error`),
        errorTable,
      ),
    )
    if (groups.length > 200) section.appendChild(h('p', {}, `${formatCount(groups.length - 200)} more check/error combinations: see the Findings view filtered by status Error.`))
  }
  if (inaccessible.length > 0) {
    section.appendChild(h('h3', {}, 'Accounts that could not be accessed'))
    section.appendChild(h('ul', {}, ...inaccessible.map((a) => h('li', {}, accountLabel(catalog, a.accountId)))))
  }
  if (coverage.regionsSkipped.length > 0) {
    section.appendChild(h('h3', {}, 'Regions not scanned'))
    section.appendChild(table(['Region', 'Reason', 'Accounts'], coverage.regionsSkipped.map((r) => [r.region, r.reason, formatCount(r.accounts)]), 'regions-skipped'))
  }
  if (coverage.checksSkipped.length > 0) {
    section.appendChild(h('h3', {}, 'Checks that did not apply to this scan'))
    section.appendChild(table(['Check', 'Reason'], coverage.checksSkipped.map((c) => [c.checkId, c.reason]), 'checks-skipped'))
  }
  if (coverage.checksDisabled.length > 0) {
    section.appendChild(h('p', {}, `Disabled by configuration: ${coverage.checksDisabled.join(', ')}.`))
  }
  const selection = report.meta.selection
  if (selection !== undefined) {
    const parts = [
      selection.framework !== undefined ? `framework ${selection.framework}` : null,
      selection.checks !== undefined ? `checks ${selection.checks.join(', ')}` : null,
      selection.excludeChecks !== undefined ? `excluding ${selection.excludeChecks.join(', ')}` : null,
      selection.minSeverity !== undefined ? `severity ${selection.minSeverity} and above` : null,
    ].filter((p): p is string => p !== null)
    section.appendChild(h('p', { class: 'selection' }, `This report was narrowed to ${parts.join('; ')}.`))
  }
  return section
}
