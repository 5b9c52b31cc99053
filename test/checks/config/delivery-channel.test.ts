// Table test for config.delivery-channel (each case names the verdict it expects).
import check from '../../../src/checks/config/delivery-channel.js'
import type { ConfigRecorder, DeliveryChannel } from '../../../src/snapshot/detection.js'
import { denied, ok } from '../../support/builders.js'
import type { Readable } from '../../../src/snapshot/readable.js'
import { checkCases } from '../../support/check-cases.js'
import { ACCOUNT_ARN, REGION, channel, inRegion, recorder, says } from '../../support/detection-fixtures.js'

const region = (channels: DeliveryChannel[] | Readable<DeliveryChannel[]>, recorders: ConfigRecorder[] = [recorder()]) =>
  inRegion({ 'config.deliveryChannels': Array.isArray(channels) ? ok(channels) : channels, 'config.recorders': ok(recorders) })

checkCases(check, {
  pass: [
    { name: 'a channel to an S3 bucket', snapshot: region([channel({ s3KeyPrefix: 'config' })]), expect: [{ resource: ACCOUNT_ARN, region: REGION, message: says('s3://config-history/config (channel default)') }] },
    { name: 'a channel with an SNS topic as well', snapshot: region([channel({ snsTopicArn: `arn:aws:sns:${REGION}:111111111111:config` })]) },
  ],
  fail: [
    { name: 'a region with nothing enabled (no channel, no recorder)', snapshot: region([], []), expect: [{ resource: ACCOUNT_ARN, message: `No AWS Config delivery channel in ${REGION} (and no configuration recorder)` }] },
    { name: 'a recorder without a channel', snapshot: region([]), expect: [{ message: `No AWS Config delivery channel in ${REGION}` }] },
    { name: 'a channel that names no bucket', snapshot: region([{ name: 'broken' }]), expect: [{ message: says('broken') }] },
  ],
  error: [
    { name: 'DescribeDeliveryChannels denied', snapshot: region(denied('config:DescribeDeliveryChannels') as Readable<DeliveryChannel[]>), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: 'DescribeConfigurationRecorders denied',
      snapshot: inRegion({ 'config.deliveryChannels': ok([channel()]), 'config.recorders': denied('config:DescribeConfigurationRecorders') as Readable<ConfigRecorder[]> }),
      expect: [{ errorCode: 'AccessDenied' }],
    },
  ],
})
