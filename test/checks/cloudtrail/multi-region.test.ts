// Table test for cloudtrail.multi-region (CIS 3.1): some applying trail is multi-region, logging,
// and logs read and write management events.
import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/cloudtrail/multi-region.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { accountSnapshot } from '../../support/builders.js'
import {
  ACCOUNT_ID,
  MANAGEMENT_ID,
  MEMBER_ID,
  OTHER_REGION,
  REGION,
  accountArn,
  accountWithTrails,
  advanced,
  basic,
  denied,
  orgTrail,
  orgWithTrails,
  trail,
  withTrails,
} from './support.js'

const management = { field: 'eventCategory', equals: ['Management'] }
const member = (byRegion: Parameters<typeof accountWithTrails>[0] = { [REGION]: [] }) => accountWithTrails(byRegion, MEMBER_ID)

checkCases(check, {
  pass: [
    { name: 'an own multi-region trail, logging, basic selector All', snapshot: withTrails({ [REGION]: [trail('main')], [OTHER_REGION]: [] }), expect: [{ resource: accountArn(), message: expect.stringContaining("'main'") }] },
    { name: 'advanced selectors: eventCategory Management, no readOnly', snapshot: withTrails({ [REGION]: [trail('main', { selectors: advanced([management]) })] }) },
    { name: 'the union of a ReadOnly and a WriteOnly basic selector', snapshot: withTrails({ [REGION]: [trail('main', { selectors: basic({ readWriteType: 'ReadOnly' }, { readWriteType: 'WriteOnly' }) })] }) },
    {
      name: 'the union of advanced readOnly true and readOnly false selectors',
      snapshot: withTrails({ [REGION]: [trail('main', { selectors: advanced([management, { field: 'readOnly', equals: ['true'] }], [management, { field: 'readOnly', equals: ['false'] }]) })] }),
    },
    {
      name: 'KMS events excluded (accepted by CIS 3.1) and named in the message',
      snapshot: withTrails({ [REGION]: [trail('main', { selectors: basic({ excludeManagementEventSources: ['kms.amazonaws.com'] }) })] }),
      expect: [{ message: expect.stringContaining('excluding events from kms.amazonaws.com') }],
    },
    {
      name: 'a member covered only by an organization trail: the evidence names the trail and its account',
      snapshot: orgWithTrails([orgTrail()], [member()]),
      expect: [{ accountId: MEMBER_ID, message: expect.stringContaining(`'org-trail' (account ${MANAGEMENT_ID}, organization trail)`), evidence: expect.objectContaining({ trails: [expect.objectContaining({ trailAccount: MANAGEMENT_ID, via: 'organization', verdict: 'pass' })] }) }],
    },
    {
      name: 'a passing trail wins over an unreadable region (no error when something passes)',
      snapshot: withTrails({ [REGION]: [trail('main')], [OTHER_REGION]: denied('cloudtrail:DescribeTrails') }),
    },
    {
      name: 'a passing trail wins over a single-region and a stopped one',
      snapshot: withTrails({ [REGION]: [trail('local', { isMultiRegion: false }), trail('stopped', { logging: false })], [OTHER_REGION]: [trail('main', { homeRegion: OTHER_REGION })] }),
      expect: [{ message: expect.stringContaining("'main'") }],
    },
  ],
  fail: [
    { name: 'no trail at all', snapshot: withTrails({ [REGION]: [], [OTHER_REGION]: [] }), expect: [{ resource: accountArn(), message: expect.stringContaining('No CloudTrail trail applies') }] },
    { name: 'a trail that exists but does not log', snapshot: withTrails({ [REGION]: [trail('main', { logging: false })] }), expect: [{ message: expect.stringContaining("'main' (account 111111111111) exists but is not logging") }] },
    { name: 'a single-region trail', snapshot: withTrails({ [REGION]: [trail('local', { isMultiRegion: false })] }), expect: [{ message: expect.stringContaining(`is a single-region trail (${REGION})`) }] },
    { name: 'write-only management events', snapshot: withTrails({ [REGION]: [trail('main', { selectors: basic({ readWriteType: 'WriteOnly' }) })] }), expect: [{ message: expect.stringContaining('basic event selectors that log write only management events') }] },
    { name: 'management events off (data events only)', snapshot: withTrails({ [REGION]: [trail('main', { selectors: basic({ includeManagementEvents: false, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }) })] }) },
    { name: 'advanced readOnly true only', snapshot: withTrails({ [REGION]: [trail('main', { selectors: advanced([management, { field: 'readOnly', equals: ['true'] }]) })] }), expect: [{ message: expect.stringContaining('advanced event selectors that log read only') }] },
    { name: 'no event selectors', snapshot: withTrails({ [REGION]: [trail('main', { selectors: { basic: [], advanced: [] } })] }), expect: [{ message: expect.stringContaining('has no event selectors') }] },
    {
      name: 'a member whose organization trail is stopped',
      snapshot: orgWithTrails([orgTrail('org-trail', { logging: false })], [member()]),
      expect: [{ accountId: MEMBER_ID, message: expect.stringContaining('organization trail) exists but is not logging') }],
    },
    {
      name: 'a stopped trail whose selectors are unreadable is still a failure (it cannot pass)',
      snapshot: withTrails({ [REGION]: [trail('main', { logging: false, selectors: denied('cloudtrail:GetEventSelectors') })] }),
      expect: [{ message: expect.stringContaining('not logging') }],
    },
    {
      name: 'an account outside the organization is not covered by its organization trail',
      snapshot: (() => {
        const s = orgWithTrails([orgTrail()], [member()])
        s.accounts.push(accountWithTrails({ [REGION]: [] }, '999999999999'))
        return s
      })(),
      expect: [{ accountId: '999999999999' }],
    },
  ],
  error: [
    { name: 'the only region is unreadable', snapshot: withTrails({ [REGION]: denied('cloudtrail:DescribeTrails') }), expect: [{ errorCode: 'AccessDenied', message: expect.stringContaining(`the trails of ${REGION}`) }] },
    { name: 'a region is unreadable and the readable ones hold only a single-region trail', snapshot: withTrails({ [REGION]: [trail('local', { isMultiRegion: false })], [OTHER_REGION]: denied('cloudtrail:DescribeTrails') }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'the candidate trail status is unreadable', snapshot: withTrails({ [REGION]: [trail('main', { status: denied('cloudtrail:GetTrailStatus') })] }), expect: [{ errorCode: 'AccessDenied', message: expect.stringContaining("the status of trail 'main'") }] },
    { name: 'the candidate trail selectors are unreadable', snapshot: withTrails({ [REGION]: [trail('main', { selectors: denied('cloudtrail:GetEventSelectors') })] }), expect: [{ errorCode: 'AccessDenied', message: expect.stringContaining('event selectors') }] },
    {
      name: 'a member with no trail of its own whose organization trails could not be read',
      snapshot: orgWithTrails(denied('cloudtrail:DescribeTrails'), [member()]),
      expect: [{ accountId: MEMBER_ID, errorCode: 'AccessDenied', message: expect.stringContaining('the organization trails') }],
    },
  ],
})

describe('cloudtrail.multi-region evidence', () => {
  it('lists every applying trail with its verdict, and the management account passes on its own copy of the organization trail once', () => {
    const mgmt = accountWithTrails({ [REGION]: [orgTrail()] }, MANAGEMENT_ID)
    const findings = runCheck(check, orgWithTrails([orgTrail()], [mgmt, member({ [REGION]: [trail('local', { accountId: MEMBER_ID, isMultiRegion: false })] })]))
    const byAccount = Object.fromEntries(findings.map((f) => [f.accountId, f]))
    expect(byAccount[MANAGEMENT_ID]!.status).toBe('pass')
    expect((byAccount[MANAGEMENT_ID]!.evidence as { trails: unknown[] }).trails).toEqual([expect.objectContaining({ trail: 'org-trail', via: 'own' })])
    expect(byAccount[MEMBER_ID]!.status).toBe('pass')
    expect((byAccount[MEMBER_ID]!.evidence as { trails: unknown[] }).trails).toEqual([
      expect.objectContaining({ trail: 'local', via: 'own', verdict: 'fail', reason: `is a single-region trail (${REGION})` }),
      expect.objectContaining({ trail: 'org-trail', via: 'organization', verdict: 'pass', trailAccount: MANAGEMENT_ID }),
    ])
  })

  it('one finding per account, on the account', () => {
    const findings = runCheck(check, withTrails({ [REGION]: [trail('a'), trail('b')], [OTHER_REGION]: [trail('c', { homeRegion: OTHER_REGION })] }))
    expect(findings.map((f) => [f.accountId, f.resource, f.status])).toEqual([[ACCOUNT_ID, accountArn(), 'pass']])
  })

  it('a plain account snapshot without the slice reports NotCollected', () => {
    const findings = runCheck(check, { ...withTrails({}), accounts: [accountSnapshot({ regions: [REGION] })] })
    expect(findings.map((f) => [f.status, f.errorCode])).toEqual([['error', 'NotCollected']])
  })
})
