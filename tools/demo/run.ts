// The demo, end to end: start the AWS emulator, seed the demo organization, run `guardrail scan`
// against it as the management account, and always stop the emulator (also on failure or Ctrl-C:
// the emulator exits when this process's pipe to it closes).
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { emulatorEnv, startEmulator } from '../emulator.js'
import { seedDemoOrganization } from './seed.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

/**
 * The emulator cannot backdate keys or passwords, so the demo evaluates as of 100 days from today:
 * everything it just created then counts as 100 days old and unused, which the age checks report.
 */
function demoAsOf(): string {
  return new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10)
}

/** Only dummy credentials reach the scan: never the user's real AWS environment. */
function demoEnv(endpoint: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')))
  return { ...env, ...emulatorEnv(endpoint) }
}

/** The organization facts no API states: written as the user would write guardrail.config.yaml. */
function writeDemoConfig(outputDir: string, org: Awaited<ReturnType<typeof seedDemoOrganization>>): string {
  const idOf = (name: string) => {
    const account = org.accounts.find((a) => a.name === name)
    if (!account) throw new Error(`demo organization has no account named ${name}`)
    return account.id
  }
  mkdirSync(outputDir, { recursive: true })
  const file = join(outputDir, 'demo.config.yaml')
  writeFileSync(
    file,
    [
      '# Written by the demo: the roles of the demo organization\'s accounts.',
      'organization:',
      `  identityAccounts: ['${idOf('Identity')}']`,
      `  logArchiveAccounts: ['${idOf('Log Archive')}']`,
      `  auditAccounts: ['${idOf('Audit')}']`,
      '  sandboxOus: [Sandbox]',
      '',
    ].join('\n'),
  )
  return file
}

/** Accepted exceptions, as a security team writes them: one active (mutes), one expired (no longer mutes). */
function writeDemoSuppressions(outputDir: string, asOf: string): string {
  const day = (offset: number) => new Date(Date.parse(`${asOf}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10)
  const file = join(outputDir, 'demo.suppressions.yaml')
  writeFileSync(
    file,
    [
      '# Written by the demo: accepted exceptions (see examples/suppressions.yaml for every field).',
      'suppressions:',
      '  - id: sandbox-detection',
      '    checks: [config.recorder, config.delivery-channel, guardduty.enabled]',
      '    ous: [Sandbox]',
      '    reason: Sandbox accounts are wiped weekly; detection for them runs in the Audit account.',
      '    owner: platform-team@example.com',
      `    expires: ${day(90)}`,
      '  - id: identity-owner-tags',
      "    checks: ['iam.user-owner-tag']",
      '    reason: Owner tags were to be added during the IAM clean-up (overdue).',
      '    owner: iam-team@example.com',
      `    expires: ${day(-10)}`,
      '',
    ].join('\n'),
  )
  return file
}

/**
 * Sample attestations, dated around the demo's as-of: a few Annex A controls (one expired) and some of
 * the account-setup checklist's manual items (the rest stay open prompts in the report).
 */
function writeDemoAttestations(outputDir: string, asOf: string): string {
  const day = (offset: number) => new Date(Date.parse(`${asOf}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10)
  const file = join(outputDir, 'demo.attestations.yaml')
  const entry = (control: string, statement: string, by: string, from: number, until: number, evidence: string, framework?: string) =>
    [...(framework !== undefined ? [`  - framework: ${framework}`, `    control: '${control}'`] : [`  - control: '${control}'`]), `    statement: ${statement}`, `    attestedBy: ${by}`, `    date: ${day(from)}`, `    evidence: ${evidence}`, `    validUntil: ${day(until)}`]
  writeFileSync(
    file,
    [
      '# Written by the demo: SAMPLE attestations (see examples/attestations.yaml). Not real evidence.',
      'attestations:',
      ...entry('5.1', 'The information security policy is approved by the board and published.', 'Jane Doe, CISO', -60, 305, 'https://intranet.example.com/isms/infosec-policy.pdf'),
      ...entry('6.3', 'Security awareness training completed by all staff this year.', 'HR Learning & Development', -30, 335, 'isms/evidence/training-completion.xlsx'),
      ...entry('5.24', 'The incident response plan was tested in a table-top exercise.', 'Security Operations', -400, -35, 'isms/evidence/tabletop-report.pdf'),
      ...entry('1.3', 'Security challenge questions are set on every account; answers are in the team vault.', 'Cloud Platform team', -20, 345, 'https://vault.example.com/aws/root-accounts', 'account-setup'),
      ...entry('4.3', 'Billing currency is EUR on the management account.', 'Finance', -20, 345, 'isms/evidence/billing-preferences.png', 'account-setup'),
      ...entry('1.1', 'Contact details of every account reviewed and current.', 'Cloud Platform team', -20, 345, 'isms/evidence/contacts-review.md', 'cis-aws-3.0'),
      '',
    ].join('\n'),
  )
  return file
}

/** Runs node with these arguments, asynchronously (see below), and gives its exit code. */
function runNode(args: string[], env?: NodeJS.ProcessEnv): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', cwd: root, ...(env ? { env } : {}) })
    child.on('error', () => resolve(70))
    child.on('exit', (status) => resolve(status ?? 70))
  })
}

