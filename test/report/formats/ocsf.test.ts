// findings.ocsf.jsonl: every line is one OCSF 1.8.0 Compliance Finding that validates against the
// schema generated from the published OCSF definitions (test/fixtures/schemas), with guardrail's
// statuses, severities, suppressions and baseline mapped as documented in src/report/formats/ocsf.ts.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OCSF_FILE, OCSF_VERSION, renderOcsf } from '../../../src/report/formats/ocsf.js'
import { HOSTILE, syntheticReport } from '../../support/synthetic-report.js'
import { ACCOUNT_A, ACCOUNT_B, AS_OF, finding, miniReport, schemaErrors, schemaValidator } from './support.js'

const validate = schemaValidator('ocsf-compliance-finding.schema.json')

type Event = Record<string, any>

function events(jsonl: string): Event[] {
  expect(jsonl === '' || jsonl.endsWith('\n')).toBe(true)
  const lines = jsonl.split('\n').slice(0, -1)
  return lines.map((line) => {
    const event = JSON.parse(line) as Event
    expect(schemaErrors(validate, event)).toEqual([])
    return event
  })
}

const one = (f: Parameters<typeof finding>[0], overrides?: Parameters<typeof miniReport>[1]): Event => {
  const out = events(renderOcsf(miniReport([finding(f)], overrides)))
  expect(out).toHaveLength(1)
  return out[0]!
}

describe('the vendored OCSF schema', () => {
  it('names the OCSF version and source it was generated from', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'schemas', 'ocsf-compliance-finding.schema.json'), 'utf8'))
    expect(schema.$comment).toMatch(new RegExp(`^OCSF ${OCSF_VERSION.replaceAll('.', '\\.')} Compliance Finding \\(class_uid 2003`))
    expect(schema.$comment).toContain('https://github.com/ocsf/ocsf-schema')
  })

  it.each([
    ['a missing required attribute (finding_info)', (e: Event) => delete e.finding_info],
    ['a wrong class_uid', (e: Event) => (e.class_uid = 2004)],
    ['a severity_id outside the enum', (e: Event) => (e.severity_id = 7)],
    ['a compliance.status_id outside the enum', (e: Event) => (e.compliance.status_id = 4)],
    ['a string time', (e: Event) => (e.time = AS_OF)],
    ['an attribute OCSF does not define', (e: Event) => (e.cloud.account.arn = 'x')],
    ['cloud without provider', (e: Event) => delete e.cloud.provider],
    ['metadata without version', (e: Event) => delete e.metadata.version],
    ['an analytic without type_id', (e: Event) => delete e.finding_info.analytic.type_id],
  ])('rejects %s', (_, breakIt) => {
    const event = one({})
    breakIt(event)
    expect(validate(event)).toBe(false)
  })
})

