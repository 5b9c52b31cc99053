// The access review's revoke decisions end to end against the emulator: decisions file named in the
// config → scan (iam.access-reviewed fails per action still present) → remediate plan → install →
// apply (guardrail runbooks run by the Automation double against moto's IAM) → scan again. Then
// Guardrail-DeactivateAccessKeys on its own, through the double, for every way a user's two key slots
// can be filled, and with UpdateAccessKey denied.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AddUserToGroupCommand, CreateAccessKeyCommand, CreateGroupCommand, CreateLoginProfileCommand, CreateRoleCommand, CreateUserCommand, GetLoginProfileCommand, IAMClient, ListAccessKeysCommand, ListGroupsForUserCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam'
import { StartAutomationExecutionCommand } from '@aws-sdk/client-ssm'
import { beforeEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { automationClient } from '../../src/remediate/automation-client.js'
import { installRunbook } from '../../src/remediate/install.js'
import { planSchema } from '../../src/remediate/plan-schema.js'
import { loadOwnRunbooks } from '../../src/remediate/runbooks.js'
import { findingsReportSchema, type FindingsReport } from '../../src/report/schema.js'
import { automationDouble } from '../../tools/automation-double.js'
import { startFaultProxy } from '../../tools/fault-proxy.js'
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
  // alice: in Developers and Ops, with a console password and two active access keys; bob: nothing decided.
  const client = iam()
  await client.send(new CreateRoleCommand({ RoleName: 'GuardrailRemediation', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }))
  for (const group of ['Developers', 'Ops']) await client.send(new CreateGroupCommand({ GroupName: group }))
  await client.send(new CreateUserCommand({ UserName: 'alice' }))
  await client.send(new CreateUserCommand({ UserName: 'bob' }))
  for (const group of ['Developers', 'Ops']) await client.send(new AddUserToGroupCommand({ GroupName: group, UserName: 'alice' }))
  await client.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-Battery-1' }))
  for (let i = 0; i < 2; i++) await client.send(new CreateAccessKeyCommand({ UserName: 'alice' }))
})

