// Shapes of the detection slices: AWS Config (recorders, delivery channels, aggregators), GuardDuty
// detectors, Security Hub, IAM Access Analyzer analyzers, KMS keys (all regional), and the
// account-level S3 Block Public Access settings (global: one per account). A service that is off
// is data here ("no detector", "not subscribed", "no public access block"), never an error; only a
// read that failed is unreadable. SDK-free so checks can import the types.
import { z } from 'zod'
import { readable } from './readable.js'
import { defineSlices } from './slice-spec.js'

// ---- AWS Config -------------------------------------------------------------------------------

/** DescribeConfigurationRecorderStatus, for one recorder. */
export const recorderStatusSchema = z.object({
  recording: z.boolean(),
  /** Pending | Success | Failure, as AWS spells it (moto: upper case); absent before the first run. */
  lastStatus: z.string().optional(),
  lastErrorCode: z.string().optional(),
  lastStatusChangeTime: z.string().optional(),
})
export type RecorderStatus = z.infer<typeof recorderStatusSchema>

/** DescribeConfigurationRecorders, joined with the recorder's status. */
export const configRecorderSchema = z.object({
  name: z.string(),
  /** Returned by newer API versions only. */
  arn: z.string().optional(),
  roleArn: z.string().optional(),
  /** recordingGroup.allSupported: every supported resource type of the region. */
  allSupported: z.boolean(),
  /** recordingGroup.includeGlobalResourceTypes: IAM users, groups, roles and policies. */
  includeGlobalResourceTypes: z.boolean(),
  /** recordingGroup.recordingStrategy.useOnly: ALL_SUPPORTED_RESOURCE_TYPES | INCLUSION_BY_RESOURCE_TYPES | EXCLUSION_BY_RESOURCE_TYPES. */
  recordingStrategy: z.string().optional(),
  /** recordingGroup.resourceTypes (an inclusion list). */
  resourceTypes: z.array(z.string()),
  /** recordingGroup.exclusionByResourceTypes.resourceTypes. */
  excludedResourceTypes: z.array(z.string()),
  /** Set for a service-linked recorder (one another AWS service manages for itself). */
  servicePrincipal: z.string().optional(),
  /** INTERNAL (service-linked, not delivered to the customer) | PAID. */
  recordingScope: z.string().optional(),
  /** Read with one call for every recorder of the region: unreadable alone when that call failed. */
  status: readable(recorderStatusSchema),
})
export type ConfigRecorder = z.infer<typeof configRecorderSchema>

export const deliveryChannelSchema = z.object({
  name: z.string(),
  s3BucketName: z.string().optional(),
  s3KeyPrefix: z.string().optional(),
  s3KmsKeyArn: z.string().optional(),
  snsTopicArn: z.string().optional(),
  /** configSnapshotDeliveryProperties.deliveryFrequency */
  deliveryFrequency: z.string().optional(),
})
export type DeliveryChannel = z.infer<typeof deliveryChannelSchema>

export const aggregatorRegionsSchema = z.object({
  allAwsRegions: z.boolean(),
  awsRegions: z.array(z.string()),
})

export const configAggregatorSchema = z.object({
  name: z.string(),
  arn: z.string(),
  /** Present when the aggregator collects from the whole organization. */
  organizationSource: aggregatorRegionsSchema.extend({ roleArn: z.string().optional() }).optional(),
  /** Aggregation from named accounts (no organization coverage). */
  accountSources: z.array(aggregatorRegionsSchema.extend({ accountIds: z.array(z.string()) })),
})
export type ConfigAggregator = z.infer<typeof configAggregatorSchema>

// ---- GuardDuty --------------------------------------------------------------------------------

export const guardDutyDetectorSchema = z.object({
  detectorId: z.string(),
  /** ENABLED | DISABLED (a suspended detector). */
  status: z.string(),
  findingPublishingFrequency: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
})
export type GuardDutyDetector = z.infer<typeof guardDutyDetectorSchema>

// ---- Security Hub -----------------------------------------------------------------------------

