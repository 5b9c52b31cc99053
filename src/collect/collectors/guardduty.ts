// GuardDuty in one region: guardduty:ListDetectors (paged) + guardduty:GetDetector per detector →
// 'guardduty.detectors'. AWS allows at most one detector per account and region, so this is one or
// two calls whatever the account holds. No detector is an empty list (GuardDuty off): data.
import { GetDetectorCommand, paginateListDetectors, type GuardDutyClient } from '@aws-sdk/client-guardduty'
import type { GuardDutyDetector } from '../../snapshot/detection.js'
import type { Readable } from '../../snapshot/readable.js'
import { isolatedRead, tagged } from '../isolate.js'
import { required } from '../response.js'

export function collectDetectors(guardduty: GuardDutyClient): Promise<Readable<GuardDutyDetector[]>> {
  return isolatedRead('guardduty:ListDetectors', async () => {
    const ids: string[] = []
    for await (const page of paginateListDetectors({ client: guardduty, pageSize: 50 }, {})) ids.push(...(page.DetectorIds ?? []))
    const detectors: GuardDutyDetector[] = []
    // Sequential on purpose: there is at most one (the emulator allows more, AWS does not).
    for (const detectorId of [...new Set(ids)].sort()) {
      const d = await tagged('guardduty:GetDetector', guardduty.send(new GetDetectorCommand({ DetectorId: detectorId })))
      const detector: GuardDutyDetector = { detectorId, status: required(d.Status, 'Status', 'guardduty:GetDetector') }
      if (d.FindingPublishingFrequency) detector.findingPublishingFrequency = d.FindingPublishingFrequency
      if (d.CreatedAt) detector.createdAt = d.CreatedAt
      if (d.UpdatedAt) detector.updatedAt = d.UpdatedAt
      detectors.push(detector)
    }
    return detectors
  })
}
