// The periodic access review (ISO/IEC 27001:2022 5.18): the access map turned into the sheet a manager
// signs off. One row per principal and access path:
//   - the principal itself (path 'account'): console on/off and MFA, access keys with age and last use,
//     groups, owner, last use;
//   - each role it can assume (via the chain of roles on the way);
//   - each instance it can open a Session Manager session on, or push an SSH key to (Instance Connect);
//   - each Linux account the user sync gives it.
// Each row has a stable id (a short hash of principal, path, target and via, so a decision on a row
// still finds it in next quarter's sheet), what revoking it would take, and empty decision columns —
// filled from the previous decisions when given. Pure: the CLI reads and writes the files.
import { createHash } from 'node:crypto'
import { csvTable } from '../report/formats/csv.js'
import { decisionForRow, type Decision } from './decisions.js'
import { describeAccessKeys, describeConsole } from './describe.js'
import type { AccessMap, PrincipalEntry } from './map-schema.js'

export type ReviewPath = 'account' | 'assume-role' | 'session-manager' | 'instance-connect' | 'linux-account'

export interface ReviewRow {
  /** 8 hex digits: sha256(principal, path, target, via). Decisions name a row by it. */
  rowId: string
  principal: string
  user: string
  account: string
  owner: string
  path: ReviewPath
  /** The account id (path 'account'), the role ARN, or the instance ("i-0abc (web-1)"). */
  target: string
  region: string
  /** The roles assumed on the way, joined with " → "; empty when the principal acts itself. */
  via: string
  /** Credentials (account), OS user and session logging (sessions), Linux name, sudo and SSH exposure (Linux accounts), undecided conditions. */
  detail: string
  /** allowed | conditional; empty for the principal's own row. */
  verdict: '' | 'allowed' | 'conditional'
  lastUsed: string
  /** What revoking this row would take, as decision-file revoke actions separated by spaces; empty when none applies (e.g. granted by a policy on the user itself). */
  suggestedRevoke: string
  decision: '' | 'keep' | 'revoke'
  reviewer: string
  date: string
  reason: string
}

export const REVIEW_CSV_COLUMNS: readonly { header: string; key: keyof ReviewRow }[] = [
  { header: 'row_id', key: 'rowId' },
  { header: 'principal', key: 'principal' },
  { header: 'user', key: 'user' },
  { header: 'account', key: 'account' },
  { header: 'owner', key: 'owner' },
  { header: 'path', key: 'path' },
  { header: 'target', key: 'target' },
  { header: 'region', key: 'region' },
  { header: 'via', key: 'via' },
  { header: 'detail', key: 'detail' },
  { header: 'verdict', key: 'verdict' },
  { header: 'last_used', key: 'lastUsed' },
  { header: 'suggested_revoke', key: 'suggestedRevoke' },
  { header: 'decision', key: 'decision' },
  { header: 'reviewer', key: 'reviewer' },
  { header: 'date', key: 'date' },
  { header: 'reason', key: 'reason' },
]

/** Stable across runs: the same principal reaching the same target the same way has the same id. */
export function reviewRowId(principal: string, path: ReviewPath, targetKey: string, via: readonly string[]): string {
  return createHash('sha256').update([principal, path, targetKey, via.join(' → ')].join('\u0000')).digest('hex').slice(0, 8)
}

const revokeGroups = (groups: readonly string[]) => groups.map((g) => `remove-from-group:${g}`).join(' ')
const instanceLabel = (i: { instanceId: string; name?: string | undefined }) => (i.name ? `${i.instanceId} (${i.name})` : i.instanceId)
const instanceKey = (i: { instanceId: string; account: string; region: string }) => `${i.account}:${i.region}:${i.instanceId}`
const join = (parts: (string | undefined | false)[]) => parts.filter((p): p is string => typeof p === 'string' && p !== '').join('; ')
const conditionsText = (conditions: readonly string[]) => (conditions.length > 0 ? `conditions: ${conditions.join(' | ')}` : undefined)

function credentials(p: PrincipalEntry): string {
  const keys = describeAccessKeys(p.accessKeys)
  return join([`console: ${describeConsole(p.console)}`, ...(keys.length > 0 ? keys : ['no access keys']), `groups: ${p.groups.length > 0 ? p.groups.join(', ') : 'none'}`])
}

function accountRevoke(p: PrincipalEntry): string {
  return [p.console.enabled === true ? 'disable-console' : '', p.accessKeys.some((k) => k.active) ? 'deactivate-access-keys' : ''].filter(Boolean).join(' ')
}

