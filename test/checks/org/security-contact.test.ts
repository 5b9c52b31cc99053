import check from '../../../src/checks/org/security-contact.js'
import { checkCases } from '../../support/check-cases.js'
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
