// The roles' IAM policies are generated from the code's registries; these tests keep the committed
// copies in step and check the policies say what least privilege means here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { auditRolePolicy, iamAction, remediationRolePolicy } from '../../src/aws/role-policies.js'
import { READ_OPERATIONS, type AwsService } from '../../src/aws/read-operations.js'
import { REMEDIATIONS } from '../../src/remediate/catalogue.js'
import { REMEDIATION_GENERATED_FILES } from '../../src/remediate/generated-files.js'
import { loadOwnRunbooks, runbookApiCalls } from '../../src/remediate/runbooks.js'
import { runCli, tempDir } from '../cli/helpers.js'

const root = join(import.meta.dirname, '..', '..')
const actionsOf = (policy: { Statement: { Action: string[] }[] }) => policy.Statement.flatMap((s) => s.Action)

describe('generated IAM policies and role template', () => {
  it.each(REMEDIATION_GENERATED_FILES.map((f) => [f.file, f]))('%s is up to date (npm run schemas)', (_file, f) => {
    expect(readFileSync(join(root, f.file), 'utf8')).toBe(f.content())
  })

  it('the audit policy names exactly the read operations, as IAM actions, without wildcards or writes', () => {
    const policy = auditRolePolicy('GuardrailAudit')
    const [reads, assume] = policy.Statement
    const expected = (Object.entries(READ_OPERATIONS) as [AwsService, string[]][]).flatMap(([s, ops]) => ops.map((op) => iamAction(s, op))).filter((a) => a !== 'sts:GetCallerIdentity' && a !== 'sts:AssumeRole' && a !== 's3:GetObject' && a !== 's3:ListBucket')
    expect(reads!.Action).toEqual([...new Set(expected)].sort())
    expect(reads!.Action).toEqual(expect.arrayContaining(['s3:ListAllMyBuckets', 's3:GetAccountPublicAccessBlock', 'access-analyzer:ListAnalyzers', 'iam:GetAccountAuthorizationDetails']))
    for (const action of reads!.Action) {
      expect(action).not.toContain('*')
      // GenerateCredentialReport only asks IAM to (re)build the report it then reads.
      if (action !== 'iam:GenerateCredentialReport') expect(action.split(':')[1]).toMatch(/^(Get|List|Describe)/)
    }
    expect(assume).toMatchObject({ Action: ['sts:AssumeRole'], Resource: 'arn:aws:iam::*:role/GuardrailAudit' })
    expect(policy.Statement).toHaveLength(2)
  })

  it("the user sync's S3 key source is read only under its prefix, never on '*'", () => {
    for (const p of [auditRolePolicy('A'), remediationRolePolicy('R')]) expect(actionsOf(p)).not.toEqual(expect.arrayContaining(['s3:GetObject']))
    const scoped = auditRolePolicy('A', { bucket: 'corp-ssh-keys', prefix: 'users/' })
    expect(scoped.Statement.slice(2)).toEqual([
      { Sid: 'GuardrailUserKeysList', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::corp-ssh-keys', Condition: { StringLike: { 's3:prefix': 'users/*' } } },
      { Sid: 'GuardrailUserKeysRead', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::corp-ssh-keys/users/*' },
    ])
  })

  it('the remediation policy covers every runbook call, guardrail runbooks included, and passes only itself, only to SSM', () => {
    const policy = remediationRolePolicy('GuardrailRemediation')
    const actions = actionsOf(policy)
    for (const r of REMEDIATIONS) for (const call of r.apiCalls) expect(actions, `${r.id}: ${call}`).toContain(call)
    for (const runbook of loadOwnRunbooks()) for (const call of runbookApiCalls(runbook)) expect(actions, `${runbook.name}: ${call}`).toContain(call)
    expect(actions).toEqual(expect.arrayContaining(['ssm:StartAutomationExecution', 'ssm:GetAutomationExecution', 'ssm:CreateDocument', 'ssm:UpdateDocument']))
    for (const action of actions) expect(action).not.toContain('*')
    expect(actions).not.toContain('organizations:ListAccounts')
    const passRole = policy.Statement.find((s) => s.Action.includes('iam:PassRole'))!
    expect(passRole).toMatchObject({ Resource: 'arn:aws:iam::*:role/GuardrailRemediation', Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } } })
  })
})

describe('guardrail policy', () => {
  it('prints each policy as JSON, with the role names given', async () => {
    const scan = await runCli(['policy', 'scan', '--role-name', 'MyAudit'], { cwd: tempDir() })
    expect(scan.code).toBe(0)
    expect(JSON.parse(scan.stdout)).toEqual(auditRolePolicy('MyAudit'))
    const remediate = await runCli(['policy', 'remediate', '--role-name', 'MyFixer'], { cwd: tempDir() })
    expect(JSON.parse(remediate.stdout)).toEqual(remediationRolePolicy('MyFixer'))
    const trust = JSON.parse((await runCli(['policy', 'remediate', '--trust', 'arn:aws:iam::111111111111:role/SecurityEngineer'], { cwd: tempDir() })).stdout) as { Statement: { Principal: unknown }[] }
    expect(trust.Statement.map((s) => s.Principal)).toEqual([{ AWS: 'arn:aws:iam::111111111111:role/SecurityEngineer' }, { Service: 'ssm.amazonaws.com' }])
    const keys = await runCli(['policy', 'scan', '--key-source', 's3://corp-ssh-keys/users/'], { cwd: tempDir() })
    expect(JSON.parse(keys.stdout)).toEqual(auditRolePolicy('GuardrailAudit', { bucket: 'corp-ssh-keys', prefix: 'users/' }))
    const bad = await runCli(['policy', 'scan', '--key-source', 'https://corp-ssh-keys/users'], { cwd: tempDir() })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--key-source.*expected s3:\/\/<bucket>\/<prefix>\//s)
    const template = JSON.parse((await runCli(['policy', 'stackset'], { cwd: tempDir() })).stdout) as { Resources: Record<string, { Type: string }> }
    expect(Object.values(template.Resources).map((r) => r.Type)).toEqual(['AWS::IAM::Role', 'AWS::IAM::Role'])
  })

  it.each([
    [['policy', 'scan', '--role-name', 'bad/name'], /--role-name/],
    [['policy', 'remediate', '--trust', 'someone'], /--trust/],
  ])('%j: exit 2 naming the flag', async (argv, message) => {
    const r = await runCli(argv, { cwd: tempDir() })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
  })
})
