// S3 Control addresses every account-level call to the host `<account-id>.s3-control.<region>.amazonaws.com`,
// and its endpoint rules put the account id in front of a custom endpoint's host as well
// (`http://123456789012.127.0.0.1:4566/`). In front of an IP address (an emulator, a local proxy) or
// `localhost` that is not a URL at all, so the call never leaves the SDK. The account id also
// travels in the `x-amz-account-id` header, which is what such endpoints read; for them alone, the
// endpoint is resolved as if the operation needed no account label. Every other case — AWS itself,
// or a custom endpoint named by a DNS name such as an S3 Control PrivateLink endpoint, where the
// label is part of the address — keeps the SDK's own resolution unchanged.
import { S3ControlClient } from '@aws-sdk/client-s3-control'
import { isIP } from 'node:net'

type EndpointProvider = S3ControlClient['config']['endpointProvider']
type EndpointParameters = Parameters<EndpointProvider>[0]

let sdkResolver: EndpointProvider | undefined

/** The SDK's own resolver, as a client without an endpoint provider of its own gets it (no I/O). */
function sdkEndpointResolver(): EndpointProvider {
  if (!sdkResolver) {
    const probe = new S3ControlClient({ region: 'us-east-1' })
    sdkResolver = probe.config.endpointProvider
    probe.destroy()
  }
  return sdkResolver
}

/** Whether a host cannot carry a DNS label in front of it: an IP literal, or localhost. */
export function isLiteralHost(hostname: string): boolean {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname
  return isIP(bare) !== 0 || bare === 'localhost'
}

function customEndpointHost(endpoint: EndpointParameters['Endpoint']): string | undefined {
  if (typeof endpoint !== 'string') return undefined
  try {
    return new URL(endpoint).hostname
  } catch {
    return undefined
  }
}

export const s3ControlEndpointProvider: EndpointProvider = (params, context) => {
  const host = customEndpointHost(params.Endpoint)
  const resolve = sdkEndpointResolver()
  if (host !== undefined && params.RequiresAccountId && isLiteralHost(host)) return resolve({ ...params, RequiresAccountId: false }, context)
  return resolve(params, context)
}
