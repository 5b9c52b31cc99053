// Bounded concurrency without a dependency: a semaphore (`Limiter`) and a pool that maps items
// through an async function with at most N in flight. Results are not collected here: the
// orchestrator streams each result to disk as it completes, so memory stays bounded by N.

/** A counting semaphore. `run(fn)` waits for a free slot, runs fn, and frees the slot. */
export class Limiter {
  private active = 0
  private readonly waiting: (() => void)[] = []

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`)
  }

  get inFlight(): number {
    return this.active
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.active++
    try {
      return await fn()
    } finally {
      const next = this.waiting.shift()
      // Hand the slot straight to the next waiter (active stays the same) so no one can jump the queue.
      if (next) next()
      else this.active--
    }
  }
}

/**
 * Runs `worker` over `items` with at most `concurrency` at once. Stops starting new items when
 * `signal` aborts (items in flight finish). A worker that throws rejects the whole pool after the
 * in-flight items settle: callers isolate per-item failures inside the worker.
 */
export async function runPool<T>(items: Iterable<T>, concurrency: number, worker: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const iterator = items[Symbol.iterator]()
  let failure: { error: unknown } | undefined
  const lane = async (): Promise<void> => {
    for (;;) {
      if (failure || signal?.aborted) return
      const next = iterator.next()
      if (next.done) return
      try {
        await worker(next.value)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  const lanes = Array.from({ length: Math.max(1, concurrency) }, lane)
  await Promise.all(lanes)
  if (failure) throw failure.error
}
