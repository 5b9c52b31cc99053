// Shared set-up for the organization-scan emulator tests.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import { createSession } from '../../src/aws/session.js'
import { ALL_CHECKS } from '../../src/checks/index.js'
import type { FindingsReport } from '../../src/report/schema.js'
import { loadRules } from '../../src/rules/load.js'
import { scanOrganization, type ScanOrganizationOptions } from '../../src/orchestrate/scan-organization.js'

export const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' }
export const AS_OF = new Date('2026-06-01T00:00:00Z')
export const REGIONS = ['eu-west-1', 'us-east-1']

export function tempDir(prefix = 'guardrail-org-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function callerSession(endpoint: string, maxAttempts = 2) {
  return createSession({ region: 'us-east-1', credentials: CREDENTIALS, counter: new ApiCallCounter(), endpoint, maxAttempts })
}

export const ruleSet = () => loadRules({ checks: ALL_CHECKS })

export type ScanOverrides = Partial<Omit<ScanOrganizationOptions, 'session'>>

export function scan(endpoint: string, overrides: ScanOverrides = {}, maxAttempts = 2) {
  return scanOrganization({
    session: callerSession(endpoint, maxAttempts),
    ruleSet: ruleSet(),
    workDir: tempDir(),
    regions: REGIONS,
    asOf: AS_OF,
    endpoint,
    maxAttempts,
    ...overrides,
  })
}

export function readReport(file: string): FindingsReport {
  return JSON.parse(readFileSync(file, 'utf8')) as FindingsReport
}

/** The report minus what legitimately differs between two runs over the same state. */
export function comparable(report: FindingsReport): unknown {
  const { run, apiCalls: _apiCalls, ...rest } = report
  const { startedAt: _s, finishedAt: _f, command: _c, ...runRest } = run
  return { ...rest, run: runRest }
}
