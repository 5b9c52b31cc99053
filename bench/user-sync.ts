// The user sync at scale (issue 11), printed side by side with per-server polling:
//   - the script on one host for N desired users (default 1,000): the first run (creates them all)
//     and a second, no-op run (target: under 2 s) — for real, in a private namespace (needs root and
//     unshare, as the tests do; the machine's own accounts are never touched);
//   - the central IAM calls of one sync (GetGroup per group page + ListSSHPublicKeys per member +
//     GetSSHPublicKey per active key: members, never × servers) against the calls aws-ec2-ssh's
//     polling makes for the same users on S servers per hour.
//
//   npx tsx bench/user-sync.ts [--users 1000] [--servers 1000]
import { performance } from 'node:perf_hooks'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { linuxServer } from '../test/support/linux-server.js'
import { publicKey } from '../test/support/ssh-keys.js'
import type { DesiredState } from '../src/users/desired-state.js'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const users = arg('--users', 1000)
const servers = arg('--servers', 1000)
const UID0 = 3_300_000
const script = join(import.meta.dirname, '..', 'runbooks', 'user-sync', 'guardrail_user_sync.py')

const state: DesiredState = {
  version: 1,
  generatedAt: new Date().toISOString(),
  markerGroup: 'guardrail-users',
  uidMin: UID0,
  homeOnRemove: 'delete',
  maxDeleteShare: 0.25,
  allowEmpty: false,
  users: Array.from({ length: users }, (_, n) => ({ name: `user${String(n).padStart(4, '0')}`, uid: UID0 + n, sudo: n % 10 === 0, groups: ['developers'], keys: [publicKey('ssh-ed25519', n % 250)], iamName: `user${n}@example.com` })),
}
const server = linuxServer()
writeFileSync(join(server.dir, 'desired.json'), JSON.stringify(state))
const time = (label: string) => {
  // Time inside the namespace, so namespace and overlay set-up are not counted.
  const r = server.run(`START=$(date +%s%N); python3 ${script} --desired ${server.dir}/desired.json --lock ${server.dir}/lock > ${server.dir}/out.json; CODE=$?; END=$(date +%s%N); echo "$CODE $(( (END - START) / 1000000 ))"`)
  const [code, ms] = r.stdout.trim().split(' ').map(Number)
  if (code !== 0) throw new Error(`${label}: the script exited ${code}: ${r.stderr}`)
  return ms!
}
const t0 = performance.now()
const first = time('first run')
const second = time('second run')
console.log(`user sync on one host, ${users.toLocaleString('en')} desired users (${users / 10} with sudo), real useradd/visudo in a private namespace:`)
console.log(`  first run (creates every user):  ${(first / 1000).toFixed(1)} s`)
console.log(`  second run (no change):          ${(second / 1000).toFixed(2)} s   (target < 2 s)`)
console.log(`  (wall time including namespace set-up: ${((performance.now() - t0) / 1000).toFixed(1)} s)`)

// Central reads of one sync: GetGroup pages for the 2 groups (up to 1,000 members a page), then one
// ListSSHPublicKeys per member and one GetSSHPublicKey per active key (here one key each). The hourly
// State Manager association re-applies the last desired state with no IAM call at all.
const pages = Math.ceil(users / 1000)
const central = 2 * pages + users + users
// aws-ec2-ssh: every server runs import_users.sh every 10 minutes (GetGroup pages for each group), and
// every SSH login runs AuthorizedKeysCommand on that server (ListSSHPublicKeys + GetSSHPublicKey).
const pollsPerHour = 6 * 2 * pages * servers
console.log(`IAM calls, ${users.toLocaleString('en')} users in 2 groups, ${servers.toLocaleString('en')} servers:`)
console.log(`  guardrail, one users plan (members + keys):          ${central.toLocaleString('en')} — the same for 1 server or ${servers.toLocaleString('en')}; 0 per hour in between`)
console.log(`  aws-ec2-ssh polling, every server every 10 minutes:  ${pollsPerHour.toLocaleString('en')} per hour, all day`)
console.log(`  aws-ec2-ssh per SSH login (on the server logged in):  2 (ListSSHPublicKeys + GetSSHPublicKey), so ${(2 * users * 10).toLocaleString('en')} a day if each user logs in to 10 servers`)
