// guardrail remediate plan through the CLI: from evaluate's findings and the snapshot to a plan file
// that validates, whose hash holds, printed for review; nothing written on bad input.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { planHash } from '../../src/remediate/plan.js'
import { planSchema } from '../../src/remediate/plan-schema.js'
import { account, iamUser } from '../support/builders.js'
import { runCli, tempDir, writeJson } from './helpers.js'

async function evaluated(): Promise<string> {
  const dir = tempDir()
  writeJson(
    dir,
    'snap.json',
    account({
      users: [{ name: 'alice', password: true, mfa: true, groups: [], attachedPolicies: [{ name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }],
      passwordPolicy: { kind: 'ok', value: null },
    }),
  )
  const r = await runCli(['evaluate', 'snap.json', '--output-dir', 'out', '--fail-on', 'none', '--quiet'], { cwd: dir })
  expect(r.code).toBe(0)
  return dir
}

describe('guardrail remediate plan', () => {
  it('writes a valid, hashed plan beside the findings and prints it for review; nothing changes', async () => {
    const dir = await evaluated()
    const r = await runCli(['remediate', 'plan', 'out/findings.json', '--snapshot', 'snap.json', '--include-destructive'], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const plan = planSchema.parse(JSON.parse(readFileSync(join(dir, 'out', 'remediation-plan.json'), 'utf8')))
    expect(planHash(plan)).toBe(plan.hash)
    const byCheck = new Map(plan.actions.map((a) => [a.checkId, a]))
    expect(byCheck.get('iam.password-policy')).toMatchObject({ runbook: { name: 'AWSConfigRemediation-SetIAMPasswordPolicy', owner: 'aws' }, destructive: false, parameters: { MinimumPasswordLength: ['14'], PasswordReusePrevention: ['24'] } })
    // The user's id comes from the snapshot; the fix is destructive and marked so.
    expect(byCheck.get('iam.user-policies-via-groups')).toMatchObject({ destructive: true, parameters: { IAMUserID: [iamUser({ name: 'alice' }).id] } })
    expect(plan.manual.every((m) => m.fix.length > 0)).toBe(true)
    expect(r.stdout).toMatch(/^Remediation plan [0-9a-f]{12} — \d+ actions in 1 account/)
    expect(r.stdout).toContain('[DESTRUCTIVE] AWSConfigRemediation-RemoveUserPolicies')
    expect(r.stdout).toContain('Nothing has changed. Review it, then: guardrail remediate apply out/remediation-plan.json')
  })

  it('without the snapshot, IAM user fixes are manual and say why', async () => {
    const dir = await evaluated()
    const r = await runCli(['remediate', 'plan', 'out/findings.json', '--include-destructive', '-o', 'p.json', '--quiet'], { cwd: dir })
    expect(r.code).toBe(0)
    const plan = planSchema.parse(JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8')))
    expect(plan.manual.find((m) => m.checkId === 'iam.user-policies-via-groups')?.reason).toMatch(/--snapshot/)
  })

  it.each([
    [['--accounts', '12345'], /--accounts/, /12-digit/],
    [['--regions', 'mars-1'], /--regions/, /global/],
    [['--snapshot', 'nope.json'], /Cannot read snapshot file/, /--snapshot/],
    [['--config', 'nope.yaml'], /nope\.yaml/, /./],
  ])('bad input %j: exit 2, no plan written', async (args, message, hint) => {
    const dir = await evaluated()
    const r = await runCli(['remediate', 'plan', 'out/findings.json', ...args], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).toMatch(hint)
    expect(existsSync(join(dir, 'out', 'remediation-plan.json'))).toBe(false)
  })
})
