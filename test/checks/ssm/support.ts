// Shared by the Session Manager table tests: an account with one region holding the given regional
// slices, and (optionally) IAM principals for the checks that also read the authorization details.
import { accountSnapshot, ACCOUNT_ID, snapshot, type AccountSpec } from '../../support/builders.js'
import type { RegionSlices, Snapshot } from '../../../src/snapshot/schema.js'
import type { SessionPreferences } from '../../../src/snapshot/ssm.js'
import { ok } from '../../../src/snapshot/readable.js'

export const REGION = 'eu-west-1'
export const DOCUMENT_ARN = `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:document/SSM-SessionManagerRunShell`
export const instanceArn = (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:instance/${id}`

export function inRegion(slices: RegionSlices, iam: Omit<AccountSpec, 'regions'> = {}): Snapshot {
  const a = accountSnapshot({ ...iam, regions: [REGION] })
  a.regional = { [REGION]: slices }
  return snapshot(a)
}

/** A region whose preferences document holds exactly these settings. */
export const withPreferences = (prefs: Omit<SessionPreferences, 'documentExists'>, iam: Omit<AccountSpec, 'regions'> = {}) =>
  inRegion({ 'ssm.sessionPreferences': ok({ documentExists: true, ...prefs }) }, iam)

/** A region where nobody saved Session Manager preferences. */
export const withoutPreferences = (iam: Omit<AccountSpec, 'regions'> = {}) => inRegion({ 'ssm.sessionPreferences': ok({ documentExists: false }) }, iam)
