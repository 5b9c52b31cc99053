import * as org from '@aws-sdk/client-organizations'
import { describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import { createSession } from '../../src/aws/session.js'
import { accountOuPaths, collectOrganization, parsePolicyContent } from '../../src/collect/organization.js'
import { organizationSliceSchema } from '../../src/snapshot/organization.js'
import { scpChainOf } from '../../src/scp/chain.js'
import { evaluateScpChain } from '../../src/scp/evaluate.js'
import { useEmulator } from '../support/emulator.js'
import { runCheck } from '../support/check-cases.js'
import { accountSnapshot, snapshot } from '../support/builders.js'
import scpProtectCloudtrail from '../../src/checks/org/scp-protect-cloudtrail.js'
import scpDenyLeave from '../../src/checks/org/scp-deny-leave.js'
import scpSandboxNoIamUsers from '../../src/checks/org/scp-sandbox-no-iam-users.js'
import allFeatures from '../../src/checks/org/all-features.js'
import { DEFAULT_ORG_SETTINGS } from '../../src/rules/schema.js'

const env = useEmulator()
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }

/** Seeds through a plain SDK client: the scan's session refuses writes, as it must. */
function seeder() {
  return new org.OrganizationsClient({ region: 'us-east-1', endpoint: env.endpoint, credentials, maxAttempts: 1 })
}

function session(counter = new ApiCallCounter()) {
  return createSession({ region: 'us-east-1', endpoint: env.endpoint, credentials, maxAttempts: 1, counter })
}

const DENY_TRAIL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], Resource: '*' }] })
const DENY_LEAVE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] })
const DENY_IAM_USERS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['iam:CreateUser', 'iam:CreateAccessKey'], Resource: '*' }] })

async function createAccount(c: org.OrganizationsClient, name: string, tags: Record<string, string> = {}): Promise<string> {
  const created = await c.send(new org.CreateAccountCommand({ AccountName: name, Email: `${name}@example.com`, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }))
  const status = created.CreateAccountStatus!
  // moto completes account creation synchronously.
  return status.AccountId!
}

async function createScp(c: org.OrganizationsClient, name: string, content: string, targets: string[]): Promise<string> {
  const p = await c.send(new org.CreatePolicyCommand({ Name: name, Description: name, Type: 'SERVICE_CONTROL_POLICY', Content: content }))
  for (const t of targets) await c.send(new org.AttachPolicyCommand({ PolicyId: p.Policy!.PolicySummary!.Id!, TargetId: t }))
  return p.Policy!.PolicySummary!.Id!
}

/**
 * Root ─┬─ Workloads ── Prod ── prod (tagged)
 *       ├─ Sandbox ── sandbox
 *       └─ (root) loose
 * SCPs: deny-leave at the root, deny-trail at Workloads, deny-iam-users at the sandbox account.
 */
