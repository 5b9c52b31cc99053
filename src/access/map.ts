// Builds the access map from a snapshot, offline: who (IAM users of the identity accounts) can assume
// which roles anywhere in the organization (transitively, each hop explained), open a Session Manager
// session or push an EC2 Instance Connect key to which instances (as which OS user, logged or not), and
// which Linux accounts the user sync gives them. Then the same per instance.
//
// Cost is kept proportional to real paths: roles are indexed by the principals their trust policies
// name, so a user is only evaluated against roles that could trust it; what a role can reach is
// computed once and shared by every user who reaches that role.
import { tcpPortsCovered } from '../checks/lib/ports.js'
import { scpChainOf, attachmentsByTarget, type ChainResult } from '../scp/chain.js'
import type { AccountSnapshot, AuthorizationDetails, CredentialReportUser, IamRole, IamUser, Snapshot } from '../snapshot/schema.js'
import type { Instance, SecurityGroup } from '../snapshot/ec2.js'
import type { SessionPreferences, UserSyncResult } from '../snapshot/ssm.js'
import { linuxNameFor } from '../users/names.js'
import { actionMatches } from '../policy/wildcard.js'
import { evaluateAssumeRole, evaluateRequest } from './evaluate.js'
import { parseTrustPolicy } from './trust.js'
import { managedPoliciesByArn, roleFacts, roleSide, userFacts, userSide, withResourceTags } from './principals.js'
import type { AccessMap, Cite, Hop, InstanceEntry, LinuxAccess, PrincipalEntry, RoleAccess, SessionAccess } from './map-schema.js'
import type { Decision, Facts, IdentitySide, StatementCite } from './types.js'

export interface UserSyncSelector {
  loginGroups: readonly string[]
  sudoGroups: readonly string[]
  instances: readonly { accounts?: readonly string[]; regions: readonly string[]; tag: { key: string; value: string } }[]
}

export interface AccessMapOptions {
  /** Accounts whose IAM users are the human principals; default: every account that has IAM users. */
  identityAccounts?: readonly string[]
  /** The user-sync settings (config `users`), for the Linux accounts it gives. */
  userSync?: UserSyncSelector
  /** Keep only principals (ARN or user name) / instances (id) matching these; default all. */
  principal?: (user: IamUser) => boolean
  instance?: (instanceId: string) => boolean
  /** Tag keys naming a user's owner, first match wins (case-insensitive). */
  ownerTags?: readonly string[]
  /** Longest role chain followed (AWS allows chaining; 1-hour sessions). */
  maxHops?: number
  now: Date
  tool: { name: string; version: string }
}

/** The parts of the config the map reads. */
export interface AccessConfigSource {
  organization: { identityAccounts: readonly string[] }
  users?: UserSyncSelector | undefined
  access?: { ownerTags?: readonly string[] | undefined } | undefined
}
export type AccessMapSettings = Pick<AccessMapOptions, 'identityAccounts' | 'userSync' | 'ownerTags'>

/** What the config says about the map: the identity accounts, the user sync, the owner tags. */
export function accessMapSettings(config: AccessConfigSource): AccessMapSettings {
  return {
    identityAccounts: config.organization.identityAccounts,
    ...(config.users ? { userSync: config.users } : {}),
    ...(config.access?.ownerTags ? { ownerTags: config.access.ownerTags } : {}),
  }
}

const RESOURCE_TAG_FAMILIES = ['aws:ResourceTag/', 'ssm:resourceTag/', 'ec2:ResourceTag/'] as const
const ROLE_TAG_FAMILIES = ['aws:ResourceTag/', 'iam:ResourceTag/'] as const
const ASSUME = 'sts:AssumeRole'
const START_SESSION = 'ssm:StartSession'
const SEND_KEY = 'ec2-instance-connect:SendSSHPublicKey'