const keysOf = async (userName: string) => ((await iam().send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? []).map((k) => [k.AccessKeyId, k.Status])

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
  it('carries out the group removal, the console revocation and the key deactivation; the rescan passes all three', async () => {
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
      ['Guardrail-DeactivateAccessKeys', ['alice'], undefined],
      ['Guardrail-DisableConsoleAccess', ['alice'], undefined],
      ['Guardrail-RemoveUserFromGroup', ['alice'], ['Developers']],
    ])
    expect(plan.manual.map((m) => m.resource)).toEqual([`arn:aws:iam::${ACCOUNT}:user/bob`])

    const installed = await runCli(['remediate', 'install', '--plan', 'plan.json', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env })
    expect(installed.code).toBe(0)
    expect(installed.stdout).toMatch(/^CREATED\s+Guardrail-RemoveUserFromGroup in 123456789012 us-east-1/m)
    expect(installed.stdout).toMatch(/^CREATED\s+Guardrail-DisableConsoleAccess in 123456789012 us-east-1/m)
    expect(installed.stdout).toMatch(/^CREATED\s+Guardrail-DeactivateAccessKeys in 123456789012 us-east-1/m)
    const keys = await keysOf('alice')
    expect(keys.map(([, status]) => status)).toEqual(['Active', 'Active'])

    const applied = await runCli(['remediate', 'apply', 'plan.json', '--yes', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env, deps: { remediation: { pollIntervalMs: 20 } } })
    expect(applied.stderr).toBe('')
    expect(applied.code).toBe(0)
    expect(automation.double.executions.map((e) => [e.documentName, e.status, e.calls]).sort()).toEqual([
      ['Guardrail-DeactivateAccessKeys', 'Success', ['sts:AssumeRole', 'iam:ListAccessKeys', 'iam:UpdateAccessKey', 'iam:UpdateAccessKey', 'iam:ListAccessKeys']],
      ['Guardrail-DisableConsoleAccess', 'Success', ['sts:AssumeRole', 'iam:DeleteLoginProfile']],
      ['Guardrail-RemoveUserFromGroup', 'Success', ['sts:AssumeRole', 'iam:RemoveUserFromGroup']],
    ])
    const deactivation = automation.double.executions.find((e) => e.documentName === 'Guardrail-DeactivateAccessKeys')!
    expect(deactivation.outputs).toMatchObject({ 'ListAccessKeys.FirstKeyId': [keys[0]![0]], 'ListAccessKeys.SecondKeyId': [keys[1]![0]], 'ListAccessKeysAfter.FirstKeyStatus': ['Inactive'], 'ListAccessKeysAfter.SecondKeyStatus': ['Inactive'] })
    // In the emulator: alice left Developers only, has no console password, and both keys are kept but inactive.
    expect((await iam().send(new ListGroupsForUserCommand({ UserName: 'alice' }))).Groups?.map((g) => g.GroupName)).toEqual(['Ops'])
    await expect(iam().send(new GetLoginProfileCommand({ UserName: 'alice' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' })
    expect(await keysOf('alice')).toEqual(keys.map(([id]) => [id, 'Inactive']))

    const after = await scan(dir, 'after')
    expect(verdicts(after)).toEqual({
      alice: 'pass',
      'alice#remove-from-group:Developers': 'pass',
      'alice#disable-console': 'pass',
      'alice#deactivate-access-keys': 'pass',
      bob: 'fail',
    })

    // Applying the same plan again starts nothing: the re-check (with the same decisions) sees all three done.
    const again = await runCli(['remediate', 'apply', 'plan.json', '--yes', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env, deps: { remediation: { pollIntervalMs: 20 } } })
    expect(again.code).toBe(0)
    expect(again.stdout.match(/^SKIPPED .*no longer fails \(fixed meanwhile\)/gm)).toHaveLength(3)
    expect(automation.double.executions).toHaveLength(3)
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

describe('Guardrail-DeactivateAccessKeys through the Automation double', () => {
  const ROLE = `arn:aws:iam::${ACCOUNT}:role/GuardrailRemediation`
  const runbook = loadOwnRunbooks().find((r) => r.name === 'Guardrail-DeactivateAccessKeys')!
  const ssm = () => automationClient({ region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } })

  /** carol with one key per entry, each left in the given status (in creation order, as ListAccessKeys lists them). */
  async function carolWith(statuses: ('Active' | 'Inactive')[]): Promise<string[]> {
    await iam().send(new CreateUserCommand({ UserName: 'carol' }))
    const ids: string[] = []
    for (const status of statuses) {
      const id = (await iam().send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!.AccessKeyId!
      if (status === 'Inactive') await iam().send(new UpdateAccessKeyCommand({ UserName: 'carol', AccessKeyId: id, Status: 'Inactive' }))
      ids.push(id)
    }
    return ids
  }

  async function deactivate(userName: string, name = runbook.name) {
    await ssm().send(new StartAutomationExecutionCommand({ DocumentName: name, Parameters: { UserName: [userName], AutomationAssumeRole: [ROLE] } }))
    await automation.double.idle()
    return automation.double.executions.at(-1)!
  }

  it.each([
    ['no key', [], []],
    ['one active key', ['Active'], ['first']],
    ['one inactive key', ['Inactive'], []],
    ['an inactive, then an active key', ['Inactive', 'Active'], ['second']],
    ['an active, then an inactive key', ['Active', 'Inactive'], ['first']],
    ['two inactive keys', ['Inactive', 'Inactive'], []],
  ] as const)('a user with %s: succeeds, deactivates only the active slots, leaves no key active', async (_case, statuses, deactivated) => {
    expect(await installRunbook(ssm(), runbook)).toMatchObject({ outcome: 'created' })
    const ids = await carolWith([...statuses])
    const execution = await deactivate('carol')
    expect([execution.status, execution.failureMessage]).toEqual(['Success', undefined])
    expect(execution.calls).toEqual(['sts:AssumeRole', 'iam:ListAccessKeys', ...deactivated.map(() => 'iam:UpdateAccessKey'), 'iam:ListAccessKeys'])
    // An empty slot has no output at all (its Selector matched nothing); the key id is read only for an active slot.
    const slots = ['First', 'Second'] as const
    slots.forEach((slot, i) => expect(execution.outputs[`ListAccessKeys.${slot}KeyStatus`]).toEqual(statuses[i] === undefined ? undefined : [statuses[i]]))
    expect(await keysOf('carol')).toEqual(ids.map((id) => [id, 'Inactive']))
  })

  it('an UpdateAccessKey that is denied fails the execution with AWS\'s error, and the key stays active', async () => {
    // A double whose calls to the emulator pass a fault proxy that denies UpdateAccessKey.
    const denying = await startFaultProxy({ target: emulator.endpoint })
    try {
      denying.setRules([{ service: 'iam', action: 'UpdateAccessKey', status: 403, code: 'AccessDenied', message: `User: ${ROLE} is not authorized to perform: iam:UpdateAccessKey` }])
      const double = automationDouble({ emulator: denying.endpoint })
      expect(await installRunbook(ssm(), runbook)).toMatchObject({ outcome: 'created' })
      const [id] = await carolWith(['Active'])
      const started = double.script({ method: 'POST', path: '/', service: 'ssm', action: 'StartAutomationExecution', region: REGION, accessKeyId: 'testing' }, JSON.stringify({ DocumentName: runbook.name, Parameters: { UserName: ['carol'], AutomationAssumeRole: [ROLE] } }))
      expect(started?.status).toBe(200)
      await double.idle()
      const [execution] = double.executions
      expect(execution!.status).toBe('Failed')
      expect(execution!.failureMessage).toMatch(/\(AccessDenied\): User: .* is not authorized to perform: iam:UpdateAccessKey/)
      // It stopped at the failing step: no later step ran.
      expect(execution!.calls).toEqual(['sts:AssumeRole', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'])
      expect(denying.stats.injected).toEqual([1])
      expect(await keysOf('carol')).toEqual([[id, 'Active']])
    } finally {
      await denying.stop()
    }
  })

  it('the double is honest about what it runs: an unguarded reference to an absent output fails, an unsupported option is refused', async () => {
    await carolWith([])
    // UpdateAccessKey on the first slot's key id with no aws:branch before it: for a user with no key.
    const unguarded = stringify({
      schemaVersion: '0.3',
      assumeRole: '{{ AutomationAssumeRole }}',
      parameters: { AutomationAssumeRole: { type: 'String' }, UserName: { type: 'String' } },
      mainSteps: [
        { name: 'ListAccessKeys', action: 'aws:executeAwsApi', inputs: { Service: 'iam', Api: 'ListAccessKeys', UserName: '{{ UserName }}' }, outputs: [{ Name: 'FirstKeyId', Selector: '$.AccessKeyMetadata[0].AccessKeyId', Type: 'String' }] },
        { name: 'DeactivateFirstKey', action: 'aws:executeAwsApi', inputs: { Service: 'iam', Api: 'UpdateAccessKey', UserName: '{{ UserName }}', AccessKeyId: '{{ ListAccessKeys.FirstKeyId }}', Status: 'Inactive' }, isEnd: true },
      ],
    })
    expect(await installRunbook(ssm(), { name: 'Guardrail-Unguarded', content: unguarded })).toMatchObject({ outcome: 'created' })
    const failed = await deactivate('carol', 'Guardrail-Unguarded')
    expect(failed.status).toBe('Failed')
    expect(failed.failureMessage).toContain('{{ ListAccessKeys.FirstKeyId }} has no value: step ListAccessKeys produced no output FirstKeyId')
    expect(failed.calls).toEqual(['sts:AssumeRole', 'iam:ListAccessKeys'])

    const lenient = runbook.content.replace('    nextStep: IsSecondKeyActive\n', '    nextStep: IsSecondKeyActive\n    onFailure: Continue\n')
    expect(lenient).toContain('onFailure: Continue')
    expect(await installRunbook(ssm(), { name: 'Guardrail-Lenient', content: lenient })).toMatchObject({ outcome: 'created' })
    const refused = await deactivate('carol', 'Guardrail-Lenient')
    expect(refused.status).toBe('Failed')
    expect(refused.failureMessage).toContain('step DeactivateFirstKey: the double does not run onFailure')
  })
})
