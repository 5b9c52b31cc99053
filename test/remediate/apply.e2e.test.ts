// Remediation end to end against the emulator: scan → plan → apply → scan again. Moto has no SSM
// Automation, so the Automation API is answered by the test double in tools/automation-double.ts at
// the HTTP boundary (through the fault proxy); everything the runbooks change is changed in moto
// through the real APIs, and the second scan reads it back through the collectors.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail'
import { CreateRoleCommand, IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam'
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { DEFAULT_REMEDIATION_SETTINGS } from '../../src/config/schema.js'
import { automationClient } from '../../src/remediate/automation-client.js'
import { installedRunbookContent, installRunbook } from '../../src/remediate/install.js'
import { buildPlan } from '../../src/remediate/plan.js'
import { loadOwnRunbooks } from '../../src/remediate/runbooks.js'
import { planSchema, type Plan } from '../../src/remediate/plan-schema.js'
import { findingsReportSchema, type FindingsReport } from '../../src/report/schema.js'
import { runCli, tempDir } from '../cli/helpers.js'
import { useAutomationDouble } from '../support/automation.js'
import { useEmulator } from '../support/emulator.js'

const emulator = useEmulator()
const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const CHECKS = ['iam.password-policy', 'cloudtrail.log-validation', 'kms.key-rotation', 'org.security-contact']
const automation = useAutomationDouble(emulator)

beforeEach(async () => {  // An account that fails the four checks: weak password policy, a trail without log validation,
  // a KMS key without rotation, no security contact.
  const config = { endpoint: emulator.endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } }
  await new IAMClient(config).send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8 }))
  await new IAMClient(config).send(new CreateRoleCommand({ RoleName: 'GuardrailRemediation', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }))
  await new S3Client({ ...config, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'trail-logs' }))
  await new CloudTrailClient(config).send(new CreateTrailCommand({ Name: 'main', S3BucketName: 'trail-logs', IsMultiRegionTrail: true }))
  await new KMSClient(config).send(new CreateKeyCommand({ Description: 'app data' }))
})

function configFile(dir: string, extra: Record<string, unknown> = {}): string {
  const checks = Object.fromEntries(ALL_CHECKS.filter((c) => !CHECKS.includes(c.id)).map((c) => [c.id, { enabled: false }]))
  const file = join(dir, 'guardrail.config.yaml')
  writeFileSync(file, stringify({ remediation: { homeRegion: REGION, securityContact: { name: 'Security team', title: 'Security', emailAddress: 'security@example.com', phoneNumber: '+1 555 0100' }, ...extra }, checks }))
  return file
}

async function scan(dir: string, out: string): Promise<FindingsReport> {
  const r = await runCli(['scan', '--regions', REGION, '--config', 'guardrail.config.yaml', '--output-dir', out, '--fail-on', 'none', '--quiet'], { cwd: dir, env: process.env })
  expect(r.stderr).toBe('')
  return findingsReportSchema.parse(JSON.parse(readFileSync(join(dir, out, 'findings.json'), 'utf8')))
}

const statusOf = (report: FindingsReport, checkId: string) => report.findings.filter((f) => f.checkId === checkId).map((f) => f.status)
const auditLines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)

