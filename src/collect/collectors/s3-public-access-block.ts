// The account-level S3 Block Public Access settings (global: once per account):
// s3control:GetPublicAccessBlock(AccountId) → 's3control.publicAccessBlock'. An account that never
// set them answers NoSuchPublicAccessBlockConfiguration: that is "every flag off", kept as
// { configured: false }, not an error.
import { GetPublicAccessBlockCommand, type S3ControlClient } from '@aws-sdk/client-s3-control'
import type { AccountPublicAccessBlock } from '../../snapshot/detection.js'
import type { Readable } from '../../snapshot/readable.js'
import { errorCode, isolatedRead } from '../isolate.js'
import { required } from '../response.js'

const OPERATION = 's3control:GetPublicAccessBlock'

export function collectAccountPublicAccessBlock(s3control: S3ControlClient, accountId: string): Promise<Readable<AccountPublicAccessBlock>> {
  return isolatedRead(OPERATION, async (): Promise<AccountPublicAccessBlock> => {
    try {
      const { PublicAccessBlockConfiguration: c } = await s3control.send(new GetPublicAccessBlockCommand({ AccountId: accountId }))
      const config = required(c, 'PublicAccessBlockConfiguration', OPERATION)
      // A flag AWS leaves out is off (false is its default), as the S3 console shows it.
      return {
        configured: true,
        blockPublicAcls: config.BlockPublicAcls ?? false,
        ignorePublicAcls: config.IgnorePublicAcls ?? false,
        blockPublicPolicy: config.BlockPublicPolicy ?? false,
        restrictPublicBuckets: config.RestrictPublicBuckets ?? false,
      }
    } catch (err) {
      if (errorCode(err) === 'NoSuchPublicAccessBlockConfiguration') return { configured: false }
      throw err
    }
  })
}
