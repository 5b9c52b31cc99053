// The reviewer's decisions file: validated at the boundary, every problem an exit-2 InputError naming
// the file, the entry and the field (with the closest name where one was mistyped).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decisionForRow, latestDecisionFor, loadDecisions, type Decision } from '../../src/access/decisions.js'
import { loadRuleSet } from '../../src/cli/settings.js'
import { configSchema } from '../../src/config/schema.js'
import { EXIT, InputError } from '../../src/core/errors.js'
import { tempDir } from '../cli/helpers.js'

const NOW = new Date('2026-12-01T10:00:00Z')
const ALICE = 'arn:aws:iam::111111111111:user/alice'

function file(text: string): string {
  const path = join(tempDir('guardrail-decisions-'), 'access-decisions.yaml')
  writeFileSync(path, text)
  return path
}

function problem(text: string): InputError {
  const path = file(text)
  try {
    loadDecisions(path, NOW)
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).exitCode).toBe(EXIT.badInput)
    expect((err as InputError).message).toContain(path)
    return err as InputError
  }
  throw new Error('the file was accepted')
}

const entry = (fields: string) => `decisions:\n  - principal: ${ALICE}\n    decision: keep\n    reviewer: jane@example.com\n    date: 2026-11-28\n${fields}`

describe('loadDecisions: a good file', () => {
  it('applies the review defaults, keeps file order and numbers the entries', () => {
    const path = file(`review: { period: 2026-Q4, reviewer: jane@example.com, date: 2026-11-28 }
decisions:
  - principal: ${ALICE}
    row: 3f9a2c1b
    decision: revoke
    reason: left the platform team
    revoke: [remove-from-group:Developers, disable-console, deactivate-access-keys]
  - principal: bob
    decision: keep
    reviewer: joe@example.com
    date: 2026-12-01
`)
    expect(loadDecisions(path, NOW)).toEqual([
      { principal: ALICE, row: '3f9a2c1b', decision: 'revoke', reviewer: 'jane@example.com', date: '2026-11-28', reason: 'left the platform team', revoke: ['remove-from-group:Developers', 'disable-console', 'deactivate-access-keys'], period: '2026-Q4', entry: 1 },
      { principal: 'bob', decision: 'keep', reviewer: 'joe@example.com', date: '2026-12-01', revoke: [], period: '2026-Q4', entry: 2 },
    ])
  })

  it('an empty file is no decisions', () => {
    expect(loadDecisions(file(''), NOW)).toEqual([])
  })
})