async function seedOrganization() {
  const c = seeder()
  const o = await c.send(new org.CreateOrganizationCommand({ FeatureSet: 'ALL' }))
  const rootId = (await c.send(new org.ListRootsCommand({}))).Roots![0]!.Id!
  await c.send(new org.EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })).catch(() => undefined)
  const workloads = (await c.send(new org.CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))).OrganizationalUnit!.Id!
  const prodOu = (await c.send(new org.CreateOrganizationalUnitCommand({ ParentId: workloads, Name: 'Prod' }))).OrganizationalUnit!.Id!
  const sandboxOu = (await c.send(new org.CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Sandbox' }))).OrganizationalUnit!.Id!
  const prod = await createAccount(c, 'prod', { Owner: 'team-shop', Environment: 'production' })
  const sandbox = await createAccount(c, 'sandbox')
  const loose = await createAccount(c, 'loose')
  await c.send(new org.MoveAccountCommand({ AccountId: prod, SourceParentId: rootId, DestinationParentId: prodOu }))
  await c.send(new org.MoveAccountCommand({ AccountId: sandbox, SourceParentId: rootId, DestinationParentId: sandboxOu }))
  const denyLeave = await createScp(c, 'deny-leave', DENY_LEAVE, [rootId])
  const denyTrail = await createScp(c, 'deny-trail', DENY_TRAIL, [workloads])
  const denyUsers = await createScp(c, 'deny-iam-users', DENY_IAM_USERS, [sandbox])
  return { managementId: o.Organization!.MasterAccountId!, orgId: o.Organization!.Id!, rootId, workloads, prodOu, sandboxOu, prod, sandbox, loose, denyLeave, denyTrail, denyUsers }
}

describe('collectOrganization against the emulator', () => {
  it('reads the organization, nested OUs, accounts with parents and tags, and SCPs with their targets', async () => {
    const seeded = await seedOrganization()
    const counter = new ApiCallCounter()
    const slice = await collectOrganization(session(counter))

    // What is stored validates against the schema (it is written to disk as evidence).
    expect(organizationSliceSchema.safeParse(slice).success).toBe(true)
    expect(slice.organization).toMatchObject({ kind: 'ok', value: { id: seeded.orgId, managementAccountId: seeded.managementId, featureSet: 'ALL' } })
    expect(slice.roots.kind === 'ok' && slice.roots.value.map((r) => r.id)).toEqual([seeded.rootId])

    if (slice.organizationalUnits.kind !== 'ok') throw new Error(JSON.stringify(slice.organizationalUnits))
    expect(slice.organizationalUnits.value.map((o) => [o.name, o.parentId]).sort()).toEqual(
      [
        ['Prod', seeded.workloads],
        ['Sandbox', seeded.rootId],
        ['Workloads', seeded.rootId],
      ].sort(),
    )

    if (slice.accounts.kind !== 'ok') throw new Error(JSON.stringify(slice.accounts))
    const byName = new Map(slice.accounts.value.map((a) => [a.name, a]))
    expect(byName.get('prod')).toMatchObject({ id: seeded.prod, parentId: seeded.prodOu, status: 'ACTIVE', email: 'prod@example.com', tags: { kind: 'ok', value: { Owner: 'team-shop', Environment: 'production' } } })
    expect(byName.get('sandbox')).toMatchObject({ parentId: seeded.sandboxOu, tags: { kind: 'ok', value: {} } })
    expect(byName.get('loose')?.parentId).toBe(seeded.rootId)
    expect(slice.accounts.value.some((a) => a.id === seeded.managementId)).toBe(true)

    const paths = accountOuPaths(slice)
    expect(paths.get(seeded.prod)?.map((n) => n.name)).toEqual(['Root', 'Workloads', 'Prod'])
    expect(paths.get(seeded.loose)?.map((n) => n.kind)).toEqual(['root'])

    if (slice.serviceControlPolicies.kind !== 'ok') throw new Error(JSON.stringify(slice.serviceControlPolicies))
    const scps = new Map(slice.serviceControlPolicies.value.map((p) => [p.name, p]))
    expect(scps.get('deny-trail')).toMatchObject({
      id: seeded.denyTrail,
      awsManaged: false,
      content: { kind: 'ok', value: { kind: 'parsed', document: JSON.parse(DENY_TRAIL) } },
      targets: { kind: 'ok', value: [{ targetId: seeded.workloads, type: 'ORGANIZATIONAL_UNIT' }] },
    })
    expect(scps.get('deny-leave')?.targets).toMatchObject({ kind: 'ok', value: [{ targetId: seeded.rootId, type: 'ROOT' }] })
    expect(scps.get('deny-iam-users')?.targets).toMatchObject({ kind: 'ok', value: [{ targetId: seeded.sandbox, type: 'ACCOUNT' }] })

    // Calls: 1 Describe + 1 ListRoots + 4 OU lists (root + 3 OUs) + 4 account lists + 5 tag reads
    // (4 created accounts + management) + 1 ListPolicies + 2 per policy (4 policies) + 1 delegated admins.
    const ops = counter.byOperation()
    expect(ops['organizations:ListOrganizationalUnitsForParent']).toBe(4)
    expect(ops['organizations:ListAccountsForParent']).toBe(4)
    expect(ops['organizations:ListTagsForResource']).toBe(slice.accounts.value.length)
    expect(ops['organizations:DescribePolicy']).toBe(slice.serviceControlPolicies.value.length)
    expect(ops['organizations:ListTargetsForPolicy']).toBe(slice.serviceControlPolicies.value.length)
    expect(ops['organizations:ListParents']).toBeUndefined()
  })

  it('shows the default FullAWSAccess policy as the emulator creates it: AWS-managed, attached everywhere', async () => {
    const seeded = await seedOrganization()
    const slice = await collectOrganization(session())
    if (slice.serviceControlPolicies.kind !== 'ok') throw new Error(JSON.stringify(slice.serviceControlPolicies))
    const full = slice.serviceControlPolicies.value.find((p) => p.name === 'FullAWSAccess')
    expect(full).toMatchObject({ id: 'p-FullAWSAccess', awsManaged: true })
    expect(full?.content).toMatchObject({ kind: 'ok', value: { kind: 'parsed', document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } })
    if (full?.targets.kind !== 'ok') throw new Error('targets unreadable')
    const targetIds = full.targets.value.map((t) => t.targetId)
    for (const id of [seeded.rootId, seeded.workloads, seeded.prodOu, seeded.sandboxOu, seeded.prod, seeded.sandbox]) expect(targetIds).toContain(id)
  })

  it('end to end: the collected chain denies what the seeded SCPs deny, at the level they are attached', async () => {
    const seeded = await seedOrganization()
    const slice = await collectOrganization(session())
    const decide = (accountId: string, action: string) => {
      const chain = scpChainOf(slice, accountId)
      if (chain.kind !== 'ok') throw new Error(JSON.stringify(chain))
      return evaluateScpChain(chain.levels, { action })
    }
    expect(decide(seeded.prod, 'cloudtrail:StopLogging')).toMatchObject({ decision: 'denied', by: { policyId: seeded.denyTrail, level: { kind: 'ou', name: 'Workloads' } } })
    expect(decide(seeded.sandbox, 'cloudtrail:StopLogging')).toMatchObject({ decision: 'allowed' })
    expect(decide(seeded.sandbox, 'iam:CreateAccessKey')).toMatchObject({ decision: 'denied', by: { policyId: seeded.denyUsers, level: { kind: 'account' } } })
    expect(decide(seeded.loose, 'organizations:LeaveOrganization')).toMatchObject({ decision: 'denied', by: { level: { kind: 'root' } } })
    expect(scpChainOf(slice, seeded.managementId).kind).toBe('management')
  })

  it('end to end through the engine: organization checks over the collected slice', async () => {
    const seeded = await seedOrganization()
    const snap = { ...snapshot(accountSnapshot({ accountId: seeded.managementId })), organization: await collectOrganization(session()) }
    const statusByAccount = (findings: { accountId: string; status: string }[]) => Object.fromEntries(findings.map((f) => [f.accountId, f.status]))

    // deny-trail sits on Workloads: only prod (Workloads/Prod) is protected.
    expect(statusByAccount(runCheck(scpProtectCloudtrail, snap, { actions: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'] }))).toEqual({
      [seeded.managementId]: 'not_applicable',
      [seeded.prod]: 'pass',
      [seeded.sandbox]: 'fail',
      [seeded.loose]: 'fail',
    })
    // deny-leave sits on the root: every member is protected.
    expect(statusByAccount(runCheck(scpDenyLeave, snap))).toEqual({ [seeded.managementId]: 'not_applicable', [seeded.prod]: 'pass', [seeded.sandbox]: 'pass', [seeded.loose]: 'pass' })
    // The sandbox OU, named as configured, holds one account, protected at account level.
    const sandbox = runCheck(scpSandboxNoIamUsers, snap, undefined, undefined, { ...DEFAULT_ORG_SETTINGS, sandboxOus: ['Sandbox'] })
    expect(sandbox.map((f) => [f.accountId, f.status])).toEqual([[seeded.sandbox, 'pass']])
    expect(sandbox[0]?.evidence).toMatchObject({ verdicts: [expect.objectContaining({ policyId: seeded.denyUsers, level: expect.stringMatching(/^account:sandbox/) }), expect.anything()] })
  })

  it('one failing DescribePolicy makes only that policy unreadable, and the SCP checks error instead of passing', async () => {
    const seeded = await seedOrganization()
    const s = session()
    // Fault injected in the SDK middleware stack of the session's own client: every other call
    // still goes to the emulator over the wire.
    s.client('organizations').middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { PolicyId?: string }
        if (context.commandName === 'DescribePolicyCommand' && input.PolicyId === seeded.denyLeave) {
          throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 400 } })
        }
        return next(args)
      },
      { step: 'initialize', name: 'injectFault' },
    )
    const slice = await collectOrganization(s)
    if (slice.serviceControlPolicies.kind !== 'ok') throw new Error('policy list should be readable')
    const byId = new Map(slice.serviceControlPolicies.value.map((p) => [p.id, p]))
    expect(byId.get(seeded.denyLeave)?.content).toMatchObject({ kind: 'unreadable', error: { code: 'TooManyRequestsException', operation: 'organizations:DescribePolicy' } })
    expect(byId.get(seeded.denyTrail)?.content.kind).toBe('ok')
    expect(byId.get(seeded.denyLeave)?.targets.kind).toBe('ok')

    const snap = { ...snapshot(accountSnapshot({ accountId: seeded.managementId })), organization: slice }
    const findings = runCheck(scpDenyLeave, snap)
    expect(findings.filter((f) => f.status === 'pass')).toEqual([])
    expect(findings.filter((f) => f.status === 'error').map((f) => [f.accountId, f.errorCode]).sort()).toEqual([seeded.loose, seeded.prod, seeded.sandbox].sort().map((id) => [id, 'TooManyRequestsException']))
  })

  it('follows pagination: 25 OUs under one parent and 21 SCPs take two pages each', async () => {
    // (Account pagination is not exercised here: the emulator takes over a second per CreateAccount.)
    const c = seeder()
    await c.send(new org.CreateOrganizationCommand({ FeatureSet: 'ALL' }))
    const rootId = (await c.send(new org.ListRootsCommand({}))).Roots![0]!.Id!
    for (let i = 0; i < 25; i++) await c.send(new org.CreateOrganizationalUnitCommand({ ParentId: rootId, Name: `ou-${i}` }))
    for (let i = 0; i < 20; i++) await createScp(c, `deny-${i}`, DENY_LEAVE, [])
    const counter = new ApiCallCounter()
    const slice = await collectOrganization(session(counter))
    expect(slice.organizationalUnits.kind === 'ok' && slice.organizationalUnits.value.length).toBe(25)
    // 20 created + FullAWSAccess.
    expect(slice.serviceControlPolicies.kind === 'ok' && slice.serviceControlPolicies.value.length).toBe(21)
    const ops = counter.byOperation()
    // Root: 2 pages of OUs; each of the 25 (empty) OUs: 1 call.
    expect(ops['organizations:ListOrganizationalUnitsForParent']).toBe(2 + 25)
    expect(ops['organizations:ListPolicies']).toBe(2)
  })

  it('a consolidated-billing organization is read as such, and org.all-features fails on it', async () => {
    const o = await seeder().send(new org.CreateOrganizationCommand({ FeatureSet: 'CONSOLIDATED_BILLING' }))
    const slice = await collectOrganization(session())
    expect(slice.organization).toMatchObject({ kind: 'ok', value: { featureSet: 'CONSOLIDATED_BILLING' } })
    const snap = { ...snapshot(accountSnapshot({ accountId: o.Organization!.MasterAccountId! })), organization: slice }
    expect(runCheck(allFeatures, snap).map((f) => f.status)).toEqual(['fail'])
  })

  it('outside an organization every piece is unreadable with the AWS code, and nothing else is called', async () => {
    const counter = new ApiCallCounter()
    const slice = await collectOrganization(session(counter))
    expect(slice.organization).toMatchObject({ kind: 'unreadable', error: { code: 'AWSOrganizationsNotInUseException', operation: 'organizations:DescribeOrganization' } })
    for (const piece of [slice.roots, slice.organizationalUnits, slice.accounts, slice.serviceControlPolicies, slice.delegatedAdministrators]) {
      expect(piece).toMatchObject({ kind: 'unreadable', error: { code: 'AWSOrganizationsNotInUseException' } })
    }
    expect(counter.byService()).toEqual({ organizations: 1 })
  })
})

describe('parsePolicyContent', () => {
  it.each([
    ['not JSON', '{"Statement": [', /not valid JSON/],
    ['a JSON array', '[1,2]', /not a JSON object/],
    ['empty', '', /no content/],
  ])('keeps %s as a marker instead of throwing', (_name, content, problem) => {
    const parsed = parsePolicyContent(content)
    expect(parsed.kind).toBe('unparseable')
    if (parsed.kind === 'unparseable') expect(parsed.problem).toMatch(problem)
  })

  it('bounds the excerpt and strips control characters', () => {
    const parsed = parsePolicyContent(`\u0007${'x'.repeat(5000)}`)
    expect(parsed).toMatchObject({ kind: 'unparseable' })
    if (parsed.kind === 'unparseable') {
      expect(parsed.excerpt.length).toBe(200)
      expect(parsed.excerpt).not.toMatch(/[\u0000-\u001f]/)
    }
  })
})
