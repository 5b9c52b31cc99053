// isms.json → the control report as one static, self-contained HTML page an auditor reads or prints:
// a cover (scope, as-of, the SHA-256 of every input), a summary table of all controls, then one section
// per control grouped as the framework groups them. No script at all: the page's CSP allows only its
// own stylesheet (by hash), so it opens from disk on an air-gapped laptop and prints to the same
// document. Every value reaches the page through the escaping element builder (src/report/markup.ts).
import type { ControlStatus } from './control-status.js'
import { CONTROL_STATUSES } from './control-status.js'
import type { IsmsControl, IsmsReport } from './schema.js'
import { ISMS_CSS } from './html-styles.js'
import { staticHtmlPage } from '../report/static-page.js'
import { fragment, h, safeHref, type Child, type Markup } from '../report/markup.js'

export const STATUS_LABELS: Record<ControlStatus, string> = {
  excluded: 'Excluded (SoA)',
  failing: 'Failing',
  partial: 'Partially evidenced',
  satisfied: 'Satisfied by evidence',
  attested: 'Attested',
  'attestation-expired': 'Attestation expired',
  'no-evidence': 'No evidence yet',
}

/** How many failing resources a control's section lists; the rest are one click away in the explorer. */
export const FAILING_SHOWN = 50

export interface IsmsHtmlInput {
  isms: IsmsReport
  /** The files the report was made from, hashed (the manifest holds the same hashes, and this page's). */
  inputs: readonly { role: string; path: string; sha256: string; bytes: number }[]
  /** Relative href of the findings report's report.html, when it was written next to this one. */
  explorer?: string
}

const controlAnchor = (id: string): string => `control-${id}`

function explorerLink(explorer: string | undefined, params: Record<string, string>, label: Child): Child {
  if (explorer === undefined) return null
  const fragmentPart = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&')
  return h('a', { href: `${explorer}#${fragmentPart}`, class: 'explorer' }, label)
}

function statusBadge(status: ControlStatus): Markup {
  return h('span', { class: `status status-${status}`, 'data-status': status }, STATUS_LABELS[status])
}

function cover({ isms, inputs }: IsmsHtmlInput): Markup {
  const { source, framework, summary } = isms
  return h(
    'header',
    { class: 'cover' },
    h('h1', null, `${framework.name}: control report`),
    h('p', { class: 'subtitle' }, `Every control of ${framework.name} (${framework.id}, version ${framework.version}) with its automated evidence, attestations and exclusions.`),
    h(
      'dl',
      null,
      h('dt', null, 'Evidence as of'),
      h('dd', { 'data-as-of': source.asOf }, source.asOf),
      h('dt', null, 'Scope'),
      h('dd', null, `${source.accounts} account(s); regions ${source.regions.length > 0 ? source.regions.join(', ') : 'none'}`),
      h('dt', null, 'Scan'),
      h('dd', null, h('code', null, `guardrail ${source.command}`), source.coverageComplete ? '' : ' (coverage incomplete: some checks could not be evaluated everywhere)'),
      h('dt', null, 'Made by'),
      h('dd', null, `${source.tool.name} ${source.tool.version}`),
      h('dt', null, 'Controls'),
      h('dd', null, `${summary.controls}, of which ${summary.automated} with automated evidence`),
    ),
    h(
      'table',
      { class: 'status-counts' },
      h('thead', null, h('tr', null, h('th', null, 'Status'), h('th', { class: 'n' }, 'Controls'))),
      h(
        'tbody',
        null,
        CONTROL_STATUSES.map((s) => h('tr', null, h('td', null, statusBadge(s)), h('td', { class: 'n', 'data-status-count': s }, summary.byStatus[s] ?? 0))),
      ),
    ),
    h('h3', null, 'Evidence files'),
    h(
      'table',
      { class: 'inputs' },
      h('thead', null, h('tr', null, h('th', null, 'Role'), h('th', null, 'File'), h('th', null, 'SHA-256'), h('th', { class: 'n' }, 'Bytes'))),
      h(
        'tbody',
        null,
        inputs.map((i) => h('tr', { 'data-role': i.role }, h('td', null, i.role), h('td', null, h('code', null, i.path)), h('td', null, h('code', { class: 'sha256' }, i.sha256)), h('td', { class: 'n' }, i.bytes))),
      ),
    ),
    h('p', { class: 'note' }, 'The hash of this page is recorded with these in isms-manifest.json. Check that nothing changed with ', h('code', null, 'guardrail isms verify <folder>'), '.'),
  )
}

