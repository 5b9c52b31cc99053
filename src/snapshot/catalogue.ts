// Every slice a collector can fill, in one table: one line per service's schema file. The account
// snapshot schema (schema.ts), the slice types and locators checks use (slices.ts), and the
// collector registry's meta-test (every slice filled by exactly one collector) derive from it.
//
// Pure data (zod schemas only, no SDK): offline commands such as `evaluate` load it without loading
// any AWS client.
import type { z } from 'zod'
import { ACCOUNT_SLICES } from './organization.js'
import { EC2_SLICES } from './ec2.js'
import { IAM_SLICES } from './iam.js'
import { CLOUDTRAIL_SLICES } from './cloudtrail.js'
import { MONITORING_SLICES } from './monitoring.js'
import { SSM_SLICES } from './ssm.js'
import { DETECTION_SLICES } from './detection.js'
import { S3_SLICES } from './s3.js'
import type { SliceScope } from './slice-spec.js'
import { readable } from './readable.js'

export const SLICE_CATALOGUE = {
  ...IAM_SLICES,
  ...ACCOUNT_SLICES,
  ...EC2_SLICES,
  ...CLOUDTRAIL_SLICES,
  ...MONITORING_SLICES,
  ...SSM_SLICES,
  ...DETECTION_SLICES,
  ...S3_SLICES,
} as const

type Catalogue = typeof SLICE_CATALOGUE
/** Keys of collected (per-account) slices: 'iam.credentialReport', 'ec2.securityGroups', … */
export type CollectedSliceKey = keyof Catalogue
export type CollectedSliceTypes = { [K in CollectedSliceKey]: z.infer<Catalogue[K]['schema']> }
type KeysOfScope<S extends SliceScope> = { [K in CollectedSliceKey]: Catalogue[K]['scope'] extends S ? K : never }[CollectedSliceKey]
export type GlobalSliceKey = KeysOfScope<'global'>
export type RegionalSliceKey = KeysOfScope<'regional'>

export const COLLECTED_SLICE_KEYS = Object.keys(SLICE_CATALOGUE) as CollectedSliceKey[]
export const REGIONAL_SLICE_KEYS = COLLECTED_SLICE_KEYS.filter((k) => SLICE_CATALOGUE[k].scope === 'regional') as RegionalSliceKey[]
export const GLOBAL_SLICE_KEYS = COLLECTED_SLICE_KEYS.filter((k) => SLICE_CATALOGUE[k].scope === 'global') as GlobalSliceKey[]

/** 'iam.credentialReport' → ['iam', 'credentialReport']: where a global slice sits in the account snapshot. */
export function globalSlicePath(key: string): [group: string, name: string] {
  const dot = key.indexOf('.')
  return [key.slice(0, dot), key.slice(dot + 1)]
}

export function isRegionalSlice(key: string): key is RegionalSliceKey {
  return (SLICE_CATALOGUE as Record<string, { scope: SliceScope }>)[key]?.scope === 'regional'
}

/** The schema of one stored slice: its value, or the AWS error that prevented reading it. */
export function sliceSchema<K extends CollectedSliceKey>(key: K) {
  return readable(SLICE_CATALOGUE[key].schema as Catalogue[K]['schema'])
}
