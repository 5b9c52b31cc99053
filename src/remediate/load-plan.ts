// Reading a plan for apply: the shape (strict), then its integrity (the hash over every other field),
// then its age. Each refusal is an InputError (exit 2) saying what is wrong and what to do instead.
import { InputError } from '../core/errors.js'
import { formatZodIssues } from '../core/zod-format.js'
import { readJsonFile } from '../refine/baseline.js'
import { planHash } from './plan.js'
import { planSchema, type Plan } from './plan-schema.js'

/** Clocks disagree a little; a plan made more than this far in the future is refused. */
const FUTURE_TOLERANCE_MS = 10 * 60_000

export function loadPlan(file: string, now: Date, maxAgeHours: number): Plan {
  const parsed = planSchema.safeParse(readJsonFile(file, 'remediation plan'))
  if (!parsed.success) {
    throw new InputError('InvalidPlan', `${file} is not a guardrail remediation plan:\n${formatZodIssues(parsed.error)}`, 'Make one with: guardrail remediate plan findings.json -o plan.json')
  }
  const plan = parsed.data
  const actual = planHash(plan)
  if (actual !== plan.hash) {
    throw new InputError(
      'PlanModified',
      `${file} was changed after it was made: its content hashes to ${actual.slice(0, 12)}…, the plan says ${plan.hash.slice(0, 12)}…. A changed plan is not the plan that was reviewed.`,
      'Make a new plan (guardrail remediate plan …), review it, and apply that one. To apply fewer actions, narrow the plan with --checks / --accounts / --regions.',
    )
  }
  const age = now.getTime() - Date.parse(plan.createdAt)
  if (age > maxAgeHours * 3_600_000) {
    throw new InputError(
      'PlanStale',
      `${file} was made ${(age / 3_600_000).toFixed(1)} hours ago (${plan.createdAt}); plans older than ${maxAgeHours} hours are not applied, because the accounts may have changed since.`,
      'Scan again and make a new plan; or raise remediation.maxPlanAgeHours in guardrail.config.yaml (--max-age-hours) if the plan is still what you want.',
    )
  }
  if (age < -FUTURE_TOLERANCE_MS) {
    throw new InputError('PlanFromTheFuture', `${file} says it was made at ${plan.createdAt}, after now (${now.toISOString()}).`, "Check this machine's clock, or make the plan again.")
  }
  return plan
}
