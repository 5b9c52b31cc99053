// Table test for guardduty.enabled (each case names the verdict it expects).
import check from '../../../src/checks/guardduty/enabled.js'
import type { GuardDutyDetector } from '../../../src/snapshot/detection.js'
import { denied, ok, snapshot } from '../../support/builders.js'
import type { Readable } from '../../../src/snapshot/readable.js'
import { checkCases } from '../../support/check-cases.js'
import { ACCOUNT_ARN, OTHER_REGION, REGION, accountInRegions, detector, inRegion } from '../../support/detection-fixtures.js'

const detectors = (...d: GuardDutyDetector[]) => inRegion({ 'guardduty.detectors': ok(d) })

checkCases(check, {
  pass: [{ name: 'an enabled detector', snapshot: detectors(detector('d-1')), expect: [{ resource: ACCOUNT_ARN, region: REGION, message: `GuardDuty detector d-1 is enabled in ${REGION}` }] }],
  fail: [
    { name: 'a region with nothing enabled (no detector)', snapshot: detectors(), expect: [{ resource: ACCOUNT_ARN, message: `GuardDuty is not enabled in ${REGION} (no detector)` }] },
    { name: 'a suspended detector', snapshot: detectors(detector('d-2', 'DISABLED')), expect: [{ message: `GuardDuty detector d-2 in ${REGION} is suspended (DISABLED)` }] },
    {
      name: 'enabled in one region, not in the other: only that region fails',
      snapshot: snapshot(accountInRegions({ [REGION]: { 'guardduty.detectors': ok([detector('d-3')]) }, [OTHER_REGION]: { 'guardduty.detectors': ok([]) } })),
      expect: [{ region: OTHER_REGION }],
    },
  ],
  error: [{ name: 'ListDetectors denied', snapshot: inRegion({ 'guardduty.detectors': denied('guardduty:ListDetectors') as Readable<GuardDutyDetector[]> }), expect: [{ errorCode: 'AccessDenied' }] }],
})
