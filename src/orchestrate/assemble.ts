// Final outputs from per-account files: the organization checks (which need the organization slice
// and the account list, not the accounts' IAM data) run over a light snapshot, then snapshot.json
// and findings.json are written by STREAMING the accounts' files one at a time. A single scan
// assembles from its work directory; a merge assembles from several shards' — the same code, so a
// merged report is the single run's report.
import type { Finding } from '../core/types.js'
import { writeStreamAtomic } from '../core/atomic-write.js'
import { InputError } from '../core/errors.js'
import { evaluateOrganization } from '../engine/evaluate.js'
import { byCodePoint, compareFindings } from '../report/build.js'
import type { FindingsReport } from '../report/schema.js'
import { combineTotals, reportHeader, summarizeFindings, writeReportFile, type FindingTotals } from '../report/stream.js'
import type { RuleSet } from '../rules/load.js'
import type { OrganizationSlice } from '../snapshot/organization.js'
import { SNAPSHOT_SCHEMA_VERSION, type AccountSnapshot, type Snapshot } from '../snapshot/schema.js'
import type { AccountSummary, WorkDir } from './workdir.js'

export interface AssembleSource {
  workDir: WorkDir
  accountIds: readonly string[]
}

export interface AssembleInput {
  command: FindingsReport['run']['command']
  tool: { name: string; version: string }
  sources: readonly AssembleSource[]
  organization: OrganizationSlice | undefined
  partition: string
  caller: { arn: string; accountId: string }
  startedAt: string
  finishedAt: string
  organizationApiCalls: Record<string, number>
  ruleSet: RuleSet
  asOf: Date
  /** Where the assembled snapshot goes; undefined: none is written (evaluate of an existing one). */
  snapshotPath: string | undefined
  findingsPath: string
}

export interface AssembleResult {
  snapshotPath: string | undefined
  findingsPath: string
  accounts: number
  findings: number
  /** Accounts whose audit role could not be assumed (or that failed before any slice was read). */
  inaccessibleAccounts: string[]
  /** Accounts with a transient failure (network, throttling beyond retries, 5xx): --resume scans them again. */
  retryableAccounts: string[]
  coverageComplete: boolean
  totals: Omit<FindingTotals, 'errorFindings'> & { errors: number }
  /** findings.json without its findings array: what the summary table and the exit code read. */
  report: FindingsReport
}

/**
 * An account as the organization checks and the report header need it: identity, access, and only
 * the slices organization checks declared in `fromMembers` (kept in the summary), not the rest.
 */
function stub(s: AccountSummary): AccountSnapshot {
  const account: AccountSnapshot = { regional: {}, ...(s.memberSlices as Partial<AccountSnapshot>), accountId: s.accountId, regions: s.regions, collectedAt: s.collectedAt, access: s.access, extra: {}, apiCalls: s.apiCalls }
  if (s.name !== undefined) account.name = s.name
  if (s.ouPath !== undefined) account.ouPath = s.ouPath
  if (s.tags !== undefined) account.tags = s.tags
  return account
}

function managementAccount(organization: OrganizationSlice | undefined): string[] {
  const info = organization?.organization
  return info?.kind === 'ok' ? [info.value.managementAccountId] : []
}

export async function assemble(input: AssembleInput): Promise<AssembleResult> {
  // Summaries are small (metadata + counts + error findings): one per account in memory is fine.
  const owner = new Map<string, WorkDir>()
  const summaries: AccountSummary[] = []
  for (const source of input.sources) {
    for (const id of source.accountIds) {
      if (owner.has(id)) throw new InputError('ShardsOverlap', `Account ${id} appears in two work directories (${owner.get(id)!.root} and ${source.workDir.root}).`, 'Merge one work directory per shard, each made with the same --shard k/n.')
      owner.set(id, source.workDir)
      summaries.push(await source.workDir.readSummary(id))
    }
  }
  summaries.sort((a, b) => byCodePoint(a.accountId, b.accountId))

  const light: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: input.tool,
    partition: input.partition,
    caller: input.caller,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    accounts: summaries.map(stub),
    apiCalls: input.organizationApiCalls,
  }
  if (input.organization !== undefined) light.organization = input.organization as unknown as Snapshot['organization']

  const orgFindings = new Map<string, Finding[]>()
  // Organization checks see the whole organization, but the report covers what this run scanned:
  // accounts left out (--accounts/--ous/--exclude-accounts, or another shard's) get no findings here.
  // Findings on the caller's or the management account stay: organization-wide verdicts live there.
  const inReport = new Set([...owner.keys(), input.caller.accountId, ...managementAccount(input.organization)])
  const orgAll = evaluateOrganization(light, input.ruleSet, { now: input.asOf }).filter((f) => inReport.has(f.accountId))
  for (const f of orgAll) orgFindings.set(f.accountId, [...(orgFindings.get(f.accountId) ?? []), f])

  const totals = combineTotals([...summaries.map((s) => s.totals), summarizeFindings(orgAll)])
  const accountOrder = [...new Set([...owner.keys(), ...orgFindings.keys()])].sort(byCodePoint)

  async function* findingGroups(): AsyncGenerator<Finding[]> {
    for (const id of accountOrder) {
      const dir = owner.get(id)
      const own = dir ? await dir.readFindings(id) : []
      yield [...own, ...(orgFindings.get(id) ?? [])].sort(compareFindings)
    }
  }

  const reportInput = { command: input.command, tool: input.tool, snapshot: light, ruleSet: input.ruleSet, asOf: input.asOf, totals }
  const count = await writeReportFile(input.findingsPath, { ...reportInput, findings: findingGroups() })

  // The snapshot: the header fields, then each account's file copied in unparsed.
  if (input.snapshotPath !== undefined) await writeStreamAtomic(input.snapshotPath, async (write) => {
    const { accounts: _accounts, ...header } = light
    const head = JSON.stringify(header)
    await write(`${head.slice(0, -1)},"accounts":[`)
    let first = true
    for (const s of summaries) {
      await write(`${first ? '\n' : ',\n'}${await owner.get(s.accountId)!.readAccountSnapshotText(s.accountId)}`)
      first = false
    }
    await write(`${first ? '' : '\n'}]}\n`)
  })

  const { errorFindings, ...counts } = totals
  return {
    snapshotPath: input.snapshotPath,
    findingsPath: input.findingsPath,
    accounts: summaries.length,
    findings: count,
    inaccessibleAccounts: summaries.filter((s) => s.access.kind === 'unreadable').map((s) => s.accountId),
    retryableAccounts: summaries.filter((s) => s.transientGaps > 0).map((s) => s.accountId),
    coverageComplete: errorFindings.length === 0,
    totals: { ...counts, errors: errorFindings.length },
    report: reportHeader(reportInput),
  }
}
