// The work directory is user input (copied between CI jobs, hand-edited, damaged, crafted), and
// account ids come from AWS responses: src/orchestrate/workdir.ts validates every file it reads back
// and turns only 12-digit ids into paths. Pinned here: a damaged file is an InputError (exit 2) that
// names it, a --work-dir that is a file is refused before any AWS call, and a crafted account id from
// Organizations is never scanned, never becomes a path, and never reaches a terminal raw.
//
// The emulator answers only STS (who am I, AssumeRole); the organization and the accounts' data are
// injected (ScanCollectors), so no seeding is needed.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import {
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListDelegatedAdministratorsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-organizations'
import { beforeAll, describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import type { AwsSession } from '../../src/aws/session.js'
import { collectOrganization } from '../../src/collect/organization.js'
import type { CollectAccountInput } from '../../src/collect/pipeline.js'
import { InputError } from '../../src/core/errors.js'
import { mergeShards } from '../../src/orchestrate/merge.js'
import type { ScanEvent } from '../../src/orchestrate/events.js'
import type { ScanCollectors } from '../../src/orchestrate/scan-organization.js'
import { WorkDir } from '../../src/orchestrate/workdir.js'
import { startFaultProxy } from '../../tools/fault-proxy.js'
import { accountSnapshot, ok } from '../support/builders.js'
import { organizationSlice } from '../support/org-builders.js'
import { useEmulator } from '../support/emulator.js'
import { ruleSet, scan, tempDir } from './helpers.js'

const emu = useEmulator({ resetBeforeEach: false })
const CALLER = '123456789012' // moto's default account: the caller of every scan here
const MEMBERS = ['222222222222', '333333333333']

/** Accounts' data without collecting: a small, valid snapshot per account (the pipeline is tested elsewhere). */
const fakeCollectAccount = async (input: CollectAccountInput) => {
  const account = accountSnapshot({ accountId: input.accountId, regions: [...(input.regions ?? ['eu-west-1'])] })
  account.regional = Object.fromEntries(account.regions.map((r) => [r, { 'ec2.securityGroups': ok([]) }]))
  account.account = { securityContact: ok(null) }
  return account
}

const injected = (collectOrg: ScanCollectors['collectOrganization']): Partial<ScanCollectors> => ({ collectOrganization: collectOrg, collectAccount: fakeCollectAccount })
const fixedOrganization = () => Promise.resolve(organizationSlice({ accounts: MEMBERS.map((id) => ({ id })) }))

function expectInputError(err: unknown, code: string, file: string): void {
  expect(err, String(err)).toBeInstanceOf(InputError)
  expect((err as InputError).code).toBe(code)
  expect((err as InputError).exitCode).toBe(2)
  expect((err as InputError).message).toContain(file)
}

const merge = (dir: string) => mergeShards({ shardDirs: [dir], ruleSet: ruleSet(), snapshotPath: join(tempDir('guardrail-out-'), 's.json'), findingsPath: join(tempDir('guardrail-out-'), 'f.json') })

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out.push(relative(dir, p))
    }
  }
  walk(dir)
  return out.sort()
}

let base: string
let accountIds: string[]
beforeAll(async () => {
  base = tempDir('guardrail-base-')
  const result = await scan(emu.endpoint, { workDir: base, collectors: injected(fixedOrganization) })
  accountIds = result.scannedThisRun
  // The organization's management account (000000000000 in the builders) and the two members.
  expect(accountIds).toHaveLength(3)
  // The undamaged work directory merges (the baseline every damage below breaks).
  await merge(base)
}, 120_000)

/** A private copy of the finished work directory, to damage. */
function copyOfBase(): string {
  const dir = join(tempDir('guardrail-damaged-'), 'work')
  cpSync(base, dir, { recursive: true })
  return dir
}

