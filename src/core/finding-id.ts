import { createHash } from 'node:crypto'

/**
 * Stable finding id: the same check on the same resource in the same place gets the same id in
 * every run, so baselines, suppressions and tickets can refer to it.
 */
export function findingId(checkId: string, accountId: string, region: string, resource: string): string {
  return createHash('sha256').update([checkId, accountId, region, resource].join('\u0000')).digest('hex').slice(0, 24)
}