describe('renderOcsf', () => {
  it('is named findings.ocsf.jsonl and targets OCSF 1.8.0', () => {
    expect(OCSF_FILE).toBe('findings.ocsf.jsonl')
    expect(OCSF_VERSION).toBe('1.8.0')
  })

  it('writes one Compliance Finding per line, in report order', () => {
    const report = miniReport([finding({ id: 'one' }), finding({ id: 'two', accountId: ACCOUNT_B, resource: `arn:aws:iam::${ACCOUNT_B}:root` }), finding({ id: 'three', status: 'pass' })])
    const out = events(renderOcsf(report))
    expect(out.map((e) => e.finding_info.uid)).toEqual(['one', 'two', 'three'])
    expect(out.every((e) => e.class_uid === 2003 && e.category_uid === 2 && e.class_name === 'Compliance Finding' && e.category_name === 'Findings')).toBe(true)
  })

  it('maps a failing finding in full', () => {
    const e = one({ id: 'fid', status: 'fail', severity: 'critical' })
    expect(e).toEqual({
      activity_id: 1,
      activity_name: 'Create',
      category_uid: 2,
      category_name: 'Findings',
      class_uid: 2003,
      class_name: 'Compliance Finding',
      type_uid: 200301,
      type_name: 'Compliance Finding: Create',
      severity_id: 5,
      severity: 'Critical',
      status_id: 1,
      status: 'New',
      time: Date.parse(AS_OF),
      message: 'The root user has no MFA',
      metadata: { version: '1.8.0', product: { name: 'guardrail', vendor_name: 'guardrail', version: '9.9.9' }, profiles: ['cloud'] },
      finding_info: {
        uid: 'fid',
        title: 'The root user has MFA',
        desc: 'Root has an MFA device.',
        analytic: { uid: 'iam.root-mfa', name: 'The root user has MFA', type_id: 1, type: 'Rule' },
      },
      compliance: {
        status_id: 3,
        status: 'Fail',
        standards: ['CIS AWS Foundations Benchmark 3.0.0'],
        requirements: ['CIS AWS Foundations Benchmark 3.0.0 1.5'],
        checks: [{ uid: 'iam.root-mfa', name: 'The root user has MFA', severity: 'critical', severity_id: 5, status: 'Fail', status_id: 3 }],
      },
      remediation: { desc: 'Enable MFA on the root user.' },
      resources: [{ uid: `arn:aws:iam::${ACCOUNT_A}:root`, type: 'AwsAccount', cloud_partition: 'aws' }],
      cloud: { provider: 'AWS', cloud_partition: 'aws', account: { uid: ACCOUNT_A, name: 'payments-prod', type_id: 10, type: 'AWS Account', tags: [{ name: 'env', value: 'prod' }] } },
      unmapped: {
        guardrail: {
          status: 'fail',
          frameworks: { 'cis-aws-3.0': ['1.5'] },
          ou_path: { label: 'Production / Payments', ous: [{ id: 'ou-1', name: 'Production' }, { id: 'ou-2', name: 'Payments' }] },
        },
      },
    })
  })

  it.each([
    ['pass', 1, 'Pass'],
    ['fail', 3, 'Fail'],
    ['error', 2, 'Warning'],
    ['not_applicable', 99, 'Not Applicable'],
  ] as const)('maps status %s to compliance.status_id %i (%s)', (status, id, caption) => {
    const e = one({ status, ...(status === 'error' ? { errorCode: 'AccessDenied' } : {}) })
    expect([e.compliance.status_id, e.compliance.status, e.compliance.checks[0].status_id]).toEqual([id, caption, id])
    expect(e.compliance.status_code).toBe(status === 'error' ? 'AccessDenied' : undefined)
  })

  it.each([
    ['info', 1, 'Informational'],
    ['low', 2, 'Low'],
    ['medium', 3, 'Medium'],
    ['high', 4, 'High'],
    ['critical', 5, 'Critical'],
  ] as const)('maps severity %s to severity_id %i', (severity, id, caption) => {
    const e = one({ severity })
    expect([e.severity_id, e.severity, e.compliance.checks[0].severity_id]).toEqual([id, caption, id])
  })

  it('marks muted findings Suppressed and says by what', () => {
    const muted = { reason: 'break glass', owner: 'sec@example.com', expires: '2027-01-31', suppression: 'root-bg' }
    const e = one({ muted })
    expect([e.status_id, e.status]).toEqual([3, 'Suppressed'])
    expect(e.status_detail).toBe('Muted by root-bg (owner sec@example.com, expires 2027-01-31): break glass')
    expect(e.unmapped.guardrail.muted).toEqual(muted)
    expect(e.compliance.status_id).toBe(3) // still a failure: muting is a decision, not a fix
  })

  it.each([
    [undefined, 1, 'Create', 1],
    ['new', 1, 'Create', 1],
    ['unchanged', 2, 'Update', 1],
    ['resolved', 3, 'Close', 4],
  ] as const)('maps baseline %s to activity %i (%s) and status_id %i', (baseline, activityId, activityName, statusId) => {
    const e = one({ status: baseline === 'resolved' ? 'pass' : 'fail', ...(baseline !== undefined ? { baseline, firstSeen: '2026-02-03T04:05:06.000Z' } : {}) })
    expect([e.activity_id, e.activity_name, e.type_uid, e.status_id]).toEqual([activityId, activityName, 200300 + activityId, statusId])
    if (baseline !== undefined) {
      expect(e.finding_info.first_seen_time).toBe(Date.parse('2026-02-03T04:05:06.000Z'))
      expect(e.unmapped.guardrail.baseline).toBe(baseline)
    }
  })

  it('leaves first_seen_time out when firstSeen is not a date', () => {
    const e = one({ firstSeen: 'sometime' })
    expect(e.finding_info.first_seen_time).toBeUndefined()
    expect(e.unmapped.guardrail.first_seen).toBe('sometime')
  })

  it('puts the region in cloud and resources for regional findings only', () => {
    const regional = one({ checkId: 'ec2.no-ssh-from-internet', region: 'eu-west-1', resource: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1', frameworks: { 'cis-aws-3.0': ['5.2'], 'aws-fsbp': ['EC2.13'] } })
    expect(regional.cloud.region).toBe('eu-west-1')
    expect(regional.resources).toEqual([{ uid: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1', type: 'AwsEc2SecurityGroup', cloud_partition: 'aws', region: 'eu-west-1' }])
    expect(regional.compliance.standards).toEqual(['AWS Foundational Security Best Practices 1.0.0', 'CIS AWS Foundations Benchmark 3.0.0'])
    expect(regional.compliance.requirements).toEqual(['AWS Foundational Security Best Practices 1.0.0 EC2.13', 'CIS AWS Foundations Benchmark 3.0.0 5.2'])
    const global = one({})
    expect(global.cloud.region).toBeUndefined()
    expect(global.resources[0].region).toBeUndefined()
  })

  it('describes an unknown check and account by id alone, and still validates', () => {
    const e = one({ checkId: 'retired.check', accountId: '333333333333', resource: 'not-an-arn', frameworks: {} })
    expect(e.finding_info).toEqual({ uid: e.finding_info.uid, title: 'retired.check', analytic: { uid: 'retired.check', name: 'retired.check', type_id: 1, type: 'Rule' } })
    expect(e.cloud.account).toEqual({ uid: '333333333333', type_id: 10, type: 'AWS Account' })
    expect(e.compliance.standards).toBeUndefined()
    expect(e.remediation).toBeUndefined()
    expect(e.resources[0].type).toBe('Other')
  })

  it('writes nothing for a report without findings', () => {
    expect(renderOcsf(miniReport([]))).toBe('')
  })
})

describe('hostile strings', () => {
  it('keeps every line one line and free of raw controls, and every value equal to the original', () => {
    const nasty = `${HOSTILE.control} line\u2028sep\u2029para \u202eevil\u202c del\u007f c1\u0085 ${HOSTILE.quote}\nnext`
    const jsonl = renderOcsf(miniReport([finding({ message: nasty })]))
    expect(jsonl.split('\n')).toHaveLength(2)
    expect(jsonl).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/)
    expect(events(jsonl)[0]!.message).toBe(nasty)
  })

  it('validates every event of a large hostile synthetic report', () => {
    const report = syntheticReport({ findings: 3000, hostile: true, mutedShare: 0.3 })
    const out = events(renderOcsf(report))
    expect(out).toHaveLength(3000)
    expect(out.filter((e) => e.status_id === 3)).toHaveLength(report.findings.filter((f) => f.muted).length)
    expect(out.map((e) => e.finding_info.uid)).toEqual(report.findings.map((f) => f.id))
  })

  it('renders the same bytes for the same report', () => {
    const report = syntheticReport({ findings: 500, hostile: true })
    expect(renderOcsf(report)).toBe(renderOcsf(structuredClone(report)))
  })
})
