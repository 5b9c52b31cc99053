// The user-sync script for real: real useradd/usermod/userdel/visudo/pkill, inside a private mount and
// PID namespace with an overlay on /etc and a private /home, so the machine's own accounts are never
// touched (checked after every test). Each "server" is one overlay upper dir and one home dir; each
// run is a fresh namespace over them, as consecutive SSM runs on one instance would be.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { DesiredState, DesiredUser } from '../../src/users/desired-state.js'
import { desiredStateBytes } from '../../src/users/desired-state-store.js'
import { linuxServer } from '../support/linux-server.js'
import { publicKey } from '../support/ssh-keys.js'

const SCRIPT = join(import.meta.dirname, '..', '..', 'runbooks', 'user-sync', 'guardrail_user_sync.py')
const HOST_PASSWD = readFileSync('/etc/passwd', 'utf8')
const HOST_GROUP = readFileSync('/etc/group', 'utf8')
const UID0 = 3_100_000 // far above any account or process of the machine

interface Server {
  dir: string
  run(state: DesiredState | string, options?: { plan?: boolean; sha256?: string; before?: string; after?: string }): { code: number; report: Record<string, unknown>; extra: string }
  /** Runs a shell snippet inside the server's namespace (to look at /etc, /home). */
  sh(snippet: string): string
}

function server(): Server {
  const machine = linuxServer()
  const dir = machine.dir
  mkdirSync(join(dir, 'archive'))
  return {
    dir,
    run(state, options = {}) {
      writeFileSync(join(dir, 'desired.json'), typeof state === 'string' ? state : JSON.stringify(state))
      const cmd = `python3 ${SCRIPT} --desired ${dir}/desired.json --lock ${dir}/sync.lock --archive-dir ${dir}/archive${options.plan ? ' --plan' : ''}${options.sha256 !== undefined ? ` --sha256 '${options.sha256}'` : ''} > ${dir}/out.json; echo $? > ${dir}/code`
      const r = machine.run([options.before ?? '', cmd, options.after ?? ''].join('\n'))
      const out = readFileSync(join(dir, 'out.json'), 'utf8')
      return { code: Number(readFileSync(join(dir, 'code'), 'utf8')), report: JSON.parse(out) as Record<string, unknown>, extra: r.stdout + r.stderr }
    },
    sh(snippet) {
      return machine.run(snippet).stdout
    },
  }
}

const user = (name: string, n: number, extra: Partial<DesiredUser> = {}): DesiredUser => ({ name, uid: UID0 + n, sudo: false, groups: [], keys: [publicKey('ssh-ed25519', n)], iamName: name, ...extra })
const state = (users: DesiredUser[], extra: Partial<DesiredState> = {}): DesiredState => ({ version: 1, generatedAt: '2026-12-01T00:00:00Z', markerGroup: 'guardrail-users', uidMin: UID0, homeOnRemove: 'delete', maxDeleteShare: 1, allowEmpty: false, users, ...extra })
const results = (r: { report: Record<string, unknown> }) => (r.report.results as { user: string; action: string; status: string }[]).map((x) => `${x.action} ${x.user} ${x.status}`)

afterAll(() => {
  // The machine's own accounts were never touched.
  expect(readFileSync('/etc/passwd', 'utf8')).toBe(HOST_PASSWD)
  expect(readFileSync('/etc/group', 'utf8')).toBe(HOST_GROUP)
})

