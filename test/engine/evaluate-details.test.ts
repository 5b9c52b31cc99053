// The rest of src/engine/evaluate.ts's observable behaviour, beyond the guarantees
// (guarantees.test.ts) and cross-region reads (cross-region.test.ts): organization findings streamed
// to a sink in batches, committed or discarded per check; the deterministic finding order; the
// wording of an error finding; the finding fields; member lookups on a snapshot that grew.
import { describe, expect, it } from 'vitest'
import type { AnyCheck, CheckContext, CheckInput, CheckScope } from '../../src/checks/define.js'
import { GLOBAL_REGION, type Finding } from '../../src/core/types.js'
import { findingId } from '../../src/core/finding-id.js'
import { evaluateAccount, evaluateOrganization, evaluateSnapshot, scanCovers, sortFindings, type FindingSink } from '../../src/engine/evaluate.js'
import { DEFAULT_ORG_SETTINGS } from '../../src/rules/schema.js'
import { ACCOUNT_ID, NOW, accountSnapshot, rootArn, snapshot } from '../support/builders.js'
import { MANAGEMENT_ID, accountWithContact, orgSnapshot, securityContact } from '../support/org-builders.js'
import { fakeCheck as sharedFakeCheck, rulesOf, type Declared } from './fake-checks.js'

/** A fake check whose body comes before what it declares (this file's argument order). */
function fakeCheck(id: string, scope: CheckScope, body: (input: CheckInput, ctx: CheckContext<unknown>) => void, declared: Declared = {}): AnyCheck {
  return sharedFakeCheck(id, scope, declared, body)
}


/** A sink that records what the engine did with it, in order. */
function recordingSinks() {
  const events: string[] = []
  const batches: Record<string, Finding[][]> = {}
  const sinkFor = (checkId: string): FindingSink => {
    batches[checkId] = []
    events.push(`open ${checkId}`)
    return {
      add: (batch) => {
        batches[checkId]!.push([...batch])
        events.push(`add ${checkId} ${batch.length}`)
      },
      commit: () => events.push(`commit ${checkId}`),
      discard: () => events.push(`discard ${checkId}`),
    }
  }
  return { events, batches, sinkFor }
}

const emitMany = (n: number) => (_input: CheckInput, ctx: CheckContext<unknown>) => {
  for (let i = 0; i < n; i++) ctx.pass(`arn:aws:s3:::bucket-${i}`)
}

describe('evaluateOrganization with a sink per check', () => {
  it('streams each check’s findings in batches of at most 2000, then commits, and returns none of them', () => {
    const big = fakeCheck('fake.big', 'organization', emitMany(4001))
    const exact = fakeCheck('fake.exact', 'organization', emitMany(4000))
    const one = fakeCheck('fake.one', 'organization', emitMany(1))
    const { events, batches, sinkFor } = recordingSinks()
    const returned = evaluateOrganization(orgSnapshot(), rulesOf(big, exact, one), { now: NOW }, sinkFor)
    expect(returned).toEqual([])
    expect(events).toEqual([
      'open fake.big',
      'add fake.big 2000',
      'add fake.big 2000',
      'add fake.big 1',
      'commit fake.big',
      'open fake.exact',
      'add fake.exact 2000',
      'add fake.exact 2000',
      'commit fake.exact',
      'open fake.one',
      'add fake.one 1',
      'commit fake.one',
    ])
    // Nothing lost or duplicated between batches.
    expect(batches['fake.big']!.flat().map((f) => f.resource)).toEqual(Array.from({ length: 4001 }, (_, i) => `arn:aws:s3:::bucket-${i}`))
  })

  it('a check that throws after some batches went out: the sink is told to discard, then gets the single error, then commit', () => {
    const crash = fakeCheck('fake.crash', 'organization', (input, ctx) => {
      emitMany(2500)(input, ctx)
      throw new Error('boom')
    })
    const { events, batches, sinkFor } = recordingSinks()
    evaluateOrganization(orgSnapshot(), rulesOf(crash), { now: NOW }, sinkFor)
    expect(events).toEqual(['open fake.crash', 'add fake.crash 2000', 'discard fake.crash', 'add fake.crash 1', 'commit fake.crash'])
    const last = batches['fake.crash']!.at(-1)!
    expect(last.map((f) => [f.status, f.errorCode, f.resource])).toEqual([['error', 'CheckCrashed', rootArn(MANAGEMENT_ID)]])
  })

  it('a check that emits nothing still gets its not_applicable through the sink', () => {
    const silent = fakeCheck('fake.silent', 'organization', () => {})
    const { events, batches, sinkFor } = recordingSinks()
    evaluateOrganization(orgSnapshot(), rulesOf(silent), { now: NOW }, sinkFor)
    expect(events).toEqual(['open fake.silent', 'add fake.silent 1', 'commit fake.silent'])
    expect(batches['fake.silent']![0]!.map((f) => f.status)).toEqual(['not_applicable'])
  })

  it('opens no sink for account checks or disabled organization checks', () => {
    const acct = fakeCheck('fake.account', 'account', emitMany(1))
    const off = fakeCheck('fake.off', 'organization', emitMany(1))
    const rules = rulesOf(acct, off)
    rules.rules.get('fake.off')!.enabled = false
    const { events, sinkFor } = recordingSinks()
    expect(evaluateOrganization(orgSnapshot(), rules, { now: NOW }, sinkFor)).toEqual([])
    expect(events).toEqual([])
  })

  it('without a sink, returns the findings of every organization check', () => {
    const a = fakeCheck('fake.a', 'organization', emitMany(2))
    const b = fakeCheck('fake.b', 'organization', emitMany(1))
    expect(evaluateOrganization(orgSnapshot(), rulesOf(a, b), { now: NOW }).map((f) => [f.checkId, f.resource])).toEqual([
      ['fake.a', 'arn:aws:s3:::bucket-0'],
      ['fake.a', 'arn:aws:s3:::bucket-1'],
      ['fake.b', 'arn:aws:s3:::bucket-0'],
    ])
  })

  it('does not run organization checks on a single-account scan', () => {
    const org = fakeCheck('fake.org', 'organization', emitMany(1))
    const { events, sinkFor } = recordingSinks()
    expect(evaluateOrganization(snapshot(accountSnapshot()), rulesOf(org), { now: NOW }, sinkFor)).toEqual([])
    expect(events).toEqual([])
    expect(scanCovers(snapshot(accountSnapshot()), 'organization')).toBe(false)
    expect(scanCovers(snapshot(accountSnapshot()), 'account')).toBe(true)
    expect(scanCovers(orgSnapshot(), 'organization')).toBe(true)
  })
})

