// The shipped CloudFormation templates of the user sync are generated from the code and kept in step.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { associationTemplate, desiredStateBucketTemplate, MEMBERSHIP_EVENTS, triggerTemplate, USERS_GENERATED_FILES } from '../../src/users/templates.js'
import { syncCommandDocument } from '../../src/users/documents.js'
import { desiredStateStoreSchema } from '../../src/users/desired-state-store.js'

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

  it("the association runs the inline Command document with the base64 state, or the S3 one with the object's URL and SHA-256 — the documents' own parameters, as strictly patterned", () => {
    type Template = { Parameters: Record<string, { AllowedPattern?: string; Default?: string }>; Conditions: Record<string, unknown>; Rules: Record<string, unknown>; Resources: { UserSync: { Properties: { Name: unknown; Parameters: unknown } } } }
    const t = associationTemplate() as Template
    const inline = syncCommandDocument('inline')
    const s3 = syncCommandDocument('s3')
    const a = t.Resources.UserSync.Properties
    expect(a.Name).toEqual({ 'Fn::If': ['FromS3', s3.name, inline.name] })
    expect(t.Conditions.FromS3).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'DesiredStateUrl' }, ''] }] })
    const [, fromS3, fromInline] = (a.Parameters as { 'Fn::If': [string, Record<string, unknown>, Record<string, unknown>] })['Fn::If']
    for (const [doc, given] of [
      [inline, fromInline],
      [s3, fromS3],
    ] as const) {
      const declared = (parse(doc.content) as { parameters: Record<string, { allowedPattern: string }> }).parameters
      expect(Object.keys(given)).toEqual(Object.keys(declared))
      for (const [name, p] of Object.entries(declared)) {
        expect(given[name]).toEqual([{ Ref: name }])
        // The template's pattern is the document's, plus the empty string (the other source's parameters are left empty).
        expect(t.Parameters[name]).toMatchObject({ Default: '', AllowedPattern: `^(${p.allowedPattern.slice(1, -1)})?$` })
      }
    }
    expect(inline.content).toContain('allowedPattern: ^[A-Za-z0-9+/]+={0,2}$')
    expect(JSON.stringify(t.Rules)).toContain('not both')
  })

  it('the desired-state bucket: versioned, encrypted, never public, owner-enforced; the organization may GetObject the desired-state objects under the prefix, and nothing else', () => {
    type Statement = { Sid: string; Effect: string; Principal: unknown; Action: string | string[]; Resource: unknown; Condition: Record<string, Record<string, unknown>> }
    const t = desiredStateBucketTemplate() as {
      Parameters: Record<string, { AllowedPattern: string; Default?: string }>
      Resources: Record<string, { Type: string; DeletionPolicy?: string; Properties: Record<string, unknown> }>
    }
    expect(Object.keys(t.Resources)).toEqual(['DesiredStateBucket', 'DesiredStateBucketPolicy'])
    const bucket = t.Resources.DesiredStateBucket!
    expect(bucket.Type).toBe('AWS::S3::Bucket')
    expect(bucket.DeletionPolicy).toBe('Retain')
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    })
    const statements = (t.Resources.DesiredStateBucketPolicy!.Properties.PolicyDocument as { Statement: Statement[] }).Statement
    const allows = statements.filter((st) => st.Effect === 'Allow')
    expect(allows).toEqual([
      {
        Sid: 'OrganizationReadsDesiredState',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 's3:GetObject',
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${DesiredStateBucket}/${Prefix}desired-state-*.json' },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
      },
    ])
    // Everything else is a deny (plain HTTP).
    expect(statements.filter((st) => st.Effect !== 'Allow').map((st) => [st.Sid, st.Effect, st.Condition])).toEqual([['TlsOnly', 'Deny', { Bool: { 'aws:SecureTransport': 'false' } }]])
    // The template takes the prefixes the config takes, and no other.
    const prefix = new RegExp(t.Parameters.Prefix!.AllowedPattern)
    for (const p of ['', 'guardrail/user-sync/', 'a/', 'team_1/x-y.z/', '../', './', 'a', '/a/', 'a//', 'a b/', 'a"/', '.hidden/']) {
      expect(prefix.test(p), p).toBe(desiredStateStoreSchema.safeParse({ bucket: 'corp-user-sync', region: 'eu-west-1', prefix: p }).success)
    }
    expect(prefix.test(t.Parameters.Prefix!.Default!)).toBe(true)
    expect(new RegExp(t.Parameters.OrganizationId!.AllowedPattern).test('o-a1b2c3d4e5')).toBe(true)
  })
})
