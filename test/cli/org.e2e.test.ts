// guardrail scan --org / collect --org / merge through the CLI, against the emulator seeded with
// the demo organization (management account + 5 members in nested OUs, SCPs at root and OU level).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { findingsReportSchema, type FindingsReport } from '../../src/report/schema.js'
import { shardOf } from '../../src/orchestrate/shard.js'
import { HOSTILE, seedDemoOrganization, type DemoOrganization } from '../../tools/demo/seed.js'
import { launchChromium, openReport } from '../report/html/support/browser.js'
import { useEmulator } from '../support/emulator.js'
import { emulatorEnv } from '../../tools/emulator.js'
import { runCli, tempDir } from './helpers.js'
import { accessMapSchema, type AccessMap } from '../../src/access/map-schema.js'
import { DEMO_DEVELOPER_ROLE, DEMO_DEVELOPERS_GROUP } from '../../tools/demo/access.js'
import { IAMClient, RemoveUserFromGroupCommand } from '@aws-sdk/client-iam'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'

const emulator = useEmulator({ awsManagedPolicies: true, resetBeforeEach: false })
const AS_OF = '2030-01-01'
const saved = { ...process.env }
let org: DemoOrganization
let configFile: string

beforeAll(async () => {
  Object.assign(process.env, emulatorEnv(emulator.endpoint))
  delete process.env.AWS_PROFILE
  org = await seedDemoOrganization(emulator.endpoint)
  const id = (name: string) => org.accounts.find((a) => a.name === name)!.id
  configFile = join(tempDir(), 'guardrail.config.yaml')
  writeFileSync(
    configFile,
    `organization:\n  identityAccounts: ['${id('Identity')}']\n  logArchiveAccounts: ['${id('Log Archive')}']\n  auditAccounts: ['${id('Audit')}']\n  sandboxOus: [Sandbox]\n`,
  )
}, 180_000)
beforeEach(() => {
  process.env.AWS_ENDPOINT_URL = emulator.endpoint
})
afterAll(() => {
  process.env = saved
})

const readReport = (file: string): FindingsReport => findingsReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
const scanArgs = () => ['--org', '--config', configFile, '--regions', 'us-east-1', '--as-of', AS_OF, '--quiet']

