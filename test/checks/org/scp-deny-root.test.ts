import { expect } from 'vitest'
import check from '../../../src/checks/org/scp-deny-root.js'
import { checkCases } from '../../support/check-cases.js'
import { denyStatement, orgSnapshot, policyDocument, ROOT_ID } from '../../support/org-builders.js'

const MEMBER = '222222222222'
const rootDeny = (operator: string, pattern: string, action: string | string[] = '*') =>
  orgSnapshot({ accounts: [{ id: MEMBER }], scps: [{ id: 'p-root', name: 'deny-root', document: policyDocument(denyStatement(action, { Condition: { [operator]: { 'aws:PrincipalArn': pattern } } })), targets: [ROOT_ID] }] })

checkCases(check, {
  pass: [
    { name: 'Deny * when aws:PrincipalArn is like arn:aws:iam::*:root', snapshot: rootDeny('StringLike', 'arn:aws:iam::*:root'), expect: [{ accountId: MEMBER, evidence: expect.objectContaining({ principalArn: `arn:aws:iam::${MEMBER}:root` }) }] },
    { name: 'ArnLike works the same way', snapshot: rootDeny('ArnLike', 'arn:aws:iam::*:root') },
  ],
  fail: [
    { name: 'no root SCP', snapshot: orgSnapshot({ accounts: [{ id: MEMBER }] }), expect: [{ accountId: MEMBER }] },
    { name: 'condition names another principal', snapshot: rootDeny('StringLike', 'arn:aws:iam::*:user/*'), expect: [{ accountId: MEMBER, message: expect.stringContaining('is allowed') }] },
    { name: 'root denied only IAM actions: ec2 and s3 stay open', snapshot: rootDeny('StringLike', 'arn:aws:iam::*:root', 'iam:*'), expect: [{ accountId: MEMBER, message: expect.stringMatching(/ec2:RunInstances is allowed.*s3:PutBucketPolicy is allowed/) }] },
  ],
  not_applicable: [{ name: 'management account only', snapshot: orgSnapshot() }],
})