/**
 * The review sheet's rows, principal by principal (in the map's order): its own row, then its roles,
 * sessions and Linux accounts. `previous` decisions fill the decision columns: the latest about the
 * row, else the latest about the whole principal.
 */
export function reviewRows(map: AccessMap, previous?: readonly Decision[]): ReviewRow[] {
  const rows: ReviewRow[] = []
  for (const p of map.principals) {
    const add = (path: ReviewPath, targetKey: string, via: readonly string[], row: Omit<ReviewRow, 'rowId' | 'principal' | 'user' | 'owner' | 'path' | 'via' | 'decision' | 'reviewer' | 'date' | 'reason'>) => {
      const rowId = reviewRowId(p.arn, path, targetKey, via)
      const decided = previous ? decisionForRow(previous, p.arn, rowId) : undefined
      rows.push({
        rowId,
        principal: p.arn,
        user: p.name,
        owner: p.owner ?? '',
        path,
        via: via.join(' → '),
        ...row,
        decision: decided?.decision ?? '',
        reviewer: decided?.reviewer ?? '',
        date: decided?.date ?? '',
        reason: decided?.reason ?? '',
      })
    }
    add('account', p.account, [], {
      account: p.account,
      target: p.account,
      region: '',
      detail: credentials(p),
      verdict: '',
      lastUsed: p.lastUsed === null ? 'never' : (p.lastUsed ?? ''),
      suggestedRevoke: accountRevoke(p),
    })
    for (const r of p.roles) {
      add('assume-role', r.roleArn, r.via, { account: r.account, target: r.roleArn, region: '', detail: join([conditionsText(r.conditions)]), verdict: r.verdict, lastUsed: '', suggestedRevoke: revokeGroups(r.groups) })
    }
    for (const s of p.sessions) {
      const osUser = s.osUser !== undefined ? `OS user: ${s.osUser}${s.osUserSource ? ` (${s.osUserSource})` : ''}` : s.path === 'instance-connect' ? 'OS user: any (not pinned by ec2:osuser)' : undefined
      const logged = s.path === 'session-manager' && s.logged !== undefined ? `session logs: ${s.logged === 'unknown' ? 'unknown' : s.logged ? 'yes' : 'NO'}` : undefined
      add(s.path, instanceKey(s), s.via, { account: s.account, target: instanceLabel(s), region: s.region, detail: join([osUser, logged, conditionsText(s.conditions)]), verdict: s.verdict, lastUsed: '', suggestedRevoke: revokeGroups(s.groups) })
    }
    for (const l of p.linuxAccounts) {
      add('linux-account', instanceKey(l), [], {
        account: l.account,
        target: instanceLabel(l),
        region: l.region,
        detail: join([`linux user: ${l.linuxName}`, `sudo: ${l.sudo ? 'yes' : 'no'}`, `ssh open to: ${l.sshOpenTo.length > 0 ? l.sshOpenTo.join(' ') : 'none'}`, l.lastSync !== undefined ? `last sync: ${l.lastSync}` : undefined]),
        verdict: 'allowed',
        lastUsed: '',
        suggestedRevoke: revokeGroups(l.groups),
      })
    }
  }
  return rows
}

/**
 * The sheet as CSV, the way findings.csv is written (src/report/formats/csv.ts): every field quoted,
 * CRLF, UTF-8 with a byte-order mark so a spreadsheet opens it as UTF-8, and every cell through
 * csvField — a user, group or instance name starting with = + - @ is shown as text, never run as a
 * formula, and control characters are made visible.
 */
export function reviewCsv(rows: readonly ReviewRow[], options: { bom?: boolean } = {}): string {
  return csvTable([REVIEW_CSV_COLUMNS.map((c) => c.header), ...rows.map((row) => REVIEW_CSV_COLUMNS.map((c) => row[c.key]))], options)
}

/** access-review.json: the rows, with where they came from. */
export interface ReviewDocument {
  kind: 'guardrail-access-review'
  version: 1
  generatedAt: string
  map: { generatedAt: string; snapshotFinishedAt: string; identityAccounts: string[] }
  rows: ReviewRow[]
}

export function reviewDocument(map: AccessMap, rows: ReviewRow[], now: Date): ReviewDocument {
  return { kind: 'guardrail-access-review', version: 1, generatedAt: now.toISOString(), map: { generatedAt: map.generatedAt, snapshotFinishedAt: map.snapshotFinishedAt, identityAccounts: map.identityAccounts }, rows }
}
