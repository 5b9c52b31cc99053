// The CloudWatch Logs filter-pattern parser and the semantic comparison behind the CIS 4.x alarm
// checks and ssm.sudo-alert, in both directions: patterns written differently but equivalent pass,
// patterns missing a term or narrowed by an extra one fail.
import { describe, expect, it } from 'vitest'
import { MAX_CLAUSES, matchesWord, parseFilterPattern, requiredClauses, satisfiesRequirement, toDnf, type Expr } from '../../../src/checks/lib/filter-pattern.js'
import { CIS_MONITORING, type CisMonitoringName } from '../../../src/checks/lib/monitoring-requirements.js'

const json = (text: string): Expr => {
  const r = parseFilterPattern(text)
  if (!r.ok || r.pattern.kind !== 'json') throw new Error(`not a JSON pattern: ${JSON.stringify(r)}`)
  return r.pattern.expr
}
const clauses = (text: string, reading: 'and-first' | 'left-to-right' = 'and-first') => toDnf(json(text), reading).map((c) => [...c].sort())

describe('parseFilterPattern: JSON patterns', () => {
  it('parses a term with quoted and unquoted values to the same canonical term', () => {
    expect(clauses('{ $.eventName = "CreateTrail" }')).toEqual([['$.eventName = "CreateTrail"']])
    expect(clauses('{$.eventName=CreateTrail}')).toEqual([['$.eventName = "CreateTrail"']])
    expect(clauses('{ ($.eventSource = kms.amazonaws.com) }')).toEqual([['$.eventSource = "kms.amazonaws.com"']])
  })

  it('keeps the operator, wildcards and regular expressions in the term', () => {
    expect(clauses('{ $.errorCode = "*UnauthorizedOperation" }')).toEqual([['$.errorCode = "*UnauthorizedOperation"']])
    expect(clauses('{ $.sourceIPAddress != 123.123.* }')).toEqual([['$.sourceIPAddress != "123.123.*"']])
    expect(clauses('{ $.latency >= 1000 }')).toEqual([['$.latency >= "1000"']])
    expect(clauses('{ $.eventName = %Delete.*% }')).toEqual([['$.eventName = %Delete.*%']])
  })

  it('parses the NOT EXISTS / EXISTS / IS NULL / IS TRUE / IS FALSE forms as distinct terms', () => {
    expect(clauses('{ $.userIdentity.invokedBy NOT EXISTS }')).toEqual([['$.userIdentity.invokedBy NOT EXISTS']])
    expect(clauses('{ $.userIdentity.invokedBy not   exists }')).toEqual([['$.userIdentity.invokedBy NOT EXISTS']])
    expect(clauses('{ $.a EXISTS && $.b IS NULL && $.c IS TRUE && $.d IS FALSE }')).toEqual([['$.a EXISTS', '$.b IS NULL', '$.c IS TRUE', '$.d IS FALSE']])
  })

  it('parses nested selectors and array indexes', () => {
    expect(clauses('{ $.userIdentity.sessionContext.attributes.mfaAuthenticated != "true" && $.users[0].email = "a@b" }')).toEqual([
      ['$.userIdentity.sessionContext.attributes.mfaAuthenticated != "true"', '$.users[0].email = "a@b"'],
    ])
  })

  it('unescapes quoted values', () => {
    expect(clauses('{ $.message = "say \\"hi\\"" }')).toEqual([['$.message = "say \\"hi\\""']])
  })

  it('distributes && over || into an OR of term sets (DNF)', () => {
    expect(clauses('{ $.a = 1 && ($.b = 2 || $.c = 3) }')).toEqual([
      ['$.a = "1"', '$.b = "2"'],
      ['$.a = "1"', '$.c = "3"'],
    ])
    expect(clauses('{ (($.a = 1)) || ($.a = 1) }')).toEqual([['$.a = "1"']])
  })

  it('keeps && and || mixed without parentheses as written, and reads them both ways', () => {
    const mixed = '{ $.a = 1 || $.b = 2 && $.c = 3 }'
    expect(json(mixed).kind).toBe('mixed')
    expect(clauses(mixed, 'and-first')).toEqual([['$.a = "1"'], ['$.b = "2"', '$.c = "3"']])
    expect(clauses(mixed, 'left-to-right')).toEqual([
      ['$.a = "1"', '$.c = "3"'],
      ['$.b = "2"', '$.c = "3"'],
    ])
  })

  it.each([
    ['{ $.eventName = CreateTrail', 'expected "}"'],
    ['{ $.eventName CreateTrail }', 'expected an operator'],
    ['{ eventName = CreateTrail }', 'expected a selector'],
    ['{ $.eventName = "CreateTrail }', 'unterminated quoted string'],
    ['{ $.a = 1 } trailing', 'after the closing brace'],
    ['{ ($.a = 1 }', 'expected ")"'],
    ['{ $.a = 1 && }', 'expected a selector'],
    ['{ $.a = }', 'expected a value'],
    ['{ }', 'expected a selector'],
    ['{ $.a = %abc }', 'unterminated %regex%'],
  ])('rejects %s with a message naming the problem', (text, problem) => {
    const r = parseFilterPattern(text)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toContain(problem)
  })
})

