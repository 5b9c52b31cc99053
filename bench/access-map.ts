// The access map at organization scale, offline: 100 accounts, 100 IAM users in the identity account
// (in 5 groups), 50 roles per account (5 trusted by the identity account, the rest chained from them
// or trusting services), 1,000 instances (dealt over the member accounts, tagged env and team), an SCP chain on every
// account. Prints the time and peak memory to compute the whole map, and its size.
//
//   npx tsx bench/access-map.ts [--accounts 100] [--users 100] [--roles 50] [--instances 1000]
import { buildAccessMap } from '../src/access/map.js'
import type { AccountSnapshot, Snapshot } from '../src/snapshot/schema.js'
import { accountSnapshot, group, ok, role, type UserSpec } from '../test/support/builders.js'
import { orgSnapshot, policyDocument } from '../test/support/org-builders.js'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const ACCOUNTS = arg('accounts', 100)
const USERS = arg('users', 100)
const ROLES = arg('roles', 50)
const INSTANCES = arg('instances', 1000)
const REGION = 'eu-west-1'
const IDENT = '100000000000'
const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement })
const accountId = (n: number) => String(100000000000 + n)

function memberAccount(n: number): AccountSnapshot {
  const id = accountId(n)
  const roles = []
  for (let r = 0; r < ROLES; r++) {
    const name = r < 5 ? `Team${r}` : `Service${r}`
    const trust = r < 5
      ? doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${IDENT}:root` }, Action: 'sts:AssumeRole', ...(r === 4 ? { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } : {}) })
      : r < 15
        ? doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id}:role/Team${r % 5}` }, Action: 'sts:AssumeRole' })
        : doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' })
    const policy = r < 5
      ? doc({ Effect: 'Allow', Action: ['ssm:StartSession', 'ec2-instance-connect:SendSSHPublicKey'], Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { StringEquals: { 'aws:ResourceTag/team': `team${r}` } } }, { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${id}:role/Service*` })
      : doc({ Effect: 'Allow', Action: ['s3:GetObject', 'logs:*'], Resource: '*' })
    roles.push(role(name, { assumeRolePolicy: trust, inlinePolicies: [{ name: 'p', document: policy }], tags: r < 5 ? { SSMSessionRunAs: `team${r}` } : {} }, id))
  }
  const a = accountSnapshot({ accountId: id, roles })
  // The instances dealt round-robin over the member accounts.
  const members = ACCOUNTS - 1
  const perAccount = Math.floor(INSTANCES / members) + (n <= INSTANCES % members ? 1 : 0)
  a.regional[REGION] = {
    'ec2.instances': ok(Array.from({ length: perAccount }, (_, i) => ({ instanceId: `i-${n}-${i}`, arn: `arn:aws:ec2:${REGION}:${id}:instance/i-${n}-${i}`, state: 'running', tags: { env: i % 2 ? 'prod' : 'dev', team: `team${i % 5}` }, securityGroupIds: ['sg-1'] }))),
    'ec2.securityGroups': ok([{ groupId: 'sg-1', groupName: 'ssh', arn: 'arn:sg', ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['10.0.0.0/8'], ipv6Ranges: [] }] }]),
    'ssm.sessionPreferences': ok({ documentExists: true, runAsEnabled: true, runAsDefaultUser: 'ops', s3BucketName: 'logs' }),
  }
  return a
}

function organization(): Snapshot {
  const users: UserSpec[] = Array.from({ length: USERS }, (_, u) => ({ name: `user${u}`, groups: [`Team${u % 5}`], tags: { owner: `owner${u % 7}` } }))
  const groups = Array.from({ length: 5 }, (_, g) => group(`Team${g}`, { inlinePolicies: [{ name: 'assume', document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::*:role/Team${g}` }) }] }, IDENT))
  const ident = accountSnapshot({ accountId: IDENT, users, groups })
  const members = Array.from({ length: ACCOUNTS - 1 }, (_, n) => memberAccount(n + 1))
  return orgSnapshot({
    accounts: [{ id: IDENT }, ...members.map((m) => ({ id: m.accountId }))],
    scps: [{ id: 'p-guard', document: policyDocument({ Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'ssm:StartSession'], Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/blocked': 'true' } } }), targets: members.map((m) => m.accountId) }],
    accountSnapshots: [ident, ...members],
  })
}

let peak = 0
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss))
const timer = setInterval(sample, 20)
const snapshot = organization()
sample()
const rssBefore = process.memoryUsage().rss
const t = performance.now()
const map = buildAccessMap(snapshot, { identityAccounts: [IDENT], now: new Date(), tool: { name: 'guardrail', version: 'bench' } })
const seconds = (performance.now() - t) / 1000
sample()
clearInterval(timer)
const json = JSON.stringify(map)
const paths = map.principals.reduce((n, p) => n + p.roles.length + p.sessions.length, 0)
console.log(`access map: ${ACCOUNTS} accounts × ${USERS} users × ${ROLES} roles/account × ${INSTANCES} instances (offline, one process)`)
console.log(`  build ${seconds.toFixed(2)} s   (target < 60 s)   ${map.stats.assumeEvaluations.toLocaleString('en')} assume-role and ${map.stats.sessionEvaluations.toLocaleString('en')} session evaluations`)
console.log(`  peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (target < 400 MB; ${(rssBefore / 2 ** 20).toFixed(0)} MiB with the snapshot loaded, before the map)`)
console.log(`  ${map.principals.length} principals, ${paths.toLocaleString('en')} access paths, ${map.instances.length} instances; JSON ${(json.length / 1e6).toFixed(1)} MB`)
