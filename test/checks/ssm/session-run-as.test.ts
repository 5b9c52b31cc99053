// Table test for ssm.session-run-as (each case names the verdict it expects).
import { expect } from 'vitest'
import check from '../../../src/checks/ssm/session-run-as.js'
import { arnOfRole, denied, role, user } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'
import { DOCUMENT_ARN, inRegion, withoutPreferences, withPreferences } from './support.js'
import { ok } from '../../../src/snapshot/readable.js'

const taggedRole = (name: string, osUser: string) => role(name, { tags: { SSMSessionRunAs: osUser } })

checkCases(check, {
  pass: [
    { name: 'Run As on with a non-root default user', snapshot: withPreferences({ runAsEnabled: true, runAsDefaultUser: 'session-user' }), expect: [{ resource: DOCUMENT_ARN, evidence: expect.objectContaining({ runAsDefaultUser: 'session-user' }) }] },
    {
      name: 'Run As on, no default user, principals tagged SSMSessionRunAs (the only way in)',
      snapshot: withPreferences({ runAsEnabled: true }, { roles: [taggedRole('dev', 'dev-login')], users: [user({ name: 'ops', tags: { SSMSessionRunAs: 'ops-login' } })] }),
      expect: [{ evidence: expect.objectContaining({ principalsTagged: 2 }) }],
    },
  ],
  fail: [
    { name: 'Run As off', snapshot: withPreferences({ runAsEnabled: false, runAsDefaultUser: 'ignored' }), expect: [{ resource: DOCUMENT_ARN, message: expect.stringContaining('ssm-user') }] },
    {
      name: 'Run As off: SSMSessionRunAs tags take no effect',
      snapshot: withPreferences({ s3BucketName: 'logs' }, { roles: [taggedRole('dev', 'dev-login')] }),
      expect: [{ resource: DOCUMENT_ARN, message: expect.stringContaining('has no effect while Run As is off') }],
    },
    { name: 'no preferences document (Run As off)', snapshot: withoutPreferences(), expect: [{ resource: DOCUMENT_ARN }] },
    { name: 'default user root', snapshot: withPreferences({ runAsEnabled: true, runAsDefaultUser: 'root' }), expect: [{ message: expect.stringContaining('default user is root') }] },
    {
      name: 'a principal tagged SSMSessionRunAs=root',
      snapshot: withPreferences({ runAsEnabled: true, runAsDefaultUser: 'session-user' }, { roles: [taggedRole('admin', 'root')] }),
      expect: [{ message: expect.stringContaining(arnOfRole('admin')) }],
    },
    { name: 'Run As on without default user or tagged principal: no session can start', snapshot: withPreferences({ runAsEnabled: true }), expect: [{ message: expect.stringContaining('no default user is set') }] },
    {
      name: 'tagged principals without a default user, with acceptTaggedPrincipals off',
      snapshot: withPreferences({ runAsEnabled: true }, { roles: [taggedRole('dev', 'dev-login')] }),
      options: { acceptTaggedPrincipals: false },
      expect: [{ message: expect.stringContaining('acceptTaggedPrincipals is off') }],
    },
  ],
  error: [
    { name: 'GetDocument denied', snapshot: inRegion({ 'ssm.sessionPreferences': denied('ssm:GetDocument') as never }), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: 'IAM authorization details unreadable',
      snapshot: inRegion({ 'ssm.sessionPreferences': ok({ documentExists: true, runAsEnabled: true, runAsDefaultUser: 'u' }) }, { authorizationDetails: denied('iam:GetAccountAuthorizationDetails') }),
      expect: [{ errorCode: 'AccessDenied' }],
    },
    {
      name: 'runAsEnabled unreadable',
      snapshot: withPreferences({ runAsDefaultUser: 'u', invalidInputs: ['runAsEnabled'], problem: 'inputs with values Session Manager does not accept: runAsEnabled="on"' }),
      expect: [{ resource: DOCUMENT_ARN, errorCode: 'SessionPreferencesMalformed' }],
    },
  ],
})
