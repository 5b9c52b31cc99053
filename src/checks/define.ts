// The contract between a check module and the engine. A check is metadata (data) plus one pure
// function over the Snapshot: no SDK, no clock (ctx.now), no I/O.
import type { z } from 'zod'
import type { AccountSnapshot, Snapshot } from '../snapshot/schema.js'
import type { RegionalSliceKey, SliceKey, SliceTypes } from '../snapshot/slices.js'
import type { Readable } from '../snapshot/readable.js'
import type { OrgSettings } from '../rules/schema.js'

/**
 * account: run once per account with global data (IAM).
 * region: run once per account and scanned region.
 * organization: run once per scan over the organization view; emits findings for any account.
 */
export type CheckScope = 'account' | 'region' | 'organization'

export interface EmitOptions {
  /** Evidence: the facts the verdict rests on, for auditors. Never secrets. */
  evidence?: Record<string, unknown>
}

export interface CheckContext<Options> {
  readonly now: Date
  readonly options: Options
  readonly accountId: string
  readonly region: string
  readonly partition: string
  /** Roles of accounts (identity, log archive, audit, sandbox OUs) from the config file. */
  readonly settings: OrgSettings
  /** The account itself as a resource: arn:<partition>:iam::<account>:root */
  readonly accountArn: string
  /** Typed data of a declared, readable slice. Reading an undeclared slice is a bug and throws. */
  read<K extends SliceKey>(key: K): SliceTypes[K]
  /**
   * A regional slice in every scanned region of the account, in region order, each read or not
   * ("enabled in every region", an alarm whose log group sits in another region). Only for keys
   * declared in `acrossRegions`; unreadable regions are returned, not thrown, so the check can
   * report `error` for exactly those regions and decide the others.
   */
  readAllRegions<K extends RegionalSliceKey>(key: K): RegionReading<SliceTypes[K]>[]
  /**
   * (organization scope) A member account's slice, for keys declared in `fromMembers`. Regional
   * slices need the region. An account that was not scanned, could not be entered, or whose slice
   * was not collected gives `unreadable` with the reason (NotCollected, AccessDenied, …).
   */
  readMember<K extends SliceKey>(accountId: string, key: K, region?: string): Readable<SliceTypes[K]>
  pass(resource: string, message?: string, options?: EmitOptions): void
  fail(resource: string, message: string, options?: EmitOptions): void
  notApplicable(resource: string, message: string, options?: EmitOptions): void
  /** The check could not decide. `code` names why (an AWS error code where there is one). */
  error(resource: string, message: string, code: string): void
  /** A context that emits for another account/region (organization-scope checks). */
  forAccount(accountId: string, region?: string): CheckContext<Options>
}

export interface RegionReading<T> {
  region: string
  slice: Readable<T>
}

export interface CheckInput {
  snapshot: Snapshot
  /** The account under evaluation (absent for organization scope). */
  account?: AccountSnapshot
}

export interface CheckDefinition<OptionsSchema extends z.ZodTypeAny = z.ZodTypeAny> {
  /** '<service>.<name>', equal to the file path src/checks/<service>/<name>.ts */
  id: string
  title: string
  /** What is checked, in a sentence or two. */
  description: string
  /** Why it matters. */
  rationale: string
  /** How to fix a failure (console/CLI steps). */
  remediation: string
  scope: CheckScope
  /** Slices read; if any is unreadable the engine reports `error` with its AWS error code. */
  requires: readonly SliceKey[]
  /** Regional slices read in every scanned region (ctx.readAllRegions); not gated: the check sees each region's state. */
  acrossRegions?: readonly RegionalSliceKey[]
  /**
   * (organization scope) Member-account slices read with ctx.readMember. The organization scan keeps
   * exactly these of every account for the organization checks, so memory stays bounded.
   */
  fromMembers?: readonly SliceKey[]
  /** Schema of the options set in rules/baseline.yaml and overridable from the config file. */
  options?: OptionsSchema
  /** Id of the automatic fix in src/remediate/catalogue.ts (an SSM Automation runbook); absent: manual only. */
  remediationId?: string
  evaluate(input: CheckInput, ctx: CheckContext<z.infer<OptionsSchema>>): void
}

export type AnyCheck = CheckDefinition<z.ZodTypeAny>

export function defineCheck<S extends z.ZodTypeAny = z.ZodObject<{}>>(check: CheckDefinition<S>): CheckDefinition<S> {
  return check
}
