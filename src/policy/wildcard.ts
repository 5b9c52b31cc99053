// IAM-style wildcard matching for actions: `*` matches any run of characters (including none) and
// `?` exactly one; action names are case-insensitive ("S3:GetObject" ≡ "s3:getobject"). The matching
// itself is the project's one glob matcher (core/glob.ts), on lower-cased text.
import { globMatches } from '../core/glob.js'

/** Does the IAM action pattern (e.g. 's3:Get*', 'iam:?etUser', '*') match the action? */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatches(pattern.toLowerCase(), action.toLowerCase())
}

/**
 * Does the pattern match every action? True for '*' and for '*:*' (both accepted by IAM) and any
 * spelling made only of '*' around the service separator, such as '**' or '*:**'.
 */
export function coversAllActions(pattern: string): boolean {
  return /^\*+(:\*+)?$/.test(pattern)
}

/** Does the resource pattern match every resource? ('*', or only '*' characters.) */
export function coversAllResources(pattern: string): boolean {
  return /^\*+$/.test(pattern)
}
