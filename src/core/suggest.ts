// "Did you mean …?" for mistyped check ids: edit distance plus substring matches.

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return prev[b.length]!
}

export function closeMatches(input: string, candidates: readonly string[], limit = 3): string[] {
  const needle = input.toLowerCase()
  const maxDistance = Math.max(2, Math.floor(needle.length / 3))
  return candidates
    .map((c) => {
      const hay = c.toLowerCase()
      const contains = needle.length >= 3 && (hay.includes(needle) || hay.endsWith(needle.replace(/^[a-z]+\./, '')))
      return { c, d: contains ? 0 : editDistance(needle, hay) }
    })
    .filter((x) => x.d <= maxDistance)
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.c)
}
