// Seeds the detection services so the pipeline test sees each detection collector make every
// operation it declares: in every region a started Config recorder with a delivery channel and an
// organization aggregator, an enabled GuardDuty detector (so GetDetector is called), Security Hub,
// and a customer-managed symmetric KMS key (so DescribeKey and GetKeyRotationStatus are called);
// once per account, the S3 account-level Block Public Access settings. IAM Access Analyzer is not
// in moto 5.2.5 (see EMULATOR_LACKS in index.ts).
import { ConfigServiceClient, PutConfigurationAggregatorCommand, PutConfigurationRecorderCommand, PutDeliveryChannelCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service'
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty'
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub'
import { PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import { s3ControlEndpointProvider } from '../../../src/aws/s3control-endpoint.js'
import type { ServiceSeed } from './index.js'

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }
const ACCOUNT = '123456789012' // moto's default account

export const detectionSeed: ServiceSeed = {
  service: 'config, guardduty, securityhub, kms, s3control',
  async seed(endpoint, regions) {
    for (const region of regions) {
      const client = { region, endpoint, credentials, maxAttempts: 1 }
      const config = new ConfigServiceClient(client)
      await config.send(
        new PutConfigurationRecorderCommand({
          ConfigurationRecorder: { name: 'default', roleARN: `arn:aws:iam::${ACCOUNT}:role/config`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === regions[0] } },
        }),
      )
      await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'seed-config-history' } }))
      await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }))
      await config.send(new PutConfigurationAggregatorCommand({ ConfigurationAggregatorName: 'organization', OrganizationAggregationSource: { RoleArn: `arn:aws:iam::${ACCOUNT}:role/aggregator`, AllAwsRegions: true } }))
      await new GuardDutyClient(client).send(new CreateDetectorCommand({ Enable: true }))
      await new SecurityHubClient(client).send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }))
      await new KMSClient(client).send(new CreateKeyCommand({ Description: 'seed key' }))
    }
    const s3control = new S3ControlClient({ region: regions[0], endpoint, credentials, maxAttempts: 1, endpointProvider: s3ControlEndpointProvider })
    await s3control.send(
      new PutPublicAccessBlockCommand({ AccountId: ACCOUNT, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }),
    )
  },
}
