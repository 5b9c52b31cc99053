// IAM Access Analyzer in one region: accessanalyzer:ListAnalyzers (paged, every analyzer type) →
// 'accessanalyzer.analyzers'. A region without an analyzer is an empty list: data. The check picks
// the external-access ones (ACCOUNT / ORGANIZATION) from the list. No page size is set: AWS documents
// none, so the service's default is the safe one.
import { paginateListAnalyzers, type AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer'
import type { Analyzer } from '../../snapshot/detection.js'
import type { Readable } from '../../snapshot/readable.js'
import { isolatedRead } from '../isolate.js'
import { optionalIsoDate, required } from '../response.js'

const OPERATION = 'accessanalyzer:ListAnalyzers'

export function collectAnalyzers(accessanalyzer: AccessAnalyzerClient): Promise<Readable<Analyzer[]>> {
  return isolatedRead(OPERATION, async () => {
    const analyzers: Analyzer[] = []
    for await (const page of paginateListAnalyzers({ client: accessanalyzer }, {})) {
      for (const a of page.analyzers ?? []) {
        const analyzer: Analyzer = {
          arn: required(a.arn, 'analyzers[].arn', OPERATION),
          name: required(a.name, 'analyzers[].name', OPERATION),
          type: required(a.type, 'analyzers[].type', OPERATION),
          status: required(a.status, 'analyzers[].status', OPERATION),
        }
        if (a.statusReason?.code) analyzer.statusReason = a.statusReason.code
        const created = optionalIsoDate(a.createdAt)
        if (created) analyzer.createdAt = created
        analyzers.push(analyzer)
      }
    }
    return analyzers.sort((x, y) => (x.arn < y.arn ? -1 : x.arn > y.arn ? 1 : 0))
  })
}
