import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/org/security-contact.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { rootArn, snapshot, unreadable } from '../../support/builders.js'
import { accountWithContact, securityContact } from '../../support/org-builders.js'

const A = '222222222222'
const B = '333333333333'

checkCases(check, {
  pass: [{ name: 'security contact with e-mail', snapshot: snapshot(accountWithContact(A, { kind: 'ok', value: securityContact() })), expect: [{ accountId: A, resource: rootArn(A), evidence: { contactType: 'SECURITY', hasEmail: true, hasPhone: true } }] }],
  fail: [
    { name: 'no security contact (one of two accounts)', snapshot: snapshot(accountWithContact(A, { kind: 'ok', value: null }), accountWithContact(B, { kind: 'ok', value: securityContact() })), expect: [{ accountId: A, resource: rootArn(A) }] },
    { name: 'contact without an e-mail address', snapshot: snapshot(accountWithContact(A, { kind: 'ok', value: { type: 'SECURITY', name: 'x' } })), expect: [{ accountId: A }] },
  ],
  error: [
    { name: 'GetAlternateContact denied', snapshot: snapshot(accountWithContact(A, unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'account:GetAlternateContact' }))), expect: [{ accountId: A, errorCode: 'AccessDeniedException' }] },
    { name: 'contacts not collected', snapshot: snapshot(accountWithContact(A, undefined)), expect: [{ accountId: A, errorCode: 'NotCollected' }] },
  ],
})

describe('org.security-contact findings', () => {
  const only = (contact: Parameters<typeof accountWithContact>[1]) => {
    const findings = runCheck(check, snapshot(accountWithContact(A, contact)))
    expect(findings).toHaveLength(1)
    return findings[0]!
  }

  it('a contact with an e-mail but no phone passes, and says so without naming anyone', () => {
    const f = only({ kind: 'ok', value: { type: 'SECURITY', name: 'Sec', emailAddress: 'sec@example.com' } })
    expect(f).toMatchObject({ status: 'pass', message: 'A security alternate contact is set' })
    expect(f.evidence).toEqual({ contactType: 'SECURITY', hasEmail: true, hasPhone: false })
  })

  it('a missing contact fails with present: false; a contact without e-mail with present: true', () => {
    expect(only({ kind: 'ok', value: null })).toMatchObject({ status: 'fail', message: 'No security alternate contact is set', evidence: { contactType: 'SECURITY', present: false } })
    expect(only({ kind: 'ok', value: { type: 'SECURITY', name: 'x', emailAddress: '', phoneNumber: '+1-555-0100' } })).toMatchObject({
      status: 'fail',
      message: 'No security alternate contact is set',
      evidence: { contactType: 'SECURITY', present: true },
    })
  })
})
