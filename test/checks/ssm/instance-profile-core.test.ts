// Table test for ssm.instance-profile-core (each case names the verdict it expects).
import { expect } from 'vitest'
import check from '../../../src/checks/ssm/instance-profile-core.js'
import { account, arnOfRole, denied, role } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'

const CORE = { name: 'AmazonSSMManagedInstanceCore', arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' }
const DEPRECATED = { name: 'AmazonEC2RoleforSSM', arn: 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM' }
const profile = (name: string) => [`arn:aws:iam::111111111111:instance-profile/${name}`]
const instanceRole = (name: string, attachedPolicies: { name: string; arn: string }[]) => role(name, { instanceProfileArns: profile(name), attachedPolicies })

checkCases(check, {
  pass: [
    {
      name: 'instance role with Core (roles outside instance profiles are not judged)',
      snapshot: account({ roles: [instanceRole('web', [CORE, { name: 'app-s3', arn: 'arn:aws:iam::111111111111:policy/app-s3' }]), role('deployer', { attachedPolicies: [DEPRECATED] })] }),
      expect: [{ resource: arnOfRole('web'), evidence: expect.objectContaining({ hasCore: true, hasDeprecated: false }) }],
    },
  ],
  fail: [
    {
      name: 'only the deprecated AmazonEC2RoleforSSM; Core plus the deprecated one; no SSM policy at all',
      snapshot: account({ roles: [instanceRole('legacy', [DEPRECATED]), instanceRole('both', [CORE, DEPRECATED]), instanceRole('batch', []), instanceRole('good', [CORE])] }),
      expect: [
        { resource: arnOfRole('legacy'), message: expect.stringContaining('AmazonSSMManagedInstanceCore is not attached; the deprecated AmazonEC2RoleforSSM is attached') },
        { resource: arnOfRole('both'), message: expect.stringContaining('deprecated') },
        { resource: arnOfRole('batch'), evidence: expect.objectContaining({ hasCore: false }) },
      ],
    },
    {
      name: 'a customer-managed policy named like Core is not the AWS-managed one',
      snapshot: account({ roles: [instanceRole('lookalike', [{ name: 'AmazonSSMManagedInstanceCore', arn: 'arn:aws:iam::111111111111:policy/AmazonSSMManagedInstanceCore' }])] }),
      expect: [{ resource: arnOfRole('lookalike') }],
    },
  ],
  not_applicable: [{ name: 'no role in an instance profile', snapshot: account({ roles: [role('ci', { attachedPolicies: [CORE] })] }) }],
  error: [{ name: 'authorization details unreadable', snapshot: account({ authorizationDetails: denied('iam:GetAccountAuthorizationDetails') }), expect: [{ errorCode: 'AccessDenied' }] }],
})
