// The suppressions file (--suppressions <file>): accepted risks, each with a reason, an owner and an
// expiry, so a known and accepted failure stops failing CI without disappearing from the report.
//
//   suppressions:
//     - id: legacy-bastion                  # optional, unique: [a-z0-9._-], starts with a letter or digit
//       checks: [ec2.no-ssh-from-internet]  # globs (* and ?) over check ids
//       accounts: ['111111111111']
//       ous: [ou-abcd-12345678, Sandbox]    # OU id or name: matches when the account's OU path contains it
//       regions: [eu-west-1]                # region names, or 'global' (IAM, Organizations)
//       resources: ['arn:aws:ec2:*:*:security-group/sg-0abc*']   # globs over the finding's resource
//       tags: { env: sandbox }              # account tags (AWS Organizations); all must match; value glob
//       findings: ['3f2a…']                 # finding ids (exact)
//       reason: Legacy bastion, replaced by Session Manager in Q1
//       owner: platform-team@example.com
//       expires: 2027-03-31                 # mutes through the end of that day (UTC)
//
// Matching: AND across fields, OR within a field, an absent field does not restrict. Strict
// everywhere (an unknown key is a typo, and a typo in a suppression silently mutes the wrong thing
// or nothing). Rules a JSON Schema cannot state are refinements here (so every consumer of this
// schema enforces them): unique ids, and no entry that restricts nothing — no field at all, or only
// match-all globs such as `*` or the organization root in `ous` (that would mute every failure of
// the organization). Whether exact
// check ids exist is checked by the loader, which knows the checks (src/refine/suppressions.ts).
// `expires` has no upper bound here; an expiry more than a year after the report's as-of is
// called out when the file is applied (suppressionWarnings in suppress.ts).
// schema/suppressions.schema.json is generated from this (npm run schemas) for editors.
import { z } from 'zod'
import { accountIdSchema, REGION_PATTERN } from '../core/ids.js'
import { GLOBAL_REGION } from '../core/types.js'
import { isMatchAll } from '../core/glob.js'

export const SUPPRESSIONS_JSON_SCHEMA_FILE = 'schema/suppressions.schema.json'

export const SUPPRESSION_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/
/** Finding ids are 24 lowercase hex characters (src/core/finding-id.ts). */
export const FINDING_ID_PATTERN = /^[0-9a-f]{24}$/

/** Patterns are names and ARNs: long enough for any ARN, short enough to keep matching cheap. */
const MAX_PATTERN = 2048
const MAX_TEXT = 1000

const nonEmptyList = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'an empty list restricts nothing: remove the field or name at least one value')

const glob = z.string().min(1, 'an empty pattern matches nothing').max(MAX_PATTERN)
const regionOrGlobal = z
  .string()
  .refine((r) => r === GLOBAL_REGION || REGION_PATTERN.test(r), `a region name such as eu-west-1, or '${GLOBAL_REGION}'`)
  .meta({ pattern: `^(${GLOBAL_REGION}|${REGION_PATTERN.source.slice(1, -1)})$` })
const text = (what: string) => z.string().trim().min(1, `${what} is required and may not be empty`).max(MAX_TEXT)

export const suppressionEntrySchema = z
  .strictObject({
    id: z
      .string()
      .regex(SUPPRESSION_ID_PATTERN, 'an id is 1–64 of a-z, 0-9, . _ - and starts with a letter or digit')
      .optional()
      .describe('Names the entry in the report (finding.muted.suppression); default "entry <n>"'),
    checks: nonEmptyList(glob).optional().describe('Check ids or globs (* and ?), e.g. iam.* — see `guardrail checks`'),
    accounts: nonEmptyList(accountIdSchema).optional().describe('Account ids'),
    ous: nonEmptyList(z.string().min(1).max(256)).optional().describe("OU ids (ou-…) or names: matches when the account's OU path contains one of them"),
    regions: nonEmptyList(regionOrGlobal).optional().describe(`Region names, or '${GLOBAL_REGION}' for IAM and Organizations findings`),
    resources: nonEmptyList(glob).optional().describe("Globs (* and ?) over the finding's resource (an ARN where one exists)"),
    tags: z
      .record(z.string().min(1).max(128), z.string().max(MAX_PATTERN))
      .refine((tags) => Object.keys(tags).length > 0, 'an empty tag map restricts nothing: remove the field or name at least one tag')
      .meta({ minProperties: 1 })
      .optional()
      .describe("Account tags from AWS Organizations: every tag listed must be on the account; values are globs ('*': any value)"),
    findings: nonEmptyList(z.string().regex(FINDING_ID_PATTERN, 'a finding id is 24 lowercase hex characters (findings.json: findings[].id)'))
      .optional()
      .describe('Finding ids (exact), from findings.json'),
    reason: text('reason').describe('Why this risk is accepted'),
    owner: text('owner').describe('Who accepted it and answers for it'),
    expires: z.iso.date('a real calendar date written YYYY-MM-DD').describe('Last day it mutes (UTC); after that it is reported as expired'),
  })
  .describe('One accepted risk: AND across fields, OR within a field')