describe('guardrail scan --org', () => {
  let dir: string
  let report: FindingsReport
  beforeAll(async () => {
    dir = tempDir()
    const r = await runCli(['scan', ...scanArgs(), '--fail-on', 'high', '--format', 'html,csv,junit,ocsf,asff', '--isms', 'all'], { cwd: dir })
    expect(r.stderr).not.toContain('error:')
    // The demo organization has high-severity failures by design.
    expect(r.code).toBe(1)
    report = readReport(join(dir, 'guardrail-report', 'findings.json'))
  }, 180_000)

  it('logging and detection: a member covered only by the organization trail passes, naming the trail and its account; the demo mix shows', () => {
    const idOf = (name: string) => org.accounts.find((a) => a.name.startsWith(name))!.id
    const mgmt = org.managementAccountId
    const sandbox = idOf('Sandbox')
    const payments = idOf('Prod Payments')
    const find = (checkId: string, accountId: string, region = 'global') => report.findings.filter((f) => f.checkId === checkId && f.accountId === accountId && f.region === region)
    const statuses = (checkId: string, accountId: string, region?: string) => find(checkId, accountId, region).map((f) => f.status)

    // The sandbox has no trail of its own: the organization trail of the management account covers it.
    const [covered] = find('cloudtrail.multi-region', sandbox)
    expect(covered?.status).toBe('pass')
    expect(covered?.message).toContain('org-trail')
    const trails = (covered?.evidence as { trails: { trailAccount: string; via: string; trail: string }[] }).trails
    expect(trails).toContainEqual(expect.objectContaining({ trail: 'org-trail', trailAccount: mgmt, via: 'organization' }))
    // Payments' own trail exists but never logged; the organization trail still covers the account,
    // and the own trail is judged on its own (no validation, not in the log archive).
    expect(statuses('cloudtrail.multi-region', payments)).toEqual(['pass'])
    const ownTrail = find('cloudtrail.log-validation', payments).find((f) => f.resource.endsWith(':trail/payments-app'))
    expect(ownTrail?.status).toBe('fail')
    expect(find('cloudtrail.log-archive', payments).map((f) => [f.resource.split('/').pop(), f.status]).sort()).toEqual([
      ['org-trail', 'pass'],
      ['payments-app', 'fail'],
    ])

    // CIS 4.x on the organization trail's log group: a rewritten pattern passes, a filter without an
    // alarm and an alarm nobody is subscribed to fail, and so does an event with no filter at all.
    expect(statuses('cloudwatch.alarm-root-usage', sandbox)).toEqual(['pass'])
    expect(find('cloudwatch.alarm-unauthorized-api-calls', sandbox)[0]?.message).toMatch(/no alarm/)
    expect(find('cloudwatch.alarm-console-signin-without-mfa', sandbox)[0]?.message).toMatch(/subscri/i)
    expect(statuses('cloudwatch.alarm-vpc-changes', sandbox)).toEqual(['fail'])

    // Detection per region: on where the demo turned it on, a failure (never an error) elsewhere.
    expect(statuses('config.recorder', payments, 'us-east-1')).toEqual(['pass'])
    expect(statuses('config.recorder', sandbox, 'us-east-1')).toEqual(['fail'])
    expect(statuses('guardduty.enabled', payments, 'us-east-1')).toEqual(['pass'])
    expect(statuses('guardduty.enabled', sandbox, 'us-east-1')).toEqual(['fail'])
    expect(statuses('securityhub.enabled', idOf('Audit'), 'us-east-1')).toEqual(['pass'])
    expect(statuses('securityhub.enabled', sandbox, 'us-east-1')).toEqual(['fail'])
    expect(report.findings.filter((f) => f.checkId === 'config.aggregator').map((f) => f.status)).toEqual(['pass'])
    expect(statuses('s3.account-public-access-block', payments)).toEqual(['pass'])
    expect(statuses('s3.account-public-access-block', sandbox)).toEqual(['fail'])
    expect(find('kms.key-rotation', payments, 'us-east-1').map((f) => f.status)).toContain('fail')
    expect(find('kms.key-rotation', mgmt, 'us-east-1').map((f) => f.status)).toContain('pass')
    // Session Manager at home in payments: logged and encrypted, Run As, timeouts, sudo alarm.
    for (const id of ['ssm.session-logging', 'ssm.session-run-as', 'ssm.session-timeouts', 'ssm.sudo-alert']) expect(statuses(id, payments, 'us-east-1'), id).toEqual(['pass'])
    // What the emulator lacks is an error that says so, never a verdict.
    expect(new Set(report.findings.filter((f) => f.checkId === 'iam.access-analyzer').map((f) => `${f.status}:${f.errorCode}`))).toEqual(new Set(['error:NotImplementedByEmulator']))
  })

  it('--isms all: the three control reports from the same scan, the snapshot in their manifest, verify clean', async () => {
    const out = (f: string) => join(dir, 'guardrail-report', f)
    const controls = (f: string) => (JSON.parse(readFileSync(out(f), 'utf8')) as { controls: { id: string; status: string; evidence: { fail: number } }[] }).controls
    expect([controls('isms.json').length, controls('isms-cis-aws-3.0.json').length, controls('isms-account-setup.json').length]).toEqual([93, 62, 16])
    // The demo's console users without MFA fail CIS 1.10 in the control view as in the findings.
    const mfaFailures = report.findings.filter((f) => f.checkId === 'iam.user-console-mfa' && f.status === 'fail' && !f.muted).length
    expect(mfaFailures).toBeGreaterThan(0)
    expect(controls('isms-cis-aws-3.0.json').find((c) => c.id === '1.10')).toMatchObject({ status: 'failing', evidence: { fail: mfaFailures } })
    const manifest = JSON.parse(readFileSync(out('isms-manifest.json'), 'utf8')) as { files: { role: string; path: string }[] }
    expect(manifest.files.slice(0, 2).map((f) => [f.role, f.path])).toEqual([['findings', 'findings.json'], ['snapshot', 'snapshot.json']])
    const verify = await runCli(['isms', 'verify', 'guardrail-report'], { cwd: dir })
    expect(verify.stdout).toContain('0 changed, 0 missing')
    expect(verify.code).toBe(0)
  })

  it('every --format is written from the same findings, and the HTML report shows the hostile account name as text in Chromium', async () => {
    const out = (f: string) => join(dir, 'guardrail-report', f)
    const csvRows = readFileSync(out('findings.csv'), 'utf8').trimEnd().split('\r\n')
    expect(csvRows.length - 1).toBe(report.findings.length) // no field of the demo holds a line break
    expect(readFileSync(out('findings.ocsf.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(report.findings.length)
    expect((JSON.parse(readFileSync(out('findings.asff.json'), 'utf8')) as { Findings: unknown[] }).Findings).toHaveLength(report.findings.length)
    expect(readFileSync(out('junit.xml'), 'utf8')).toContain('testsuite')

    const browser = await launchChromium()
    try {
      const opened = await openReport(browser, out('report.html'), 'view=findings')
      const dialogs: string[] = []
      opened.page.on('dialog', (d) => {
        dialogs.push(d.message())
        void d.dismiss()
      })
      const sandboxName = org.accounts.find((a) => a.name.startsWith('Sandbox'))!.name
      expect(sandboxName).toContain(HOSTILE.img)
      await opened.page.getByText(sandboxName, { exact: false }).first().waitFor()
      expect(await opened.page.locator('img[src="x"]').count()).toBe(0)
      expect(dialogs).toEqual([])
      expect(opened.pageErrors).toEqual([])
      expect(opened.foreignRequests).toEqual([])
    } finally {
      await browser.close()
    }
  }, 60_000)

  it('--checks iam.* reads only what the IAM checks need, and gives the full scan\'s IAM verdicts', async () => {
    const r = await runCli(['scan', ...scanArgs(), '--fail-on', 'none', '--checks', 'iam.*', '--output-dir', 'iam-only'], { cwd: dir })
    expect(r.stderr).not.toContain('error:')
    expect(r.code).toBe(0)
    const narrowed = readReport(join(dir, 'iam-only', 'findings.json'))
    expect(narrowed.selection).toEqual({ checks: ['iam.*'] })
    expect(new Set(narrowed.findings.map((f) => f.checkId.split('.')[0]))).toEqual(new Set(['iam']))
    // No logging, detection or network service was called in any account (the organization-level
    // reads — Organizations, the organization trail — happen once per scan whatever the selection).
    const perAccount = Object.entries(narrowed.apiCalls.byAccount).filter(([key]) => key !== '_organization')
    expect(perAccount).toHaveLength(narrowed.run.accounts.length)
    const services = new Set(perAccount.flatMap(([, byService]) => Object.keys(byService)))
    for (const service of ['cloudtrail', 'config', 'logs', 'cloudwatch', 'sns', 'guardduty', 'securityhub', 'ssm', 'kms', 's3', 's3control']) expect(services.has(service), service).toBe(false)
    expect(services.has('iam')).toBe(true)
    expect([...services].sort()).toEqual(['accessanalyzer', 'ec2', 'iam', 'sts']) // ec2: DescribeRegions (opt-in status)
    expect(narrowed.apiCalls.total).toBeLessThan(report.apiCalls.total / 2)
    // Same verdicts as the unnarrowed scan for the same checks (iam.access-analyzer reads Access Analyzer).
    const verdicts = (r: FindingsReport) => r.findings.filter((f) => f.checkId.startsWith('iam.')).map((f) => `${f.id} ${f.status}`).sort()
    expect(verdicts(narrowed)).toEqual(verdicts(report))
  }, 120_000)

  it('scans every account, validates against the published schema, and writes the snapshot too', () => {
    const doc = JSON.parse(readFileSync(join(dir, 'guardrail-report', 'findings.json'), 'utf8'))
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schema', 'findings.schema.json'), 'utf8'))
    const validate = new Ajv2020({ strict: false }).compile(schema)
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
    expect(report.run.accounts.map((a) => a.accountId).sort()).toEqual([org.managementAccountId, ...org.accounts.map((a) => a.id)].sort())
    expect(existsSync(join(dir, 'guardrail-report', 'snapshot.json'))).toBe(true)
    // Accounts carry their OU path from the organization.
    const prod = report.run.accounts.find((a) => a.accountId === org.accounts.find((x) => x.name === 'Prod Payments')!.id)!
    expect(prod.ouPath?.map((o) => o.name)).toEqual(['Root', 'Workloads', 'Prod'])
  })

  it('runs the organization checks with the SCP chain: the root SCP denies LeaveOrganization for every member', () => {
    const leave = report.findings.filter((f) => f.checkId === 'org.scp-deny-leave')
    const members = org.accounts.map((a) => a.id).sort()
    expect(leave.filter((f) => f.status === 'pass').map((f) => f.accountId).sort()).toEqual(members)
    // Nothing in the demo denies config:StopConfigurationRecorder.
    expect(report.findings.filter((f) => f.checkId === 'org.scp-protect-config' && f.status === 'fail').map((f) => f.accountId).sort()).toEqual(members)
    // Only the Identity account may have IAM users.
    const identity = org.accounts.find((a) => a.name === 'Identity')!.id
    const outside = report.findings.filter((f) => f.checkId === 'iam.users-in-identity-account' && f.status === 'fail')
    expect(outside.length).toBeGreaterThan(0)
    expect(outside.some((f) => f.accountId === identity)).toBe(false)
  })

  it('summary.byCheck agrees with the findings it summarises', () => {
    const counted: Record<string, Record<string, number>> = {}
    for (const f of report.findings) {
      counted[f.checkId] ??= { pass: 0, fail: 0, error: 0, not_applicable: 0 }
      counted[f.checkId]![f.status]!++
    }
    expect(report.summary.byCheck).toEqual(counted)
  })

  it('collect --org then evaluate gives the same findings offline', async () => {
    const d = tempDir()
    const c = await runCli(['collect', '-o', 'snapshot.json', '--org', '--config', configFile, '--regions', 'us-east-1', '--quiet'], { cwd: d })
    expect(c.stderr).not.toContain('error:')
    expect(c.code).toBe(0)
    const e = await runCli(['evaluate', 'snapshot.json', '--config', configFile, '--as-of', AS_OF, '--fail-on', 'none', '--quiet'], { cwd: d })
    expect(e.code).toBe(0)
    const offline = readReport(join(d, 'guardrail-report', 'findings.json'))
    expect(offline.findings).toEqual(report.findings)
    expect(offline.coverage.errors).toEqual(report.coverage.errors)
  })

  it('two shards merged give the single run\'s findings, coverage and summary', async () => {
    const d = tempDir()
    for (const k of [0, 1]) {
      const r = await runCli(['scan', ...scanArgs(), '--shard', `${k}/2`, '--work-dir', `w${k}`, '--output-dir', `out${k}`, '--fail-on', 'none'], { cwd: d })
      expect(r.stderr).not.toContain('error:')
      expect(r.code).toBe(0)
    }
    // The shards split the accounts by a hash of their ids (random in the emulator): together they are
    // the organization, each exactly its own share (one may be empty).
    const ids = (r: FindingsReport) => r.run.accounts.map((a) => a.accountId).sort()
    const [shard0, shard1] = [0, 1].map((k) => readReport(join(d, `out${k}`, 'findings.json')))
    for (const [k, shard] of [shard0!, shard1!].entries()) expect(ids(shard)).toEqual(ids(report).filter((id) => shardOf(id, 2) === k))
    const m = await runCli(['merge', 'w0', 'w1', '--config', configFile, '--output-dir', 'merged', '--fail-on', 'none'], { cwd: d })
    expect(m.stderr).not.toContain('error:')
    expect(m.code).toBe(0)
    expect(m.stdout).toContain('merge of 6 account(s)')
    const merged = readReport(join(d, 'merged', 'findings.json'))
    expect(merged.run.command).toBe('merge')
    expect(merged.findings).toEqual(report.findings)
    expect(merged.coverage).toEqual(report.coverage)
    expect(merged.summary).toEqual(report.summary)
  })
})

describe('guardrail access: who can reach what, against the emulated organization', () => {
  // A scan of what the map needs (IAM, EC2, Session Manager), then the map, offline.
  async function accessMap(d: string, name: string): Promise<AccessMap> {
    const scan = await runCli(['scan', ...scanArgs(), '--checks', 'iam.*,ec2.*,ssm.*', '--fail-on', 'none', '--output-dir', name], { cwd: d })
    expect(scan.stderr).not.toContain('error:')
    const r = await runCli(['access', join(name, 'snapshot.json'), '--config', configFile, '--out', join(name, 'access')], { cwd: d })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    return accessMapSchema.parse(JSON.parse(readFileSync(join(d, name, 'access', 'access-map.json'), 'utf8')))
  }

  it('Developers in the identity account reach the dev instance of prod payments through the Developer role, as the Run As user of its tag; not the prod one; a user removed from the group disappears', async () => {
    const d = tempDir()
    const identity = org.accounts.find((a) => a.name === 'Identity')!.id
    const payments = org.accounts.find((a) => a.name === 'Prod Payments')!.id
    const roleArn = `arn:aws:iam::${payments}:role/${DEMO_DEVELOPER_ROLE}`
    const before = await accessMap(d, 'before')
    expect(before.identityAccounts).toEqual([identity])
    const ivan = before.principals.find((p) => p.name === 'ivan.eng')!
    expect(ivan.roles).toEqual([expect.objectContaining({ roleArn, verdict: 'allowed', groups: [DEMO_DEVELOPERS_GROUP] })])
    expect(ivan.roles[0]!.hops[0]!.allowedBy.map((c) => [c.kind, c.account])).toEqual(expect.arrayContaining([['identity', identity], ['trust', payments]]))
    const sessions = ivan.sessions.filter((s) => s.path === 'session-manager')
    expect(sessions.map((s) => [s.instanceId, s.account, s.verdict, s.via, s.osUser])).toEqual([[org.access.devInstance, payments, 'allowed', [roleArn], 'developer']])
    expect(before.principals.find((p) => p.name === 'judy.eng')!.roles).toEqual([])
    const perInstance = new Map(before.instances.map((i) => [i.instanceId, i.access.map((a) => a.principal)]))
    expect(perInstance.get(org.access.devInstance)).toEqual([`arn:aws:iam::${identity}:user/ivan.eng`])
    expect(perInstance.get(org.access.prodInstance)).toEqual([])
    const review = await runCli(['access', 'review', join('before', 'access', 'access-map.json'), '--out', 'review.csv'], { cwd: d })
    expect(review.code).toBe(0)
    expect(readFileSync(join(d, 'review.csv'), 'utf8')).toContain(org.access.devInstance)

    const sts = new STSClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } })
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${identity}:role/OrganizationAccountAccessRole`, RoleSessionName: 'test' }))).Credentials!
    const iam = new IAMClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } })
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: DEMO_DEVELOPERS_GROUP, UserName: 'ivan.eng' }))
    const after = await accessMap(d, 'after')
    const gone = after.principals.find((p) => p.name === 'ivan.eng')!
    expect([gone.roles, gone.sessions]).toEqual([[], []])
    expect(after.instances.find((i) => i.instanceId === org.access.devInstance)!.access).toEqual([])
  }, 180_000)
})

describe('organization flags: bad input is exit 2 and writes nothing', () => {
  it.each([
    [['scan', '--accounts', '111111111111'], '--accounts only apply to an organization scan'],
    [['scan', '--resume'], '--resume only apply to an organization scan'],
    [['scan', '--org', '--shard', '2/2'], 'Shard index 2 is outside 0..1'],
    [['scan', '--org', '--shard', 'first'], 'is not of the form k/n'],
    [['scan', '--org', '--accounts', '12345'], '--accounts: "12345" is not valid'],
    [['scan', '--org', '--concurrency', '0'], '--concurrency: "0" is not valid'],
    [['merge', 'no-such-dir'], 'is not a guardrail scan work directory'],
  ])('%j', async (argv, message) => {
    const d = tempDir()
    const r = await runCli(argv, { cwd: d })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
    expect(r.stderr).toContain('hint:')
    expect(existsSync(join(d, 'guardrail-report'))).toBe(false)
  })
})