describe('a damaged work directory', () => {
  it('a manifest that lacks a field: merge fails with an InputError (exit 2) naming manifest.json', async () => {
    const dir = copyOfBase()
    const manifestFile = join(dir, 'manifest.json')
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
    delete manifest.plan
    writeFileSync(manifestFile, JSON.stringify(manifest))
    const err = await merge(dir).catch((e: unknown) => e)
    expectInputError(err, 'WorkDirCorrupt', manifestFile)
    expect((err as Error).message).toContain('plan')
    // --resume reads the same manifest, with the same answer.
    expectInputError(await scan(emu.endpoint, { workDir: dir, resume: true, collectors: injected(fixedOrganization) }).catch((e: unknown) => e), 'WorkDirCorrupt', manifestFile)
  })

  it('a manifest that is not JSON: WorkDirCorrupt naming it', async () => {
    const dir = copyOfBase()
    const manifestFile = join(dir, 'manifest.json')
    writeFileSync(manifestFile, readFileSync(manifestFile, 'utf8').slice(0, 40))
    expectInputError(await merge(dir).catch((e: unknown) => e), 'WorkDirCorrupt', manifestFile)
  })

  it('a truncated organization.json: WorkDirCorrupt naming it', async () => {
    const dir = copyOfBase()
    const file = join(dir, 'organization.json')
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 100))
    expectInputError(await merge(dir).catch((e: unknown) => e), 'WorkDirCorrupt', file)
  })

  it.each(['summary', 'findings', 'snapshot'] as const)('a truncated accounts/<id>.%s.json: WorkDirCorrupt naming that file', async (kind) => {
    const dir = copyOfBase()
    const file = join(dir, 'accounts', `${MEMBERS[0]}.${kind}.json`)
    const text = readFileSync(file, 'utf8')
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)))
    const err = await merge(dir).catch((e: unknown) => e)
    expectInputError(err, 'WorkDirCorrupt', file)
    // The hint says how to recover: delete that account's files and resume.
    expect((err as InputError).hint).toContain('--resume')
  })

  it.each(['summary', 'findings', 'snapshot'] as const)('an accounts/<id>.%s.json that is valid JSON of the wrong shape: WorkDirCorrupt naming that file', async (kind) => {
    const dir = copyOfBase()
    const file = join(dir, 'accounts', `${MEMBERS[0]}.${kind}.json`)
    writeFileSync(file, kind === 'findings' ? '[{"id": 1}]' : '{"accountId": "../../etc"}')
    expectInputError(await merge(dir).catch((e: unknown) => e), 'WorkDirCorrupt', file)
  })

  it("an account snapshot holding another account's data: WorkDirCorrupt naming the file", async () => {
    const dir = copyOfBase()
    const file = join(dir, 'accounts', `${MEMBERS[0]}.snapshot.json`)
    writeFileSync(file, readFileSync(join(dir, 'accounts', `${MEMBERS[1]}.snapshot.json`)))
    const err = await merge(dir).catch((e: unknown) => e)
    expectInputError(err, 'WorkDirCorrupt', file)
    expect((err as Error).message).toContain(MEMBERS[1])
  })

  it("a missing account file: WorkDirUnreadable naming it", async () => {
    const dir = copyOfBase()
    const file = join(dir, 'accounts', `${MEMBERS[0]}.findings.json`)
    rmSync(file)
    expectInputError(await merge(dir).catch((e: unknown) => e), 'WorkDirUnreadable', file)
  })

  it('--resume over a truncated summary: WorkDirCorrupt naming it (never treated as "not scanned yet" or "done")', async () => {
    const dir = copyOfBase()
    const manifestFile = join(dir, 'manifest.json')
    // An interrupted scan: resume reads every planned account's summary to decide what is done.
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
    delete manifest.collectionFinishedAt
    writeFileSync(manifestFile, JSON.stringify(manifest))
    const file = join(dir, 'accounts', `${MEMBERS[1]}.summary.json`)
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 30))
    const err = await scan(emu.endpoint, { workDir: dir, resume: true, collectors: injected(fixedOrganization) }).catch((e: unknown) => e)
    expectInputError(err, 'WorkDirCorrupt', file)
  })
})

describe('--work-dir that is a regular file', () => {
  it('is refused with WorkDirNotADirectory before any AWS call', async () => {
    const file = join(tempDir(), 'not-a-dir')
    writeFileSync(file, 'keep me')
    const proxy = await startFaultProxy({ target: emu.endpoint })
    let discovered = false
    try {
      const err = await scan(proxy.endpoint, {
        workDir: file,
        collectors: injected(async () => {
          discovered = true
          return organizationSlice()
        }),
      }).catch((e: unknown) => e)
      expectInputError(err, 'WorkDirNotADirectory', file)
      expect(proxy.seen).toEqual([])
      expect(discovered).toBe(false)
      expect(readFileSync(file, 'utf8')).toBe('keep me')
    } finally {
      await proxy.stop()
    }
  })
})