interface RoleNode {
  role: IamRole
  accountId: string
  details: AuthorizationDetails
  trust: ReturnType<typeof parseTrustPolicy>
  side?: IdentitySide
  facts?: Facts
}

interface Located<T> {
  accountId: string
  region: string
  value: T
}

const cite = (c: StatementCite): Cite => ({ account: c.policy.account, kind: c.policy.kind, policy: c.policy.name, statement: c.statement, ...(c.sid !== undefined ? { sid: c.sid } : {}), ...(c.policy.group !== undefined ? { group: c.policy.group } : {}) })
const groupsOf = (cites: readonly StatementCite[]) => [...new Set(cites.flatMap((c) => (c.policy.kind === 'identity' && c.policy.group !== undefined ? [c.policy.group] : [])))].sort()
const okValue = <T>(r: { kind: 'ok'; value: T } | { kind: 'unreadable' } | undefined): T | undefined => (r?.kind === 'ok' ? r.value : undefined)

/** Does any statement of the principal allow something that matches the action (cheap pre-filter)? */
function mayAllow(side: IdentitySide, action: string): boolean {
  if (side.unreadable.length > 0) return true
  return side.policies.some((p) => p.statements.some((s) => s.effect === 'Allow' && (s.action ? s.action.some((a) => actionMatches(a, action)) : !(s.notAction ?? []).some((a) => actionMatches(a, action)))))
}

