// The vocabulary every layer shares. Kept free of SDK and I/O imports so checks and
// renderers can use it without pulling in AWS.

export const STATUSES = ['pass', 'fail', 'error', 'not_applicable'] as const
export type Status = (typeof STATUSES)[number]

// Ordered from most to least severe: index comparisons implement --fail-on.
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold)
}

/** framework id → control ids in that framework, e.g. { 'cis-aws-3.0': ['1.10'] } */
export type FrameworkRefs = Record<string, string[]>

export interface Mute {
  reason: string
  owner: string
  expires: string
  /** The suppressions entry: its id, else 'entry <n>' (1-based). */
  suppression?: string
}

/** How a finding compares with a baseline report. */
export type BaselineState = 'new' | 'unchanged' | 'resolved'

export interface Finding {
  /** sha256(checkId, accountId, region, resource), truncated: same input, same id across runs. */
  id: string
  checkId: string
  status: Status
  severity: Severity
  accountId: string
  /** 'global' for IAM / Organizations. */
  region: string
  /** ARN where one exists. */
  resource: string
  message: string
  frameworks: FrameworkRefs
  /** The facts the verdict rests on, for auditors. */
  evidence?: Record<string, unknown>
  /** For status 'error': the AWS (or internal) error code that prevented evaluation. */
  errorCode?: string
  muted?: Mute
  /** With --baseline. */
  baseline?: BaselineState
  /** With --baseline: when this finding was first seen with its current status. */
  firstSeen?: string
}

export const GLOBAL_REGION = 'global'
