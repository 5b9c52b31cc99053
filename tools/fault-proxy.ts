// A small HTTP proxy in front of the AWS emulator that injects faults by rule, so tests can prove
// that one unreachable account, one failing region, or heavy throttling never aborts a scan; and,
// through a script hook, answers chosen requests with exact AWS-shaped responses (test/aws/fault-proxy.ts).
//
// It reads what each request is from the wire, as AWS would:
//  - region and service from the SigV4 credential scope in the Authorization header
//    (Credential=AKID/20240101/<region>/<service>/aws4_request);
//  - the action from the X-Amz-Target header (JSON protocols: Organizations …), the Action= field
//    of a form body (query protocols: STS, IAM, EC2), or the last path segment (REST: Account);
//  - for sts:AssumeRole, the target account from the RoleArn in the body.
// Matching requests get an AWS-shaped error in the protocol the client speaks; the rest are
// forwarded untouched.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { seededRandom } from './prng.js'

export interface FaultRule {
  /** Signing name from the credential scope: 'sts', 'iam', 'ec2', 'organizations', 'account'. */
  service?: string
  /** e.g. 'AssumeRole', 'DescribeSecurityGroups', 'ListAccounts'. */
  action?: string
  region?: string
  /** sts:AssumeRole only: the 12-digit account of the role being assumed. */
  assumeRoleAccount?: string
  /** Fraction of matching requests that fail (deterministic PRNG); default 1 = always. */
  rate?: number
  /** HTTP status of the injected error, e.g. 403, 400 (Throttling), 500, 503. */
  status: number
  /** AWS error code, e.g. 'AccessDenied', 'Throttling', 'InternalFailure', 'UnauthorizedOperation'. */
  code: string
  message?: string
}

export interface RequestInfo {
  method: string
  path: string
  service?: string
  region?: string
  action?: string
  assumeRoleAccount?: string
  /** The access key id the request was signed with (moto maps it to the caller's account). */
  accessKeyId?: string
}

/** A whole response, chosen by a script (e.g. an AWS-shaped success moto cannot produce). */
export interface ScriptedResponse {
  status: number
  body: string
  contentType?: string
}

/**
 * Runs before the rules for every request; a response short-circuits it, undefined lets the rules
 * and then moto answer. For tests that need exact responses per action, not just errors.
 */
export type Script = (info: RequestInfo, body: string) => ScriptedResponse | undefined

export interface FaultProxyStats {
  forwarded: number
  /** Injected faults per rule index. */
  injected: number[]
}

export interface FaultProxy {
  endpoint: string
  port: number
  stats: FaultProxyStats
  setRules(rules: FaultRule[]): void
  /** Every request seen (newest last), for assertions; cleared by resetStats. */
  readonly seen: RequestInfo[]
  resetStats(): void
  stop(): Promise<void>
}

const SCOPE = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/

export function describeRequest(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>, body: string): RequestInfo {
  const info: RequestInfo = { method: req.method ?? 'GET', path: req.url ?? '/' }
  const auth = req.headers['authorization']
  const scope = typeof auth === 'string' ? SCOPE.exec(auth) : null
  if (scope) {
    info.accessKeyId = scope[1]
    info.region = scope[2]
    info.service = scope[3]
  }
  const target = req.headers['x-amz-target']
  if (typeof target === 'string' && target.includes('.')) {
    info.action = target.slice(target.lastIndexOf('.') + 1)
  } else if (body.includes('Action=')) {
    const form = new URLSearchParams(body)
    info.action = form.get('Action') ?? undefined
    const roleArn = form.get('RoleArn')
    const m = roleArn ? /^arn:[^:]+:iam::(\d{12}):role\//.exec(roleArn) : null
    if (m) info.assumeRoleAccount = m[1]
  } else {
    // REST protocols (Account): /listRegions, /getAlternateContact …
    const last = info.path.split('?')[0]!.split('/').filter(Boolean).pop()
    if (last) info.action = last.charAt(0).toUpperCase() + last.slice(1)
  }
  return info
}

