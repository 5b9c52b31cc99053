// Reading a plan to apply it (remediation plans, user-sync plans): the shape (strict), then its
// integrity (the hash over every other field), then its age. Each refusal is an InputError (exit 2)
// saying what is wrong and what to do instead.
import type { z } from 'zod'
import { InputError } from '../core/errors.js'
import { formatZodIssues } from '../core/zod-format.js'
import { readJsonFile } from '../refine/baseline.js'
import { planHash } from './plan.js'
import { planSchema, type Plan } from './plan-schema.js'

/** Clocks disagree a little; a plan made more than this far in the future is refused. */
const FUTURE_TOLERANCE_MS = 10 * 60_000

export interface HashedPlanKind<S extends z.ZodType<{ hash: string; createdAt: string }>> {
  schema: S
  hash(plan: z.infer<S>): string
  /** 'remediation plan', 'users plan' */
  what: string
  /** The command that makes a new one. */
  remake: string
}

export function loadHashedPlan<S extends z.ZodType<{ hash: string; createdAt: string }>>(kind: HashedPlanKind<S>, file: string, now: Date, maxAgeHours: number): z.infer<S> {
  const parsed = kind.schema.safeParse(readJsonFile(file, kind.what))
  if (!parsed.success) throw new InputError('InvalidPlan', `${file} is not a guardrail ${kind.what}:\n${formatZodIssues(parsed.error)}`, `Make one with: ${kind.remake}`)
  const plan = parsed.data
  const actual = kind.hash(plan)
  if (actual !== plan.hash) {
    throw new InputError(
      'PlanModified',
      `${file} was changed after it was made: its content hashes to ${actual.slice(0, 12)}…, the plan says ${plan.hash.slice(0, 12)}…. A changed plan is not the plan that was reviewed.`,
      `Make a new plan (${kind.remake}), review it, and apply that one.`,
    )
  }
  const age = now.getTime() - Date.parse(plan.createdAt)
  if (age > maxAgeHours * 3_600_000) {
    throw new InputError(
      'PlanStale',
      `${file} was made ${(age / 3_600_000).toFixed(1)} hours ago (${plan.createdAt}); plans older than ${maxAgeHours} hours are not applied, because the accounts may have changed since.`,
      `Make a new plan (${kind.remake}); or raise remediation.maxPlanAgeHours in guardrail.config.yaml (--max-age-hours) if the plan is still what you want.`,
    )
  }
  if (age < -FUTURE_TOLERANCE_MS) throw new InputError('PlanFromTheFuture', `${file} says it was made at ${plan.createdAt}, after now (${now.toISOString()}).`, "Check this machine's clock, or make the plan again.")
  return plan
}

export function loadPlan(file: string, now: Date, maxAgeHours: number): Plan {
  return loadHashedPlan({ schema: planSchema, hash: planHash, what: 'remediation plan', remake: 'guardrail remediate plan findings.json -o plan.json' }, file, now, maxAgeHours)
}
