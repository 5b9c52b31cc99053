import * as account from '@aws-sdk/client-account'
import * as org from '@aws-sdk/client-organizations'
import { describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import { createSession } from '../../src/aws/session.js'
import { readSecurityContact } from '../../src/collect/organization-contacts.js'
import { sliceSchema } from '../../src/snapshot/catalogue.js'
import { useEmulator } from '../support/emulator.js'

const env = useEmulator()
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }
const session = (counter = new ApiCallCounter()) => createSession({ region: 'us-east-1', endpoint: env.endpoint, credentials, maxAttempts: 1, counter })
const writer = () => new account.AccountClient({ region: 'us-east-1', endpoint: env.endpoint, credentials, maxAttempts: 1 })

const CONTACT = { AlternateContactType: 'SECURITY' as const, EmailAddress: 'security@example.com', Name: 'Sec Team', PhoneNumber: '+15550100', Title: 'CISO' }

describe('collectSecurityContact against the emulator', () => {
  it('reads the account’s own SECURITY contact in one call', async () => {
    await writer().send(new account.PutAlternateContactCommand(CONTACT))
    const counter = new ApiCallCounter()
    const slice = await readSecurityContact(session(counter))
    expect(sliceSchema('account.securityContact').safeParse(slice).success).toBe(true)
    expect(slice).toEqual({ kind: 'ok', value: { type: 'SECURITY', name: 'Sec Team', title: 'CISO', emailAddress: 'security@example.com', phoneNumber: '+15550100' } })
    expect(counter.byOperation()).toEqual({ 'account:GetAlternateContact': 1 })
  })

  it('no SECURITY contact (only a BILLING one) is null — a finding, not an error', async () => {
    await writer().send(new account.PutAlternateContactCommand({ ...CONTACT, AlternateContactType: 'BILLING' }))
    expect((await readSecurityContact(session()))).toEqual({ kind: 'ok', value: null })
  })

  it('reads a member account’s contact from the management account (AccountId)', async () => {
    const o = new org.OrganizationsClient({ region: 'us-east-1', endpoint: env.endpoint, credentials, maxAttempts: 1 })
    await o.send(new org.CreateOrganizationCommand({ FeatureSet: 'ALL' }))
    const member = (await o.send(new org.CreateAccountCommand({ AccountName: 'm', Email: 'm@example.com' }))).CreateAccountStatus!.AccountId!
    await writer().send(new account.PutAlternateContactCommand({ ...CONTACT, AccountId: member }))
    const slice = await readSecurityContact(session(), { memberAccountId: member })
    expect(slice).toMatchObject({ kind: 'ok', value: { emailAddress: 'security@example.com' } })
    // …and the management account's own contact is still unset.
    expect((await readSecurityContact(session()))).toEqual({ kind: 'ok', value: null })
  })

  it('a failed read is unreadable with the AWS code, never null', async () => {
    // An endpoint that is not listening: the read fails at the network layer.
    const dead = createSession({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials, maxAttempts: 1, counter: new ApiCallCounter() })
    const slice = await readSecurityContact(dead)
    expect(slice).toMatchObject({ kind: 'unreadable', error: { operation: 'account:GetAlternateContact', code: expect.stringMatching(/ECONNREFUSED|Error/) } })
  })
})
