// Counts the AWS calls a scan makes: one per logical call (what the code asked for), plus the extra
// attempts the SDK's retry strategy made behind it, so throttling shows up in the numbers instead of
// only as slowness. One counter per account session; merge them for a scan-wide total.

/** 'iam:GetAccountSummary' — the key used everywhere an operation is named. */
const key = (service: string, operation: string) => `${service}:${operation}`
const serviceOf = (operationKey: string) => operationKey.slice(0, operationKey.indexOf(':'))

function addTo(map: Map<string, number>, k: string, n: number): void {
  if (n !== 0) map.set(k, (map.get(k) ?? 0) + n)
}

function sortedRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)))
}

function groupByService(map: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>()
  for (const [opKey, n] of map) addTo(out, serviceOf(opKey), n)
  return out
}

export class ApiCallCounter {
  private readonly calls = new Map<string, number>()
  private readonly retries = new Map<string, number>()

  /**
   * Record one logical call. `attempts` is how many HTTP attempts it took (the SDK's
   * $metadata.attempts); everything beyond the first is a retry.
   */
  record(service: string, operation: string, attempts = 1): void {
    addTo(this.calls, key(service, operation), 1)
    addTo(this.retries, key(service, operation), Math.max(0, attempts - 1))
  }

  /** Logical calls by service: the shape stored in the snapshot's `apiCalls`. */
  byService(): Record<string, number> {
    return sortedRecord(groupByService(this.calls))
  }

  /** Logical calls by 'service:Operation'. */
  byOperation(): Record<string, number> {
    return sortedRecord(this.calls)
  }

  /** Extra attempts (retries) by service; services without retries are absent. */
  retriesByService(): Record<string, number> {
    return sortedRecord(groupByService(this.retries))
  }

  /** Extra attempts (retries) by 'service:Operation'. */
  retriesByOperation(): Record<string, number> {
    return sortedRecord(this.retries)
  }

  totalCalls(): number {
    let total = 0
    for (const n of this.calls.values()) total += n
    return total
  }

  /** Add another counter's numbers into this one (e.g. per-account counters into a scan total). */
  merge(other: ApiCallCounter): this {
    for (const [k, n] of other.calls) addTo(this.calls, k, n)
    for (const [k, n] of other.retries) addTo(this.retries, k, n)
    return this
  }

  /** A frozen copy, to measure what happens after this point with `since`. */
  copy(): ApiCallCounter {
    return new ApiCallCounter().merge(this)
  }

  /** The calls made since `earlier` (a copy taken from this counter). */
  since(earlier: ApiCallCounter): ApiCallCounter {
    const delta = new ApiCallCounter()
    for (const [k, n] of this.calls) addTo(delta.calls, k, n - (earlier.calls.get(k) ?? 0))
    for (const [k, n] of this.retries) addTo(delta.retries, k, n - (earlier.retries.get(k) ?? 0))
    return delta
  }

  /** Serialises as the snapshot's `apiCalls` shape. */
  toJSON(): Record<string, number> {
    return this.byService()
  }
}
