// Security Hub in one region: securityhub:DescribeHub → 'securityhub.hub'. An account that has not
// enabled Security Hub in the region gets InvalidAccessException "Account … is not subscribed to AWS
// Security Hub" (HTTP 401): that is the answer "off", kept as { subscribed: false }. Every other
// failure (AccessDeniedException, throttling, an InvalidAccessException saying something else)
// stays unreadable with its code.
import { DescribeHubCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub'
import type { SecurityHub } from '../../snapshot/detection.js'
import type { Readable } from '../../snapshot/readable.js'
import { errorCode, isolatedRead } from '../isolate.js'
import { required } from '../response.js'

/** Whether a DescribeHub failure is Security Hub's "not subscribed" (AWS and the emulator word it the same). */
export function isNotSubscribed(err: unknown): boolean {
  return errorCode(err) === 'InvalidAccessException' && err instanceof Error && /not subscribed/i.test(err.message)
}

export function collectHub(securityhub: SecurityHubClient): Promise<Readable<SecurityHub>> {
  return isolatedRead('securityhub:DescribeHub', async (): Promise<SecurityHub> => {
    try {
      const hub = await securityhub.send(new DescribeHubCommand({}))
      const value: SecurityHub = { subscribed: true, hubArn: required(hub.HubArn, 'HubArn', 'securityhub:DescribeHub') }
      if (hub.SubscribedAt) value.subscribedAt = hub.SubscribedAt
      if (hub.AutoEnableControls !== undefined) value.autoEnableControls = hub.AutoEnableControls
      return value
    } catch (err) {
      if (isNotSubscribed(err)) return { subscribed: false }
      throw err
    }
  })
}
