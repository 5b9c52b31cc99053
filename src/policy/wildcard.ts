// IAM-style wildcard matching for actions: `*` matches any run of characters (including none) and
// `?` exactly one; action names are case-insensitive ("S3:GetObject" ≡ "s3:getobject").

/** Does the IAM action pattern (e.g. 's3:Get*', 'iam:?etUser', '*') match the action? */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern.toLowerCase(), action.toLowerCase())
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

/** Iterative glob match with backtracking to the last '*': linear in practice, no regex built from input. */
function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0
  let t = 0
  let starP = -1
  let starT = 0
  while (t < text.length) {
    const pc = pattern[p]
    if (pc === '*') {
      starP = p++
      starT = t
    } else if (pc !== undefined && (pc === '?' || pc === text[t])) {
      p++
      t++
    } else if (starP !== -1) {
      p = starP + 1
      t = ++starT
    } else {
      return false
    }
  }
  while (pattern[p] === '*') p++
  return p === pattern.length
}
