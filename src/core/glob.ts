// The one glob matcher: IAM actions in policies (policy/wildcard.ts), check ids in --checks, and the
// suppressions file's check ids, resource ARNs and tag values.
//
// Syntax: `*` matches any run of characters (including none, and including `/` and `:` — an ARN is
// one flat string here, not a path), `?` matches exactly one character, every other character
// matches itself, case-sensitively. There is no escape: ARNs, check ids and tag values that need a
// literal `*` or `?` are matched by the wildcard itself. `**` means the same as `*`.
//
// Why not a RegExp: a pattern from a user's file turned into `^a.*b.*c$` backtracks polynomially
// (exponentially with nesting) on a long non-matching ARN. Here the pattern is split at its stars
// once; the first piece must be a prefix, the last a suffix, and each middle piece is searched left
// to right exactly once from where the previous one ended (the leftmost placement of each piece is
// always safe: any match that places it further right still works with it moved left). The cost is
// at most text length × pattern length, without backtracking, whatever the input.

/** A compiled pattern: call it with the text to test. */
export type GlobTest = (text: string) => boolean

/** Whether `piece` (which may contain `?`, but no `*`) matches `text` starting at `at`. */
function pieceMatchesAt(piece: string, text: string, at: number): boolean {
  if (at + piece.length > text.length) return false
  for (let i = 0; i < piece.length; i++) {
    const p = piece.charCodeAt(i)
    if (p !== 63 /* ? */ && p !== text.charCodeAt(at + i)) return false
  }
  return true
}

/** Leftmost index ≥ from where `piece` matches inside text[from, end), or -1. */
function findPiece(piece: string, text: string, from: number, end: number): number {
  if (!piece.includes('?')) {
    const at = text.indexOf(piece, from)
    return at !== -1 && at + piece.length <= end ? at : -1
  }
  for (let at = from; at + piece.length <= end; at++) if (pieceMatchesAt(piece, text, at)) return at
  return -1
}

export function compileGlob(pattern: string): GlobTest {
  const pieces = pattern.split('*')
  if (pieces.length === 1) {
    // No star: the whole text must match, position by position.
    if (!pattern.includes('?')) return (text) => text === pattern
    return (text) => text.length === pattern.length && pieceMatchesAt(pattern, text, 0)
  }
  const first = pieces[0]!
  const last = pieces[pieces.length - 1]!
  const middle = pieces.slice(1, -1).filter((p) => p.length > 0)
  const minLength = first.length + last.length + middle.reduce((n, p) => n + p.length, 0)
  return (text) => {
    if (text.length < minLength) return false
    if (!pieceMatchesAt(first, text, 0)) return false
    const suffixStart = text.length - last.length
    if (!pieceMatchesAt(last, text, suffixStart)) return false
    let at = first.length
    for (const piece of middle) {
      const found = findPiece(piece, text, at, suffixStart)
      if (found === -1) return false
      at = found + piece.length
    }
    return true
  }
}

export function globMatches(pattern: string, text: string): boolean {
  return compileGlob(pattern)(text)
}

/** Whether the pattern contains a wildcard (else it names exactly one value). */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?')
}

/**
 * Whether the pattern says nothing about the value: only wildcards, with at least one star (`*`,
 * `**`, `?*` …). Check ids and ARNs are never empty, so these match every one of them.
 */
export function isMatchAll(pattern: string): boolean {
  return pattern.includes('*') && /^[*?]+$/.test(pattern)
}
