// Shared by the EC2 networking table tests: an account with one region holding the given slices.
import { ACCOUNT_ID, accountSnapshot, snapshot } from '../../support/builders.js'
import type { RegionSlices, Snapshot } from '../../../src/snapshot/schema.js'

export const REGION = 'eu-west-1'
export const arn = (kind: string, id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:${kind}/${id}`

export function inRegion(slices: RegionSlices, region = REGION): Snapshot {
  const a = accountSnapshot({ regions: [region] })
  a.regional = { [region]: slices }
  return snapshot(a)
}
