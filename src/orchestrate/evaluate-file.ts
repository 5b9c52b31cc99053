// `guardrail evaluate` of a snapshot file of any size: memory is bounded by one account, not by the
// organization. The file is read twice by the streaming reader (header, then one account at a time);
// each account is evaluated and its findings and summary go to a private scratch work directory; the
// organization checks and findings.json are then assembled by streaming — the same code an
// organization scan and `merge` use, so the report is the same document.
//
// Nothing is written to the output until every account was read and validated: a bad account
// anywhere in the file (or a duplicate) fails with the file named, and the scratch directory is removed.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { outputUnwritable } from '../core/atomic-write.js'
import { periodicCollection } from '../core/memory.js'
import { InputError } from '../core/errors.js'
import { evaluateAccount } from '../engine/evaluate.js'
import { compareFindings } from '../report/build.js'
import type { FindingsReport } from '../report/schema.js'
import type { RuleSet } from '../rules/load.js'
import type { Snapshot } from '../snapshot/schema.js'
import { readSnapshotHeader, streamSnapshotAccounts } from '../snapshot/stream-reader.js'
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
}

export async function evaluateSnapshotFile(options: EvaluateFileOptions): Promise<AssembleResult> {
  const readerOptions = options.displayName !== undefined ? { displayName: options.displayName } : {}
  const { header } = await readSnapshotHeader(options.file, readerOptions)
  const asOf = options.asOf ?? new Date(header.finishedAt)
  if (Number.isNaN(asOf.getTime())) {
    throw new InputError('InvalidSnapshot', `The snapshot's finishedAt (${JSON.stringify(header.finishedAt)}) is not a date, so there is no default --as-of.`, 'Pass --as-of <date>, or collect the snapshot again.')
  }
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
    const workDir = new WorkDir(scratch)
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