async function planned(dir: string): Promise<Plan> {
  configFile(dir)
  await scan(dir, 'before')
  const r = await runCli(['remediate', 'plan', 'before/findings.json', '--config', 'guardrail.config.yaml', '-o', 'plan.json', '--quiet'], { cwd: dir, env: process.env })
  expect(r.code).toBe(0)
  return planSchema.parse(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')))
}

describe('remediate: scan → plan → install → apply → scan again', () => {
  it('fixes the four findings; a guardrail runbook runs only once installed; a finding fixed meanwhile is skipped; the audit log has a line per action', async () => {
    const dir = tempDir()
    const plan = await planned(dir)
    expect(plan.actions.map((a) => a.checkId).sort()).toEqual([...CHECKS].sort())
    const apply = () => runCli(['remediate', 'apply', 'plan.json', '--yes', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env, deps: { remediation: { pollIntervalMs: 20 } } })

    // 1. Before install: the AWS-managed runbooks run; guardrail's own is refused until installed.
    const first = await apply()
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/SKIPPED\s+Guardrail-SetSecurityAlternateContact .*not installed.*remediate install --plan/)
    expect(automation.double.executions.map((e) => [e.documentName, e.status]).sort()).toEqual([
      ['AWSConfigRemediation-EnableCloudTrailLogFileValidation', 'Success'],
      ['AWSConfigRemediation-EnableKeyRotation', 'Success'],
      ['AWSConfigRemediation-SetIAMPasswordPolicy', 'Success'],
    ])
    // Executions ran as the remediation role, with the plan's strong parameters.
    const pw = automation.double.executions.find((e) => e.documentName === 'AWSConfigRemediation-SetIAMPasswordPolicy')!
    expect(pw.parameters).toMatchObject({ MinimumPasswordLength: ['14'], PasswordReusePrevention: ['24'], AutomationAssumeRole: [`arn:aws:iam::${ACCOUNT}:role/GuardrailRemediation`] })
    expect(pw.calls).toEqual(['sts:AssumeRole', 'iam:UpdateAccountPasswordPolicy'])

    // 2. install --plan: created once, unchanged after.
    const installed = await runCli(['remediate', 'install', '--plan', 'plan.json', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env })
    expect(installed.stdout).toMatch(/^CREATED\s+Guardrail-SetSecurityAlternateContact in 123456789012 us-east-1/m)
    expect(installed.code).toBe(0)
    const again = await runCli(['remediate', 'install', '--plan', 'plan.json', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env })
    expect(again.stdout).toMatch(/^UNCHANGED\s+Guardrail-SetSecurityAlternateContact/m)

    // 3. Apply again: the three fixed findings no longer fail and are skipped; the contact is set.
    const second = await apply()
    expect(second.code).toBe(0)
    expect(second.stdout.match(/^SKIPPED .*no longer fails \(fixed meanwhile\)/gm)).toHaveLength(3)
    const contact = automation.double.executions.find((e) => e.documentName === 'Guardrail-SetSecurityAlternateContact')!
    expect([contact.status, contact.calls]).toEqual(['Success', ['sts:AssumeRole', 'account:PutAlternateContact']])

    // 4. Scan again: every planned finding passes.
    const after = await scan(dir, 'after')
    for (const id of CHECKS) expect(statusOf(after, id), id).not.toContain('fail')
    for (const id of CHECKS) expect(statusOf(after, id), id).toContain('pass')

    const lines = auditLines(join(dir, 'remediation-audit.jsonl'))
    expect(lines.filter((l) => l.event === 'action')).toHaveLength(2 * plan.actions.length)
    expect(lines.filter((l) => l.event === 'apply-started')).toHaveLength(2)
    for (const l of lines) expect(l).toMatchObject({ operator: expect.stringMatching(/^arn:aws:/), planHash: plan.hash })
    const log = readFileSync(join(dir, 'remediation-audit.jsonl'), 'utf8')
    expect(log).not.toMatch(/testing|SecretAccessKey|secretAccessKey/)
  })

  it('an execution that fails: exit 1 naming it, the failure in the audit log', async () => {
    const dir = tempDir()
    await planned(dir)
    automation.double.failNext('AWSConfigRemediation-EnableKeyRotation', 'KMS said no')
    const r = await runCli(['remediate', 'apply', 'plan.json', '--yes', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env, deps: { remediation: { pollIntervalMs: 20 } } })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/failed: AWSConfigRemediation-EnableKeyRotation in 123456789012 us-east-1 \(kms\.key-rotation\): Failed: .*KMS said no/)
    const failed = auditLines(join(dir, 'remediation-audit.jsonl')).find((l) => l.event === 'action' && l.outcome === 'failed')
    expect(failed).toMatchObject({ checkId: 'kms.key-rotation', executionId: expect.any(String) })
  })

  it('AccessDenied on the remediation role in a member account: that action fails, nothing starts there', async () => {
    const dir = tempDir()
    configFile(dir)
    const member = '222222222222'
    const report = await scan(dir, 'before')
    const finding = report.findings.find((f) => f.checkId === 'iam.password-policy' && f.status === 'fail')!
    const moved = { ...report, findings: [{ ...finding, accountId: member, resource: `arn:aws:iam::${member}:root` }] }
    const plan = buildPlan({
      findings: moved,
      source: { findings: 'before/findings.json', findingsSha256: '0'.repeat(64), asOf: report.run.asOf, regions: [REGION] },
      selection: { includeDestructive: false },
      settings: { ...DEFAULT_REMEDIATION_SETTINGS, passwordPolicy: { minimumLength: 14, reusePrevention: 24 } },
      lookups: { iamUserId: () => undefined },
      checks: new Map(ALL_CHECKS.map((c) => [c.id, { remediationId: c.remediationId, remediation: c.remediation }])),
      tool: { name: 'guardrail', version: 'test' },
      now: new Date(),
    })
    writeFileSync(join(dir, 'member-plan.json'), JSON.stringify(plan))
    automation.proxy.setRules([{ service: 'sts', action: 'AssumeRole', assumeRoleAccount: member, status: 403, code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole' }])
    const r = await runCli(['remediate', 'apply', 'member-plan.json', '--yes', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env, deps: { remediation: { pollIntervalMs: 20 } } })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/failed: AWSConfigRemediation-SetIAMPasswordPolicy in 222222222222 us-east-1 .*cannot enter account 222222222222 with the remediation role: AccessDenied/)
    expect(automation.double.executions).toEqual([])
  })

  it('Ctrl-C during apply: nothing more starts, the running execution is reported in flight, exit 130', async () => {
    const dir = tempDir()
    await planned(dir)
    writeFileSync(join(dir, 'guardrail.config.yaml'), readFileSync(join(dir, 'guardrail.config.yaml'), 'utf8').replace('remediation:', 'remediation:\n  concurrency: 1'))
    automation.double.hold()
    const interrupt = new AbortController()
    const watcher = setInterval(() => {
      if (automation.double.executions.length > 0) {
        interrupt.abort()
        clearInterval(watcher)
      }
    }, 5)
    const r = await runCli(['remediate', 'apply', 'plan.json', '--yes', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env, deps: { remediation: { pollIntervalMs: 20, interrupt: interrupt.signal } } })
    clearInterval(watcher)
    automation.double.release()
    await automation.double.idle()
    expect(r.code).toBe(130)
    expect(automation.double.executions).toHaveLength(1)
    expect(r.stderr).toContain(`still running: execution ${automation.double.executions[0]!.id}`)
    const actions = auditLines(join(dir, 'remediation-audit.jsonl')).filter((l) => l.event === 'action')
    expect(actions.map((l) => l.outcome).sort()).toEqual(['in-flight', 'not-started', 'not-started', 'not-started'])
  })
})

describe('remediate install', () => {
  it('creates, leaves unchanged content alone, and makes changed content a new default version', async () => {
    const ssm = automationClient({ region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } })
    const [runbook] = loadOwnRunbooks()
    expect(await installRunbook(ssm, runbook!)).toMatchObject({ outcome: 'created', version: '1' })
    expect(await installRunbook(ssm, runbook!)).toEqual({ outcome: 'unchanged' })
    const changed = { ...runbook!, content: runbook!.content.replace('guardrail runbook.', 'guardrail runbook (v2).') }
    expect(await installRunbook(ssm, changed)).toEqual({ outcome: 'updated', version: '2' })
    expect(await installRunbook(ssm, changed)).toEqual({ outcome: 'unchanged' })
    expect(await installedRunbookContent(ssm, runbook!.name)).toBe(changed.content)
  })
})

