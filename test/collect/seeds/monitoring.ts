// Seeds the monitoring chain in every region so the pipeline test sees each monitoring collector make
// its one declared operation with something to list: a log group with a metric filter, an SNS topic
// with a subscription, and a metric alarm on the filter's metric notifying the topic.
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient, CreateLogGroupCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns'
import type { ServiceSeed } from './index.js'

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }

export const monitoringSeed: ServiceSeed = {
  service: 'logs, cloudwatch, sns',
  async seed(endpoint, regions) {
    for (const region of regions) {
      const config = { region, endpoint, credentials, maxAttempts: 1 }
      const logs = new CloudWatchLogsClient(config)
      await logs.send(new CreateLogGroupCommand({ logGroupName: 'seed-trail-logs' }))
      await logs.send(
        new PutMetricFilterCommand({
          logGroupName: 'seed-trail-logs',
          filterName: 'root-usage',
          filterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
          metricTransformations: [{ metricName: 'RootUsage', metricNamespace: 'CISBenchmark', metricValue: '1' }],
        }),
      )
      const sns = new SNSClient(config)
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'seed-alarms' }))
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'security@example.com' }))
      await new CloudWatchClient(config).send(
        new PutMetricAlarmCommand({
          AlarmName: 'root-usage',
          MetricName: 'RootUsage',
          Namespace: 'CISBenchmark',
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          AlarmActions: [TopicArn!],
        }),
      )
    }
  },
}
