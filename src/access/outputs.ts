// The access map as files: access-map.json (the contract), access-map.csv (one row per principal and
// path, for a spreadsheet) and access.html (a static page: per principal, then per instance). The HTML
// is built with the escaping element builder and has no script; the CSV goes through the report's
// csvField, which defuses formulas and control characters (IAM names and tags are hostile input).
import { csvTable } from '../report/formats/csv.js'
import { h, type Child } from '../report/markup.js'
import { staticHtmlPage } from '../report/static-page.js'
import { ISMS_CSS } from '../isms/html-styles.js'
import type { AccessMap, PrincipalEntry } from './map-schema.js'
import { describeAccessKeys, describeConsole } from './describe.js'
import { join } from 'node:path'
import { writeFileAtomic } from '../core/atomic-write.js'

/** The files of an access map, in the directory they are written to. */
export const ACCESS_FILES = { json: 'access-map.json', csv: 'access-map.csv', html: 'access.html' } as const

/** Writes the three files of the map into `dir` (which exists), atomically; returns their paths. */
export function writeAccessMap(map: AccessMap, dir: string): string[] {
  const files = [
    [ACCESS_FILES.json, JSON.stringify(map, null, 2) + '\n'],
    [ACCESS_FILES.csv, renderAccessMapCsv(map)],
    [ACCESS_FILES.html, renderAccessHtml(map)],
  ] as const
  return files.map(([name, text]) => {
    writeFileAtomic(join(dir, name), text)
    return join(dir, name)
  })
}

/** One line saying what the map holds, and what it could not see. */
export function describeAccessMap(map: AccessMap): string[] {
  const paths = map.principals.reduce((n, p) => n + p.roles.length + p.sessions.length + p.linuxAccounts.length, 0)
  const conditional = map.principals.reduce((n, p) => n + [...p.roles, ...p.sessions].filter((x) => x.verdict === 'conditional').length, 0)
  return [`Access map: ${map.principals.length} IAM user(s) in ${map.identityAccounts.join(', ') || 'no account'}, ${paths} access path(s) (${conditional} conditional), ${map.instances.length} instance(s), ${map.stats.roles} role(s).`, ...map.gaps.map((g) => `  ! ${g.account}${g.region ? ` ${g.region}` : ''}: ${g.what}`)]
}

export const ACCESS_MAP_CSV_COLUMNS = ['principal', 'user', 'owner', 'path', 'target', 'account', 'region', 'via', 'verdict', 'os_user', 'sudo', 'session_logged', 'ssh_open_to', 'granted_by_groups', 'conditions'] as const

/** One record per (principal, path): roles, sessions, Instance Connect, Linux accounts. */
export function accessMapRecords(map: AccessMap): string[][] {
  const rows: string[][] = []
  for (const p of map.principals) {
    const base = (path: string, target: string, account: string, region: string, via: readonly string[], verdict: string) => [p.arn, p.name, p.owner ?? '', path, target, account, region, via.join(' → '), verdict]
    for (const r of p.roles) rows.push([...base('assume-role', r.roleArn, r.account, '', r.via, r.verdict), '', '', '', '', r.groups.join(' '), r.conditions.join('; ')])
    for (const s of p.sessions) rows.push([...base(s.path, s.instanceId, s.account, s.region, s.via, s.verdict), s.osUser ?? '', '', s.logged === undefined ? '' : String(s.logged), '', s.groups.join(' '), s.conditions.join('; ')])
    for (const l of p.linuxAccounts) rows.push([...base('linux-account', l.instanceId, l.account, l.region, [], 'allowed'), l.linuxName, String(l.sudo), '', l.sshOpenTo.join(' '), l.groups.join(' '), ''])
  }
  return rows
}

export function renderAccessMapCsv(map: AccessMap): string {
  return csvTable([ACCESS_MAP_CSV_COLUMNS, ...accessMapRecords(map)])
}

const PAGE_CSS = `${ISMS_CSS}
.verdict-conditional { color: var(--partial); font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
td > code { display: inline-block; min-width: 16em; }
.path { white-space: nowrap; }
details > summary { cursor: pointer; }
`

function table(headers: readonly string[], rows: readonly Child[][]): Child {
  if (rows.length === 0) return h('p', { class: 'muted' }, 'None.')
  return h('table', null, h('thead', null, h('tr', null, headers.map((x) => h('th', null, x)))), h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, c))))))
}

