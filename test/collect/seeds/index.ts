// Per-service seeding of the emulator account for the pipeline test (test/collect/pipeline.e2e.test.ts):
// each collector must see enough resources to make every operation it declares (a trail, so its status
// is read; a topic, so subscriptions are listed), and a slice the emulator cannot serve is named here
// with the code it answers, instead of being silently expected to be readable.
//
// One file per service in this folder, one line each below.
import { ssmSeed } from './ssm.js'
import { monitoringSeed } from './monitoring.js'
import { detectionSeed } from './detection.js'
import { cloudtrailSeed } from './cloudtrail.js'

export interface ServiceSeed {
  /** Which service (for messages). */
  service: string
  /** Creates the resources in the emulator, in the given regions; `endpoint` is the emulator's. */
  seed(endpoint: string, regions: readonly string[]): Promise<void>
}

export const SERVICE_SEEDS: ServiceSeed[] = []
SERVICE_SEEDS.push(ssmSeed)
SERVICE_SEEDS.push(monitoringSeed)
SERVICE_SEEDS.push(detectionSeed)
SERVICE_SEEDS.push(cloudtrailSeed)

/**
 * Slices the emulator (moto 5.2.5) cannot serve, with the error code the collector records for them.
 * The pipeline test expects exactly that code; these slices are tested at the SDK boundary instead
 * (the test names say so).
 */
export const EMULATOR_LACKS: Record<string, { code: string; why: string }> = {}
EMULATOR_LACKS['ssm.managedInstances'] = {
  code: 'NotImplementedByEmulator',
  why: 'moto 5.2.5 does not implement ssm:DescribeInstanceInformation: the harness (tools/moto_harness.py) answers NotImplementedByEmulator (test/collect/ssm.test.ts stubs it at the SDK boundary)',
}
EMULATOR_LACKS['accessanalyzer.analyzers'] = {
  code: 'NotImplementedByEmulator',
  why: 'moto 5.2.5 does not implement IAM Access Analyzer: the harness answers accessanalyzer:ListAnalyzers with NotImplementedByEmulator (test/collect/detection.test.ts stubs it at the SDK boundary)',
}
EMULATOR_LACKS['ssm.userSyncResults'] = {
  code: 'NotImplementedByEmulator',
  why: 'moto 5.2.5 does not implement ssm:ListCommandInvocations: the harness answers NotImplementedByEmulator (test/users/apply.e2e.test.ts reads it through the SSM Automation double, which ran the commands)',
}
