// Keeps the resident memory of long streaming loops close to what they really hold.
//
// Streaming one account at a time keeps the *live* heap small (tens of MB for any organization
// size), but every account's parsed snapshot and findings outlive a few awaits, get promoted, and
// V8 — seeing a machine with many GB — lets that garbage pile up in old space for a long time: at
// 10,000 accounts the process reached 500–600 MB with ~40 MB live. A full collection every few
// hundred accounts (a few ms each at this heap size) holds RSS near the live size. `global.gc` is
// only present with --expose-gc, so it is enabled at run time, once, the documented V8 way.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let collect: (() => void) | null | undefined

function collector(): (() => void) | null {
  if (collect !== undefined) return collect
  try {
    setFlagsFromString('--expose-gc')
    collect = runInNewContext('gc') as () => void
  } catch {
    collect = null // not available in this runtime: memory is then only bounded by V8's own heuristics
  }
  return collect
}

/** Returns a function to call once per item of a long loop; it collects garbage every `every` calls. */
export function periodicCollection(every = 250): () => void {
  let n = 0
  return () => {
    if (++n % every === 0) collector()?.()
  }
}
