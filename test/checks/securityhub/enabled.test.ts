// Table test for securityhub.enabled (each case names the verdict it expects).
import check from '../../../src/checks/securityhub/enabled.js'
import type { SecurityHub } from '../../../src/snapshot/detection.js'
import { ok, unreadable } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'
import { ACCOUNT_ARN, REGION, inRegion } from '../../support/detection-fixtures.js'

const hub = (value: SecurityHub) => inRegion({ 'securityhub.hub': ok(value) })

checkCases(check, {
  pass: [
    {
      name: 'subscribed',
      snapshot: hub({ subscribed: true, hubArn: `arn:aws:securityhub:${REGION}:111111111111:hub/default`, subscribedAt: '2026-01-01T00:00:00.000Z', autoEnableControls: true }),
      expect: [{ resource: ACCOUNT_ARN, region: REGION, message: `Security Hub is enabled in ${REGION}` }],
    },
  ],
  fail: [{ name: 'a region with nothing enabled: "not subscribed" is a failure, not an error', snapshot: hub({ subscribed: false }), expect: [{ resource: ACCOUNT_ARN, message: `Security Hub is not enabled in ${REGION} (the account is not subscribed)` }] }],
  error: [
    {
      name: 'DescribeHub denied (AccessDeniedException is not "not subscribed")',
      snapshot: inRegion({ 'securityhub.hub': unreadable({ code: 'AccessDeniedException', message: 'not authorized to perform: securityhub:DescribeHub', operation: 'securityhub:DescribeHub' }) }),
      expect: [{ errorCode: 'AccessDeniedException' }],
    },
  ],
})
