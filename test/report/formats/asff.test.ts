// findings.asff.json: { "Findings": [...] } whose every finding validates against the vendored
// AwsSecurityFinding schema (test/fixtures/schemas/asff.schema.json), mapped as documented in
// src/report/formats/asff.ts, and split by asffImportBatches into requests Security Hub accepts.
import { describe, expect, it } from 'vitest'
import { ASFF_FILE, ASFF_LIMITS, asffFindings, asffImportBatches, renderAsff, truncate, type AsffFinding } from '../../../src/report/formats/asff.js'
import { asffResourceType } from '../../../src/report/formats/resource-type.js'
import { HOSTILE, syntheticReport } from '../../support/synthetic-report.js'
import { ACCOUNT_A, ACCOUNT_B, AS_OF, finding, miniReport, schemaErrors, schemaValidator } from './support.js'

const validateFile = schemaValidator('asff.schema.json')
const validateRequest = schemaValidator('asff.schema.json', '#/definitions/BatchImportFindingsRequest')

function parsed(text: string): AsffFinding[] {
  expect(text.endsWith('\n')).toBe(true)
  const doc = JSON.parse(text) as { Findings: AsffFinding[] }
  expect(schemaErrors(validateFile, doc)).toEqual([])
  return doc.Findings
}

const one = (f: Parameters<typeof finding>[0], overrides?: Parameters<typeof miniReport>[1], options?: { region?: string }): AsffFinding => {
  const out = parsed(renderAsff(miniReport([finding(f)], overrides), options))
  expect(out).toHaveLength(1)
  return out[0]!
}

describe('the vendored ASFF schema', () => {
  it.each([
    ['a missing Resources', (f: any) => delete f.Resources],
    ['an empty Resources', (f: any) => (f.Resources = [])],
    ['a Title over 256 characters', (f: any) => (f.Title = 'x'.repeat(257))],
    ['a Description over 1024 characters', (f: any) => (f.Description = 'x'.repeat(1025))],
    ['an Id over 512 characters', (f: any) => (f.Id = 'x'.repeat(513))],
    ['a blank Title', (f: any) => (f.Title = '   ')],
    ['a Types entry without a classifier', (f: any) => (f.Types = ['Software and Configuration Checks/Industry and Regulatory Standards'])],
    ['an unknown Types namespace', (f: any) => (f.Types = ['Checks/Industry and Regulatory Standards/CIS'])],
    ['a Compliance.Status outside the enum', (f: any) => (f.Compliance.Status = 'PASS')],
    ['a Workflow.Status outside the enum', (f: any) => (f.Workflow.Status = 'MUTED')],
    ['a wrong SchemaVersion', (f: any) => (f.SchemaVersion = '2019-01-01')],
    ['a ProductArn that is not the default product', (f: any) => (f.ProductArn = 'arn:aws:securityhub:us-east-1::product/guardrail/guardrail')],
    ['a timestamp without a zone', (f: any) => (f.UpdatedAt = '2026-06-01T00:00:00')],
    ['a member the API does not have', (f: any) => (f.Status = 'FAILED')],
    ['a Severity without Label', (f: any) => delete f.Severity.Label],
  ])('rejects %s', (_, breakIt) => {
    const f = one({})
    breakIt(f)
    expect(validateFile({ Findings: [f] })).toBe(false)
  })

  it('limits a BatchImportFindings request to 100 findings', () => {
    const f = one({})
    expect(schemaErrors(validateRequest, { Findings: Array.from({ length: 100 }, () => f) })).toEqual([])
    expect(validateRequest({ Findings: Array.from({ length: 101 }, () => f) })).toBe(false)
  })
})

