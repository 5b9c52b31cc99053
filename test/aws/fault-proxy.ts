// Scripted responses through the shared proxy in front of moto: answers chosen Query-protocol actions (IAM, STS) with
// AWS-shaped responses moto cannot produce — AccessDenied, throttling, a credential report that
// never finishes — and forwards everything else. Faults travel over the real wire, so the SDK's
// parsing and retry strategy run exactly as they would against AWS.
import { startFaultProxy as startRuleProxy } from '../../tools/fault-proxy.js'

export interface FaultResponse {
  status: number
  body: string
}

/**
 * Decides the response for one request; undefined = forward to moto. `n` counts this action's
 * requests, from 1; `params` are the request's form parameters.
 */
export type Fault = (n: number, params: URLSearchParams) => FaultResponse | undefined

export interface FaultProxy {
  endpoint: string
  /** Requests seen per action (forwarded or faulted). */
  seen: Map<string, number>
  setFault(action: string, fault: Fault | undefined): void
  close(): Promise<void>
}

const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/'

/** An error body as IAM documents it (ErrorResponse/Error/Code). */
export function awsQueryError(status: number, code: string, message: string, type: 'Sender' | 'Receiver' = 'Sender'): FaultResponse {
  return {
    status,
    body:
      `<ErrorResponse xmlns="${IAM_XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code>` +
      `<Message>${message}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
  }
}

/** A successful Query-protocol response wrapping `resultXml` in <{Action}Result>. */
export function awsQueryResult(action: string, resultXml: string): FaultResponse {
  return {
    status: 200,
    body:
      `<${action}Response xmlns="${IAM_XMLNS}"><${action}Result>${resultXml}</${action}Result>` +
      `<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000002</RequestId></ResponseMetadata></${action}Response>`,
  }
}

/** A successful GenerateCredentialReport that says the report is still being built. */
export function credentialReportStarted(): FaultResponse {
  return {
    status: 200,
    body:
      `<GenerateCredentialReportResponse xmlns="${IAM_XMLNS}"><GenerateCredentialReportResult>` +
      `<Description>No report exists. Starting a new report generation task</Description><State>STARTED</State>` +
      `</GenerateCredentialReportResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ResponseMetadata></GenerateCredentialReportResponse>`,
  }
}

/** Per-action scripted responses on top of the shared proxy in tools/fault-proxy.ts. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const faults = new Map<string, Fault>()
  const seen = new Map<string, number>()
  const proxy = await startRuleProxy({
    target,
    script: (_info, body) => {
      const params = new URLSearchParams(body)
      const action = params.get('Action') ?? '<none>'
      const n = (seen.get(action) ?? 0) + 1
      seen.set(action, n)
      return faults.get(action)?.(n, params)
    },
  })
  return {
    endpoint: proxy.endpoint,
    seen,
    setFault(action, fault) {
      if (fault) faults.set(action, fault)
      else faults.delete(action)
    },
    close: () => proxy.stop(),
  }
}