async function main(): Promise<number> {
  // AWS-managed policies, so the demo can attach AdministratorAccess as real accounts do.
  const emulator = await startEmulator({ awsManagedPolicies: true })
  const stop = () => void emulator.stop()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    console.log(`demo: AWS emulator (moto) on ${emulator.endpoint}`)
    const org = await seedDemoOrganization(emulator.endpoint)
    console.log(`demo: seeded organization ${org.organizationId}: management account ${org.managementAccountId}, OUs ${Object.keys(org.ous).join(', ')}`)
    for (const a of org.accounts) console.log(`demo:   member ${a.id} ${JSON.stringify(a.name)} in ${a.ou} (${org.users[a.id]?.length ?? 0} IAM users)`)
    const asOf = demoAsOf()
    const outputDir = join(root, 'guardrail-report')
    const configFile = writeDemoConfig(outputDir, org)
    console.log(`demo: wrote ${configFile} (which account is identity, log archive, audit; which OU is a sandbox)`)
    const suppressionsFile = writeDemoSuppressions(outputDir, asOf)
    console.log(`demo: wrote ${suppressionsFile} (one active exception, one expired)`)
    const attestations = writeDemoAttestations(outputDir, asOf)
    console.log(`demo: wrote ${attestations} (SAMPLE attestations for the control reports; examples/soa.yaml is the sample SoA)`)
    console.log(`demo: scanning the whole organization as of ${asOf} (100 days ahead, so the seeded keys count as old)\n`)

    const args = [join(root, 'bin', 'guardrail.js'), 'scan', '--org', '--config', configFile, '--regions', 'us-east-1,eu-west-1', '--as-of', asOf, '--output-dir', outputDir, '--format', 'html,csv,junit', '--suppressions', suppressionsFile,
      // The control reports (ISO/IEC 27001 Annex A, CIS AWS v3.0.0, the account-setup checklist) from the same run.
      '--isms', 'all', '--attestations', attestations, '--soa', join(root, 'examples', 'soa.yaml'),
      // Who can reach what, from the same snapshot (guardrail-report/access/), linked from report.html.
      '--access']
    // Asynchronously: this process keeps draining the emulator's output while guardrail runs (a
    // blocked event loop would let the emulator's pipe fill up and stall it).
    const code = await runNode(args, demoEnv(emulator.endpoint))
    if (code !== 0 && code !== 1) {
      console.error(`\ndemo: guardrail exited ${code}`)
      return code
    }
    if (code === 1) console.log('\ndemo: guardrail exited 1 — failing findings at or above --fail-on (default high), as the demo organization intends.')
    // The remediation plan for the same findings: written and printed for review, nothing changed
    // (apply needs SSM Automation, which the emulator lacks; the tests run it against a double).
    const planArgs = [join(root, 'bin', 'guardrail.js'), 'remediate', 'plan', join(outputDir, 'findings.json'), '--config', configFile, '--quiet']
    const planned = await runNode(planArgs)
    if (planned !== 0) {
      console.error(`demo: guardrail remediate plan exited ${planned}`)
      return planned
    }
    console.log(`demo: wrote ${join(outputDir, 'remediation-plan.json')} (review it with: node bin/guardrail.js remediate plan ${join(outputDir, 'findings.json')} --config ${configFile})`)
    // The access review sheet a manager fills in, from the access map the scan wrote.
    const reviewed = await runNode([join(root, 'bin', 'guardrail.js'), 'access', 'review', join(outputDir, 'access', 'access-map.json'), '--out', join(outputDir, 'access', 'access-review.csv')])
    if (reviewed !== 0) {
      console.error(`demo: guardrail access review exited ${reviewed}`)
      return reviewed
    }
    console.log(`demo: open ${join(outputDir, 'report.html')} (findings), ${join(outputDir, 'isms.html')} (the ISO/IEC 27001 control report) and ${join(outputDir, 'access', 'access.html')} (who can reach what)`)
    return 0
  } finally {
    await emulator.stop()
    console.log('demo: emulator stopped')
  }
}

process.exitCode = await main()