export function buildAccessMap(snapshot: Snapshot, options: AccessMapOptions): AccessMap {
  const gaps: AccessMap['gaps'] = []
  const org = snapshot.organization
  const orgId = org?.organization.kind === 'ok' ? org.organization.value.id : undefined
  const attachments = org?.serviceControlPolicies.kind === 'ok' ? attachmentsByTarget(org.serviceControlPolicies.value) : undefined
  const chains = new Map<string, ChainResult>()
  const chainOf = (accountId: string): ChainResult => {
    let chain = chains.get(accountId)
    if (!chain) {
      // Without the organization view SCPs are unknown; they can only take access away, so the map
      // shows the paths identity and trust policies allow, and says so once.
      chain = org ? scpChainOf(org, accountId, attachments) : { kind: 'scps-disabled', reason: 'the snapshot has no organization view (scan --org)' }
      chains.set(accountId, chain)
    }
    return chain
  }
  if (!org) gaps.push({ account: '*', what: 'no organization view: SCPs were not evaluated, so a path shown may still be denied by an SCP' })

  // Accounts, their IAM data and their instances.
  const detailsByAccount = new Map<string, AuthorizationDetails>()
  const credentialRows = new Map<string, CredentialReportUser>()
  const instances: Located<Instance>[] = []
  const securityGroups = new Map<string, SecurityGroup>()
  const preferences = new Map<string, SessionPreferences | 'unknown'>()
  const syncResults = new Map<string, UserSyncResult>()
  for (const account of snapshot.accounts) collectAccount(account)

  function collectAccount(account: AccountSnapshot): void {
    const details = okValue(account.iam?.authorizationDetails)
    if (details) detailsByAccount.set(account.accountId, details)
    else gaps.push({ account: account.accountId, what: 'IAM authorization details not readable: its roles and users are missing from the map' })
    for (const row of okValue(account.iam?.credentialReport)?.users ?? []) credentialRows.set(row.arn, row)
    for (const region of account.regions) {
      const slices = account.regional[region] ?? {}
      const list = okValue(slices['ec2.instances'])
      if (list === undefined) gaps.push({ account: account.accountId, region, what: 'EC2 instances not readable: its instances are missing from the map' })
      for (const instance of list ?? []) if (!options.instance || options.instance(instance.instanceId)) instances.push({ accountId: account.accountId, region, value: instance })
      for (const sg of okValue(slices['ec2.securityGroups']) ?? []) securityGroups.set(placeKey(account.accountId, region, sg.groupId), sg)
      preferences.set(`${account.accountId}/${region}`, okValue(slices['ssm.sessionPreferences']) ?? 'unknown')
      for (const r of okValue(slices['ssm.userSyncResults']) ?? []) syncResults.set(placeKey(account.accountId, region, r.instanceId), r)
    }
  }
  const instancesByAccount = new Map<string, Located<Instance>[]>()
  for (const i of instances) {
    const list = instancesByAccount.get(i.accountId)
    if (list) list.push(i)
    else instancesByAccount.set(i.accountId, [i])
  }
  // Worked out once, on first use: the instances the user sync selects, and each instance's port-22 exposure.
  let synced: Located<Instance>[] | undefined
  const sshOpen = new Map<string, string[]>()

  // Roles, indexed by who their trust policies name (an ARN, an account, or anyone).
  const roles = new Map<string, RoleNode>()
  const trustIndex = new Map<string, RoleNode[]>()
  const addToIndex = (key: string, node: RoleNode) => {
    const list = trustIndex.get(key) ?? []
    if (!list.includes(node)) list.push(node)
    trustIndex.set(key, list)
  }
  for (const [accountId, details] of detailsByAccount) {
    for (const role of details.roles) {
      const trust = role.assumeRolePolicy ? parseTrustPolicy(role.assumeRolePolicy) : ({ ok: false, problem: 'the role has no trust policy in the snapshot' } as const)
      const node: RoleNode = { role, accountId, details, trust }
      roles.set(role.arn, node)
      if (!trust.ok) {
        gaps.push({ account: accountId, what: `role ${role.name}: trust policy not readable (${trust.problem}); nobody is shown as able to assume it` })
        continue
      }
      for (const s of trust.statements) {
        if (s.effect !== 'Allow') continue
        for (const p of s.principal?.aws ?? []) addToIndex(principalKey(p), node)
        if (s.principal?.any) addToIndex('*', node)
      }
    }
  }
  const byArn = new Map([...detailsByAccount].map(([a, d]) => [a, managedPoliciesByArn(d)]))
  const stats = { principals: 0, roles: roles.size, instances: instances.length, assumeEvaluations: 0, sessionEvaluations: 0 }

  const roleSideOf = (node: RoleNode): IdentitySide => (node.side ??= roleSide(node.role, node.accountId, node.details, chainOf(node.accountId), byArn.get(node.accountId)))
  const roleFactsOf = (node: RoleNode): Facts => (node.facts ??= roleFacts(node.role, node.accountId, orgId))

  /** Roles the actor can assume, one hop. */
  function assumable(actor: IdentitySide, facts: Facts): { node: RoleNode; decision: Decision }[] {
    // Without an identity allow, only a same-account trust policy naming the caller itself (or "*")
    // can let it in: the cheap pre-filter keeps exactly those candidates.
    const named = [...(trustIndex.get(actor.arn) ?? []), ...(trustIndex.get('*') ?? [])]
    const candidates = new Set(mayAllow(actor, ASSUME) ? [...named, ...(trustIndex.get(actor.accountId) ?? [])] : named.filter((n) => n.accountId === actor.accountId))
    const out: { node: RoleNode; decision: Decision }[] = []
    for (const node of candidates) {
      if (node.role.arn === actor.arn || !node.trust.ok) continue
      stats.assumeEvaluations++
      const decision = evaluateAssumeRole({ principal: actor, facts: withResourceTags(facts, node.role.tags, ROLE_TAG_FAMILIES), role: { arn: node.role.arn, accountId: node.accountId, trust: node.trust, label: { account: node.accountId, kind: 'trust', name: `trust policy of role ${node.role.name}` } } })
      if (decision.verdict !== 'denied') out.push({ node, decision })
    }
    return out
  }
  const roleEdges = new Map<string, { node: RoleNode; decision: Decision }[]>()
  const edgesFromRole = (node: RoleNode) => {
    let edges = roleEdges.get(node.role.arn)
    if (!edges) {
      edges = assumable(roleSideOf(node), roleFactsOf(node))
      roleEdges.set(node.role.arn, edges)
    }
    return edges
  }

  /** Sessions and Instance Connect of one actor on the instances of its own account. */
  function reach(actor: IdentitySide, facts: Facts, tags: Record<string, string>): Omit<SessionAccess, 'via'>[] {
    const out: Omit<SessionAccess, 'via'>[] = []
    const paths = ([['session-manager', START_SESSION], ['instance-connect', SEND_KEY]] as const).filter(([, action]) => mayAllow(actor, action))
    if (paths.length === 0) return out
    for (const located of instancesByAccount.get(actor.accountId) ?? []) {
      const instance = located.value
      const instanceFacts = withResourceTags(facts, instance.tags, RESOURCE_TAG_FAMILIES)
      for (const [path, action] of paths) {
        stats.sessionEvaluations++
        const d = evaluateRequest({ principal: actor, action, resource: instance.arn, facts: instanceFacts })
        if (d.verdict === 'denied') continue
        const entry: Omit<SessionAccess, 'via'> = { instanceId: instance.instanceId, account: located.accountId, region: located.region, ...nameOf(instance), path, verdict: d.verdict, actor: actor.arn, allowedBy: d.allowedBy.map(cite), conditions: d.conditions, groups: groupsOf(d.allowedBy) }
        if (path === 'session-manager') Object.assign(entry, runAs(located, tags))
        out.push(entry)
      }
    }
    return out
  }
  const roleReach = new Map<string, ReturnType<typeof reach>>()
  const reachOfRole = (node: RoleNode) => {
    let r = roleReach.get(node.role.arn)
    if (!r) {
      r = reach(roleSideOf(node), roleFactsOf(node), node.role.tags)
      roleReach.set(node.role.arn, r)
    }
    return r
  }

  function runAs(located: Located<Instance>, principalTags: Record<string, string>): Pick<SessionAccess, 'osUser' | 'osUserSource' | 'logged'> {
    const prefs = preferences.get(`${located.accountId}/${located.region}`) ?? 'unknown'
    if (prefs === 'unknown') return { osUserSource: 'Session Manager preferences not readable', logged: 'unknown' }
    const logged = prefs.problem === undefined && (Boolean(prefs.s3BucketName) || Boolean(prefs.cloudWatchLogGroupName))
    if (!prefs.runAsEnabled) return { osUser: 'ssm-user', osUserSource: 'Run As is off in this region: every session is ssm-user', logged }
    const tag = Object.entries(principalTags).find(([k]) => k === 'SSMSessionRunAs')
    if (tag) return { osUser: tag[1], osUserSource: 'principal tag SSMSessionRunAs', logged }
    if (prefs.runAsDefaultUser) return { osUser: prefs.runAsDefaultUser, osUserSource: 'Run As default user of the region', logged }
    return { osUserSource: 'Run As is on without a default user or SSMSessionRunAs tag: sessions fail', logged }
  }

  const maxHops = options.maxHops ?? 3
  const identityAccounts = options.identityAccounts && options.identityAccounts.length > 0 ? [...options.identityAccounts] : [...detailsByAccount].filter(([, d]) => d.users.length > 0).map(([a]) => a)
  const principals: PrincipalEntry[] = []
  for (const accountId of identityAccounts) {
    const details = detailsByAccount.get(accountId)
    if (!details) continue
    for (const user of details.users) {
      if (options.principal && !options.principal(user)) continue
      stats.principals++
      principals.push(principalEntry(user, accountId, details))
    }
  }

  function principalEntry(user: IamUser, accountId: string, details: AuthorizationDetails): PrincipalEntry {
    const side = userSide(user, accountId, details, chainOf(accountId), byArn.get(accountId))
    const facts = userFacts(user, accountId, orgId)
    // Breadth-first over roles: the first (shortest) path to a role is kept; an allowed path replaces a conditional one.
    const reached = new Map<string, RoleAccess>()
    let frontier: { via: string[]; hops: Hop[]; verdict: 'allowed' | 'conditional'; groups: string[]; edges: { node: RoleNode; decision: Decision }[] }[] = [{ via: [], hops: [], verdict: 'allowed', groups: [], edges: assumable(side, facts) }]
    for (let depth = 0; depth < maxHops && frontier.length > 0; depth++) {
      const next: typeof frontier = []
      for (const step of frontier) {
        for (const { node, decision } of step.edges) {
          const hop: Hop = { from: step.via.at(-1) ?? user.arn, to: node.role.arn, verdict: decision.verdict as 'allowed' | 'conditional', reason: decision.reason, allowedBy: decision.allowedBy.map(cite), conditions: decision.conditions }
          const verdict = step.verdict === 'allowed' && decision.verdict === 'allowed' ? 'allowed' : 'conditional'
          const known = reached.get(node.role.arn)
          if (known && (known.verdict === 'allowed' || verdict === 'conditional')) continue
          const groups = depth === 0 ? groupsOf(decision.allowedBy) : step.groups
          const access: RoleAccess = { roleArn: node.role.arn, account: node.accountId, verdict, via: step.via, hops: [...step.hops, hop], conditions: [...new Set([...step.hops.flatMap((h) => h.conditions), ...decision.conditions])], groups }
          reached.set(node.role.arn, access)
          next.push({ via: [...step.via, node.role.arn], hops: access.hops, verdict, groups, edges: edgesFromRole(node) })
        }
      }
      frontier = next
    }
    const sessions: SessionAccess[] = reach(side, facts, user.tags).map((s) => ({ ...s, via: [] }))
    for (const access of reached.values()) {
      const node = roles.get(access.roleArn)!
      for (const s of reachOfRole(node)) {
        const verdict = access.verdict === 'allowed' && s.verdict === 'allowed' ? 'allowed' : 'conditional'
        sessions.push({ ...s, verdict, via: [...access.via, access.roleArn], conditions: [...new Set([...access.conditions, ...s.conditions])], groups: access.groups })
      }
    }
    const row = credentialRows.get(user.arn)
    const owner = (options.ownerTags ?? ['owner']).map((k) => Object.entries(user.tags).find(([t]) => t.toLowerCase() === k.toLowerCase())?.[1]).find((v) => v !== undefined)
    const keys = (row?.accessKeys ?? []).filter((k) => k.active || k.lastRotated !== null).map((k) => ({ slot: k.slot, active: k.active, ...(k.lastRotated ? { ageDays: Math.floor((options.now.getTime() - Date.parse(k.lastRotated)) / 86_400_000) } : {}), lastUsed: k.lastUsedDate }))
    const uses = [row?.passwordLastUsed, ...(row?.accessKeys ?? []).map((k) => k.lastUsedDate)].filter((d): d is string => typeof d === 'string')
    return {
      arn: user.arn,
      kind: 'iam-user',
      account: accountId,
      name: user.name,
      ...(owner !== undefined ? { owner } : {}),
      groups: [...user.groups].sort(),
      tags: user.tags,
      console: { enabled: row?.passwordEnabled ?? null, lastUsed: row?.passwordLastUsed ?? null, mfa: row ? row.mfaActive : null },
      accessKeys: keys,
      ...(row ? { lastUsed: uses.sort().at(-1) ?? null } : {}),
      roles: [...reached.values()].sort((a, b) => a.roleArn.localeCompare(b.roleArn)),
      sessions: sessions.sort((a, b) => a.instanceId.localeCompare(b.instanceId) || a.path.localeCompare(b.path) || a.via.join().localeCompare(b.via.join())),
      linuxAccounts: linuxAccounts(user),
    }
  }

  function linuxAccounts(user: IamUser): LinuxAccess[] {
    const sync = options.userSync
    if (!sync) return []
    const login = user.groups.filter((g) => sync.loginGroups.includes(g) || sync.sudoGroups.includes(g))
    if (login.length === 0) return []
    const mapped = linuxNameFor(user.name)
    if (!mapped.ok) return []
    const sudo = user.groups.some((g) => sync.sudoGroups.includes(g))
    return syncedInstances(sync).map((located) => {
      const last = syncResults.get(instanceKey(located))
      return { instanceId: located.value.instanceId, account: located.accountId, region: located.region, ...nameOf(located.value), path: 'linux-account', linuxName: mapped.name, sudo, groups: login.sort(), sshOpenTo: sshOpenTo(located), ...(last ? { lastSync: `${last.status} at ${last.requestedAt}` } : {}) }
    })
  }

  /** The instances the user sync's selectors pick (the same for every user: found once, each once). */
  function syncedInstances(sync: UserSyncSelector): Located<Instance>[] {
    synced ??= instances.filter((located) =>
      sync.instances.some((selector) => (selector.accounts ? selector.accounts.includes(located.accountId) : located.accountId === snapshot.caller.accountId) && selector.regions.includes(located.region) && located.value.tags[selector.tag.key] === selector.tag.value),
    )
    return synced
  }

  /** CIDRs the instance's security groups open port 22 to, worked out once per instance. */
  function sshOpenTo(located: Located<Instance>): string[] {
    const key = instanceKey(located)
    let open = sshOpen.get(key)
    if (!open) {
      const cidrs = new Set<string>()
      for (const id of located.value.securityGroupIds ?? []) {
        const sg = securityGroups.get(placeKey(located.accountId, located.region, id))
        for (const rule of sg?.ingress ?? []) if (tcpPortsCovered(rule, [22]).length > 0) for (const cidr of [...rule.ipv4Ranges, ...rule.ipv6Ranges]) cidrs.add(cidr)
      }
      open = [...cidrs].sort()
      sshOpen.set(key, open)
    }
    return open
  }

  // The inverse view: per instance, everyone who can reach it and how.
  const perInstance = new Map<string, InstanceEntry>()
  for (const located of instances) {
    const i = located.value
    perInstance.set(instanceKey(located), { instanceId: i.instanceId, account: located.accountId, region: located.region, ...nameOf(i), state: i.state, sshOpenTo: sshOpenTo(located), access: [] })
  }
  for (const p of principals) {
    for (const s of p.sessions) perInstance.get(placeKey(s.account, s.region, s.instanceId))?.access.push({ principal: p.arn, path: s.path, verdict: s.verdict, via: s.via, ...(s.osUser !== undefined ? { osUser: s.osUser } : {}) })
    for (const l of p.linuxAccounts) perInstance.get(placeKey(l.account, l.region, l.instanceId))?.access.push({ principal: p.arn, path: 'linux-account', verdict: 'allowed', via: [], osUser: l.linuxName, sudo: l.sudo })
  }

  return {
    kind: 'guardrail-access-map',
    version: 1,
    tool: options.tool,
    generatedAt: options.now.toISOString(),
    snapshotFinishedAt: snapshot.finishedAt,
    identityAccounts,
    principals,
    instances: [...perInstance.values()].sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region) || a.instanceId.localeCompare(b.instanceId)),
    gaps,
    stats,
  }
}

/** One key for an instance (or a security group) wherever the map looks it up: account/region/id. */
const placeKey = (account: string, region: string, id: string) => `${account}/${region}/${id}`
const instanceKey = (located: Located<Instance>) => placeKey(located.accountId, located.region, located.value.instanceId)

function nameOf(instance: Instance): { name?: string } {
  return instance.tags.Name !== undefined ? { name: instance.tags.Name } : {}
}

/** The trust index key of a Principal AWS value: an account id for "123456789012" and account roots, else the ARN. */
function principalKey(value: string): string {
  if (value === '*') return '*'
  if (/^\d{12}$/.test(value)) return value
  const root = /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(value)
  return root ? root[1]! : value
}