describe('a finding', () => {
  it('carries the rule’s severity and frameworks, the context’s account and region, and evidence only when given', () => {
    const check = fakeCheck('fake.fields', 'region', (_input, ctx) => {
      ctx.fail('arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-1', 'bad', { evidence: { n: 1 } })
      ctx.pass('arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-2')
      ctx.notApplicable('arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-3', 'nothing here')
    })
    const rules = rulesOf(check)
    const rule = rules.rules.get('fake.fields')!
    rule.severity = 'critical'
    rule.frameworks = { cis: ['1.1'] }
    const acct = accountSnapshot({ regions: ['eu-west-1'] })
    const findings = evaluateAccount(snapshot(acct), acct, rules, { now: NOW })
    const resource = 'arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-1'
    expect(findings[0]).toEqual({
      id: findingId('fake.fields', ACCOUNT_ID, 'eu-west-1', resource),
      checkId: 'fake.fields',
      status: 'fail',
      severity: 'critical',
      accountId: ACCOUNT_ID,
      region: 'eu-west-1',
      resource,
      message: 'bad',
      frameworks: { cis: ['1.1'] },
      evidence: { n: 1 },
    })
    expect(findings[1]).toMatchObject({ status: 'pass', message: 'Compliant' })
    expect(findings[1]).not.toHaveProperty('evidence')
    expect(findings[1]).not.toHaveProperty('errorCode')
    expect(findings[2]).toMatchObject({ status: 'not_applicable', message: 'nothing here' })
  })

  it('the context gives the check its account, region, partition, options, settings, time and account ARN', () => {
    let seen: Record<string, unknown> = {}
    const check = fakeCheck('fake.ctx', 'account', (_input, ctx) => {
      seen = { now: ctx.now, options: ctx.options, accountId: ctx.accountId, region: ctx.region, partition: ctx.partition, settings: ctx.settings, accountArn: ctx.accountArn }
      ctx.pass(ctx.accountArn)
    })
    const rules = rulesOf(check)
    rules.rules.get('fake.ctx')!.options = { days: 3 }
    const acct = accountSnapshot()
    const snap = { ...snapshot(acct), partition: 'aws-cn' }
    evaluateAccount(snap, acct, rules, { now: NOW })
    expect(seen).toEqual({ now: NOW, options: { days: 3 }, accountId: ACCOUNT_ID, region: GLOBAL_REGION, partition: 'aws-cn', settings: DEFAULT_ORG_SETTINGS, accountArn: `arn:aws-cn:iam::${ACCOUNT_ID}:root` })
  })

  it('forAccount emits for another account, in the global region unless one is given', () => {
    const check = fakeCheck('fake.for', 'organization', (_input, ctx) => {
      ctx.forAccount('222222222222').fail(rootArn('222222222222'), 'x')
      ctx.forAccount('333333333333', 'eu-west-1').fail('arn:aws:ec2:eu-west-1:333333333333:vpc/vpc-1', 'y')
    })
    const findings = evaluateOrganization(orgSnapshot(), rulesOf(check), { now: NOW })
    expect(findings.map((f) => [f.accountId, f.region, f.status])).toEqual([
      ['222222222222', GLOBAL_REGION, 'fail'],
      ['333333333333', 'eu-west-1', 'fail'],
    ])
  })
})

