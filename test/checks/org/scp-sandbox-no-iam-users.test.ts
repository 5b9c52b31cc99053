import { expect } from 'vitest'
import check from '../../../src/checks/org/scp-sandbox-no-iam-users.js'
import { checkCases } from '../../support/check-cases.js'
import { unreadable } from '../../support/builders.js'
import { denyStatement, orgSnapshot, policyDocument, type OrgSpec } from '../../support/org-builders.js'
import { DEFAULT_ORG_SETTINGS } from '../../../src/rules/schema.js'

const SANDBOX_A = '333333333333'
const SANDBOX_NESTED = '444444444444'
const PROD = '222222222222'
const tree: OrgSpec = {
  ous: [
    { id: 'ou-sbx', name: 'Sandbox' },
    { id: 'ou-sbx-team', name: 'TeamA', parent: 'ou-sbx' },
    { id: 'ou-prod', name: 'Prod' },
  ],
  accounts: [
    { id: SANDBOX_A, parent: 'ou-sbx' },
    { id: SANDBOX_NESTED, parent: 'ou-sbx-team' },
    { id: PROD, parent: 'ou-prod' },
  ],
}
const withScp = (targets: string[], actions: string[]) => orgSnapshot({ ...tree, scps: [{ id: 'p-sbx', name: 'sandbox-no-users', document: policyDocument(denyStatement(actions)), targets }] })
const sandboxOus = (...ous: string[]) => ({ ...DEFAULT_ORG_SETTINGS, sandboxOus: ous })

checkCases(check, {
  pass: [
    {
      name: 'deny on the sandbox OU (configured by name) covers nested OUs; prod is not in scope',
      snapshot: withScp(['ou-sbx'], ['iam:CreateUser', 'iam:CreateAccessKey']),
      settings: sandboxOus('Sandbox'),
      expect: [{ accountId: SANDBOX_A }, { accountId: SANDBOX_NESTED }],
    },
    { name: 'configured by OU id', snapshot: withScp(['ou-sbx'], ['iam:Create*']), settings: sandboxOus('ou-sbx') },
  ],
  fail: [
    { name: 'CreateAccessKey not denied', snapshot: withScp(['ou-sbx'], ['iam:CreateUser']), settings: sandboxOus('Sandbox'), expect: [{ accountId: SANDBOX_A, message: expect.stringContaining('iam:CreateAccessKey is allowed') }, { accountId: SANDBOX_NESTED }] },
    { name: 'deny attached to the nested OU only', snapshot: withScp(['ou-sbx-team'], ['iam:CreateUser', 'iam:CreateAccessKey']), settings: sandboxOus('Sandbox'), expect: [{ accountId: SANDBOX_A }] },
  ],
  not_applicable: [
    { name: 'no sandbox OUs configured', snapshot: withScp([], []), expect: [{ message: expect.stringContaining('organization.sandboxOus') }] },
    { name: 'configured sandbox OU holds no account', snapshot: orgSnapshot({ ous: [{ id: 'ou-empty', name: 'Empty' }] }), settings: sandboxOus('Empty') },
  ],
  error: [
    { name: 'configured sandbox OU does not exist (typo)', snapshot: withScp(['ou-sbx'], ['iam:CreateUser', 'iam:CreateAccessKey']), settings: sandboxOus('Sandbx'), expect: [{ errorCode: 'UnknownSandboxOu', message: expect.stringContaining('"Sandbx"') }] },
    {
      name: 'OU tree unreadable',
      snapshot: orgSnapshot({ ...tree, override: { organizationalUnits: unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'organizations:ListOrganizationalUnitsForParent' }) } }),
      settings: sandboxOus('Sandbox'),
      expect: [{ errorCode: 'AccessDeniedException' }],
    },
  ],
})
