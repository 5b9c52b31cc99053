// The access review's revoke decisions end to end against the emulator: decisions file named in the
// config → scan (iam.access-reviewed fails per action still present) → remediate plan → install →
// apply (guardrail runbooks run by the Automation double against moto's IAM) → scan again.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AddUserToGroupCommand, CreateAccessKeyCommand, CreateGroupCommand, CreateLoginProfileCommand, CreateRoleCommand, CreateUserCommand, GetLoginProfileCommand, IAMClient, ListGroupsForUserCommand } from '@aws-sdk/client-iam'
import { beforeEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { planSchema } from '../../src/remediate/plan-schema.js'
import { findingsReportSchema, type FindingsReport } from '../../src/report/schema.js'
import { runCli, tempDir } from '../cli/helpers.js'
import { useAutomationDouble } from '../support/automation.js'
import { useEmulator } from '../support/emulator.js'

const emulator = useEmulator()
const automation = useAutomationDouble(emulator)
const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const CHECK = 'iam.access-reviewed'
const alice = `arn:aws:iam::${ACCOUNT}:user/alice`
const iam = () => new IAMClient({ endpoint: emulator.endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } })

beforeEach(async () => {
  // alice: in Developers and Ops, with a console password and an access key; bob: nothing decided.
  const client = iam()
  await client.send(new CreateRoleCommand({ RoleName: 'GuardrailRemediation', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }))
  for (const group of ['Developers', 'Ops']) await client.send(new CreateGroupCommand({ GroupName: group }))
  await client.send(new CreateUserCommand({ UserName: 'alice' }))
  await client.send(new CreateUserCommand({ UserName: 'bob' }))
  for (const group of ['Developers', 'Ops']) await client.send(new AddUserToGroupCommand({ GroupName: group, UserName: 'alice' }))
  await client.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-Battery-1' }))
  await client.send(new CreateAccessKeyCommand({ UserName: 'alice' }))
})

function setUp(dir: string): void {
  const today = new Date().toISOString().slice(0, 10)
  writeFileSync(
    join(dir, 'access-decisions.yaml'),
    stringify({
      review: { period: 'test', reviewer: 'jane@example.com', date: today },
      decisions: [{ principal: 'alice', decision: 'revoke', reason: 'left the platform team', revoke: ['remove-from-group:Developers', 'disable-console', 'deactivate-access-keys'] }],
    }),
  )
  const checks = Object.fromEntries(ALL_CHECKS.filter((c) => c.id !== CHECK).map((c) => [c.id, { enabled: false }]))
  writeFileSync(join(dir, 'guardrail.config.yaml'), stringify({ access: { decisions: 'access-decisions.yaml' }, remediation: { homeRegion: REGION }, checks }))
}

async function scan(dir: string, out: string): Promise<FindingsReport> {
  const r = await runCli(['scan', '--regions', REGION, '--config', 'guardrail.config.yaml', '--output-dir', out, '--fail-on', 'none', '--quiet'], { cwd: dir, env: process.env })
  expect(r.stderr).toBe('')
  return findingsReportSchema.parse(JSON.parse(readFileSync(join(dir, out, 'findings.json'), 'utf8')))
}

const verdicts = (report: FindingsReport) => Object.fromEntries(report.findings.filter((f) => f.checkId === CHECK).map((f) => [f.resource.replace(`arn:aws:iam::${ACCOUNT}:user/`, ''), f.status]))

