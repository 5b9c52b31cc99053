// One finding in full: what was found (message, resource, evidence), where (account, OU path, tags,
// region), how it is handled (mute, baseline), and the check's what / why / how to fix.
import { accountLabel, controlInfo, ouPathLabel, type Catalog } from '../data/catalog.js'
import { BASELINE_LABEL, SEVERITY_LABEL, STATUS_LABEL, type Finding } from '../data/vocabulary.js'
import { h } from './dom.js'
import { explorerFragment } from './fragments.js'

type Row = [string, Node | string | null | undefined]

function definitionList(rows: Row[]): HTMLDListElement {
  const dl = h('dl', { class: 'facts' })
  for (const [term, value] of rows) {
    if (value === null || value === undefined || value === '') continue
    dl.appendChild(h('dt', {}, term))
    dl.appendChild(h('dd', {}, value))
  }
  return dl
}

function prose(title: string, text: string | undefined): HTMLElement | null {
  return text === undefined || text === '' ? null : h('section', { class: 'prose' }, h('h4', {}, title), h('p', {}, text))
}

function tagsText(tags: Record<string, string> | undefined): string | null {
  if (tags === undefined) return null
  const entries = Object.entries(tags)
  return entries.length === 0 ? null : entries.map(([k, v]) => `${k}=${v}`).join('\n')
}

function controlsList(finding: Finding, catalog: Catalog): HTMLElement | null {
  const items = Object.entries(finding.frameworks).flatMap(([fw, ids]) =>
    ids.map((id) => {
      const info = controlInfo(catalog, `${fw}:${id}`)
      return h('li', {}, h('a', { href: `#${explorerFragment({ control: [info.key] })}` }, `${info.frameworkName} ${info.controlId}`), info.title !== undefined ? ` — ${info.title}` : '')
    }),
  )
  return items.length === 0 ? null : h('ul', { class: 'controls' }, ...items)
}

export function detailView(finding: Finding, catalog: Catalog, onClose: () => void): HTMLElement {
  const check = catalog.checks.get(finding.checkId)
  const account = catalog.accounts.get(finding.accountId)
  const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Close finding detail' }, '×')
  close.addEventListener('click', onClose)
  const mute = finding.muted
  return h(
    'article',
    { class: 'detail', 'aria-labelledby': 'detail-title', 'data-finding': finding.id },
    h('header', {}, close, h('h3', { id: 'detail-title' }, check?.title ?? finding.checkId)),
    h('p', { class: 'badges' }, h('span', { class: `badge status-${finding.status}` }, STATUS_LABEL[finding.status]), ' ', h('span', { class: `badge sev-${finding.severity}` }, SEVERITY_LABEL[finding.severity]), mute !== undefined ? h('span', { class: 'badge muted' }, 'Muted') : null, finding.baseline !== undefined ? h('span', { class: `badge baseline-${finding.baseline}` }, BASELINE_LABEL[finding.baseline]) : null),
    h('p', { class: 'message' }, finding.message),
    definitionList([
      ['Resource', h('code', { class: 'resource' }, finding.resource)],
      ['Account', accountLabel(catalog, finding.accountId)],
      ['OU path', ouPathLabel(account)],
      ['Account tags', tagsText(account?.tags) === null ? null : h('pre', { class: 'tags' }, tagsText(account?.tags)!)],
      ['Region', finding.region],
      ['Check', h('a', { href: `#${explorerFragment({ check: [finding.checkId] })}` }, finding.checkId)],
      ['Error code', finding.errorCode],
      ['Finding id', h('code', {}, finding.id)],
      ['First seen', finding.firstSeen],
    ]),
    mute === undefined
      ? null
      : h('section', { class: 'mute' }, h('h4', {}, 'Muted by a suppression'), definitionList([['Reason', mute.reason], ['Owner', mute.owner], ['Expires', mute.expires], ['Entry', mute.suppression]])),
    finding.evidence === undefined ? null : h('section', { class: 'evidence' }, h('h4', {}, 'Evidence'), h('pre', {}, JSON.stringify(finding.evidence, null, 2))),
    prose('What the check verifies', check?.description),
    prose('Why it matters', check?.rationale),
    prose('How to fix it', check?.remediation),
    (() => {
      const list = controlsList(finding, catalog)
      return list === null ? null : h('section', {}, h('h4', {}, 'Framework controls'), list)
    })(),
  )
}
