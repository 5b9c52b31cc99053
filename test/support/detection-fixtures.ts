// Fixtures for the detection checks' table tests (AWS Config, GuardDuty, Security Hub, Access
// Analyzer, KMS, S3 account Block Public Access): one account whose regions hold the given slices.
import { expect } from 'vitest'
import type { Analyzer, ConfigAggregator, ConfigRecorder, DeliveryChannel, GuardDutyDetector, KmsKey, KmsKeyDetails } from '../../src/snapshot/detection.js'
import type { AccountSnapshot, RegionSlices, Snapshot } from '../../src/snapshot/schema.js'
import { ACCOUNT_ID, accountSnapshot, ok, snapshot } from './builders.js'

export const REGION = 'eu-west-1'
export const OTHER_REGION = 'us-east-1'
export const ACCOUNT_ARN = `arn:aws:iam::${ACCOUNT_ID}:root`

/** An account whose regions (in the given order) hold these slices. */
export function accountInRegions(regions: Record<string, RegionSlices>, accountId = ACCOUNT_ID): AccountSnapshot {
  const a = accountSnapshot({ accountId, regions: Object.keys(regions) })
  a.regional = regions
  return a
}

/** One account, one region. */
export const inRegion = (slices: RegionSlices, region = REGION): Snapshot => snapshot(accountInRegions({ [region]: slices }))

/** A customer recorder recording everything (global types included), its last run a success. */
export function recorder(opts: Partial<Omit<ConfigRecorder, 'status'>> & { recording?: boolean; lastStatus?: string; status?: ConfigRecorder['status'] } = {}): ConfigRecorder {
  const { recording = true, lastStatus = 'SUCCESS', status, ...rest } = opts
  return {
    name: 'default',
    roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/config`,
    allSupported: true,
    includeGlobalResourceTypes: true,
    recordingStrategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
    resourceTypes: [],
    excludedResourceTypes: [],
    status: status ?? ok({ recording, lastStatus }),
    ...rest,
  }
}

export const channel = (opts: Partial<DeliveryChannel> = {}): DeliveryChannel => ({ name: 'default', s3BucketName: 'config-history', ...opts })

export function aggregator(name: string, accountId: string, region: string, source: Pick<ConfigAggregator, 'organizationSource'> | { accountIds: string[] }): ConfigAggregator {
  return {
    name,
    arn: `arn:aws:config:${region}:${accountId}:config-aggregator/config-aggregator-${name}`,
    accountSources: 'accountIds' in source ? [{ accountIds: source.accountIds, allAwsRegions: true, awsRegions: [] }] : [],
    ...('organizationSource' in source && source.organizationSource ? { organizationSource: source.organizationSource } : {}),
  }
}

export const detector = (detectorId: string, status = 'ENABLED'): GuardDutyDetector => ({ detectorId, status, findingPublishingFrequency: 'SIX_HOURS' })

export function analyzer(name: string, type: string, status = 'ACTIVE', region = REGION): Analyzer {
  return { arn: `arn:aws:access-analyzer:${region}:${ACCOUNT_ID}:analyzer/${name}`, name, type, status }
}

export const keyArn = (keyId: string, region = REGION) => `arn:aws:kms:${region}:${ACCOUNT_ID}:key/${keyId}`

/** A customer-managed key; an enabled symmetric AWS_KMS key gets its rotation read (off unless given). */
export function kmsKey(keyId: string, details: Partial<KmsKeyDetails> = {}, rotation?: KmsKey['rotation']): KmsKey {
  const d: KmsKeyDetails = { keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyState: 'Enabled', origin: 'AWS_KMS', ...details }
  const key: KmsKey = { keyId, arn: keyArn(keyId), details: ok(d) }
  if (rotation) key.rotation = rotation
  return key
}

/** A finding message that contains `text` (for `expect` entries of a table case). */
export const says = (text: string) => expect.stringContaining(text) as unknown as string
