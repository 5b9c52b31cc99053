// Table test for s3.account-public-access-block (each case names the verdict it expects).
import check from '../../../src/checks/s3/account-public-access-block.js'
import type { AccountPublicAccessBlock } from '../../../src/snapshot/detection.js'
import type { Snapshot } from '../../../src/snapshot/schema.js'
import { accountSnapshot, denied, ok, snapshot } from '../../support/builders.js'
import type { Readable } from '../../../src/snapshot/readable.js'
import { checkCases } from '../../support/check-cases.js'
import { ACCOUNT_ARN } from '../../support/detection-fixtures.js'

function withBlock(block: Readable<AccountPublicAccessBlock>): Snapshot {
  const a = accountSnapshot()
  a.s3control = { publicAccessBlock: block }
  return snapshot(a)
}
const ALL_ON = { configured: true, blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } as const

checkCases(check, {
  pass: [{ name: 'all four settings on', snapshot: withBlock(ok(ALL_ON)), expect: [{ resource: ACCOUNT_ARN, region: 'global' }] }],
  fail: [
    { name: 'never configured (NoSuchPublicAccessBlockConfiguration)', snapshot: withBlock(ok({ configured: false })), expect: [{ resource: ACCOUNT_ARN, message: 'The account has no S3 Block Public Access configuration (every setting is off)' }] },
    { name: 'one setting off', snapshot: withBlock(ok({ ...ALL_ON, blockPublicPolicy: false })), expect: [{ message: 'Account-level S3 Block Public Access is incomplete: BlockPublicPolicy is off' }] },
    { name: 'two settings off', snapshot: withBlock(ok({ ...ALL_ON, ignorePublicAcls: false, restrictPublicBuckets: false })), expect: [{ message: 'Account-level S3 Block Public Access is incomplete: IgnorePublicAcls, RestrictPublicBuckets are off' }] },
  ],
  error: [
    { name: 'GetPublicAccessBlock denied', snapshot: withBlock(denied('s3control:GetPublicAccessBlock') as Readable<AccountPublicAccessBlock>), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'not collected in this scan', snapshot: snapshot(accountSnapshot()), expect: [{ errorCode: 'NotCollected' }] },
  ],
})