function summaryTable(isms: IsmsReport): Markup {
  return h(
    'section',
    { id: 'summary' },
    h('h2', null, `All ${isms.controls.length} controls`),
    h(
      'table',
      { class: 'summary' },
      h(
        'thead',
        null,
        h('tr', null, h('th', null, 'Control'), h('th', null, 'Title'), h('th', null, 'Status'), h('th', { class: 'n' }, 'Pass'), h('th', { class: 'n' }, 'Fail'), h('th', { class: 'n' }, 'Error'), h('th', null, 'Attested / excluded')),
      ),
      h(
        'tbody',
        null,
        isms.controls.map((c) =>
          h(
            'tr',
            { 'data-control': c.id, 'data-status': c.status },
            h('td', { class: 'nowrap' }, h('a', { href: `#${controlAnchor(c.id)}` }, c.id)),
            h('td', null, c.title),
            h('td', { class: 'nowrap' }, statusBadge(c.status)),
            h('td', { class: 'n', 'data-count': 'pass' }, c.automated ? c.evidence.pass : '—'),
            h('td', { class: 'n', 'data-count': 'fail' }, c.automated ? c.evidence.fail : '—'),
            h('td', { class: 'n', 'data-count': 'error' }, c.automated ? c.evidence.error : '—'),
            h('td', null, c.exclusion ? `excluded: ${c.exclusion.approvedBy}` : c.attestation ? `${c.attestation.attestedBy}, until ${c.attestation.validUntil}` : ''),
          ),
        ),
      ),
    ),
  )
}

function changes(isms: IsmsReport): Child {
  const baseline = isms.baseline
  if (!baseline) return null
  return h(
    'section',
    { id: 'changes' },
    h('h2', null, `Changes since ${baseline.asOf}`),
    h('p', { class: 'note' }, 'Compared with ', h('code', null, baseline.file), `: ${baseline.changed.length} control(s) changed status.`),
    baseline.changed.length > 0 &&
      h(
        'table',
        null,
        h('thead', null, h('tr', null, h('th', null, 'Control'), h('th', null, 'Title'), h('th', null, 'Was'), h('th', null, 'Now'))),
        h(
          'tbody',
          null,
          baseline.changed.map((c) => h('tr', { 'data-changed': c.id }, h('td', null, h('a', { href: `#${controlAnchor(c.id)}` }, c.id)), h('td', null, c.title), h('td', null, statusBadge(c.from)), h('td', null, statusBadge(c.to)))),
        ),
      ),
  )
}

function evidenceLink(evidence: string): Child {
  const href = safeHref(evidence)
  return href !== undefined ? h('a', { href, rel: 'noreferrer' }, evidence) : h('code', null, evidence)
}

function attestationBox(a: NonNullable<IsmsControl['attestation']>, heading: string): Markup {
  return h(
    'div',
    { class: 'box attestation' },
    h('h4', null, heading),
    h(
      'dl',
      null,
      h('dt', null, 'Statement'),
      h('dd', null, a.statement),
      h('dt', null, 'Attested by'),
      h('dd', null, a.attestedBy),
      h('dt', null, 'Date'),
      h('dd', null, a.date),
      h('dt', null, 'Valid until'),
      h('dd', null, a.validUntil),
      h('dt', null, 'Evidence'),
      h('dd', null, evidenceLink(a.evidence)),
    ),
  )
}