describe('error wording', () => {
  it('an unreadable required slice: "Could not evaluate: <operation> failed with <code>: <message>"', () => {
    const check = fakeCheck('fake.gated', 'account', (_input, ctx) => ctx.pass(ctx.accountArn), { requires: ['iam.passwordPolicy'] })
    const acct = accountSnapshot({ passwordPolicy: { kind: 'unreadable', error: { code: 'Throttling', message: 'Rate exceeded', operation: 'iam:GetAccountPasswordPolicy' } } })
    const [f] = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(f!.message).toBe('Could not evaluate: iam:GetAccountPasswordPolicy failed with Throttling: Rate exceeded')
  })

  it('a required slice never collected says which and that it was not collected in this scan', () => {
    const check = fakeCheck('fake.regional', 'region', (_input, ctx) => ctx.pass(ctx.accountArn), { requires: ['ec2.securityGroups'] })
    const acct = accountSnapshot({ regions: ['eu-west-1'] })
    const [f] = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(f).toMatchObject({ errorCode: 'NotCollected', message: 'Could not evaluate: ec2.securityGroups failed with NotCollected: ec2.securityGroups was not collected in this scan' })
  })

  it('reading, through forAccount, a slice of an account not in the snapshot: error NotCollected, none of the check’s passes', () => {
    const check = fakeCheck(
      'fake.read-other',
      'account',
      (_input, ctx) => {
        ctx.pass('arn:aws:s3:::before')
        ctx.forAccount('999999999999').read('iam.passwordPolicy')
      },
      { requires: ['iam.passwordPolicy'] },
    )
    const acct = accountSnapshot()
    const findings = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(findings.map((f) => [f.status, f.errorCode, f.resource, f.message])).toEqual([
      ['error', 'NotCollected', rootArn(), 'Could not evaluate: iam.passwordPolicy failed with NotCollected: iam.passwordPolicy was not collected'],
    ])
  })

  it('reading, through forAccount, an unreadable slice of another scanned account: error with its code', () => {
    const check = fakeCheck(
      'fake.read-other',
      'account',
      (_input, ctx) => {
        if (ctx.accountId === ACCOUNT_ID) ctx.forAccount('222222222222').read('iam.passwordPolicy')
        ctx.pass(ctx.accountArn)
      },
      { requires: ['iam.passwordPolicy'] },
    )
    const acct = accountSnapshot()
    const other = accountSnapshot({ accountId: '222222222222', passwordPolicy: { kind: 'unreadable', error: { code: 'Throttling', message: 'slow down', operation: 'iam:GetAccountPasswordPolicy' } } })
    const findings = evaluateAccount(snapshot(acct, other), acct, rulesOf(check), { now: NOW })
    expect(findings.map((f) => [f.status, f.errorCode, f.message])).toEqual([['error', 'Throttling', 'Could not evaluate: iam:GetAccountPasswordPolicy failed with Throttling: slow down']])
  })

  it('a check that throws something other than an Error: its text is in the message', () => {
    const check = fakeCheck('fake.throws-string', 'account', () => {
      throw 'plain string'
    })
    const acct = accountSnapshot()
    const [f] = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(f).toMatchObject({ status: 'error', errorCode: 'CheckCrashed', message: 'Check fake.throws-string failed: plain string' })
  })

  it('a check that throws an Error: its message follows the check id', () => {
    const check = fakeCheck('fake.throws', 'account', () => {
      throw new RangeError('out of range')
    })
    const acct = accountSnapshot()
    const [f] = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(f!.message).toBe('Check fake.throws failed: out of range')
  })

  it('no resources: the not_applicable says so', () => {
    const check = fakeCheck('fake.silent', 'account', () => {})
    const acct = accountSnapshot()
    const [f] = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(f).toMatchObject({ status: 'not_applicable', message: 'No resources in scope for this check', resource: rootArn() })
  })
})

