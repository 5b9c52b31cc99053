// Table test for cloudtrail.log-validation (CIS 3.2): one verdict per applying trail.
import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/cloudtrail/log-validation.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { MANAGEMENT_ID, MEMBER_ID, OTHER_REGION, REGION, accountArn, accountWithTrails, denied, orgTrail, orgWithTrails, trail, trailArn, withTrails } from './support.js'

checkCases(check, {
  pass: [
    { name: 'an own trail with validation', snapshot: withTrails({ [REGION]: [trail('main')] }), expect: [{ resource: trailArn('main'), evidence: expect.objectContaining({ logFileValidation: true, via: 'own' }) }] },
    {
      name: 'a member covered only by an organization trail: finding in the member, on the trail ARN',
      snapshot: orgWithTrails([orgTrail()], [accountWithTrails({ [REGION]: [] }, MEMBER_ID)]),
      expect: [{ accountId: MEMBER_ID, resource: trailArn('org-trail', MANAGEMENT_ID), message: expect.stringContaining('organization trail'), evidence: expect.objectContaining({ trailAccount: MANAGEMENT_ID }) }],
    },
    { name: 'a stopped trail is still judged on its validation setting', snapshot: withTrails({ [REGION]: [trail('stopped', { logging: false })] }) },
  ],
  fail: [
    { name: 'validation off', snapshot: withTrails({ [REGION]: [trail('main', { logFileValidation: false })] }), expect: [{ resource: trailArn('main'), message: expect.stringContaining('validation turned off') }] },
    {
      name: 'a single-region trail without validation beside a compliant multi-region one: each trail has its verdict',
      snapshot: withTrails({ [REGION]: [trail('main'), trail('local', { isMultiRegion: false, logFileValidation: false })] }),
      expect: [{ resource: trailArn('local') }],
    },
  ],
  not_applicable: [{ name: 'no trail at all points to cloudtrail.multi-region', snapshot: withTrails({ [REGION]: [], [OTHER_REGION]: [] }), expect: [{ resource: accountArn(), message: expect.stringContaining('cloudtrail.multi-region') }] }],
  error: [
    { name: 'a region whose trails could not be read', snapshot: withTrails({ [REGION]: denied('cloudtrail:DescribeTrails') }), expect: [{ errorCode: 'AccessDenied', resource: `arn:aws:cloudtrail:${REGION}:111111111111:trail/*` }] },
  ],
})

describe('cloudtrail.log-validation per trail', () => {
  it('judges the readable trails and reports the unreadable region beside them', () => {
    const findings = runCheck(check, withTrails({ [REGION]: [trail('main')], [OTHER_REGION]: denied('cloudtrail:DescribeTrails') }))
    expect(findings.map((f) => [f.resource, f.status])).toEqual([
      [trailArn('main'), 'pass'],
      [`arn:aws:cloudtrail:${OTHER_REGION}:111111111111:trail/*`, 'error'],
    ])
  })
})
