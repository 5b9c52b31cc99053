// The shipped CloudFormation templates of the user sync are generated from the code and kept in step.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { associationTemplate, MEMBERSHIP_EVENTS, triggerTemplate, USERS_GENERATED_FILES } from '../../src/users/templates.js'
import { syncCommandDocument } from '../../src/users/documents.js'

const root = join(import.meta.dirname, '..', '..')

describe('user-sync templates', () => {
  it.each(USERS_GENERATED_FILES.map((f) => [f.file, f]))('%s is up to date (npm run schemas)', (_file, f) => {
    expect(readFileSync(join(root, f.file), 'utf8')).toBe(f.content())
  })

  it('the trigger fires on every IAM call that changes who may log in, and only on IAM', () => {
    const rule = (triggerTemplate() as { Resources: { IamMembershipChanged: { Properties: { EventPattern: { source: string[]; detail: { eventName: string[] } } } } } }).Resources.IamMembershipChanged.Properties.EventPattern
    expect(rule.source).toEqual(['aws.iam'])
    expect(rule.detail.eventName).toEqual(expect.arrayContaining(['AddUserToGroup', 'RemoveUserFromGroup', 'UploadSSHPublicKey', 'UpdateSSHPublicKey', 'DeleteSSHPublicKey', 'DeleteUser']))
    expect(rule.detail.eventName).toEqual([...MEMBERSHIP_EVENTS])
  })

  it('the association runs the Command document, whose only parameter is the base64 desired state', () => {
    const a = (associationTemplate() as { Resources: { UserSync: { Properties: { Name: string; Parameters: Record<string, unknown> } } } }).Resources.UserSync.Properties
    const doc = syncCommandDocument()
    expect(a.Name).toBe(doc.name)
    expect(Object.keys(a.Parameters)).toEqual(['DesiredState'])
    expect(doc.content).toContain("allowedPattern: ^[A-Za-z0-9+/]+={0,2}$")
  })
})
