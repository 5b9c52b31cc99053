// The start of an organization scan: either a new plan (who am I, discover the organization, select
// the accounts, write organization.json then manifest.json), or the plan of an earlier scan in the
// same work directory (--resume), refused when any parameter differs.
import { ApiCallCounter } from '../aws/call-counter.js'
import { createSession, type AwsSession } from '../aws/session.js'
import { partitionOfArn, whoAmI } from '../collect/current-account.js'
import { InputError } from '../core/errors.js'
import { isAccountId } from '../core/ids.js'
import type { OrganizationSlice } from '../snapshot/organization.js'
import { discoveredAccounts } from './discover.js'
import { selectAccounts } from './filters.js'
import { assertSameParameters } from './parameters.js'
import { inShard, type Shard } from './shard.js'
import { WORKDIR_FORMAT, WORKDIR_VERSION, type Manifest, type ScanParameters, type WorkDir } from './workdir.js'

export interface PlanRequest {
  workDir: WorkDir
  parameters: ScanParameters
  tool: { name: string; version: string }
  /** The caller's session, not throttled (resume verification) … */
  session: AwsSession
  /** … and throttled per scan (discovery). */
  limitedSession: AwsSession
  collectOrganization: (session: AwsSession) => Promise<OrganizationSlice>
  resume: boolean
  accounts?: string[]
  ous?: string[]
  excludeAccounts?: string[]
  shard?: Shard
  asOf?: Date
  endpoint?: string
}

export interface Plan {
  manifest: Manifest
  organization: OrganizationSlice
}

export async function resumePlan(req: PlanRequest): Promise<Plan> {
  const dir = req.workDir.root
  if (!req.workDir.hasManifest()) {
    throw new InputError('NothingToResume', `--resume: ${dir} holds no earlier scan (no manifest.json).`, 'Drop --resume to start a new scan, or point --work-dir at the earlier scan.')
  }
  const manifest = req.workDir.readManifest()
  const hint = 'Resume with exactly the options of the interrupted scan, or start a new scan in another --work-dir.'
  assertSameParameters(manifest.parameters, req.parameters, `--resume: cannot continue the scan in ${dir}`, hint)
  if ((req.shard?.index ?? 0) !== manifest.shardIndex) {
    throw new InputError('ScanParametersDiffer', `--resume: cannot continue the scan in ${dir}: --shard (index) differs from the earlier scan's.`, hint)
  }
  if (req.asOf !== undefined && req.asOf.toISOString() !== manifest.asOf) {
    throw new InputError('ScanParametersDiffer', `--resume: cannot continue the scan in ${dir}: --as-of differs from the earlier scan's (${manifest.asOf}).`, hint)
  }
  // Same credentials' account as before: verified with a call that is not counted, so a resumed
  // scan reports the same API numbers as an uninterrupted one.
  const probe = createSession({ region: req.session.region, credentials: req.session.credentials, counter: new ApiCallCounter(), ...(req.endpoint ? { endpoint: req.endpoint } : {}) })
  const caller = await whoAmI(probe)
  if (caller.accountId !== manifest.caller.accountId) {
    throw new InputError('ScanParametersDiffer', `--resume: the scan in ${dir} was started from account ${manifest.caller.accountId}, these credentials belong to ${caller.accountId}.`, hint)
  }
  return { manifest, organization: await req.workDir.readOrganization() }
}

/**
 * The plan's boundary for account ids, whichever collector produced the view: an id that is not 12
 * digits moves to rejectedAccounts (never scanned, never a file name) before the manifest is written.
 */
function withoutInvalidAccountIds(organization: OrganizationSlice): OrganizationSlice {
  if (organization.accounts.kind !== 'ok' || organization.accounts.value.every((a) => isAccountId(a.id))) return organization
  const bad = organization.accounts.value.filter((a) => !isAccountId(a.id))
  return {
    ...organization,
    accounts: { kind: 'ok', value: organization.accounts.value.filter((a) => isAccountId(a.id)) },
    rejectedAccounts: [...organization.rejectedAccounts, ...bad.map((a) => ({ id: JSON.stringify(String(a.id)).slice(0, 80), parentId: a.parentId, reason: 'an AWS account id is 12 digits' }))],
  }
}

export async function newPlan(req: PlanRequest): Promise<Plan> {
  if (req.workDir.hasManifest()) {
    // An interrupted scan is work worth keeping: never thrown away without being asked. A finished
    // one is replaced, so running the same command again (a nightly job) just works.
    if (!req.workDir.readManifest().collectionFinishedAt) {
      throw new InputError(
        'WorkDirInUse',
        `${req.workDir.root} holds an interrupted scan (manifest.json without a finish time).`,
        'Continue it with --resume, or delete that directory (or choose another --work-dir) to start over.',
      )
    }
    await req.workDir.clearFinishedScan()
  }
  const startedAt = new Date()
  const counter = req.session.counter
  const before = counter.copy()
  const caller = await whoAmI(req.limitedSession)
  const organization = withoutInvalidAccountIds(await req.collectOrganization(req.limitedSession))
  const { selected, inactive } = selectAccounts(discoveredAccounts(organization), {
    ...(req.accounts ? { accounts: req.accounts } : {}),
    ...(req.ous ? { ous: req.ous } : {}),
    ...(req.excludeAccounts ? { excludeAccounts: req.excludeAccounts } : {}),
  })
  const manifest: Manifest = {
    format: WORKDIR_FORMAT,
    version: WORKDIR_VERSION,
    tool: req.tool,
    parameters: req.parameters,
    shardIndex: req.shard?.index ?? 0,
    asOf: (req.asOf ?? startedAt).toISOString(),
    caller: { arn: caller.arn, accountId: caller.accountId },
    partition: caller.partition ?? partitionOfArn(caller.arn),
    startedAt: startedAt.toISOString(),
    organizationApiCalls: counter.since(before).byService(),
    selectedAccounts: selected,
    plan: selected.filter((a) => inShard(a.accountId, req.shard)).map((a) => a.accountId),
    inactiveAccounts: inactive,
  }
  // organization.json first: a manifest on disk promises everything a resume needs.
  await req.workDir.writeOrganization(organization)
  await req.workDir.writeManifest(manifest)
  return { manifest, organization }
}
