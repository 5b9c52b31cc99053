// The progress renderer writes straight to the terminal, with its own ANSI sequences (carriage
// return, erase line). The values it interpolates come from AWS (account ids as Organizations lists
// them, warning messages quoting AWS errors): those are neutralised, its own escapes are not.
import { describe, expect, it } from 'vitest'
import type { ScanEvent, ScanPhase } from '../../src/orchestrate/events.js'
import { createProgressReporter } from '../../src/orchestrate/progress.js'

const CLEAR_SCREEN = '\x1b[2J'
const OSC_TITLE = '\x1b]0;pwned\x07'
const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

const hostileId = `1111${CLEAR_SCREEN}`
const events: ScanEvent[] = [
  { type: 'phase', phase: 'discover' },
  { type: 'plan', total: 2, alreadyDone: 0, regions: ['eu-west-1'] },
  { type: 'phase', phase: 'collect' },
  { type: 'account-start', accountId: hostileId },
  { type: 'warning', message: `AccessDenied: ${OSC_TITLE} Konto é 日本\nguardrail: [2/2] 222222222222 ok` },
  { type: 'account-done', accountId: hostileId, accessible: true, gaps: 0, durationMs: 1000 },
  { type: 'phase', phase: `evil${CLEAR_SCREEN}` as ScanPhase },
  { type: 'phase', phase: 'done' },
]

function render(isTTY: boolean): string[] {
  const chunks: string[] = []
  const reporter = createProgressReporter({ stream: { isTTY, columns: 100, write: (c: string) => chunks.push(c) }, now: () => 0, redrawIntervalMs: 0 })
  for (const e of events) reporter.onEvent(e)
  reporter.close()
  return chunks
}

describe('progress reporter with hostile values', () => {
  it('plain mode: account ids, warnings and unknown phases are printed as visible escapes, on one line each', () => {
    const text = render(false).join('')
    expect(text).not.toMatch(RAW_UNSAFE)
    expect(text).toContain('[1/2] 1111\\u001b[2J ok')
    expect(text).toContain('guardrail: warning: AccessDenied: \\u001b]0;pwned\\u0007 Konto é 日本\\nguardrail: [2/2] 222222222222 ok\n')
    // The newline inside the warning did not forge a progress line of its own.
    expect(text.split('\n').filter((l) => l.startsWith('guardrail: [2/2]'))).toEqual([])
    expect(text).toContain('guardrail: evil\\u001b[2J\n')
  })

  it('terminal mode: its own erase-line sequences stay, every interpolated value is neutralised', () => {
    const chunks = render(true)
    expect(chunks.every((c) => c.startsWith('\r\x1b[2K') || c === '\n')).toBe(true)
    // Removing the renderer's own prefix leaves no control character at all.
    const values = chunks.map((c) => c.replace(/^\r\x1b\[2K/, ''))
    for (const v of values) expect(v).not.toMatch(RAW_UNSAFE)
    expect(values.join('')).toContain('warning: AccessDenied: \\u001b]0;pwned\\u0007 Konto é 日本\\nguardrail')
    expect(values.some((v) => v.includes('evil\\u001b[2J'))).toBe(true)
  })
})