describe('loadDecisions: bad files name the file, the entry and the field (exit 2)', () => {
  it.each([
    ['a date in the future', entry('').replace('2026-11-28', '2026-12-02'), 'decisions[0] (entry 1).date: 2026-12-02 is in the future (today is 2026-12-01)'],
    ['a date that is not a calendar date', entry('').replace('2026-11-28', '2026-02-30'), 'decisions[0] (entry 1).date: not a real calendar date'],
    ['a date in another format', entry('').replace('2026-11-28', '28.11.2026'), 'decisions[0] (entry 1).date: expected a date as YYYY-MM-DD'],
    ['an empty reviewer', entry('').replace('jane@example.com', '"  "'), 'decisions[0] (entry 1).reviewer: must not be empty'],
    ['no reviewer here or in review', entry('').replace('    reviewer: jane@example.com\n', ''), 'decisions[0] (entry 1).reviewer: missing'],
    ['no date here or in review', entry('').replace('    date: 2026-11-28\n', ''), 'decisions[0] (entry 1).date: missing'],
    ['revoke without what to revoke', entry('').replace('decision: keep', 'decision: revoke'), 'decisions[0] (entry 1).revoke: required when the decision is revoke'],
    ['revoke with an empty list', entry('    revoke: []\n').replace('decision: keep', 'decision: revoke'), 'decisions[0] (entry 1).revoke: required when the decision is revoke'],
    ['revoke actions with a keep decision', entry('    revoke: [disable-console]\n'), 'decisions[0] (entry 1).revoke: only allowed with decision: revoke'],
    ['a misspelt revoke action, with the closest name', entry('    revoke: [disable-console, disable-consol]\n').replace('decision: keep', 'decision: revoke'), 'decisions[0] (entry 1).revoke[1]: "disable-consol" is not a revoke action (did you mean disable-console?)'],
    ['a group name IAM would refuse', entry('    revoke: ["remove-from-group:Dev ops"]\n').replace('decision: keep', 'decision: revoke'), 'decisions[0] (entry 1).revoke[0]: "Dev ops" is not an IAM group name'],
    ['a decision that is neither keep nor revoke', entry('').replace('decision: keep', 'decision: revokе'), 'decisions[0] (entry 1).decision: "revokе" is not a decision'],
    ['a misspelt decision, with the closest one', entry('').replace('decision: keep', 'decision: kep'), '"kep" is not a decision (did you mean keep?)'],
    ['an unknown key in an entry, with the closest one', entry('    reviwer: joe@example.com\n'), 'decisions[0] (entry 1): unknown key "reviwer" (did you mean reviewer?)'],
    ['an unknown key at the top', `${entry('')}decision: []\n`, '(top level): unknown key "decision" (did you mean decisions?)'],
    ['an unknown key in review', `review: { reviewr: x }\n${entry('')}`, 'review: unknown key "reviewr" (did you mean reviewer?)'],
    ['a principal that is a role', entry('').replace(ALICE, 'arn:aws:iam::111111111111:role/Admin'), 'decisions[0] (entry 1).principal: "arn:aws:iam::111111111111:role/Admin" is not an IAM user ARN'],
    ['a row id that is not one', entry('    row: 3F9A\n'), 'decisions[0] (entry 1).row: expected a row id of the review sheet'],
    ['the second entry is named by its index', `${entry('')}  - principal: bob\n    decision: keep\n    reviewer: ''\n    date: 2026-11-28\n`, 'decisions[1] (entry 2).reviewer: must not be empty'],
    ['a review date in the future', `review: { date: 2027-01-01 }\n${entry('')}`, 'review.date: 2027-01-01 is in the future'],
    ['decisions that are not a list', 'decisions: { alice: keep }\n', 'decisions: '],
  ])('%s', (_name, text, expected) => {
    const err = problem(text)
    expect(err.code).toBe('InvalidDecisions')
    expect(err.message).toContain(expected)
  })

  it('duplicate keys and broken YAML come from the one YAML reader, naming the file', () => {
    expect(problem(`${entry('')}    decision: revoke\n`).code).toBe('DuplicateKey')
    expect(problem('decisions: [\n').code).toBe('InvalidYaml')
  })

  it('lists every problem at once, each on its own line', () => {
    const err = problem(`decisions:\n  - { principal: alice, decision: keep, reviewer: a, date: 2027-01-01 }\n  - { principal: bob, decision: revoke, reviewer: b, date: 2026-01-01 }\n`)
    expect(err.message.split('\n').slice(1)).toEqual([
      '  - decisions[0] (entry 1).date: 2027-01-01 is in the future (today is 2026-12-01)',
      expect.stringMatching(/^ {2}- decisions\[1\] \(entry 2\)\.revoke: required when the decision is revoke/),
    ])
  })

  it('a hostile value cannot forge lines or drive the terminal', () => {
    const err = problem(entry('    revoke: ["\\u001b[31mx\\nfake: line"]\n').replace('decision: keep', 'decision: revoke'))
    expect(err.message).not.toContain('\u001b')
    expect(err.message.split('\n').filter((l) => l.startsWith('fake'))).toEqual([])
  })
})

