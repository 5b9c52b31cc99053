// Small hand-built findings reports for the refine tests: a few accounts (with OU paths and tags) and
// findings given field by field, built through the real report builder and validated by the schema.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { findingId } from '../../src/core/finding-id.js'
import { InputError } from '../../src/core/errors.js'
import type { Finding, Mute, Severity, Status } from '../../src/core/types.js'
import { buildReport } from '../../src/report/build.js'
import { findingsReportSchema, type FindingsReport } from '../../src/report/schema.js'
import type { RuleSet } from '../../src/rules/load.js'
import type { Snapshot } from '../../src/snapshot/schema.js'

export const PROD = '111111111111'
export const SANDBOX = '222222222222'
export const OTHER = '333333333333'
export const AS_OF = '2026-06-01T12:00:00.000Z'

export interface AccountSpec {
  accountId: string
  name?: string
  ouPath?: { id: string; name: string }[]
  tags?: Record<string, string>
}

/** OU paths start at the organization root (src/snapshot/organization.ts ouPathOf). */
const ROOT = { id: 'r-ab12', name: 'Root' }

export const ACCOUNTS: AccountSpec[] = [
  { accountId: PROD, name: 'prod-main', ouPath: [ROOT, { id: 'ou-root-prod', name: 'Production' }, { id: 'ou-prod-pay', name: 'Payments' }], tags: { env: 'prod', team: 'payments' } },
  { accountId: SANDBOX, name: 'sandbox-1', ouPath: [ROOT, { id: 'ou-root-sbx', name: 'Sandbox' }], tags: { env: 'sandbox' } },
  { accountId: OTHER, name: 'untagged' },
]

export interface FindingSpec {
  checkId?: string
  status?: Status
  severity?: Severity
  accountId?: string
  region?: string
  resource?: string
  message?: string
  muted?: Mute
}

export function finding(spec: FindingSpec = {}): Finding {
  const checkId = spec.checkId ?? 'ec2.no-ssh-from-internet'
  const accountId = spec.accountId ?? PROD
  const region = spec.region ?? 'eu-west-1'
  const resource = spec.resource ?? `arn:aws:ec2:${region}:${accountId}:security-group/sg-0abc1234`
  const status = spec.status ?? 'fail'
  return {
    id: findingId(checkId, accountId, region, resource),
    checkId,
    status,
    severity: spec.severity ?? 'high',
    accountId,
    region,
    resource,
    message: spec.message ?? `${status}: ${resource}`,
    frameworks: {},
    ...(status === 'error' ? { errorCode: 'AccessDenied' } : {}),
    ...(spec.muted ? { muted: spec.muted } : {}),
  }
}

const emptyRules = { rules: new Map(), frameworks: [], settings: {} } as unknown as RuleSet

export function report(findings: Finding[], options: { asOf?: string; accounts?: AccountSpec[]; partition?: string } = {}): FindingsReport {
  const accounts = options.accounts ?? ACCOUNTS
  const snapshot = {
    schemaVersion: 1,
    startedAt: '2026-06-01T11:00:00.000Z',
    finishedAt: '2026-06-01T11:30:00.000Z',
    partition: options.partition ?? 'aws',
    caller: { arn: `arn:aws:sts::${PROD}:assumed-role/Audit/guardrail`, accountId: PROD },
    apiCalls: {},
    accounts: accounts.map((a) => ({ ...a, regions: ['eu-west-1', 'us-east-1'], access: { kind: 'ok' }, apiCalls: {}, regional: {} })),
  } as unknown as Snapshot
  const built = buildReport({ command: 'scan', tool: { name: 'guardrail', version: '0.0.0-test' }, snapshot, findings, ruleSet: emptyRules, asOf: new Date(options.asOf ?? AS_OF) })
  return findingsReportSchema.parse(built)
}

/** The InputError `run` throws; fails the test when it throws nothing or something else. */
export function inputError(run: () => unknown): InputError {
  try {
    run()
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return err as InputError
  }
  throw new Error('expected an InputError, but nothing was thrown')
}

export function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'guardrail-refine-'))
  const file = join(dir, name)
  writeFileSync(file, content)
  return file
}