describe('member reads on a snapshot that grew', () => {
  it('finds an account added to the snapshot after an earlier evaluation looked accounts up', () => {
    const LATE = '444444444444'
    const check = fakeCheck(
      'fake.member',
      'organization',
      (_input, ctx) => {
        const slice = ctx.readMember(LATE, 'account.securityContact')
        if (slice.kind === 'ok') ctx.forAccount(LATE).pass(rootArn(LATE))
        else ctx.forAccount(LATE).error(rootArn(LATE), slice.error.message, slice.error.code)
      },
      { fromMembers: ['account.securityContact'] },
    )
    const snap = orgSnapshot({ accountSnapshots: [accountWithContact('222222222222', { kind: 'ok', value: securityContact() })] })
    expect(evaluateOrganization(snap, rulesOf(check), { now: NOW }).map((f) => f.status)).toEqual(['error'])
    snap.accounts.push(accountWithContact(LATE, { kind: 'ok', value: securityContact() }))
    expect(evaluateOrganization(snap, rulesOf(check), { now: NOW }).map((f) => f.status)).toEqual(['pass'])
  })
})

describe('finding order (sortFindings, evaluateSnapshot)', () => {
  const f = (accountId: string, checkId: string, region: string, resource: string): Finding => ({
    id: findingId(checkId, accountId, region, resource),
    checkId,
    status: 'pass',
    severity: 'low',
    accountId,
    region,
    resource,
    message: 'm',
    frameworks: {},
  })

  it('orders by account, then check, then region, then resource, each key deciding only when the ones before tie', () => {
    const key = (x: Finding) => [x.accountId, x.checkId, x.region, x.resource].join(' ')
    const expected = [
      f('111111111111', 'a.check', 'eu-west-1', 'z'),
      f('111111111111', 'a.check', 'us-east-1', 'a'),
      f('111111111111', 'b.check', 'ap-south-1', 'a'),
      f('111111111111', 'b.check', 'ap-south-1', 'b'),
      f('222222222222', 'a.check', 'eu-west-1', 'a'),
    ]
    for (const start of [[...expected].reverse(), [expected[2]!, expected[4]!, expected[0]!, expected[3]!, expected[1]!]]) {
      expect(sortFindings(start).map(key)).toEqual(expected.map(key))
    }
  })

  it('evaluateSnapshot returns account and organization findings together, in that order', () => {
    const regional = fakeCheck('fake.r', 'region', (_input, ctx) => {
      ctx.pass('res-b')
      ctx.pass('res-a')
    })
    const org = fakeCheck('fake.o', 'organization', (_input, ctx) => ctx.forAccount('000000000001').pass('res'))
    const later = accountSnapshot({ accountId: '222222222222', regions: ['us-east-1', 'eu-west-1'] })
    const earlier = accountSnapshot({ accountId: '111111111111', regions: ['eu-west-1'] })
    const snap = orgSnapshot({ accountSnapshots: [later, earlier] })
    const findings = evaluateSnapshot(snap, rulesOf(regional, org), { now: NOW })
    expect(findings.map((x) => [x.accountId, x.checkId, x.region, x.resource])).toEqual([
      ['000000000001', 'fake.o', GLOBAL_REGION, 'res'],
      ['111111111111', 'fake.r', 'eu-west-1', 'res-a'],
      ['111111111111', 'fake.r', 'eu-west-1', 'res-b'],
      ['222222222222', 'fake.r', 'eu-west-1', 'res-a'],
      ['222222222222', 'fake.r', 'eu-west-1', 'res-b'],
      ['222222222222', 'fake.r', 'us-east-1', 'res-a'],
      ['222222222222', 'fake.r', 'us-east-1', 'res-b'],
    ])
  })
})