function automatedEvidence(c: IsmsControl, explorer: string | undefined, frameworkId: string): Child {
  if (!c.automated) return null
  const e = c.evidence
  const shown = e.failing.slice(0, FAILING_SHOWN)
  return fragment(
    h('h4', null, 'Automated evidence ', explorerLink(explorer, { control: `${frameworkId}:${c.id}` }, '(open in the findings explorer)')),
    h(
      'table',
      { class: 'checks' },
      h('thead', null, h('tr', null, h('th', null, 'Check'), h('th', { class: 'n' }, 'Pass'), h('th', { class: 'n' }, 'Fail'), h('th', { class: 'n' }, 'Error'), h('th', { class: 'n' }, 'N/A'), h('th', null, ''))),
      h(
        'tbody',
        null,
        e.perCheck.map((p) =>
          h(
            'tr',
            { 'data-check': p.checkId },
            h('td', null, h('code', null, p.checkId)),
            h('td', { class: 'n' }, p.pass),
            h('td', { class: 'n' }, p.fail),
            h('td', { class: 'n' }, p.error),
            h('td', { class: 'n' }, p.notApplicable),
            h('td', null, e.notRun.includes(p.checkId) ? 'did not run' : ''),
          ),
        ),
      ),
    ),
    h('p', { class: 'muted' }, `Evaluated in ${e.accounts.length} account(s)${e.accounts.length > 0 && e.accounts.length <= 12 ? ` (${e.accounts.join(', ')})` : ''}; regions: ${e.regions.length > 0 ? e.regions.join(', ') : 'none'}.`),
    e.failing.length > 0 &&
      fragment(
        h('h4', null, `Failing resources (${e.failing.length})`),
        h(
          'table',
          { class: 'failing' },
          h('thead', null, h('tr', null, h('th', null, 'Resource'), h('th', null, 'Account'), h('th', null, 'Region'), h('th', null, 'Check'), h('th', null, 'Severity'), h('th', null, 'Why'))),
          h(
            'tbody',
            null,
            shown.map((f) =>
              h(
                'tr',
                { 'data-finding': f.findingId },
                h('td', { class: 'resource' }, explorerLink(explorer, { f: f.findingId }, h('code', null, f.resource)) ?? h('code', null, f.resource)),
                h('td', { class: 'nowrap' }, f.accountId),
                h('td', { class: 'nowrap' }, f.region),
                h('td', { class: 'nowrap' }, h('code', null, f.checkId)),
                h('td', { class: 'nowrap' }, f.severity),
                h('td', null, f.message),
              ),
            ),
          ),
        ),
        e.failing.length > shown.length && h('p', { class: 'note' }, `… and ${e.failing.length - shown.length} more`, explorer !== undefined ? ' in the findings explorer.' : ' in findings.json.'),
      ),
    e.acceptedRisks.length > 0 &&
      fragment(
        h('h4', null, `Accepted risks (${e.acceptedRisks.length})`),
        h(
          'table',
          { class: 'accepted-risks' },
          h('thead', null, h('tr', null, h('th', null, 'Resource'), h('th', null, 'Account'), h('th', null, 'Check'), h('th', null, 'Owner'), h('th', null, 'Expires'), h('th', null, 'Reason'))),
          h(
            'tbody',
            null,
            e.acceptedRisks.map((r) =>
              h('tr', { 'data-finding': r.findingId }, h('td', { class: 'resource' }, h('code', null, r.resource)), h('td', { class: 'nowrap' }, r.accountId), h('td', null, h('code', null, r.checkId)), h('td', null, r.owner), h('td', null, r.expires), h('td', null, r.reason)),
            ),
          ),
        ),
      ),
  )
}

function controlSection(c: IsmsControl, explorer: string | undefined, frameworkId: string): Markup {
  const needsAttestation = c.status === 'no-evidence' || c.status === 'attestation-expired'
  return h(
    'section',
    { class: 'control', id: controlAnchor(c.id), 'data-control': c.id, 'data-status': c.status },
    h('div', { class: 'control-head' }, h('h3', null, `${c.id} ${c.title}`), statusBadge(c.status)),
    c.previousStatus !== undefined && c.previousStatus !== c.status && h('p', { class: 'note' }, 'Previously: ', statusBadge(c.previousStatus)),
    h('ul', { class: 'reasons' }, c.reasons.map((r) => h('li', null, r))),
    c.excludedWithFailures && h('p', { class: 'warning' }, `Excluded in the Statement of Applicability, yet ${c.evidence.fail} finding(s) of its checks fail.`),
    c.exclusion &&
      h(
        'div',
        { class: 'box exclusion' },
        h('h4', null, 'Statement of Applicability exclusion'),
        h('dl', null, h('dt', null, 'Justification'), h('dd', null, c.exclusion.justification), h('dt', null, 'Approved by'), h('dd', null, c.exclusion.approvedBy), c.exclusion.date !== undefined && fragment(h('dt', null, 'Date'), h('dd', null, c.exclusion.date))),
      ),
    needsAttestation && c.prompt !== undefined && h('p', { class: 'prompt' }, h('strong', null, 'To attest: '), c.prompt),
    needsAttestation && c.prompt === undefined && !c.automated && h('p', { class: 'prompt' }, h('strong', null, 'To attest: '), 'no API evidences this control; record who checked it, when, and where the evidence is in the attestations file.'),
    c.attestation && attestationBox(c.attestation, 'Attestation'),
    c.expiredAttestations.map((a) => attestationBox(a, 'Expired attestation (not counted)')),
    automatedEvidence(c, explorer, frameworkId),
  )
}

function groups(isms: IsmsReport, explorer: string | undefined): Markup[] {
  const byGroup = new Map<string, IsmsControl[]>()
  for (const c of isms.controls) (byGroup.get(c.group) ?? byGroup.set(c.group, []).get(c.group)!).push(c)
  return [...byGroup].map(([group, controls]) => h('section', { class: 'group' }, h('h2', null, `${group} (${controls.length})`), controls.map((c) => controlSection(c, explorer, isms.framework.id))))
}

export function renderIsmsHtml(input: IsmsHtmlInput): string {
  const { isms } = input
  const body = [cover(input), h('nav', { class: 'toc' }, h('a', { href: '#summary' }, 'Summary'), isms.baseline && h('a', { href: '#changes' }, 'Changes')), summaryTable(isms), changes(isms), groups(isms, input.explorer)]
  return staticHtmlPage({ title: `${isms.framework.name}: control report (${isms.source.asOf})`, css: ISMS_CSS, body })
}
