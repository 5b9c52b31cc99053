// Final outputs from per-account files: the organization checks (which need the organization slice
// and the account list, not the accounts' IAM data) run over a light snapshot, then snapshot.json
// and findings.json are written by STREAMING the accounts' files one at a time. A single scan
// assembles from its work directory; a merge assembles from several shards' — the same code, so a
// merged report is the single run's report.
import type { Finding } from '../core/types.js'
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { outputUnwritable, writeStreamAtomic } from '../core/atomic-write.js'
import { periodicCollection } from '../core/memory.js'
import { InputError } from '../core/errors.js'
import { evaluateOrganization } from '../engine/evaluate.js'
import { byCodePoint, compareFindings } from '../report/build.js'
import type { FindingsReport } from '../report/schema.js'
import { addTotals, emptyTotals, reportHeader, summarizeFindings, writeReportFile, type FindingTotals } from '../report/stream.js'
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
  if (s.skippedRegions !== undefined) account.skippedRegions = s.skippedRegions
  if (s.name !== undefined) account.name = s.name
  if (s.ouPath !== undefined) account.ouPath = s.ouPath
  if (s.tags !== undefined) account.tags = s.tags
  return account
}

/** Accounts from which organization-check batches are followed by a full garbage collection. */
const LARGE_ORGANIZATION = 2000

async function makeSpillDir(findingsPath: string): Promise<string> {
  const dir = dirname(findingsPath)
  try {
    await mkdir(dir, { recursive: true })
    return await mkdtemp(join(dir, '.guardrail-org-findings-'))
  } catch (err) {
    throw outputUnwritable(findingsPath, err)
  }
}

function readSpilled(files: readonly string[]): Finding[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Finding),
  )
}

function managementAccount(organization: OrganizationSlice | undefined): string[] {
  const info = organization?.organization
  return info?.kind === 'ok' ? [info.value.managementAccountId] : []
}

export async function assemble(input: AssembleInput): Promise<AssembleResult> {
  // Memory here grows with the number of accounts only by what must be in the report header (one
  // stub per account, the error findings coverage lists) and by the organization checks' findings,
  // kept as JSON text: totals are folded in as each summary is read, and nothing else is kept.
  const owner = new Map<string, WorkDir>()
  const stubs: AccountSnapshot[] = []
  const retryableAccounts: string[] = []
  let totals = emptyTotals()
  for (const source of input.sources) {
    for (const id of source.accountIds) {
      if (owner.has(id)) throw new InputError('ShardsOverlap', `Account ${id} appears in two work directories (${owner.get(id)!.root} and ${source.workDir.root}).`, 'Merge one work directory per shard, each made with the same --shard k/n.')
      owner.set(id, source.workDir)
      const summary = await source.workDir.readSummary(id)
      stubs.push(stub(summary))
      if (summary.transientGaps > 0) retryableAccounts.push(id)
      totals = addTotals(totals, summary.totals)
    }
  }
  stubs.sort((a, b) => byCodePoint(a.accountId, b.accountId))

  const light: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: input.tool,
    partition: input.partition,
    caller: input.caller,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    accounts: stubs,
    apiCalls: input.organizationApiCalls,
  }
  if (input.organization !== undefined) light.organization = input.organization as unknown as Snapshot['organization']

  // Organization checks see the whole organization, but the report covers what this run scanned:
  // accounts left out (--accounts/--ous/--exclude-accounts, or another shard's) get no findings here.
  // Findings on the caller's or the management account stay: organization-wide verdicts live there.
  const inReport = new Set([...owner.keys(), input.caller.accountId, ...managementAccount(input.organization)])
  // Their findings go to a spill directory beside the output, one JSON-lines file per account, so
  // memory does not grow with organization size × the evidence each SCP verdict carries.
  const spill = await makeSpillDir(input.findingsPath)
  // A full collection after each batch bounds a large organization's peak; a small one has no need.
  const tidyAfterCheck = stubs.length >= LARGE_ORGANIZATION ? periodicCollection(1) : () => {}
  const spilled = new Map<string, string[]>() // account → the spill files holding its findings
  try {
    let checkIndex = 0
    evaluateOrganization(light, input.ruleSet, { now: input.asOf }, () => {
      // One directory per check, so a check that throws is discarded whole, batches already spilled
      // included (the engine's guarantee), and nothing of it reaches the report.
      const dir = join(spill, String(checkIndex++))
      mkdirSync(dir)
      let pending = emptyTotals()
      const touched = new Set<string>()
      return {
        add(batch) {
          tidyAfterCheck()
          const kept = batch.filter((f) => inReport.has(f.accountId))
          pending = addTotals(pending, summarizeFindings(kept))
          const byAccount = new Map<string, string>()
          for (const f of kept) byAccount.set(f.accountId, `${byAccount.get(f.accountId) ?? ''}${JSON.stringify(f)}\n`)
          for (const [id, lines] of byAccount) {
            appendFileSync(join(dir, `${id}.jsonl`), lines)
            touched.add(id)
          }
        },
        commit() {
          tidyAfterCheck()
          totals = addTotals(totals, pending)
          for (const id of touched) {
            const files = spilled.get(id)
            if (files) files.push(join(dir, `${id}.jsonl`))
            else spilled.set(id, [join(dir, `${id}.jsonl`)])
          }
        },
        discard() {
          rmSync(dir, { recursive: true, force: true })
          mkdirSync(dir)
          pending = emptyTotals()
          touched.clear()
        },
      }
    })
  } catch (err) {
    await rm(spill, { recursive: true, force: true })
    throw err
  }
  totals.errorFindings.sort(compareFindings)
  const accountOrder = [...new Set([...owner.keys(), ...spilled.keys()])].sort(byCodePoint)

  const tidy = periodicCollection()
  async function* findingGroups(): AsyncGenerator<Finding[]> {
    for (const id of accountOrder) {
      tidy()
      const dir = owner.get(id)
      const own = dir ? await dir.readFindings(id) : []
      yield [...own, ...readSpilled(spilled.get(id) ?? [])].sort(compareFindings)
    }
  }

  const reportInput = { command: input.command, tool: input.tool, snapshot: light, ruleSet: input.ruleSet, asOf: input.asOf, totals }
  let count: number
  try {
    count = await writeReportFile(input.findingsPath, { ...reportInput, findings: findingGroups() })
  } finally {
    await rm(spill, { recursive: true, force: true })
  }

  // The snapshot: the header fields, then each account's file copied in unparsed.
  if (input.snapshotPath !== undefined) await writeStreamAtomic(input.snapshotPath, async (write) => {
    const { accounts: _accounts, ...header } = light
    const head = JSON.stringify(header)
    await write(`${head.slice(0, -1)},"accounts":[`)
    let first = true
    for (const s of stubs) {
      tidy()
      await write(`${first ? '\n' : ',\n'}${await owner.get(s.accountId)!.readAccountSnapshotText(s.accountId)}`)
      first = false
    }
    await write(`${first ? '' : '\n'}]}\n`)
  })

  const { errorFindings, ...counts } = totals
  return {
    snapshotPath: input.snapshotPath,
    findingsPath: input.findingsPath,
    accounts: stubs.length,
    findings: count,
    inaccessibleAccounts: stubs.filter((s) => s.access.kind === 'unreadable').map((s) => s.accountId),
    retryableAccounts: retryableAccounts.sort(byCodePoint),
    coverageComplete: errorFindings.length === 0,
    totals: { ...counts, errors: errorFindings.length },
    report: reportHeader(reportInput),
  }
}
