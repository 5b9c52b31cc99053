// The account's SECURITY alternate contact (CIS 1.2), one account:GetAlternateContact call.
//
// Two ways to read it: from inside the account (the session acts there: leave memberAccountId unset),
// or from the management / delegated administrator account for a member (memberAccountId set; needs
// trusted access for AWS Account Management). AWS rejects AccountId naming the management account
// itself, so the management account is always read from inside.
import { GetAlternateContactCommand } from '@aws-sdk/client-account'
import type { AwsSession } from '../aws/session.js'
import type { AlternateContact } from '../snapshot/organization.js'
import type { Readable } from '../snapshot/readable.js'
import { errorCode, isolatedRead } from './isolate.js'

export interface CollectContactOptions {
  /** Read this member account's contact through the management account's session. */
  memberAccountId?: string
}

export function readSecurityContact(session: AwsSession, options: CollectContactOptions = {}): Promise<Readable<AlternateContact | null>> {
  return isolatedRead('account:GetAlternateContact', async (): Promise<AlternateContact | null> => {
    try {
      const out = await session.client('account').send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', ...(options.memberAccountId ? { AccountId: options.memberAccountId } : {}) }))
      const c = out.AlternateContact
      if (!c) return null
      const contact: AlternateContact = { type: c.AlternateContactType ?? 'SECURITY' }
      if (c.Name) contact.name = c.Name
      if (c.Title) contact.title = c.Title
      if (c.EmailAddress) contact.emailAddress = c.EmailAddress
      if (c.PhoneNumber) contact.phoneNumber = c.PhoneNumber
      return contact
    } catch (err) {
      // "No contact of this type" is the finding the check looks for, not a failed read.
      if (errorCode(err) === 'ResourceNotFoundException') return null
      throw err
    }
  })
}
