// Every regional collector, run for one account and region. A region whose calls fail (disabled,
// throttled beyond retries, denied) gets unreadable slices carrying the AWS code — the other
// regions and accounts carry on.
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { Readable } from '../../snapshot/schema.js'
import { collectSecurityGroups } from './ec2-security-groups.js'
import { REGIONAL_SLICE } from './schema.js'

export interface RegionalClients {
  ec2: EC2Client
}

export type RegionalSlices = Record<string, Readable<unknown>>

export async function collectRegion(clients: RegionalClients, accountId: string, region: string, partition = 'aws'): Promise<RegionalSlices> {
  return {
    [REGIONAL_SLICE.ec2SecurityGroups]: await collectSecurityGroups(clients.ec2, accountId, region, partition),
  }
}

/** Slices of a region that could not be scanned at all (e.g. region discovery failed). */
export function unreadableRegion(error: { code: string; message: string; operation: string }): RegionalSlices {
  return Object.fromEntries(Object.values(REGIONAL_SLICE).map((key) => [key, { kind: 'unreadable', error } as const]))
}

/** How many slices of a region could not be read. */
export function countGaps(slices: RegionalSlices): number {
  return Object.values(slices).filter((s) => s.kind === 'unreadable').length
}