describe('latestDecisionFor and decisionForRow', () => {
  const d = (extra: Partial<Decision> & Pick<Decision, 'date'>, entry: number): Decision => ({ principal: ALICE, decision: 'keep', reviewer: 'jane', revoke: [], entry, ...extra })
  const decisions = [
    d({ date: '2026-06-01', decision: 'revoke', revoke: ['disable-console'] }, 1),
    d({ date: '2026-11-28', row: '3f9a2c1b', decision: 'revoke', revoke: ['remove-from-group:Developers'], reviewer: 'joe' }, 2),
    d({ date: '2026-11-28', reason: 'still needed' }, 3),
    d({ date: '2026-12-01', principal: 'arn:aws:iam::222222222222:user/alice' }, 4),
  ]

  it('the newest day of decisions naming the user (by ARN or name) is its review; revoke wins that day', () => {
    expect(latestDecisionFor(decisions, ALICE)).toMatchObject({ date: '2026-11-28', decision: 'revoke', reviewer: 'joe, jane', revoke: ['remove-from-group:Developers'], reasons: ['still needed'] })
    expect(latestDecisionFor([d({ date: '2026-01-01', principal: 'alice' }, 1)], 'arn:aws:iam::333333333333:user/team/alice')).toMatchObject({ date: '2026-01-01' })
    expect(latestDecisionFor(decisions, 'arn:aws:iam::111111111111:user/bob')).toBeUndefined()
  })

  it('a row takes its own latest decision, else the latest about the whole principal', () => {
    expect(decisionForRow(decisions, ALICE, '3f9a2c1b')?.entry).toBe(2)
    expect(decisionForRow(decisions, ALICE, '00000000')?.entry).toBe(3)
    expect(decisionForRow(decisions, 'arn:aws:iam::111111111111:user/bob', '3f9a2c1b')).toBeUndefined()
  })
})

describe('how decisions reach iam.access-reviewed: loadRuleSet, from access.decisions of the config', () => {
  const options = (config: Record<string, unknown>, source: string | undefined) => loadRuleSet(configSchema.parse(config), source).rules.get('iam.access-reviewed')!.options as { reviewPeriodDays: number; decisions: Decision[] | null }

  it('no access section: no decisions (null), the baseline period', () => {
    expect(options({}, undefined)).toEqual({ reviewPeriodDays: 90, decisions: null })
  })

  it('access.decisions is loaded relative to the config file; access.reviewPeriodDays sets the period', () => {
    const dir = tempDir('guardrail-decisions-')
    mkdirSync(join(dir, 'conf'))
    writeFileSync(join(dir, 'conf', 'review.yaml'), `decisions:\n  - { principal: alice, decision: keep, reviewer: jane, date: 2026-01-05 }\n`)
    expect(options({ access: { decisions: 'review.yaml', reviewPeriodDays: 30 } }, join(dir, 'conf', 'guardrail.config.yaml'))).toEqual({
      reviewPeriodDays: 30,
      decisions: [{ principal: 'alice', decision: 'keep', reviewer: 'jane', date: '2026-01-05', revoke: [], entry: 1 }],
    })
  })

  it('a missing decisions file, decisions written into the check options, and two different periods are refused (exit 2)', () => {
    const source = join(tempDir('guardrail-decisions-'), 'guardrail.config.yaml')
    expect(() => options({ access: { decisions: 'nope.yaml' } }, source)).toThrow(expect.objectContaining({ code: 'DecisionsNotFound', exitCode: 2, message: expect.stringContaining('access.decisions') }))
    expect(() => options({ checks: { 'iam.access-reviewed': { options: { decisions: [] } } } }, source)).toThrow(expect.objectContaining({ code: 'DecisionsInConfig', message: expect.stringContaining('checks.iam.access-reviewed.options.decisions') }))
    expect(() => options({ access: { reviewPeriodDays: 30 }, checks: { 'iam.access-reviewed': { options: { reviewPeriodDays: 60 } } } }, source)).toThrow(expect.objectContaining({ code: 'ConflictingReviewPeriod' }))
    expect(options({ checks: { 'iam.access-reviewed': { options: { reviewPeriodDays: 60 } } } }, source).reviewPeriodDays).toBe(60)
  })
})