const verdict = (v: string) => h('span', { class: `verdict-${v}` }, v)
const via = (list: readonly string[]) => (list.length === 0 ? 'directly' : h('code', null, list.join(' → ')))
const conditions = (list: readonly string[]) => (list.length === 0 ? '' : h('ul', null, list.map((c) => h('li', null, h('code', null, c)))))

function principalSection(p: PrincipalEntry): Child {
  const keys = describeAccessKeys(p.accessKeys)
  return h(
    'section',
    { class: 'control principal', 'data-principal': p.arn },
    h('h3', null, p.name, ' ', h('span', { class: 'muted' }, p.arn)),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Owner'),
      h('dd', null, p.owner ?? 'no owner tag'),
      h('dt', null, 'Groups'),
      h('dd', null, p.groups.join(', ') || 'none'),
      h('dt', null, 'Console'),
      h('dd', null, describeConsole(p.console)),
      h('dt', null, 'Access keys'),
      h('dd', null, keys.join('; ') || 'none'),
    ),
    h('h4', null, `Roles it can assume (${p.roles.length})`),
    table(
      ['Role', 'Verdict', 'Via', 'Why', 'Undecided conditions'],
      p.roles.map((r) => [h('code', null, r.roleArn), verdict(r.verdict), via(r.via), h('ul', null, r.hops.map((x) => h('li', null, x.reason))), conditions(r.conditions)]),
    ),
    h('h4', null, `Instances it can open (${p.sessions.length + p.linuxAccounts.length})`),
    table(
      ['Instance', 'Account / region', 'Path', 'Verdict', 'Via', 'OS user', 'Logged', 'Undecided conditions'],
      [
        ...p.sessions.map((s) => [h('code', null, s.instanceId), `${s.account} ${s.region}`, h('span', { class: 'path' }, s.path), verdict(s.verdict), via(s.via), s.osUser ?? s.osUserSource ?? '', s.logged === undefined ? '' : String(s.logged), conditions(s.conditions)]),
        ...p.linuxAccounts.map((l) => [h('code', null, l.instanceId), `${l.account} ${l.region}`, 'linux account (user sync)', verdict('allowed'), `groups ${l.groups.join(', ')}`, `${l.linuxName}${l.sudo ? ' (sudo)' : ''}`, '', l.sshOpenTo.length > 0 ? `SSH open to ${l.sshOpenTo.join(', ')}` : 'port 22 closed to every CIDR']),
      ],
    ),
  )
}

export function renderAccessHtml(map: AccessMap): string {
  const cover = h(
    'header',
    { class: 'cover' },
    h('h1', null, 'Who can reach what'),
    h('p', { class: 'subtitle' }, `Access map from the snapshot of ${map.snapshotFinishedAt}; generated ${map.generatedAt} by ${map.tool.name} ${map.tool.version}.`),
    h('p', null, `${map.principals.length} IAM users in ${map.identityAccounts.join(', ') || 'no identity account'}; ${map.stats.roles} roles and ${map.stats.instances} instances evaluated. "conditional" means a condition the snapshot cannot decide (MFA, source IP, session tags, …): the path exists when it holds.`),
    map.gaps.length > 0 && h('div', null, h('h2', null, 'What the map could not see'), h('ul', null, map.gaps.map((g) => h('li', null, `${g.account}${g.region ? ` ${g.region}` : ''}: ${g.what}`)))),
  )
  const instances = h(
    'section',
    { id: 'instances' },
    h('h2', null, `Per instance (${map.instances.length})`),
    table(
      ['Instance', 'Account / region', 'State', 'SSH open to', 'Who (path, via, OS user)'],
      map.instances.map((i) => [h('code', { 'data-instance': i.instanceId }, i.instanceId, i.name !== undefined ? ` (${i.name})` : ''), `${i.account} ${i.region}`, i.state, i.sshOpenTo.join(', ') || 'nobody', i.access.length === 0 ? 'nobody' : h('ul', null, i.access.map((a) => h('li', null, `${a.principal} — ${a.path}${a.via.length > 0 ? ` via ${a.via.join(' → ')}` : ''}${a.osUser !== undefined ? ` as ${a.osUser}` : ''}${a.sudo ? ' with sudo' : ''}${a.verdict === 'conditional' ? ' (conditional)' : ''}`)))]),
    ),
  )
  return staticHtmlPage({ title: `Access map (${map.snapshotFinishedAt})`, css: PAGE_CSS, body: [cover, h('section', { id: 'principals' }, h('h2', null, `Per principal (${map.principals.length})`), map.principals.map(principalSection)), instances] })
}