/** DescribeHub: the hub, or "not subscribed" (Security Hub off in the region) as a value. */
export const securityHubSchema = z.discriminatedUnion('subscribed', [
  z.object({
    subscribed: z.literal(true),
    hubArn: z.string(),
    subscribedAt: z.string().optional(),
    autoEnableControls: z.boolean().optional(),
  }),
  z.object({ subscribed: z.literal(false) }),
])
export type SecurityHub = z.infer<typeof securityHubSchema>

// ---- IAM Access Analyzer ----------------------------------------------------------------------

export const analyzerSchema = z.object({
  arn: z.string(),
  name: z.string(),
  /** ACCOUNT | ORGANIZATION (external access) | ACCOUNT_UNUSED_ACCESS | ORGANIZATION_UNUSED_ACCESS | …_INTERNAL_ACCESS. */
  type: z.string(),
  /** ACTIVE | CREATING | DISABLED | FAILED */
  status: z.string(),
  statusReason: z.string().optional(),
  createdAt: z.string().optional(),
})
export type Analyzer = z.infer<typeof analyzerSchema>

// ---- KMS --------------------------------------------------------------------------------------

/** DescribeKey, for a customer-managed key (AWS-managed keys are not kept). */
export const kmsKeyDetailsSchema = z.object({
  /** CUSTOMER (AWS-managed keys are dropped at collection). */
  keyManager: z.string(),
  /** SYMMETRIC_DEFAULT, RSA_2048, HMAC_256, … */
  keySpec: z.string(),
  /** Enabled | Disabled | PendingDeletion | PendingImport | … */
  keyState: z.string(),
  /** AWS_KMS | EXTERNAL (imported material) | AWS_CLOUDHSM | EXTERNAL_KEY_STORE */
  origin: z.string().optional(),
  multiRegion: z.boolean().optional(),
  createdAt: z.string().optional(),
})
export type KmsKeyDetails = z.infer<typeof kmsKeyDetailsSchema>

/** GetKeyRotationStatus. */
export const kmsRotationSchema = z.object({
  enabled: z.boolean(),
  rotationPeriodInDays: z.number().optional(),
  nextRotationDate: z.string().optional(),
})
export type KmsRotation = z.infer<typeof kmsRotationSchema>

export const kmsKeySchema = z.object({
  keyId: z.string(),
  arn: z.string(),
  /** Unreadable on its own when DescribeKey failed for this key (a key policy that leaves the auditor out). */
  details: readable(kmsKeyDetailsSchema),
  /** Read only where automatic rotation exists: enabled, customer-managed, symmetric, AWS_KMS key material. */
  rotation: readable(kmsRotationSchema).optional(),
})
export type KmsKey = z.infer<typeof kmsKeySchema>

// ---- S3 account-level Block Public Access -----------------------------------------------------

export const accountPublicAccessBlockSchema = z.discriminatedUnion('configured', [
  z.object({
    configured: z.literal(true),
    blockPublicAcls: z.boolean(),
    ignorePublicAcls: z.boolean(),
    blockPublicPolicy: z.boolean(),
    restrictPublicBuckets: z.boolean(),
  }),
  /** NoSuchPublicAccessBlockConfiguration: the account has never set one (every flag off). */
  z.object({ configured: z.literal(false) }),
])
export type AccountPublicAccessBlock = z.infer<typeof accountPublicAccessBlockSchema>

/** The detection slices, as the catalogue (catalogue.ts) lists them. */
export const DETECTION_SLICES = defineSlices({
  'config.recorders': { scope: 'regional', schema: z.array(configRecorderSchema) },
  'config.deliveryChannels': { scope: 'regional', schema: z.array(deliveryChannelSchema) },
  'config.aggregators': { scope: 'regional', schema: z.array(configAggregatorSchema) },
  'guardduty.detectors': { scope: 'regional', schema: z.array(guardDutyDetectorSchema) },
  'securityhub.hub': { scope: 'regional', schema: securityHubSchema },
  'accessanalyzer.analyzers': { scope: 'regional', schema: z.array(analyzerSchema) },
  'kms.keys': { scope: 'regional', schema: z.array(kmsKeySchema) },
  's3control.publicAccessBlock': { scope: 'global', schema: accountPublicAccessBlockSchema },
})
