// AWS Config in one region, one isolated read per slice:
//   config:DescribeConfigurationRecorders + config:DescribeConfigurationRecorderStatus → 'config.recorders'
//   config:DescribeDeliveryChannels                                                  → 'config.deliveryChannels'
//   config:DescribeConfigurationAggregators (paged)                                  → 'config.aggregators'
// A region without a recorder, channel or aggregator answers with empty lists: that is data (Config
// off), not an error. The recorders and their statuses are one call each for the whole region (a
// region holds at most one customer recorder), so calls do not grow with resources.
import {
  paginateDescribeConfigurationAggregators,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  type AccountAggregationSource,
  type ConfigServiceClient,
  type ConfigurationRecorder,
  type ConfigurationRecorderStatus,
} from '@aws-sdk/client-config-service'
import type { ConfigAggregator, ConfigRecorder, DeliveryChannel, RecorderStatus } from '../../snapshot/detection.js'
import { ok, unreadable, type Readable } from '../../snapshot/readable.js'
import { isolatedRead } from '../isolate.js'
import { optionalIsoDate, required } from '../response.js'

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

function statusOf(s: ConfigurationRecorderStatus): RecorderStatus {
  const status: RecorderStatus = { recording: s.recording ?? false }
  if (s.lastStatus) status.lastStatus = s.lastStatus
  if (s.lastErrorCode) status.lastErrorCode = s.lastErrorCode
  const changed = optionalIsoDate(s.lastStatusChangeTime)
  if (changed) status.lastStatusChangeTime = changed
  return status
}

/** The recorder's status from the region's status list: matched by ARN where both carry one, else by name. */
function findStatus(recorder: ConfigurationRecorder, statuses: Readable<ConfigurationRecorderStatus[]>): Readable<RecorderStatus> {
  if (statuses.kind === 'unreadable') return statuses
  const match = statuses.value.find((s) => (recorder.arn && s.arn ? s.arn === recorder.arn : s.name === recorder.name))
  if (match) return ok(statusOf(match))
  return unreadable({
    code: 'MalformedResponse',
    message: `DescribeConfigurationRecorderStatus returned no status for recorder ${recorder.name}`,
    operation: 'config:DescribeConfigurationRecorderStatus',
  })
}

function recorderOf(r: ConfigurationRecorder, statuses: Readable<ConfigurationRecorderStatus[]>): ConfigRecorder {
  const group = r.recordingGroup
  const recorder: ConfigRecorder = {
    name: required(r.name, 'ConfigurationRecorder.name', 'config:DescribeConfigurationRecorders'),
    allSupported: group?.allSupported ?? false,
    includeGlobalResourceTypes: group?.includeGlobalResourceTypes ?? false,
    resourceTypes: [...(group?.resourceTypes ?? [])].sort(),
    excludedResourceTypes: [...(group?.exclusionByResourceTypes?.resourceTypes ?? [])].sort(),
    status: findStatus(r, statuses),
  }
  if (r.arn) recorder.arn = r.arn
  if (r.roleARN) recorder.roleArn = r.roleARN
  if (group?.recordingStrategy?.useOnly) recorder.recordingStrategy = group.recordingStrategy.useOnly
  if (r.servicePrincipal) recorder.servicePrincipal = r.servicePrincipal
  if (r.recordingScope) recorder.recordingScope = r.recordingScope
  return recorder
}

export async function collectConfigRecorders(config: ConfigServiceClient): Promise<Readable<ConfigRecorder[]>> {
  const [recorders, statuses] = await Promise.all([
    isolatedRead('config:DescribeConfigurationRecorders', async () => (await config.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? []),
    isolatedRead('config:DescribeConfigurationRecorderStatus', async () => (await config.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? []),
  ])
  // Without the recorders there is nothing to judge; a failed status read stays with each recorder,
  // so the checks that only need the recording group can still decide.
  if (recorders.kind === 'unreadable') return recorders
  return isolatedRead('config:DescribeConfigurationRecorders', async () => recorders.value.map((r) => recorderOf(r, statuses)).sort(byName))
}

export function collectDeliveryChannels(config: ConfigServiceClient): Promise<Readable<DeliveryChannel[]>> {
  return isolatedRead('config:DescribeDeliveryChannels', async () => {
    const channels = (await config.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? []
    return channels
      .map((c) => {
        const channel: DeliveryChannel = { name: required(c.name, 'DeliveryChannel.name', 'config:DescribeDeliveryChannels') }
        if (c.s3BucketName) channel.s3BucketName = c.s3BucketName
        if (c.s3KeyPrefix) channel.s3KeyPrefix = c.s3KeyPrefix
        if (c.s3KmsKeyArn) channel.s3KmsKeyArn = c.s3KmsKeyArn
        if (c.snsTopicARN) channel.snsTopicArn = c.snsTopicARN
        if (c.configSnapshotDeliveryProperties?.deliveryFrequency) channel.deliveryFrequency = c.configSnapshotDeliveryProperties.deliveryFrequency
        return channel
      })
      .sort(byName)
  })
}

const accountSource = (s: AccountAggregationSource) => ({ accountIds: [...(s.AccountIds ?? [])].sort(), allAwsRegions: s.AllAwsRegions ?? false, awsRegions: [...(s.AwsRegions ?? [])].sort() })

export function collectAggregators(config: ConfigServiceClient): Promise<Readable<ConfigAggregator[]>> {
  const operation = 'config:DescribeConfigurationAggregators'
  return isolatedRead(operation, async () => {
    const aggregators: ConfigAggregator[] = []
    for await (const page of paginateDescribeConfigurationAggregators({ client: config, pageSize: 100 }, {})) {
      for (const a of page.ConfigurationAggregators ?? []) {
        const aggregator: ConfigAggregator = {
          name: required(a.ConfigurationAggregatorName, 'ConfigurationAggregatorName', operation),
          arn: required(a.ConfigurationAggregatorArn, 'ConfigurationAggregatorArn', operation),
          accountSources: (a.AccountAggregationSources ?? []).map(accountSource),
        }
        const org = a.OrganizationAggregationSource
        if (org) {
          aggregator.organizationSource = { allAwsRegions: org.AllAwsRegions ?? false, awsRegions: [...(org.AwsRegions ?? [])].sort() }
          if (org.RoleArn) aggregator.organizationSource.roleArn = org.RoleArn
        }
        aggregators.push(aggregator)
      }
    }
    return aggregators.sort(byName)
  })
}