describe('guardrail_user_sync.py in a private namespace', () => {
  it('creates users with their UID, group, keys (0600, owned) and sudo through a visudo-checked drop-in; a second run changes nothing', () => {
    const s = server()
    const desired = state([user('alice', 1, { sudo: true, groups: ['developers'] }), user('bob.smith', 2)])
    const first = s.run(desired)
    expect(first.code).toBe(0)
    expect(results(first)).toEqual(['added alice ok', 'added bob.smith ok'])
    const look = s.sh(`getent passwd alice bob.smith; getent group guardrail-users developers; stat -c '%a %U' /home/alice/.ssh /home/alice/.ssh/authorized_keys; cat /home/alice/.ssh/authorized_keys; cat /etc/sudoers.d/guardrail-${UID0 + 1}; ls /etc/sudoers.d; visudo -c >/dev/null && echo SUDOERS-OK`)
    expect(look).toContain(`alice:x:${UID0 + 1}:${UID0 + 1}:guardrail:/home/alice:/bin/bash`)
    expect(look).toContain(`bob.smith:x:${UID0 + 2}:${UID0 + 2}:`)
    expect(look).toMatch(/guardrail-users:x:\d+:alice,bob\.smith/)
    expect(look).toMatch(/developers:x:\d+:alice/)
    expect(look).toContain('700 alice\n600 alice\n')
    expect(look).toContain(`${publicKey('ssh-ed25519', 1)}\n`)
    expect(look).toContain('alice ALL=(ALL) NOPASSWD:ALL')
    expect(look).not.toContain(`guardrail-${UID0 + 2}`)
    expect(look).toContain('SUDOERS-OK')
    const second = s.run(desired)
    expect(second.code).toBe(0)
    expect(second.report).toMatchObject({ add: [], update: [], remove: [], unchanged: 2, changed: false, results: [] })
  })

  it('grants no sudo (and says so) where /etc/sudoers does not read /etc/sudoers.d', () => {
    const s = server()
    const r = s.run(state([user('alice', 1, { sudo: true })]), { before: "sed -i 's|^[#@]includedir /etc/sudoers.d|# removed|' /etc/sudoers" })
    expect(r.code).toBe(1)
    expect(r.report.results).toEqual([{ user: 'alice', action: 'added', status: 'failed', error: '/etc/sudoers does not include /etc/sudoers.d: sudo not granted' }])
  })

  it('changes keys, grants and revokes sudo', () => {
    const s = server()
    s.run(state([user('alice', 1), user('bob', 2, { sudo: true })]))
    const r = s.run(state([user('alice', 1, { sudo: true, keys: [publicKey('ssh-rsa', 9)] }), user('bob', 2)]))
    expect(r.code).toBe(0)
    expect(r.report.update).toEqual([{ user: 'alice', changes: ['keys', 'sudo granted'] }, { user: 'bob', changes: ['sudo revoked'] }])
    const look = s.sh(`cat /home/alice/.ssh/authorized_keys; ls /etc/sudoers.d`)
    expect(look).toContain(publicKey('ssh-rsa', 9))
    expect(look).not.toContain(publicKey('ssh-ed25519', 1))
    expect(look).toContain(`guardrail-${UID0 + 1}`)
    expect(look).not.toContain(`guardrail-${UID0 + 2}`)
  })

  it('removes a user no longer wanted in the same run: its running process is ended, its home handled as configured', () => {
    const s = server()
    s.run(state([user('alice', 1), user('bob', 2)]))
    const r = s.run(state([user('alice', 1)], { homeOnRemove: 'archive' }), {
      before: 'runuser -u bob -- sleep 300 & sleep 0.3; pgrep -u bob >/dev/null && echo BOB-RUNNING',
      after: `pgrep -u ${UID0 + 2} >/dev/null && echo BOB-STILL-RUNNING || echo BOB-GONE; getent passwd bob || echo NO-BOB; ls /home; ls ${'$'}(dirname /x)${s.dir}/archive`,
    })
    expect(r.code).toBe(0)
    expect(results(r)).toEqual(['removed bob ok'])
    expect(r.extra).toContain('BOB-RUNNING')
    expect(r.extra).toContain('BOB-GONE')
    expect(r.extra).toContain('NO-BOB')
    expect(r.extra).not.toMatch(/^bob$/m) // home removed after archiving
    expect(r.extra).toMatch(new RegExp(`bob-${UID0 + 2}-\\d{8}T\\d{6}Z\\.tar\\.gz`))
  })

  it('refuses an empty desired state unless allowEmpty, and more deletions than maxDeleteShare', () => {
    const s = server()
    s.run(state([user('a', 1), user('b', 2), user('c', 3), user('d', 4)]))
    const empty = s.run(state([]))
    expect(empty.code).toBe(3)
    expect(empty.report.refused).toMatch(/no users and is not marked allowEmpty/)
    const capped = s.run(state([user('a', 1)], { maxDeleteShare: 0.5 }))
    expect(capped.code).toBe(3)
    expect(capped.report.refused).toMatch(/would delete 3 of 4 managed users, more than maxDeleteShare 50%/)
    expect(s.sh('getent passwd a b c d | wc -l').trim()).toBe('4')
    const allowed = s.run(state([], { allowEmpty: true }))
    expect(allowed.code).toBe(0)
    expect(s.sh('getent passwd a b c d | wc -l').trim()).toBe('0')
  })

  it('never touches an unmanaged local user with a wanted name, nor takes a UID another account holds', () => {
    const s = server()
    const r = s.run(state([user('localadmin', 1), user('carol', 2), user('dave', 3)]), { before: `useradd -m localadmin; useradd -u ${UID0 + 2} other` })
    expect(r.code).toBe(0)
    expect(r.report.conflicts).toEqual([
      { user: 'localadmin', reason: expect.stringMatching(/exists locally and is not managed by guardrail/) },
      { user: 'carol', reason: `UID ${UID0 + 2} is used by local account other: not created` },
    ])
    expect(results(r)).toEqual(['added dave ok'])
    expect(s.sh('getent passwd localadmin other').split('\n').filter(Boolean)).toHaveLength(2)
  })

  it('treats every IAM-sourced string as hostile: a bad name or key line stops the run before any change', () => {
    const s = server()
    for (const bad of [state([user('x;reboot', 1)]), state([user('alice', 1, { keys: ['ssh-ed25519 AAAA$(touch /tmp/pwned)'] })]), state([user('alice', 1, { keys: [`command="sh" ${publicKey()}`] })]), '{"version": 1', state([user('alice', 1, { groups: ['wheel;id'] })])]) {
      const r = s.run(bad)
      expect(r.code, JSON.stringify(bad).slice(0, 80)).toBe(2)
      expect(String(r.report.error)).toMatch(/^bad desired state/)
    }
    expect(s.sh('getent group guardrail-users || echo NONE').trim()).toBe('NONE')
    // A system account's name is never managed: it exists and is not in the marker group.
    const root = s.run(state([user('root', 1)]))
    expect(root.report.conflicts).toEqual([{ user: 'root', reason: expect.stringMatching(/not managed by guardrail/) }])
    expect(s.sh('getent passwd root').trim()).toBe('root:x:0:0:root:/root:/bin/bash')
  })

  it('--plan prints the changes and changes nothing; a second run waits for no one (lock held: exit 75)', () => {
    const s = server()
    const plan = s.run(state([user('alice', 1)]), { plan: true })
    expect(plan.code).toBe(0)
    expect(plan.report).toMatchObject({ plan: true, add: [{ user: 'alice', uid: UID0 + 1, sudo: false, keys: 1 }] })
    expect(s.sh('getent passwd alice || echo NONE').trim()).toBe('NONE')
    const locked = s.run(state([user('alice', 1)]), { before: `python3 -c "import fcntl,time; f=open('${s.dir}/sync.lock','a'); fcntl.flock(f, fcntl.LOCK_EX); time.sleep(3)" & sleep 0.5` })
    expect(locked.code).toBe(75)
  })

  it('with --sha256 (the S3 hand-over) it syncs exactly the bytes it was promised and refuses any other before changing anything', () => {
    const s = server()
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
    const desired = state([user('alice', 1)])
    const bytes = desiredStateBytes(desired)
    // A swapped object: alice kept, a root-equivalent stranger added. Its hash is not the promised one.
    const swapped = desiredStateBytes(state([user('alice', 1), user('mallory', 6, { sudo: true })]))
    const refused = s.run(swapped, { sha256: sha256(bytes) })
    expect(refused.code).toBe(2)
    expect(refused.report).toEqual({ error: `desired state refused: its SHA-256 is ${sha256(swapped)}, expected ${sha256(bytes)} (changed or swapped after guardrail wrote it); nothing changed` })
    expect(s.sh('getent passwd alice mallory || echo NONE; getent group guardrail-users || echo NO-GROUP')).toBe('NONE\nNO-GROUP\n')
    // The hash is over the bytes: the same state written differently is refused too.
    expect(s.run(JSON.stringify(desired, null, 2), { sha256: sha256(bytes) }).code).toBe(2)
    // Only a SHA-256 is taken as one (the value comes from a document parameter).
    for (const bad of [sha256(bytes).toUpperCase(), sha256(bytes).slice(1), `${sha256(bytes).slice(0, 63)};`]) {
      const r = s.run(bytes, { sha256: bad })
      expect(r.code).toBe(2)
      expect(String(r.report.error)).toMatch(/^bad expected SHA-256/)
    }
    const ok = s.run(bytes, { sha256: sha256(bytes) })
    expect(ok.code).toBe(0)
    expect(results(ok)).toEqual(['added alice ok'])
    expect(s.sh('getent passwd mallory || echo NO-MALLORY').trim()).toBe('NO-MALLORY')
  })
})