describe('parseFilterPattern: other pattern kinds', () => {
  it('parses term patterns: required words, ?alternatives, -exclusions, quoted phrases', () => {
    expect(parseFilterPattern('ERROR "Main Thread" ?sudo ?su -debug')).toEqual({ ok: true, pattern: { kind: 'terms', required: ['ERROR', 'Main Thread'], anyOf: ['sudo', 'su'], excluded: ['debug'] } })
  })

  it('recognises a standalone regex, a space-delimited pattern and the empty pattern', () => {
    expect(parseFilterPattern('%sudo%')).toEqual({ ok: true, pattern: { kind: 'regex', regex: 'sudo' } })
    expect(parseFilterPattern('[ip, user, verb=sudo]')).toEqual({ ok: true, pattern: { kind: 'delimited', text: '[ip, user, verb=sudo]' } })
    expect(parseFilterPattern('   ')).toEqual({ ok: true, pattern: { kind: 'everything' } })
  })

  it('rejects a broken term or delimited pattern', () => {
    expect(parseFilterPattern('[ip, user').ok).toBe(false)
    expect(parseFilterPattern('"sudo').ok).toBe(false)
    expect(parseFilterPattern('sudo ?').ok).toBe(false)
  })
})

// ---- The requirement table against itself ---------------------------------------------------------
const names = Object.keys(CIS_MONITORING) as CisMonitoringName[]

describe('the CIS 4.x requirement table', () => {
  it('covers CIS 4.1 to 4.15, one requirement each', () => {
    expect(names.map((n) => CIS_MONITORING[n].cisItem).sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)))).toEqual(Array.from({ length: 15 }, (_, i) => `4.${i + 1}`))
  })

  it.each(names)('%s: the reference pattern satisfies its own requirement', (name) => {
    expect(satisfiesRequirement(CIS_MONITORING[name].pattern.reference, CIS_MONITORING[name].pattern)).toEqual({ satisfied: true, reason: '', closeness: 1 })
  })

  it.each(names)('%s: reading the reference && first or left to right gives the same requirement', (name) => {
    const canonical = (reading: 'and-first' | 'left-to-right') =>
      requiredClauses(CIS_MONITORING[name].pattern, reading)
        .map((c) => `${[...c.required].sort().join(' & ')} | ${[...c.allowed].sort().join(' & ')}`)
        .sort()
    expect(canonical('left-to-right')).toEqual(canonical('and-first'))
  })

  it.each(names)('%s: no other item\'s reference satisfies it (the requirements are distinct)', (name) => {
    for (const other of names.filter((n) => n !== name)) expect(satisfiesRequirement(CIS_MONITORING[other].pattern.reference, CIS_MONITORING[name].pattern).satisfied, other).toBe(false)
  })
})

// ---- Both directions, pattern by pattern -----------------------------------------------------------
const req = (name: CisMonitoringName) => CIS_MONITORING[name].pattern

