// Table test for iam.access-analyzer (each case names the verdict it expects).
import check from '../../../src/checks/iam/access-analyzer.js'
import type { Analyzer } from '../../../src/snapshot/detection.js'
import { denied, ok } from '../../support/builders.js'
import type { Readable } from '../../../src/snapshot/readable.js'
import { checkCases } from '../../support/check-cases.js'
import { ACCOUNT_ARN, REGION, analyzer, inRegion } from '../../support/detection-fixtures.js'

const analyzers = (...a: Analyzer[]) => inRegion({ 'accessanalyzer.analyzers': ok(a) })

checkCases(check, {
  pass: [
    { name: 'an active account analyzer', snapshot: analyzers(analyzer('external', 'ACCOUNT')), expect: [{ resource: ACCOUNT_ARN, region: REGION, message: `External-access analyzer external (ACCOUNT) is active in ${REGION}` }] },
    { name: 'an active organization analyzer beside an unused-access one', snapshot: analyzers(analyzer('unused', 'ACCOUNT_UNUSED_ACCESS'), analyzer('org', 'ORGANIZATION')) },
    { name: 'one active among a failed one', snapshot: analyzers(analyzer('broken', 'ACCOUNT', 'FAILED'), analyzer('good', 'ACCOUNT')) },
  ],
  fail: [
    { name: 'a region with nothing enabled (no analyzer)', snapshot: analyzers(), expect: [{ resource: ACCOUNT_ARN, message: `No IAM Access Analyzer analyzer in ${REGION}` }] },
    {
      name: 'only unused- and internal-access analyzers',
      snapshot: analyzers(analyzer('unused', 'ORGANIZATION_UNUSED_ACCESS'), analyzer('internal', 'ACCOUNT_INTERNAL_ACCESS')),
      expect: [{ message: `No external-access analyzer in ${REGION} (only ORGANIZATION_UNUSED_ACCESS, ACCOUNT_INTERNAL_ACCESS analyzers)` }],
    },
    { name: 'an external-access analyzer that is not active', snapshot: analyzers(analyzer('new', 'ACCOUNT', 'CREATING'), analyzer('off', 'ORGANIZATION', 'DISABLED')), expect: [{ message: `No external-access analyzer is active in ${REGION}: new is CREATING, off is DISABLED` }] },
  ],
  error: [{ name: 'ListAnalyzers denied', snapshot: inRegion({ 'accessanalyzer.analyzers': denied('accessanalyzer:ListAnalyzers') as Readable<Analyzer[]> }), expect: [{ errorCode: 'AccessDenied' }] }],
})
