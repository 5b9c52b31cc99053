// The report vocabulary as the app sees it. Statuses and severities come from src/core/types.ts (pure,
// so bundling it costs nothing). The baseline states are restated here because their home,
// src/report/schema.ts, pulls zod into the bundle; a unit test holds the two lists equal.
import { SEVERITIES, STATUSES, type Severity, type Status } from '../../../../core/types.js'
import type { BaselineState, FindingsReport } from '../../../schema.js'

export type Finding = FindingsReport['findings'][number]
export type Check = FindingsReport['checks'][number]
export type Account = FindingsReport['run']['accounts'][number]
export type { Severity, Status, BaselineState }

export const STATUS_ORDER: readonly Status[] = STATUSES
export const SEVERITY_ORDER: readonly Severity[] = SEVERITIES
export const BASELINES: readonly BaselineState[] = ['new', 'unchanged', 'resolved']

export const STATUS_LABEL: Record<Status, string> = { fail: 'Fail', error: 'Error', pass: 'Pass', not_applicable: 'Not applicable' }
export const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' }
export const BASELINE_LABEL: Record<BaselineState, string> = { new: 'New', unchanged: 'Still the same', resolved: 'Resolved' }

/** Status indexes as the finding table stores them. */
export const STATUS_INDEX: Record<Status, number> = Object.fromEntries(STATUS_ORDER.map((s, i) => [s, i])) as Record<Status, number>
/** Worst first: failures, then what could not be evaluated, then passes, then not applicable. */
export const STATUS_PRIORITY: readonly Status[] = ['fail', 'error', 'pass', 'not_applicable']
