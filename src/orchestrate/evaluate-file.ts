// `guardrail evaluate` of a snapshot file of any size: memory is bounded by one account, not by the
// organization. The file is read twice by the streaming reader (header, then one account at a time);
// each account is evaluated and its findings and summary go to a private scratch work directory; the
// organization checks and findings.json are then assembled by streaming — the same code an
// organization scan and `merge` use, so the report is the same document.
//
// Nothing is written to the output until every account was read and validated: a bad account
// anywhere in the file (or a duplicate) fails with the file named, and the scratch directory is removed.
import { existsSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { outputUnwritable, writeFileAtomic } from '../core/atomic-write.js'
import { periodicCollection } from '../core/memory.js'
import { InputError } from '../core/errors.js'
import { evaluateAccount, evaluateSnapshot } from '../engine/evaluate.js'
import { buildReport, compareFindings, renderReportJson } from '../report/build.js'
import type { FindingsReport } from '../report/schema.js'
import type { RuleSet } from '../rules/load.js'
import type { Snapshot, SnapshotHeader } from '../snapshot/schema.js'
import { readSnapshotHeader, readSnapshotStreaming, streamSnapshotAccounts } from '../snapshot/stream-reader.js'
import { memberSliceKeys, summarizeAccount } from './account-summary.js'
import { assemble, type AssembleResult } from './assemble.js'
import { WorkDir } from './workdir.js'

export interface EvaluateFileOptions {
  /** The snapshot file, and the name to show for it in messages (as the user typed it). */
  file: string
  displayName?: string
  ruleSet: RuleSet
  /** Default: when collection finished, so re-evaluating a kept snapshot reproduces its verdicts. */
  asOf?: Date
  findingsPath: string
  command: FindingsReport['run']['command']
  tool: { name: string; version: string }
  /**
   * Files smaller than this are evaluated whole in memory (same bytes, tested; faster for a small
   * organization, at roughly 35× the file size in memory); larger ones stream. Default 16 MiB.
   */
  wholeFileBelowBytes?: number
}

export const WHOLE_FILE_BELOW_BYTES = 16 * 2 ** 20

/** What the CLI needs of an evaluation: the report (its header at least) and the findings count. */
export type EvaluateFileResult = Pick<AssembleResult, 'report' | 'findings' | 'accounts'>

export async function evaluateSnapshotFile(options: EvaluateFileOptions): Promise<EvaluateFileResult> {
  const readerOptions = options.displayName !== undefined ? { displayName: options.displayName } : {}
  // A missing file counts as large: the streaming reader's header pass then reports it properly.
  const size = statSync(options.file, { throwIfNoEntry: false })?.size ?? Number.POSITIVE_INFINITY
  if (size < (options.wholeFileBelowBytes ?? WHOLE_FILE_BELOW_BYTES)) {
    const snapshot = await readSnapshotStreaming(options.file, readerOptions)
    const asOf = asOfFor(snapshot, options.asOf)
    const report = buildReport({ command: options.command, tool: options.tool, snapshot, findings: evaluateSnapshot(snapshot, options.ruleSet, { now: asOf }), ruleSet: options.ruleSet, asOf })
    writeFileAtomic(options.findingsPath, renderReportJson(report))
    return { report, findings: report.findings.length, accounts: snapshot.accounts.length }
  }
  const { header } = await readSnapshotHeader(options.file, readerOptions)
  return evaluateStreaming(options, header, asOfFor(header, options.asOf), readerOptions)
}

/** --as-of, else when collection finished, so re-evaluating a kept snapshot reproduces its verdicts. */
export function asOfFor(header: SnapshotHeader, asOf: Date | undefined): Date {
  const date = asOf ?? new Date(header.finishedAt)
  if (Number.isNaN(date.getTime())) {
    throw new InputError('InvalidSnapshot', `The snapshot's finishedAt (${JSON.stringify(header.finishedAt)}) is not a date, so there is no default --as-of.`, 'Pass --as-of <date>, or collect the snapshot again.')
  }
  return date
}

async function evaluateStreaming(options: EvaluateFileOptions, header: SnapshotHeader, asOf: Date, readerOptions: { displayName?: string }): Promise<EvaluateFileResult> {
  // Scratch space next to the output, not in /tmp (often a small tmpfs): per-account findings of a
  // large organization take room. Hidden, and removed whatever happens.
  // A bad account anywhere in the file must leave no trace: an output directory this run had to
  // create is removed again on failure (it then holds nothing but the scratch space).
  const outputDir = dirname(options.findingsPath)
  const createdOutputDir = !existsSync(outputDir)
  let finished = false
  let scratch: string
  try {
    await mkdir(outputDir, { recursive: true })
    scratch = await mkdtemp(join(outputDir, '.guardrail-evaluate-'))
  } catch (err) {
    throw outputUnwritable(options.findingsPath, err)
  }
  try {
    const workDir = new WorkDir(scratch, { trusted: true })
    const light: Snapshot = { ...header, accounts: [] }
    const memberKeys = memberSliceKeys(options.ruleSet)
    const accountIds: string[] = []
    const tidy = periodicCollection()
    for await (const account of streamSnapshotAccounts(options.file, readerOptions)) {
      tidy()
      const findings = evaluateAccount({ ...light, accounts: [account] }, account, options.ruleSet, { now: asOf }).sort(compareFindings)
      await workDir.writeAccount(undefined, findings, summarizeAccount(account, findings, memberKeys))
      accountIds.push(account.accountId)
    }
    const result = await assemble({
      command: options.command,
      tool: options.tool,
      sources: [{ workDir, accountIds }],
      organization: header.organization,
      partition: header.partition,
      caller: header.caller,
      startedAt: header.startedAt,
      finishedAt: header.finishedAt,
      organizationApiCalls: header.apiCalls,
      ruleSet: options.ruleSet,
      asOf,
      snapshotPath: undefined,
      findingsPath: options.findingsPath,
    })
    finished = true
    return result
  } finally {
    await rm(scratch, { recursive: true, force: true })
    if (!finished && createdOutputDir) await rm(outputDir, { recursive: true, force: true })
  }
}