export function ruleMatches(rule: FaultRule, info: RequestInfo): boolean {
  if (rule.service !== undefined && rule.service !== info.service) return false
  if (rule.action !== undefined && rule.action !== info.action) return false
  if (rule.region !== undefined && rule.region !== info.region) return false
  if (rule.assumeRoleAccount !== undefined && rule.assumeRoleAccount !== info.assumeRoleAccount) return false
  return true
}


/** REST-JSON services (by signing name): their requests may carry no body and no JSON content type. */
const REST_JSON_SERVICES = new Set(['account', 'guardduty', 'securityhub', 'access-analyzer'])

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** An error body in the protocol the client speaks, so the SDK parses the code as AWS's own. */
function writeFault(res: ServerResponse, req: IncomingMessage, info: RequestInfo, rule: FaultRule): void {
  const message = rule.message ?? `Injected by fault-proxy: ${rule.code}`
  const requestId = `fault-${Math.random().toString(16).slice(2, 10)}`
  const isJson = typeof req.headers['x-amz-target'] === 'string' || String(req.headers['content-type'] ?? '').includes('json') || REST_JSON_SERVICES.has(info.service ?? '')
  if (isJson) {
    res.writeHead(rule.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': rule.code, 'x-amzn-requestid': requestId })
    res.end(JSON.stringify({ __type: rule.code, message, Message: message }))
  } else if (info.service === 's3') {
    // S3 and S3 Control (both sign as s3): REST-XML, an <Error> document.
    res.writeHead(rule.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId })
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${xmlEscape(rule.code)}</Code><Message>${xmlEscape(message)}</Message><RequestId>${requestId}</RequestId></Error>`)
  } else if (info.service === 'ec2') {
    res.writeHead(rule.status, { 'content-type': 'text/xml' })
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${xmlEscape(rule.code)}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`)
  } else {
    res.writeHead(rule.status, { 'content-type': 'text/xml' })
    const type = rule.status >= 500 ? 'Receiver' : 'Sender'
    res.end(`<ErrorResponse><Error><Type>${type}</Type><Code>${xmlEscape(rule.code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`)
  }
}

export async function startFaultProxy(options: { target: string; rules?: FaultRule[]; seed?: number; port?: number; script?: Script }): Promise<FaultProxy> {
  const target = new URL(options.target)
  let rules = options.rules ?? []
  const random = seededRandom(options.seed ?? 42)
  const stats: FaultProxyStats = { forwarded: 0, injected: rules.map(() => 0) }
  const seen: RequestInfo[] = []

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const text = body.toString('utf8')
      const info = describeRequest(req, text)
      seen.push(info)
      const scripted = options.script?.(info, text)
      if (scripted) {
        res.writeHead(scripted.status, { 'content-type': scripted.contentType ?? 'text/xml', 'content-length': Buffer.byteLength(scripted.body) })
        res.end(scripted.body)
        return
      }
      for (const [i, rule] of rules.entries()) {
        if (!ruleMatches(rule, info)) continue
        if ((rule.rate ?? 1) < 1 && random() >= (rule.rate ?? 1)) continue
        stats.injected[i] = (stats.injected[i] ?? 0) + 1
        writeFault(res, req, info, rule)
        return
      }
      stats.forwarded++
      const upstream = httpRequest(
        { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers)
          up.pipe(res)
        },
      )
      upstream.on('error', (err) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
        res.end(`fault-proxy: upstream error: ${err.message}`)
      })
      upstream.end(body)
    })
  })
  // Keep-alive sockets from SDK clients would otherwise hold stop() open.
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stats,
    seen,
    setRules(next) {
      rules = next
      stats.injected = next.map(() => 0)
    },
    resetStats() {
      stats.forwarded = 0
      stats.injected = rules.map(() => 0)
      seen.length = 0
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
