import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'config.delivery-channel',
  title: 'AWS Config has a delivery channel to S3',
  description:
    'The region has an AWS Config delivery channel that names an S3 bucket, so the recorder\'s configuration history and snapshots leave the service. A recorder without one cannot even be started; a region with neither fails here and in config.recorder.',
  rationale:
    'The delivery channel is where the configuration history lands: without it nothing recorded reaches the bucket auditors and investigators read, ideally in the log archive account (CIS 3.3).',
  remediation:
    '`aws configservice put-delivery-channel --delivery-channel name=default,s3BucketName=<log-archive-config-bucket>,configSnapshotDeliveryProperties={deliveryFrequency=TwentyFour_Hours}` (the bucket policy must let AWS Config write to it), then start the recorder.',
  scope: 'region',
  requires: ['config.deliveryChannels', 'config.recorders'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const channels = ctx.read('config.deliveryChannels')
    const recorders = ctx.read('config.recorders').map((r) => r.name)
    const evidence = { region: ctx.region, recorders, channels: channels.map((c) => ({ name: c.name, s3BucketName: c.s3BucketName ?? null, s3KeyPrefix: c.s3KeyPrefix ?? null, snsTopicArn: c.snsTopicArn ?? null })) }
    const delivering = channels.find((c) => c.s3BucketName)
    const noRecorder = recorders.length === 0 ? ' (and no configuration recorder)' : ''
    if (delivering) ctx.pass(ctx.accountArn, `AWS Config in ${ctx.region} delivers to s3://${delivering.s3BucketName}${delivering.s3KeyPrefix ? `/${delivering.s3KeyPrefix}` : ''} (channel ${delivering.name})${noRecorder}`, { evidence })
    else if (channels.length > 0) ctx.fail(ctx.accountArn, `The AWS Config delivery channel ${channels[0]!.name} in ${ctx.region} names no S3 bucket`, { evidence })
    else ctx.fail(ctx.accountArn, `No AWS Config delivery channel in ${ctx.region}${noRecorder}`, { evidence })
  },
})