describe('access review: decisions → scan → plan → install → apply → scan again', () => {
  it('carries out the group removal and the console revocation; access keys stay manual; the rescan passes what was done', async () => {
    const dir = tempDir()
    setUp(dir)
    const before = await scan(dir, 'before')
    expect(verdicts(before)).toEqual({
      alice: 'pass',
      'alice#remove-from-group:Developers': 'fail',
      'alice#disable-console': 'fail',
      'alice#deactivate-access-keys': 'fail',
      bob: 'fail',
    })
    const revoke = before.findings.find((f) => f.resource === `${alice}#disable-console`)!
    expect(revoke.evidence).toMatchObject({ action: 'disable-console', decidedBy: 'jane@example.com', revoke: ['remove-from-group:Developers', 'disable-console', 'deactivate-access-keys'] })
    expect(revoke.frameworks).toEqual({ 'iso27001-2022': ['5.15', '5.18'] })

    const planned = await runCli(['remediate', 'plan', 'before/findings.json', '--include-destructive', '--config', 'guardrail.config.yaml', '-o', 'plan.json', '--quiet'], { cwd: dir, env: process.env })
    expect(planned.code).toBe(0)
    const plan = planSchema.parse(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')))
    expect(plan.actions.map((a) => [a.runbook.name, a.parameters.UserName, a.parameters.GroupName]).sort()).toEqual([
      ['Guardrail-DisableConsoleAccess', ['alice'], undefined],
      ['Guardrail-RemoveUserFromGroup', ['alice'], ['Developers']],
    ])
    expect(plan.manual.map((m) => m.resource).sort()).toEqual([`${alice}#deactivate-access-keys`, `arn:aws:iam::${ACCOUNT}:user/bob`])

    const installed = await runCli(['remediate', 'install', '--plan', 'plan.json', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env })
    expect(installed.code).toBe(0)
    expect(installed.stdout).toMatch(/^CREATED\s+Guardrail-RemoveUserFromGroup in 123456789012 us-east-1/m)
    expect(installed.stdout).toMatch(/^CREATED\s+Guardrail-DisableConsoleAccess in 123456789012 us-east-1/m)

    const applied = await runCli(['remediate', 'apply', 'plan.json', '--yes', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env, deps: { remediation: { pollIntervalMs: 20 } } })
    expect(applied.stderr).toBe('')
    expect(applied.code).toBe(0)
    expect(automation.double.executions.map((e) => [e.documentName, e.status, e.calls]).sort()).toEqual([
      ['Guardrail-DisableConsoleAccess', 'Success', ['sts:AssumeRole', 'iam:DeleteLoginProfile']],
      ['Guardrail-RemoveUserFromGroup', 'Success', ['sts:AssumeRole', 'iam:RemoveUserFromGroup']],
    ])
    // In the emulator: alice left Developers only, and has no console password.
    expect((await iam().send(new ListGroupsForUserCommand({ UserName: 'alice' }))).Groups?.map((g) => g.GroupName)).toEqual(['Ops'])
    await expect(iam().send(new GetLoginProfileCommand({ UserName: 'alice' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' })

    const after = await scan(dir, 'after')
    expect(verdicts(after)).toEqual({
      alice: 'pass',
      'alice#remove-from-group:Developers': 'pass',
      'alice#disable-console': 'pass',
      'alice#deactivate-access-keys': 'fail',
      bob: 'fail',
    })

    // Applying the same plan again starts nothing: the re-check (with the same decisions) sees both done.
    const again = await runCli(['remediate', 'apply', 'plan.json', '--yes', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env, deps: { remediation: { pollIntervalMs: 20 } } })
    expect(again.code).toBe(0)
    expect(again.stdout.match(/^SKIPPED .*no longer fails \(fixed meanwhile\)/gm)).toHaveLength(2)
    expect(automation.double.executions).toHaveLength(2)
  })

  it('a bad decisions file stops the scan before any AWS call: exit 2 naming the file, the entry and the field', async () => {
    const dir = tempDir()
    setUp(dir)
    writeFileSync(join(dir, 'access-decisions.yaml'), 'decisions:\n  - { principal: alice, decision: revoke, reviewer: jane, date: 2026-01-01 }\n')
    const r = await runCli(['scan', '--regions', REGION, '--config', 'guardrail.config.yaml', '--output-dir', 'out', '--quiet'], { cwd: dir, env: process.env })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('access-decisions.yaml is not a valid access decisions file')
    expect(r.stderr).toContain('decisions[0] (entry 1).revoke: required when the decision is revoke')
  })
})