describe('remediate apply refuses what was not reviewed', () => {
  it.each([
    ['a modified plan', (p: Plan) => ({ ...p, actions: p.actions.map((a) => ({ ...a, parameters: { ...a.parameters, MinimumPasswordLength: ['6'] } })) }), [], 'PlanModified', /was changed after it was made/],
    ['a stale plan', (p: Plan) => p, ['--max-age-hours', '0.0000001'], 'PlanStale', /plans older than 1e-7 hours are not applied|are not applied/],
    ['not a plan', () => ({ hello: 'world' }), [], 'InvalidPlan', /is not a guardrail remediation plan/],
  ] as const)('%s: exit 2, nothing started, no audit log', async (_name, change, flags, code, message) => {
    const dir = tempDir()
    const plan = await planned(dir)
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(change(plan)))
    const r = await runCli(['remediate', 'apply', 'plan.json', '--yes', '--config', 'guardrail.config.yaml', ...flags], { cwd: dir, env: process.env })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).toContain(code === 'InvalidPlan' ? 'remediate plan' : 'plan')
    expect(automation.double.executions).toEqual([])
    expect(existsSync(join(dir, 'remediation-audit.jsonl'))).toBe(false)
  })

  it('asks for confirmation: declined, nothing starts; not on a terminal and no --yes, exit 2', async () => {
    const dir = tempDir()
    await planned(dir)
    const questions: string[] = []
    const declined = await runCli(['remediate', 'apply', 'plan.json', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env, deps: { remediation: { confirm: async (q) => (questions.push(q), false) } } })
    expect(declined.code).toBe(0)
    expect(questions[0]).toMatch(/^Apply 4 action\(s\) of plan [0-9a-f]{12} to 1 account\(s\)\? Type "apply" to go on: $/)
    expect(declined.stdout).toContain('Not applied: nothing changed.')
    const noTty = await runCli(['remediate', 'apply', 'plan.json', '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env })
    expect(noTty.code).toBe(2)
    expect(noTty.stderr).toMatch(/not a terminal/)
    expect(automation.double.executions).toEqual([])
  })
})