describe('account ids that are not account ids', () => {
  const HOSTILE = ['../../etc', '../../x', '\u001b]0;pwned\u0007', '12345678901', '1234567890123', '12345678901a', '']

  it.each(HOSTILE.map((id) => [JSON.stringify(id), id]))('WorkDir.accountPath(%s) throws an InputError and never returns a path', (_label, id) => {
    const w = new WorkDir(tempDir())
    for (const kind of ['snapshot', 'findings', 'summary'] as const) {
      let err: unknown
      try {
        w.accountPath(id, kind)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(InputError)
      expect((err as InputError).code).toBe('InvalidAccountId')
      // Quoted, so no control character reaches a terminal.
      expect((err as Error).message).not.toMatch(/[\u0000-\u001f\u007f]/)
    }
  })

  it('a valid id gives a path inside <root>/accounts', () => {
    const root = tempDir()
    expect(new WorkDir(root).accountPath('222222222222', 'summary')).toBe(join(root, 'accounts', '222222222222.summary.json'))
  })

  it('ids Organizations lists that are not 12 digits: not scanned, listed in rejectedAccounts with a warning each, nothing written outside the work dir', async () => {
    const bad = ['../../x', '\u001b]0;pwned\u0007']
    const listed = [CALLER, MEMBERS[0]!, ...bad]
    // The real Organizations collector, over a fake client answering as a hostile endpoint could.
    const send = async (command: object): Promise<unknown> => {
      if (command instanceof DescribeOrganizationCommand) {
        return { Organization: { Id: 'o-exampleorg1', Arn: `arn:aws:organizations::${CALLER}:organization/o-exampleorg1`, MasterAccountId: CALLER, FeatureSet: 'ALL' } }
      }
      if (command instanceof ListRootsCommand) return { Roots: [{ Id: 'r-ab12', Name: 'Root', Arn: `arn:aws:organizations::${CALLER}:root/o-exampleorg1/r-ab12`, PolicyTypes: [] }] }
      if (command instanceof ListOrganizationalUnitsForParentCommand) return { OrganizationalUnits: [] }
      if (command instanceof ListAccountsForParentCommand) {
        return { Accounts: listed.map((Id) => ({ Id, Arn: `arn:aws:organizations::${CALLER}:account/o-exampleorg1/${Id}`, Name: `acct ${Id}`, Email: 'x@example.com', Status: 'ACTIVE' })) }
      }
      if (command instanceof ListTagsForResourceCommand) return { Tags: [] }
      if (command instanceof ListPoliciesCommand) return { Policies: [] }
      if (command instanceof ListDelegatedAdministratorsCommand) return { DelegatedAdministrators: [] }
      throw new Error(`unexpected command ${command.constructor.name}`)
    }
    const fakeSession = (real: AwsSession): AwsSession => ({
      region: real.region,
      profile: undefined,
      roleArn: undefined,
      counter: new ApiCallCounter(),
      credentials: real.credentials,
      client: (() => ({ send })) as never,
    })

    const parent = tempDir('guardrail-parent-')
    const workDir = join(parent, 'a', 'b', 'work')
    mkdirSync(workDir, { recursive: true })
    const events: ScanEvent[] = []
    const collected: string[] = []
    const result = await scan(emu.endpoint, {
      workDir,
      onEvent: (e) => events.push(e),
      collectors: {
        collectOrganization: (session) => collectOrganization(fakeSession(session)),
        collectAccount: async (input) => {
          collected.push(input.accountId)
          return fakeCollectAccount(input)
        },
      },
    })

    expect(result.scannedThisRun.sort()).toEqual([CALLER, MEMBERS[0]!].sort())
    expect(collected.sort()).toEqual([CALLER, MEMBERS[0]!].sort())
    expect(result.rejectedAccounts.map((r) => r.id)).toEqual(bad.map((id) => JSON.stringify(id)))
    for (const r of result.rejectedAccounts) expect(r.id).not.toMatch(/[\u0000-\u001f\u007f]/)

    const warnings = events.filter((e): e is Extract<ScanEvent, { type: 'warning' }> => e.type === 'warning')
    expect(warnings).toHaveLength(bad.length)
    for (const w of warnings) {
      expect(w.message).toMatch(/not scanned/)
      expect(w.message).not.toMatch(/[\u0000-\u001f\u007f]/)
    }

    // Everything written is inside the work directory, and only 12-digit ids became file names.
    for (const f of filesUnder(parent)) expect(f.startsWith(join('a', 'b', 'work') + '/'), f).toBe(true)
    expect(existsSync(join(parent, 'a', 'b', 'x.summary.json'))).toBe(false)
    const accountFiles = readdirSync(join(workDir, 'accounts'))
    for (const name of accountFiles) expect(name).toMatch(/^\d{12}\.(snapshot|findings|summary)\.json$/)
    expect(new Set(accountFiles.map((n) => n.slice(0, 12)))).toEqual(new Set([CALLER, MEMBERS[0]]))
    // The reports carry no raw control character.
    expect(result.snapshotPath).toBeDefined()
    for (const out of [result.findingsPath, result.snapshotPath!]) expect(readFileSync(out, 'utf8')).not.toMatch(/\u001b|\u0007/)
  })
})