const EQUIVALENT: [CisMonitoringName, string, string][] = [
  ['unauthorized-api-calls', 'as CIS writes it, without spaces', '{($.errorCode="*UnauthorizedOperation")||($.errorCode="AccessDenied*")&&($.sourceIPAddress!="delivery.logs.amazonaws.com")&&($.eventName!="HeadBucket")}'],
  ['unauthorized-api-calls', 'the exclusions applied to both error codes (CIS intent, parenthesised)', '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }'],
  ['unauthorized-api-calls', 'the CIS v1.2 / Security Hub CloudWatch.2 pattern without exclusions', '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }'],
  ['unauthorized-api-calls', 'the error codes swapped', '{ $.errorCode = "AccessDenied*" || $.errorCode = "*UnauthorizedOperation" }'],
  ['console-signin-without-mfa', 'unparenthesised, unquoted where possible', '{ $.eventName = ConsoleLogin && $.additionalEventData.MFAUsed != Yes }'],
  ['console-signin-without-mfa', 'the CIS v3.0.0 SSO variant (IAM users, successful sign-ins)', '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'],
  ['root-usage', 'terms reordered and parenthesised', '{ ($.eventType != "AwsServiceEvent") && ($.userIdentity.invokedBy NOT EXISTS) && ($.userIdentity.type = "Root") }'],
  ['root-usage', 'with an extra alternative (root console sign-ins counted twice is noise, not a gap)', '{ ($.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent") || $.eventName = ConsoleLogin }'],
  ['iam-policy-changes', 'alternatives in another order, quoted', `{ ${['DetachGroupPolicy', 'AttachGroupPolicy', 'DetachUserPolicy', 'AttachUserPolicy', 'DetachRolePolicy', 'AttachRolePolicy', 'DeletePolicyVersion', 'CreatePolicyVersion', 'DeletePolicy', 'CreatePolicy', 'PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy', 'DeleteUserPolicy', 'DeleteRolePolicy', 'DeleteGroupPolicy'].map((e) => `$.eventName = "${e}"`).join(' || ')} }`],
  ['cloudtrail-changes', 'with the eventSource named', '{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging)) }'],
  ['cloudtrail-changes', 'with duplicates and redundant parentheses', '{ ((($.eventName = CreateTrail))) || ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || (($.eventName = DeleteTrail) || ($.eventName = StartLogging)) || ($.eventName = StopLogging) }'],
  ['console-auth-failures', 'terms swapped', '{ ($.errorMessage = "Failed authentication") && ($.eventName = "ConsoleLogin") }'],
  ['cmk-deletion', 'distributed: one alternative per event, each with its source', '{ ($.eventSource = kms.amazonaws.com && $.eventName = DisableKey) || ($.eventSource = kms.amazonaws.com && $.eventName = ScheduleKeyDeletion) }'],
  ['cmk-deletion', 'without the eventSource (wider, never narrower)', '{ ($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) }'],
  ['config-changes', 'unparenthesised inner list', '{ $.eventSource = config.amazonaws.com && ($.eventName = StopConfigurationRecorder || $.eventName = DeleteDeliveryChannel || $.eventName = PutDeliveryChannel || $.eventName = PutConfigurationRecorder) }'],
  ['route-table-changes', 'the audit-step variant with eventSource = ec2.amazonaws.com', '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }'],
  ['security-group-changes', 'with an extra event (ModifySecurityGroupRules) alarmed on too', '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = ModifySecurityGroupRules) }'],
]