describe('readAllRegions of another account (forAccount)', () => {
  const across = (body: (ctx: CheckContext<unknown>) => void): AnyCheck => ({ ...fakeCheck('fake.across-other', 'account', (_input, ctx) => body(ctx)), acrossRegions: ['ec2.securityGroups'] })

  it('an account not in the snapshot: error NotCollected naming the account', () => {
    const check = across((ctx) => {
      if (ctx.accountId === ACCOUNT_ID) ctx.forAccount('999999999999').readAllRegions('ec2.securityGroups')
    })
    const acct = accountSnapshot()
    const [f] = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(f).toMatchObject({ status: 'error', errorCode: 'NotCollected', message: 'Could not evaluate: ec2.securityGroups failed with NotCollected: ec2.securityGroups was not collected for account 999999999999' })
  })

  it('an account that could not be entered: every region reads as its access error', () => {
    const denied = { code: 'AccessDenied', message: 'no', operation: 'sts:AssumeRole' }
    const other = accountSnapshot({ accountId: '222222222222', regions: ['eu-west-1', 'us-east-1'] })
    other.access = { kind: 'unreadable', error: denied }
    let seen: unknown
    const check = across((ctx) => {
      seen = ctx.forAccount('222222222222').readAllRegions('ec2.securityGroups')
      ctx.pass(ctx.accountArn)
    })
    const acct = accountSnapshot()
    evaluateAccount(snapshot(acct, other), acct, rulesOf(check), { now: NOW })
    expect(seen).toEqual([
      { region: 'eu-west-1', slice: { kind: 'unreadable', error: denied } },
      { region: 'us-east-1', slice: { kind: 'unreadable', error: denied } },
    ])
  })
})

describe('readMember reasons', () => {
  it('say which account, and which region for a regional slice', () => {
    const reads: Record<string, unknown> = {}
    const check = fakeCheck(
      'fake.members',
      'organization',
      (_input, ctx) => {
        const msg = (r: { kind: string; error?: { message: string } }) => (r.kind === 'unreadable' ? r.error!.message : 'ok')
        reads.regional = msg(ctx.readMember('222222222222', 'ec2.securityGroups', 'eu-west-1'))
        reads.global = msg(ctx.readMember('222222222222', 'account.securityContact'))
        reads.absent = msg(ctx.readMember('999999999999', 'account.securityContact'))
        ctx.pass(ctx.accountArn)
      },
      { fromMembers: ['ec2.securityGroups', 'account.securityContact'] },
    )
    evaluateOrganization(orgSnapshot({ accountSnapshots: [accountSnapshot({ accountId: '222222222222' })] }), rulesOf(check), { now: NOW })
    expect(reads).toEqual({
      regional: 'ec2.securityGroups was not collected for account 222222222222 in eu-west-1',
      global: 'account.securityContact was not collected for account 222222222222',
      absent: 'account.securityContact was not collected: account 999999999999 was not scanned',
    })
  })
})

describe('what a check is given', () => {
  it('an account or region check gets the snapshot and the account under evaluation; an organization check the snapshot only', () => {
    const inputs: CheckInput[] = []
    const record = (input: CheckInput, ctx: CheckContext<unknown>) => {
      inputs.push(input)
      ctx.pass(ctx.accountArn)
    }
    const acct = accountSnapshot()
    const snap = snapshot(acct)
    evaluateAccount(snap, acct, rulesOf(fakeCheck('fake.acct', 'account', record), fakeCheck('fake.reg', 'region', record)), { now: NOW })
    const org = orgSnapshot()
    evaluateOrganization(org, rulesOf(fakeCheck('fake.org', 'organization', record)), { now: NOW })
    expect(inputs).toHaveLength(3)
    expect(inputs[0]!.snapshot).toBe(snap)
    expect(inputs[0]!.account).toBe(acct)
    expect(inputs[1]!.account).toBe(acct)
    expect(inputs[2]!.snapshot).toBe(org)
    expect(inputs[2]!.account).toBeUndefined()
  })

  it('ctx.read and ctx.readAllRegions read the account under evaluation, even one the snapshot does not list', () => {
    const acct = accountSnapshot({ regions: ['eu-west-1'], passwordPolicy: { kind: 'ok', value: null } })
    acct.regional = { 'eu-west-1': { 'ec2.securityGroups': { kind: 'ok', value: [] } } }
    const seen: unknown[] = []
    const check: AnyCheck = {
      ...fakeCheck('fake.reads', 'account', (_input, ctx) => {
        seen.push(ctx.read('iam.passwordPolicy'), ctx.readAllRegions('ec2.securityGroups'))
        ctx.pass(ctx.accountArn)
      }, { requires: ['iam.passwordPolicy'] }),
      acrossRegions: ['ec2.securityGroups'],
    }
    const findings = evaluateAccount(snapshot(), acct, rulesOf(check), { now: NOW })
    expect(findings.map((f) => f.status)).toEqual(['pass'])
    expect(seen).toEqual([null, [{ region: 'eu-west-1', slice: { kind: 'ok', value: [] } }]])
  })

  it('an organization check that emits nothing: its not_applicable says there was nothing in scope', () => {
    const findings = evaluateOrganization(orgSnapshot(), rulesOf(fakeCheck('fake.org-silent', 'organization', () => {})), { now: NOW })
    expect(findings.map((f) => [f.status, f.message])).toEqual([['not_applicable', 'No resources in scope for this check']])
  })
})
