// Systems Manager seed for the pipeline test: the Session Manager preferences document in every
// region, so GetDocument reads a real document (not only InvalidDocument). DescribeInstanceInformation
// is called whatever the account holds, but moto 5.2.5 does not implement it (see EMULATOR_LACKS).
import { CreateDocumentCommand, SSMClient } from '@aws-sdk/client-ssm'
import type { ServiceSeed } from './index.js'

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }

/** The preferences document as the Session Manager console writes it (AWS's documented shape). */
export function sessionPreferencesContent(inputs: Record<string, unknown>): string {
  return JSON.stringify({ schemaVersion: '1.0', description: 'Document to hold regional settings for Session Manager', sessionType: 'Standard_Stream', inputs })
}

/** Creates SSM-SessionManagerRunShell (DocumentType Session) in a region, as the console does on first save. */
export async function createSessionPreferences(endpoint: string, region: string, inputs: Record<string, unknown>): Promise<void> {
  const ssm = new SSMClient({ region, endpoint, credentials, maxAttempts: 1 })
  await ssm.send(new CreateDocumentCommand({ Name: 'SSM-SessionManagerRunShell', DocumentType: 'Session', DocumentFormat: 'JSON', Content: sessionPreferencesContent(inputs) }))
}

export const ssmSeed: ServiceSeed = {
  service: 'ssm',
  async seed(endpoint, regions) {
    for (const region of regions) {
      await createSessionPreferences(endpoint, region, {
        s3BucketName: '',
        s3KeyPrefix: '',
        s3EncryptionEnabled: true,
        cloudWatchLogGroupName: `/ssm/sessions/${region}`,
        cloudWatchEncryptionEnabled: true,
        cloudWatchStreamingEnabled: true,
        kmsKeyId: '',
        runAsEnabled: false,
        runAsDefaultUser: '',
        idleSessionTimeout: '20',
        maxSessionDuration: '',
      })
    }
  },
}
