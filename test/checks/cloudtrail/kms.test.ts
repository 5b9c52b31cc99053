// Table test for cloudtrail.kms (CIS 3.5): one verdict per applying trail.
import { expect } from 'vitest'
import check from '../../../src/checks/cloudtrail/kms.js'
import { checkCases } from '../../support/check-cases.js'
import { MANAGEMENT_ID, MEMBER_ID, REGION, accountArn, accountWithTrails, denied, orgTrail, orgWithTrails, trail, trailArn, withTrails } from './support.js'

checkCases(check, {
  pass: [
    { name: 'SSE-KMS with a key', snapshot: withTrails({ [REGION]: [trail('main')] }), expect: [{ resource: trailArn('main'), message: expect.stringContaining('arn:aws:kms:') }] },
    { name: 'a member covered only by an encrypted organization trail', snapshot: orgWithTrails([orgTrail()], [accountWithTrails({ [REGION]: [] }, MEMBER_ID)]), expect: [{ accountId: MEMBER_ID, resource: trailArn('org-trail', MANAGEMENT_ID) }] },
  ],
  fail: [
    { name: 'no KMS key', snapshot: withTrails({ [REGION]: [trail('main', { kmsKeyId: undefined })] }), expect: [{ resource: trailArn('main'), evidence: expect.objectContaining({ kmsKeyId: null }) }] },
    { name: 'a member whose organization trail is not encrypted', snapshot: orgWithTrails([orgTrail('org-trail', { kmsKeyId: undefined })], [accountWithTrails({ [REGION]: [] }, MEMBER_ID)]), expect: [{ accountId: MEMBER_ID }] },
  ],
  not_applicable: [{ name: 'no trail at all', snapshot: withTrails({ [REGION]: [] }), expect: [{ resource: accountArn() }] }],
  error: [{ name: 'trails unreadable', snapshot: withTrails({ [REGION]: denied('cloudtrail:DescribeTrails') }), expect: [{ errorCode: 'AccessDenied' }] }],
})
