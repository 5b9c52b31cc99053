// Progress on stderr, fed by ScanEvents: a bar redrawn in place on a terminal, plain lines in CI
// (where carriage returns turn logs into noise), nothing when quiet. Never prints credentials: the
// events carry account ids and counts only. The renderer writes its own ANSI sequences (erase line,
// carriage return); every value it interpolates — account ids, phases, warning messages that may quote
// AWS error messages — passes through neutralizeControl first, so none of them can drive the terminal.
import { neutralizeControl } from '../core/terminal-text.js'
import type { ScanEvent, ScanPhase } from './events.js'

export type ProgressMode = 'auto' | 'tty' | 'plain' | 'quiet'

export interface ProgressStream {
  write(chunk: string): unknown
  isTTY?: boolean
  columns?: number
}

export interface ProgressReporter {
  onEvent(event: ScanEvent): void
  /** Ends the bar line (TTY) so later output starts on a fresh line. */
  close(): void
}

export interface ProgressOptions {
  stream?: ProgressStream
  mode?: ProgressMode
  /** Injected for tests. */
  now?: () => number
  /** Minimum time between two TTY redraws. */
  redrawIntervalMs?: number
}

const PHASE_LABEL: Record<ScanPhase, string> = {
  discover: 'discovering accounts',
  collect: 'scanning accounts',
  'organization-checks': 'organization checks',
  assemble: 'writing reports',
  done: 'done',
}

/** An interpolated value, neutralised and kept on one line (a newline in it would break the bar). */
function safe(value: string): string {
  return neutralizeControl(value).replace(/\r?\n/g, '\\n').replace(/\t/g, ' ')
}

/** The label of a phase; a phase this renderer does not know is shown as its (neutralised) name. */
function phaseLabel(phase: ScanPhase): string {
  return PHASE_LABEL[phase] ?? safe(String(phase))
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}

/** Tracks counts and estimates the remaining time from accounts finished in this run. */
class ProgressState {
  phase: ScanPhase = 'discover'
  total = 0
  alreadyDone = 0
  doneThisRun = 0
  gaps = 0
  inFlight = 0
  collectStartedAt: number | undefined

  constructor(private readonly now: () => number) {}

  get done(): number {
    return this.alreadyDone + this.doneThisRun
  }

  etaMs(): number | undefined {
    if (this.collectStartedAt === undefined || this.doneThisRun === 0) return undefined
    const perAccount = (this.now() - this.collectStartedAt) / this.doneThisRun
    return perAccount * Math.max(0, this.total - this.done)
  }

  apply(event: ScanEvent): void {
    switch (event.type) {
      case 'phase':
        this.phase = event.phase
        if (event.phase === 'collect') this.collectStartedAt = this.now()
        break
      case 'plan':
        this.total = event.total
        this.alreadyDone = event.alreadyDone
        break
      case 'account-start':
        this.inFlight++
        break
      case 'account-done':
        this.inFlight = Math.max(0, this.inFlight - 1)
        this.doneThisRun++
        this.gaps += event.gaps
        break
      case 'warning':
        break
    }
  }
}

function bar(done: number, total: number, width: number): string {
  const filled = total === 0 ? width : Math.round((done / total) * width)
  return '█'.repeat(filled) + '░'.repeat(Math.max(0, width - filled))
}

export function createProgressReporter(options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr
  const now = options.now ?? Date.now
  const requested = options.mode ?? 'auto'
  const mode = requested === 'auto' ? (stream.isTTY ? 'tty' : 'plain') : requested
  if (mode === 'quiet') return { onEvent() {}, close() {} }

  const state = new ProgressState(now)
  if (mode === 'plain') {
    return {
      onEvent(event) {
        state.apply(event)
        if (event.type === 'phase') stream.write(`guardrail: ${phaseLabel(event.phase)}\n`)
        else if (event.type === 'plan') {
          const resumed = event.alreadyDone > 0 ? ` (${event.alreadyDone} already done, resuming)` : ''
          stream.write(`guardrail: ${event.total} account(s) to scan${resumed}\n`)
        } else if (event.type === 'account-done') {
          const eta = state.etaMs()
          const status = event.accessible ? (event.gaps > 0 ? `${event.gaps} gap(s)` : 'ok') : 'NOT ACCESSIBLE'
          stream.write(
            `guardrail: [${state.done}/${state.total}] ${safe(event.accountId)} ${status} in ${formatDuration(event.durationMs)}${eta !== undefined && state.done < state.total ? `, ETA ${formatDuration(eta)}` : ''}\n`,
          )
        } else if (event.type === 'warning') stream.write(`guardrail: warning: ${safe(event.message)}\n`)
      },
      close() {},
    }
  }

  // TTY: one line, redrawn at most every redrawIntervalMs (and always on phase changes).
  const interval = options.redrawIntervalMs ?? 100
  let lastDraw = -Infinity
  let drawn = false
  const draw = (force: boolean) => {
    const t = now()
    if (!force && t - lastDraw < interval) return
    lastDraw = t
    const eta = state.etaMs()
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 60))
    const parts = [
      `${bar(state.done, state.total, width)} ${state.done}/${state.total} accounts`,
      phaseLabel(state.phase),
      state.inFlight > 0 ? `${state.inFlight} in flight` : '',
      state.gaps > 0 ? `${state.gaps} gap(s)` : '',
      eta !== undefined && state.phase === 'collect' ? `ETA ${formatDuration(eta)}` : '',
    ].filter(Boolean)
    stream.write(`\r\x1b[2K${parts.join(' · ')}`)
    drawn = true
  }
  return {
    onEvent(event) {
      state.apply(event)
      if (event.type === 'warning') {
        // Print the warning on its own line, then redraw the bar under it.
        stream.write(`\r\x1b[2Kguardrail: warning: ${safe(event.message)}\n`)
        draw(true)
        return
      }
      draw(event.type === 'phase' || event.type === 'plan')
    },
    close() {
      if (drawn) stream.write('\n')
      drawn = false
    },
  }
}
