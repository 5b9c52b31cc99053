// `guardrail merge`: combine the work directories of `--shard k/n` runs into one report.
//
// What "identical to a single run" means (tested in test/orchestrate/shards.test.ts): the merged
// findings.json has the same findings (same bytes), coverage, summary, checks, frameworks, caller,
// partition, asOf, accounts and regions as one unsharded scan of the same organization. What
// legitimately differs is run metadata: run.command is 'merge'; run.startedAt is the earliest
// shard's start and run.finishedAt the latest shard's end; apiCalls per account are the same, but
// '_organization' (identity + Organizations discovery) is summed over the shards, because each
// shard really made those calls.
//
// The organization checks are re-run over the merged account list (with the organization slice of
// shard 0), since a shard only sees its own accounts. Shards must agree on the parameters and on the
// set of accounts the organization held; asOf is taken from the earliest shard (pass the same
// --as-of to every shard for byte-identical time-dependent findings).
import { InputError } from '../core/errors.js'
import type { RuleSet } from '../rules/load.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import { assemble, type AssembleResult } from './assemble.js'
import { assertSameParameters, rulesDigest } from './parameters.js'
import { WorkDir, type Manifest } from './workdir.js'

export interface MergeShardsOptions {
  /** The shards' work directories, in any order. */
  shardDirs: string[]
  /** Rules of the merge: must be the ones the shards ran with (compared by digest). */
  ruleSet: RuleSet
  snapshotPath: string
  findingsPath: string
  tool?: { name: string; version: string }
}

const HINT = 'Merge the work directories of one `guardrail scan --org --shard k/n` run per k, made with the same options.'

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n
}

export async function mergeShards(options: MergeShardsOptions): Promise<AssembleResult & { shards: number }> {
  if (options.shardDirs.length === 0) throw new InputError('NoShards', 'guardrail merge needs at least one shard work directory.', HINT)
  const shards = options.shardDirs.map((dir) => ({ dir, workDir: new WorkDir(dir) }))
  const manifests: { dir: string; workDir: WorkDir; manifest: Manifest }[] = []
  for (const s of shards) {
    s.workDir.assertUsable('merge')
    if (!s.workDir.hasManifest()) throw new InputError('NotAShard', `${s.dir} is not a guardrail scan work directory (no manifest.json).`, HINT)
    manifests.push({ ...s, manifest: s.workDir.readManifest() })
  }
  manifests.sort((a, b) => a.manifest.shardIndex - b.manifest.shardIndex)
  const first = manifests[0]!.manifest
  const count = first.parameters.shardCount
  if (manifests.length !== count) {
    throw new InputError('ShardsMissing', `The shards were made with --shard k/${count} but ${manifests.length} work director${manifests.length === 1 ? 'y was' : 'ies were'} given.`, HINT)
  }
  for (const [i, m] of manifests.entries()) {
    if (m.manifest.shardIndex !== i) {
      const indices = manifests.map((x) => x.manifest.shardIndex).join(', ')
      throw new InputError('ShardsMissing', `Expected shards 0..${count - 1} once each, got indices ${indices}.`, HINT)
    }
    assertSameParameters(first.parameters, m.manifest.parameters, `${m.dir} cannot be merged with ${manifests[0]!.dir}`, HINT)
    if (m.manifest.caller.accountId !== first.caller.accountId) {
      throw new InputError('ShardsDiffer', `${m.dir} was scanned from account ${m.manifest.caller.accountId}, ${manifests[0]!.dir} from ${first.caller.accountId}.`, HINT)
    }
    const selected = (x: Manifest) => x.selectedAccounts.map((a) => a.accountId).join(',')
    if (selected(m.manifest) !== selected(first)) {
      throw new InputError('ShardsDiffer', `${m.dir} and ${manifests[0]!.dir} saw different sets of accounts in the organization (it changed between the shard runs).`, 'Re-run all shards.')
    }
    if (!m.manifest.collectionFinishedAt) {
      throw new InputError('ShardIncomplete', `Shard ${i} (${m.dir}) did not finish; its scan was interrupted.`, 'Finish it with `guardrail scan --org --shard … --resume`, then merge.')
    }
  }
  if (rulesDigest(options.ruleSet) !== first.parameters.rulesDigest) {
    throw new InputError('ScanParametersDiffer', 'The checks, severities or options given to merge differ from the ones the shards were scanned with.', 'Run merge with the same configuration file as the shard scans.')
  }

  const organizationApiCalls: Record<string, number> = {}
  for (const m of manifests) addCounts(organizationApiCalls, m.manifest.organizationApiCalls)
  const organization = await manifests[0]!.workDir.readOrganization()
  const earliest = (xs: string[]) => xs.reduce((a, b) => (b < a ? b : a))
  const latest = (xs: string[]) => xs.reduce((a, b) => (b > a ? b : a))

  const result = await assemble({
    command: 'merge',
    tool: options.tool ?? { name: TOOL_NAME, version: TOOL_VERSION },
    sources: manifests.map((m) => ({ workDir: m.workDir, accountIds: m.manifest.plan })),
    organization,
    partition: first.partition,
    caller: first.caller,
    startedAt: earliest(manifests.map((m) => m.manifest.startedAt)),
    finishedAt: latest(manifests.map((m) => m.manifest.collectionFinishedAt!)),
    organizationApiCalls,
    ruleSet: options.ruleSet,
    asOf: new Date(earliest(manifests.map((m) => m.manifest.asOf))),
    snapshotPath: options.snapshotPath,
    findingsPath: options.findingsPath,
  })
  return { ...result, shards: count }
}