export const suppressionsFileSchema = z
  .strictObject({
    suppressions: z.array(suppressionEntrySchema).describe('Entries, in order: the first active entry that matches a finding mutes it'),
  })
  .superRefine((file, ctx) => {
    const firstIndexOfId = new Map<string, number>()
    file.suppressions.forEach((entry, index) => {
      if (entry.id !== undefined) {
        const earlier = firstIndexOfId.get(entry.id)
        if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: ['suppressions', index, 'id'], message: `duplicate id: entry ${earlier + 1} has the same id` })
        else firstIndexOfId.set(entry.id, index)
      }
      if (!restrictsAnything(entry)) {
        ctx.addIssue({
          code: 'custom',
          path: ['suppressions', index],
          message: 'this entry would mute every failure: restrict it with checks, accounts, ous, regions, resources, tags or findings (match-all patterns such as * do not count)',
        })
      }
    })
  })
  .describe('guardrail suppressions file')

export type SuppressionEntry = z.infer<typeof suppressionEntrySchema>
export type SuppressionsFile = z.infer<typeof suppressionsFileSchema>

/** The keys an entry may have, for "did you mean" on unknown keys. */
export const SUPPRESSION_ENTRY_KEYS = Object.keys(suppressionEntrySchema.shape)

/** AWS Organizations root ids (r-…), and the root's name. */
const ROOT_ID_PATTERN = /^r-[0-9a-z]{4,32}$/
export const ORGANIZATION_ROOT_NAME = 'Root'

/**
 * Whether an `ous` value names the organization root: every account's OU path starts at the root,
 * so it matches every account, like `*`.
 */
export function isOrganizationRoot(ou: string): boolean {
  return ou === ORGANIZATION_ROOT_NAME || ROOT_ID_PATTERN.test(ou)
}

/**
 * Whether the entry narrows what it mutes. A glob field counts only when none of its patterns is
 * match-all (OR within a field: one `*` makes the whole field match everything); likewise `ous`
 * counts only when none of its values is the organization root. accounts, regions, tags (a tag key
 * the account must carry) and findings always narrow.
 */
export function restrictsAnything(entry: SuppressionEntry): boolean {
  const narrowingGlobs = (patterns: readonly string[] | undefined) => patterns !== undefined && !patterns.some(isMatchAll)
  return (
    narrowingGlobs(entry.checks) ||
    narrowingGlobs(entry.resources) ||
    entry.accounts !== undefined ||
    (entry.ous !== undefined && !entry.ous.some(isOrganizationRoot)) ||
    entry.regions !== undefined ||
    (entry.tags !== undefined && Object.keys(entry.tags).length > 0) ||
    entry.findings !== undefined
  )
}

/** The entry's name in the report: its id, else 'entry <n>' (1-based, file order). */
export function suppressionLabel(entry: Pick<SuppressionEntry, 'id'>, index: number): string {
  return entry.id ?? `entry ${index + 1}`
}

export function suppressionsJsonSchema(): string {
  // io: 'input' describes what a user writes.
  const schema = z.toJSONSchema(suppressionsFileSchema, { io: 'input' })
  return JSON.stringify({ ...schema, title: 'guardrail suppressions file' }, null, 2) + '\n'
}
