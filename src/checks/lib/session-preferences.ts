// Shared by the Session Manager preference checks (ssm.session-logging, -run-as, -timeouts): where
// the preferences live, and whether the inputs a check needs could be read at all.
import { SESSION_PREFERENCES_DOCUMENT as PREFERENCES_DOCUMENT, type SessionPreferences } from '../../snapshot/ssm.js'

/** The preferences document of a region as a resource (also where it would be, when it does not exist). */
export function preferencesArn(ctx: { partition: string; region: string; accountId: string }): string {
  return `arn:${ctx.partition}:ssm:${ctx.region}:${ctx.accountId}:document/${PREFERENCES_DOCUMENT}`
}

/** Error code of a preferences document whose content (or one of the inputs a check needs) cannot be read. */
export const PREFERENCES_MALFORMED = 'SessionPreferencesMalformed'

/**
 * Why the given inputs cannot be judged, or undefined when they can: the document as a whole was
 * unreadable, or one of these inputs holds a value Session Manager does not accept. An input that
 * is merely absent is "not set", which the checks judge.
 */
export function unreadableInputs(prefs: SessionPreferences, inputs: readonly (keyof SessionPreferences)[]): string | undefined {
  if (prefs.problem === undefined) return undefined
  const invalid = prefs.invalidInputs
  if (invalid === undefined || invalid.length === 0) return prefs.problem
  const needed = invalid.filter((name) => (inputs as readonly string[]).includes(name))
  return needed.length > 0 ? prefs.problem : undefined
}

/** The preferences as evidence: what was set, nothing more. */
export function preferencesEvidence(prefs: SessionPreferences, inputs: readonly (keyof SessionPreferences)[]): Record<string, unknown> {
  const out: Record<string, unknown> = { document: PREFERENCES_DOCUMENT, documentExists: prefs.documentExists }
  for (const name of inputs) out[name] = prefs[name] ?? null
  return out
}