const NOT_EQUIVALENT: [CisMonitoringName, string, string, string][] = [
  ['route-table-changes', 'an alternative missing (DeleteRoute)', '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DisassociateRouteTable) }', '$.eventName = "DeleteRoute"'],
  ['console-signin-without-mfa', 'the MFA condition missing (every sign-in, not the ones without MFA)', '{ $.eventName = "ConsoleLogin" }', 'misses `$.additionalEventData.MFAUsed != "Yes"`'],
  ['console-signin-without-mfa', 'a different operator', '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed = "No") }', 'narrows it with `$.additionalEventData.MFAUsed = "No"`'],
  ['cloudtrail-changes', 'narrowed by an extra AND restriction', '{ (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging)) && $.userIdentity.type = "IAMUser" }', 'narrows it with `$.userIdentity.type = "IAMUser"`'],
  ['console-auth-failures', 'a value with other case (patterns are case sensitive)', '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed Authentication") }', 'misses `$.errorMessage = "Failed authentication"`'],
  ['cmk-deletion', 'the eventSource of another service', '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }', 'narrows it with `$.eventSource = "s3.amazonaws.com"`'],
  ['unauthorized-api-calls', 'the error codes AND-ed instead of OR-ed', '{ ($.errorCode = "*UnauthorizedOperation") && ($.errorCode = "AccessDenied*") }', 'narrows it with'],
  ['unauthorized-api-calls', 'a noise exclusion CIS does not sanction', '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.eventSource != "s3.amazonaws.com") }', 'narrows it with `$.eventSource != "s3.amazonaws.com"`'],
  ['root-usage', 'an IS NULL where CIS says NOT EXISTS (null and missing are different)', '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy IS NULL && $.eventType != "AwsServiceEvent" }', 'misses `$.userIdentity.invokedBy NOT EXISTS`'],
  ['route-table-changes', 'a broader wildcard is not recognised as covering (conservative)', '{ $.eventName = *Route* }', 'misses'],
  ['root-usage', 'a term pattern', 'Root', 'term (unstructured text) pattern'],
  ['root-usage', 'the empty pattern (every event)', '', 'empty pattern'],
  ['root-usage', 'an unparseable pattern', '{ $.userIdentity.type = "Root" && }', 'does not parse: expected a selector'],
  [
    'cloudtrail-changes',
    'mixed && and || where only one reading covers: satisfies && first, not left to right',
    '{ $.eventName = CreateTrail || $.eventName = ExtraEvent && $.userIdentity.type = "IAMUser" || $.eventName = UpdateTrail || $.eventName = DeleteTrail || $.eventName = StartLogging || $.eventName = StopLogging }',
    'left to right',
  ],
]

describe('satisfiesRequirement', () => {
  it.each(EQUIVALENT)('%s passes: %s', (name, _why, pattern) => {
    expect(satisfiesRequirement(pattern, req(name))).toEqual({ satisfied: true, reason: '', closeness: 1 })
  })

  it.each(NOT_EQUIVALENT)('%s fails: %s', (name, _why, pattern, reason) => {
    const verdict = satisfiesRequirement(pattern, req(name))
    expect(verdict.satisfied).toBe(false)
    expect(verdict.reason).toContain(reason)
  })

  it('scores how close a failing pattern comes, so a failure can name the nearest filter', () => {
    const iam = req('iam-policy-changes')
    const oneMissing = satisfiesRequirement(iam.reference.replace(' || ($.eventName = DetachGroupPolicy)', ''), iam)
    const unrelated = satisfiesRequirement(CIS_MONITORING['cloudtrail-changes'].pattern.reference, iam)
    expect(oneMissing.closeness).toBeCloseTo(15 / 16, 5)
    expect(unrelated.closeness).toBe(0)
    const halfClause = satisfiesRequirement('{ $.userIdentity.type = "Root" }', req('root-usage'))
    expect(halfClause.closeness).toBeCloseTo((1 / 3) * 0.5, 5)
  })

  it(`refuses a pattern whose normal form exceeds ${MAX_CLAUSES} alternatives instead of expanding it`, () => {
    const groups = Array.from({ length: 11 }, (_, i) => `($.f${i} = a || $.f${i} = b)`).join(' && ')
    const verdict = satisfiesRequirement(`{ ${groups} }`, req('root-usage'))
    expect(verdict).toEqual({ satisfied: false, reason: expect.stringContaining(`more than ${MAX_CLAUSES}`), closeness: 0 })
  })
})

describe('matchesWord (ssm.sudo-alert)', () => {
  it.each(['sudo', '"sudo"', '  sudo  ', '?sudo ?su', '?su ?sudo', '%sudo%'])('%s matches every line with sudo', (pattern) => {
    expect(matchesWord(pattern, 'sudo')).toEqual({ satisfied: true, reason: '', closeness: 1 })
  })

  it.each([
    ['sudo root', 'also requires `root`'],
    ['sudo -ls', 'excludes `ls`'],
    ['?su ?passwd', 'does not contain the word "sudo"'],
    ['SUDO', 'does not contain the word "sudo"'],
    ['%sudo.*root%', 'is not %sudo%'],
    ['{ $.sessionData = "*sudo*" }', 'JSON pattern is not recognised'],
    ['[user, cmd=sudo]', 'space-delimited pattern'],
    ['', 'empty pattern'],
    ['"sudo', 'does not parse'],
  ])('%s does not', (pattern, reason) => {
    const verdict = matchesWord(pattern, 'sudo')
    expect(verdict.satisfied).toBe(false)
    expect(verdict.reason).toContain(reason)
  })
})