describe('renderAsff', () => {
  it('is named findings.asff.json', () => {
    expect(ASFF_FILE).toBe('findings.asff.json')
  })

  it('maps a failing global finding in full, imported into the home region', () => {
    const f = one({ id: 'fid', status: 'fail', severity: 'critical' })
    const types = ['Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark']
    expect(f).toEqual({
      SchemaVersion: '2018-10-08',
      Id: 'guardrail/iam.root-mfa/fid',
      ProductArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT_A}:product/${ACCOUNT_A}/default`,
      ProductName: 'guardrail',
      CompanyName: 'guardrail',
      Region: 'eu-west-1',
      GeneratorId: 'guardrail/iam.root-mfa',
      AwsAccountId: ACCOUNT_A,
      AwsAccountName: 'payments-prod',
      Types: types,
      CreatedAt: AS_OF,
      UpdatedAt: AS_OF,
      LastObservedAt: AS_OF,
      Severity: { Label: 'CRITICAL', Original: 'critical' },
      Title: 'The root user has MFA',
      Description: 'The root user has no MFA',
      Remediation: { Recommendation: { Text: 'Enable MFA on the root user.' } },
      Resources: [{ Type: 'AwsAccount', Id: `arn:aws:iam::${ACCOUNT_A}:root`, Partition: 'aws', Region: 'eu-west-1' }],
      Compliance: { Status: 'FAILED', RelatedRequirements: ['CIS AWS Foundations Benchmark 3.0.0/1.5'] },
      FindingProviderFields: { Severity: { Label: 'CRITICAL', Original: 'critical' }, Types: types },
      ProductFields: { 'guardrail/FindingId': 'fid', 'guardrail/CheckId': 'iam.root-mfa', 'guardrail/Status': 'fail' },
      Workflow: { Status: 'NEW' },
      RecordState: 'ACTIVE',
    })
  })

  it.each([
    ['pass', 'PASSED', 'INFORMATIONAL'],
    ['fail', 'FAILED', 'HIGH'],
    ['error', 'WARNING', 'INFORMATIONAL'],
    ['not_applicable', 'NOT_AVAILABLE', 'INFORMATIONAL'],
  ] as const)('maps status %s to Compliance.Status %s with Severity.Label %s', (status, compliance, label) => {
    const f = one({ status, severity: 'high', ...(status === 'error' ? { errorCode: 'AccessDenied', message: 'iam:GetAccountSummary denied' } : {}) })
    expect(f.Compliance!.Status).toBe(compliance)
    expect(f.Severity).toEqual({ Label: label, Original: 'high' })
    expect(f.FindingProviderFields!.Severity).toEqual(f.Severity)
    expect(f.Compliance!.StatusReasons).toEqual(status === 'error' ? [{ ReasonCode: 'AccessDenied', Description: 'iam:GetAccountSummary denied' }] : undefined)
  })

  it.each([
    ['critical', 'CRITICAL'],
    ['high', 'HIGH'],
    ['medium', 'MEDIUM'],
    ['low', 'LOW'],
    ['info', 'INFORMATIONAL'],
  ] as const)('labels a %s failure %s', (severity, label) => {
    expect(one({ severity }).Severity!.Label).toBe(label)
  })

  it('suppresses muted findings in the workflow and notes the suppression', () => {
    const f = one({ muted: { reason: 'break glass', owner: 'sec@example.com', expires: '2027-01-31', suppression: 'root-bg' } })
    expect(f.Workflow).toEqual({ Status: 'SUPPRESSED' })
    expect(f.Note).toEqual({ Text: 'Muted by root-bg until 2027-01-31: break glass', UpdatedBy: 'sec@example.com', UpdatedAt: AS_OF })
    expect(f.Compliance!.Status).toBe('FAILED')
  })

  it('uses firstSeen for CreatedAt and FirstObservedAt, and records the baseline state', () => {
    const f = one({ baseline: 'unchanged', firstSeen: '2026-01-02T03:04:05Z' })
    expect([f.CreatedAt, f.FirstObservedAt, f.UpdatedAt, f.LastObservedAt]).toEqual(['2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z', AS_OF, AS_OF])
    expect(f.ProductFields!['guardrail/Baseline']).toBe('unchanged')
    // Not a date, or after the scan: ignored (CreatedAt must not follow UpdatedAt).
    expect(one({ firstSeen: 'whenever' }).CreatedAt).toBe(AS_OF)
    expect(one({ firstSeen: '2030-01-01T00:00:00Z' }).CreatedAt).toBe(AS_OF)
  })

  it('keeps regional findings in their region and sends global ones to options.region', () => {
    const regional = one({ checkId: 'ec2.no-ssh-from-internet', region: 'us-east-1', resource: 'arn:aws:ec2:us-east-1:111111111111:security-group/sg-1' }, undefined, { region: 'ap-south-1' })
    expect([regional.Region, regional.Resources![0]!.Region, regional.ProductArn]).toEqual(['us-east-1', 'us-east-1', `arn:aws:securityhub:us-east-1:${ACCOUNT_A}:product/${ACCOUNT_A}/default`])
    expect(regional.Resources![0]!.Type).toBe('AwsEc2SecurityGroup')
    const global = one({}, undefined, { region: 'ap-south-1' })
    expect([global.Region, global.Resources![0]!.Region]).toEqual(['ap-south-1', 'ap-south-1'])
  })

  it('defaults the home region to the first region scanned that is not global, else us-east-1', () => {
    expect(one({}, { run: { ...miniReport([]).run, regions: ['global', 'eu-central-1', 'eu-west-1'] } }).Region).toBe('eu-central-1')
    expect(one({}, { run: { ...miniReport([]).run, regions: [] } }).Region).toBe('us-east-1')
  })

  it('uses the report partition, and leaves Partition out for one the API does not know', () => {
    const cn = one({ resource: `arn:aws-cn:iam::${ACCOUNT_A}:root` }, { run: { ...miniReport([]).run, partition: 'aws-cn', regions: ['cn-north-1'] } })
    expect(cn.ProductArn).toBe(`arn:aws-cn:securityhub:cn-north-1:${ACCOUNT_A}:product/${ACCOUNT_A}/default`)
    expect(cn.Resources![0]!.Partition).toBe('aws-cn')
    const odd = one({}, { run: { ...miniReport([]).run, partition: 'aws-eusc' } })
    expect(odd.Resources![0]!.Partition).toBeUndefined()
  })

  it('names each framework in Types and each control in RelatedRequirements', () => {
    const f = one({ checkId: 'ec2.no-ssh-from-internet', region: 'eu-west-1', frameworks: { 'cis-aws-3.0': ['5.2'], 'aws-fsbp': ['EC2.13', 'EC2.14'], 'unknown-fw': ['X/1'] } })
    expect(f.Types).toEqual([
      'Software and Configuration Checks/Industry and Regulatory Standards/AWS Foundational Security Best Practices',
      'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
      'Software and Configuration Checks/Industry and Regulatory Standards/unknown-fw',
    ])
    expect(f.Compliance!.RelatedRequirements).toEqual(['AWS Foundational Security Best Practices 1.0.0/EC2.13', 'AWS Foundational Security Best Practices 1.0.0/EC2.14', 'CIS AWS Foundations Benchmark 3.0.0/5.2', 'unknown-fw/X/1'])
    expect(one({ frameworks: {} }).Types).toEqual(['Software and Configuration Checks/AWS Security Best Practices/guardrail'])
    // Two versions of one benchmark share a type, and a blank framework name falls back to the id.
    const frameworks = [
      { id: 'cis-1.4', name: 'CIS', version: '1.4.0' },
      { id: 'cis-3.0', name: 'CIS', version: '3.0.0' },
      { id: 'blank', name: ' ', version: '1' },
    ]
    const types = one({ frameworks: { 'cis-1.4': ['1'], 'cis-3.0': ['1'], blank: ['1'] } }, { frameworks }).Types
    expect(types).toEqual(['Software and Configuration Checks/Industry and Regulatory Standards/blank', 'Software and Configuration Checks/Industry and Regulatory Standards/CIS'])
  })

  it('cuts long strings to the API limits and flattens line breaks in one-line fields', () => {
    const long = 'é'.repeat(3000)
    const report = miniReport([finding({ message: `first line\r\n  second line ${long}`, evidence: { blob: 'x'.repeat(5000) } })])
    report.checks[0]!.title = `😀${'t'.repeat(400)}`
    report.checks[0]!.remediation = 'r'.repeat(900)
    report.run.accounts[0]!.name = 'n'.repeat(80)
    const [f] = parsed(renderAsff(report))
    expect(f!.Title!.length).toBeLessThanOrEqual(ASFF_LIMITS.title)
    expect(f!.Title!.endsWith('…')).toBe(true)
    expect(f!.Description!.length).toBe(ASFF_LIMITS.description)
    expect(f!.Description!.startsWith('first line second line éé')).toBe(true)
    expect(f!.Remediation!.Recommendation!.Text!.length).toBe(ASFF_LIMITS.recommendationText)
    expect(f!.AwsAccountName!.length).toBe(ASFF_LIMITS.accountName)
    expect(f!.ProductFields!['guardrail/Evidence']!.length).toBe(ASFF_LIMITS.productFieldValue)
  })

  it('falls back to the title when the message is blank, and to the account ARN when the resource is', () => {
    expect(one({ message: ' \n ' }).Description).toBe('The root user has MFA')
    expect(one({ resource: '' }).Resources![0]!.Id).toBe(`arn:aws:iam::${ACCOUNT_A}:root`)
  })

  it('archives the findings the baseline had failing that are gone now', () => {
    const report = miniReport([finding({ id: 'still-here' })], {
      baseline: {
        file: 'old/findings.json',
        asOf: '2026-05-01T00:00:00.000Z',
        counts: { new: 0, unchanged: 1, resolved: 1 },
        newFailuresBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
        gone: [{ id: 'gone-id', checkId: 'ec2.no-ssh-from-internet', status: 'fail', severity: 'high', accountId: ACCOUNT_B, region: 'eu-west-1', resource: 'arn:aws:ec2:eu-west-1:222222222222:security-group/sg-9', message: 'sg-9 allows 0.0.0.0/0:22' }],
      },
    })
    const [current, gone] = parsed(renderAsff(report))
    expect(current!.RecordState).toBe('ACTIVE')
    expect(gone).toMatchObject({
      Id: 'guardrail/ec2.no-ssh-from-internet/gone-id',
      AwsAccountId: ACCOUNT_B,
      Region: 'eu-west-1',
      RecordState: 'ARCHIVED',
      Compliance: { Status: 'NOT_AVAILABLE', StatusReasons: [{ ReasonCode: 'NOT_FOUND', Description: 'Not found in this scan; fail in the baseline of 2026-05-01T00:00:00.000Z' }] },
      Severity: { Label: 'INFORMATIONAL', Original: 'high' },
      ProductFields: { 'guardrail/FindingId': 'gone-id', 'guardrail/CheckId': 'ec2.no-ssh-from-internet', 'guardrail/Baseline': 'gone' },
    })
    expect(gone!.Workflow).toBeUndefined() // Security Hub keeps its own workflow for an existing finding
  })

  it('keeps the Id stable across runs: same finding, same Id', () => {
    const a = one({ id: 'stable' })
    const b = one({ id: 'stable', status: 'pass' }, { run: { ...miniReport([]).run, asOf: '2026-07-01T00:00:00.000Z' } })
    expect(b.Id).toBe(a.Id)
  })

  it('writes an empty Findings array for a report without findings', () => {
    expect(renderAsff(miniReport([]))).toBe('{"Findings":[]}\n')
    expect(parsed(renderAsff(miniReport([])))).toEqual([])
  })
})

describe('hostile strings', () => {
  it('keeps one finding per line, free of raw controls, with every value equal to the original', () => {
    const nasty = `${HOSTILE.control} ${HOSTILE.script} line\u2028sep \u202eevil ${HOSTILE.quote}`
    const text = renderAsff(miniReport([finding({ message: nasty }), finding({ resource: `arn:aws:iam::${ACCOUNT_A}:user/${HOSTILE.formula}` })]))
    expect(text.split('\n')).toHaveLength(5) // {"Findings":[ · two findings · ]} · ''
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/)
    const [a, b] = parsed(text)
    expect(a!.Description).toBe(nasty.replace('\u2028', ' '))
    expect(b!.Resources![0]!.Id).toBe(`arn:aws:iam::${ACCOUNT_A}:user/${HOSTILE.formula}`)
  })

  it('validates every finding of a large hostile synthetic report', () => {
    const report = syntheticReport({ findings: 3000, hostile: true, mutedShare: 0.3 })
    const out = parsed(renderAsff(report))
    expect(out).toHaveLength(3000)
    expect(out.filter((f) => f.Workflow?.Status === 'SUPPRESSED')).toHaveLength(report.findings.filter((f) => f.muted).length)
    expect(new Set(out.map((f) => f.Id)).size).toBe(3000)
  })

  it('renders the same bytes for the same report', () => {
    const report = syntheticReport({ findings: 500, hostile: true })
    expect(renderAsff(report)).toBe(renderAsff(structuredClone(report)))
  })
})

describe('asffImportBatches', () => {
  const findingsOf = (n: number, accounts: string[], regions: string[]): AsffFinding[] => {
    const list = Array.from({ length: n }, (_, i) =>
      finding({ checkId: 'ec2.no-ssh-from-internet', accountId: accounts[i % accounts.length]!, region: regions[i % regions.length]!, resource: `arn:aws:ec2:x:y:security-group/sg-${i}` }),
    )
    return asffFindings(miniReport(list))
  }

  it('splits into requests of at most 100 findings of one account and one region, keeping every finding once', () => {
    const findings = findingsOf(450, [ACCOUNT_A, ACCOUNT_B], ['eu-west-1', 'us-east-1', 'eu-west-1'])
    const batches = asffImportBatches(findings)
    for (const b of batches) {
      expect(schemaErrors(validateRequest, b.request)).toEqual([])
      expect(new Set(b.request.Findings.map((f) => f.AwsAccountId))).toEqual(new Set([b.accountId]))
      expect(new Set(b.request.Findings.map((f) => f.Region))).toEqual(new Set([b.region]))
      expect(b.request.Findings.every((f) => f.ProductArn!.includes(`:securityhub:${b.region}:${b.accountId}:product/${b.accountId}/default`))).toBe(true)
    }
    expect(batches.flatMap((b) => b.request.Findings.map((f) => f.Id)).sort()).toEqual(findings.map((f) => f.Id).sort())
    expect(batches.map((b) => [b.accountId, b.region, b.request.Findings.length])).toEqual([
      [ACCOUNT_A, 'eu-west-1', 100],
      [ACCOUNT_A, 'eu-west-1', 50],
      [ACCOUNT_A, 'us-east-1', 75],
      [ACCOUNT_B, 'eu-west-1', 100],
      [ACCOUNT_B, 'eu-west-1', 50],
      [ACCOUNT_B, 'us-east-1', 75],
    ])
  })

  it('also splits on the request size', () => {
    const findings = findingsOf(10, [ACCOUNT_A], ['eu-west-1'])
    const size = JSON.stringify(findings[0]).length
    const batches = asffImportBatches(findings, { bytes: size * 3 + 40 })
    expect(batches.map((b) => b.request.Findings.length)).toEqual([3, 3, 3, 1])
    for (const b of batches) expect(JSON.stringify(b.request).length).toBeLessThanOrEqual(size * 3 + 40)
  })

  it('returns no requests for no findings', () => {
    expect(asffImportBatches([])).toEqual([])
  })
})

describe('helpers', () => {
  it.each([
    ['short', 10, 'short'],
    ['abcdefghijk', 10, 'abcdefghi…'],
    ['abcdefgh😀xyz', 10, 'abcdefgh…'],
    ['abcdefg😀xyz', 10, 'abcdefg😀…'],
  ])('truncate(%j, %i) = %j', (input, max, expected) => {
    const out = truncate(input, max)
    expect(out).toBe(expected)
    expect(out.length).toBeLessThanOrEqual(max)
    // No lone surrogate: a cut pair would be invalid UTF-8 on the wire.
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
  })

  it.each([
    [`arn:aws:iam::${ACCOUNT_A}:root`, 'AwsAccount'],
    [`arn:aws:iam::${ACCOUNT_A}:user/alice`, 'AwsIamUser'],
    [`arn:aws:iam::${ACCOUNT_A}:role/path/admin`, 'AwsIamRole'],
    [`arn:aws:iam::${ACCOUNT_A}:policy/p`, 'AwsIamPolicy'],
    ['arn:aws:s3:::bucket', 'AwsS3Bucket'],
    ['arn:aws:s3:::bucket/key', 'AwsS3Object'],
    ['arn:aws:cloudtrail:eu-west-1:111111111111:trail/main', 'AwsCloudTrailTrail'],
    ['arn:aws:kms:eu-west-1:111111111111:key/1234', 'AwsKmsKey'],
    ['arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-1', 'AwsEc2Vpc'],
    ['arn:aws:ec2:eu-west-1:111111111111:network-acl/acl-1', 'AwsEc2NetworkAcl'],
    ['arn:aws:ec2:eu-west-1:111111111111:instance/i-1', 'AwsEc2Instance'],
    ['arn:aws:sns:eu-west-1:111111111111:alerts', 'AwsSnsTopic'],
    ['arn:aws:cloudwatch:eu-west-1:111111111111:alarm:root-usage', 'AwsCloudWatchAlarm'],
    ['arn:aws:guardduty:eu-west-1:111111111111:detector/abc', 'AwsGuardDutyDetector'],
    ['arn:aws:logs:eu-west-1:111111111111:log-group:trail', 'Other'],
    ['arn:aws:ec2:eu-west-1:111111111111:subnet/s-1', 'Other'],
    ['not an arn', 'Other'],
  ])('asffResourceType(%s) = %s', (arn, type) => {
    expect(asffResourceType(arn)).toBe(type)
  })
})
