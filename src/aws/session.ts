// One AWS session = one set of credentials + one call counter. Every client the scan path uses
// comes from `session.client(service)`, which installs the read-only guard and the call counter, so
// no scan code can hold an unguarded client.
//
// Credentials come from the standard Node provider chain (env, shared config/credentials profiles,
// SSO, web identity, container/instance metadata) unless explicit ones are given — the organization
// scan passes the temporary credentials of the role it assumed in each member account.
// The endpoint comes from the SDK's own configuration, which honours AWS_ENDPOINT_URL (and
// AWS_ENDPOINT_URL_<SERVICE>) natively; `endpoint` overrides it explicitly.
import { STSClient } from '@aws-sdk/client-sts'
import { fromNodeProviderChain } from '@aws-sdk/credential-providers'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpHandlerOptions, RequestHandler } from '@smithy/types'
import type { HttpRequest, HttpResponse } from '@smithy/types'
import { InputError } from '../core/errors.js'
import { ApiCallCounter } from './call-counter.js'
import { installScanMiddleware } from './guard.js'
import { SERVICES, type AwsService, type ServiceClients } from '../collect/registry.js'

export type { AwsService, ServiceClients }

/**
 * Default attempts per call (1 + retries). Generous because a large organization scan meets IAM and
 * Organizations throttling; adaptive mode also slows the client down after throttling, so retries
 * converge instead of piling up. Errors that are not retryable (AccessDenied, …) fail at once.
 */
export const DEFAULT_MAX_ATTEMPTS = 8

export interface SessionOptions {
  /** Named profile from the shared config files; ignored when `credentials` is given. */
  profile?: string
  region: string
  /** Explicit credentials (e.g. from AssumeRole); otherwise the standard Node provider chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider
  maxAttempts?: number
  counter: ApiCallCounter
  /** The role this session acts as, recorded in the account snapshot as evidence. */
  roleArn?: string
  /** Explicit endpoint for every client; normally unset (AWS_ENDPOINT_URL is read by the SDK). */
  endpoint?: string
  /** Replaces the HTTP handler (tests record requests with it). */
  requestHandler?: RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>
}

export interface AwsSession {
  readonly region: string
  readonly profile: string | undefined
  readonly roleArn: string | undefined
  readonly counter: ApiCallCounter
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider
  /** A guarded, counted client for `service` in the session's region (or `region`), built once. */
  client<S extends AwsService>(service: S, region?: string): ServiceClients[S]
}

export function createSession(options: SessionOptions): AwsSession {
  if (options.maxAttempts !== undefined && (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1)) {
    throw new InputError('InvalidMaxAttempts', `maxAttempts must be a whole number of at least 1 (got ${options.maxAttempts}).`, 'Use 1 to disable retries, or leave it unset for the default.')
  }
  // One provider for all clients of the session: the chain memoizes, so an SSO token or a
  // profile's role assumption is resolved once, not once per client.
  const credentials = options.credentials ?? fromNodeProviderChain(options.profile === undefined ? {} : { profile: options.profile })
  const clients = new Map<string, unknown>()

  return {
    region: options.region,
    profile: options.credentials === undefined ? options.profile : undefined,
    roleArn: options.roleArn,
    counter: options.counter,
    credentials,
    client<S extends AwsService>(service: S, region: string = options.region): ServiceClients[S] {
      const cacheKey = `${service}@${region}`
      let client = clients.get(cacheKey) as ServiceClients[S] | undefined
      if (!client) {
        const ClientClass = SERVICES[service].client as unknown as new (config: object) => ServiceClients[S]
        client = new ClientClass({
          ...('clientConfig' in SERVICES[service] ? SERVICES[service].clientConfig : {}),
          region,
          credentials,
          ...(options.profile !== undefined && options.credentials === undefined ? { profile: options.profile } : {}),
          maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          retryMode: 'adaptive',
          ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
          ...(options.requestHandler !== undefined ? { requestHandler: options.requestHandler } : {}),
        })
        installScanMiddleware(client, service, options.counter)
        clients.set(cacheKey, client)
      }
      return client
    },
  }
}

/**
 * The region to use when the caller named none: AWS_REGION / AWS_DEFAULT_REGION or the profile's
 * `region`, as the SDK resolves it, else us-east-1 (IAM, STS and Organizations are global there).
 */
export async function resolveDefaultRegion(profile?: string): Promise<string> {
  if (process.env.AWS_REGION) return process.env.AWS_REGION
  if (process.env.AWS_DEFAULT_REGION) return process.env.AWS_DEFAULT_REGION
  try {
    // Building a client resolves nothing over the network; its region provider reads the config files.
    const probe = new STSClient(profile === undefined ? {} : { profile })
    const region = await probe.config.region()
    probe.destroy()
    if (region) return region
  } catch {
    // No region configured anywhere: fall through to the default.
  }
  return 'us-east-1'
}

export { ApiCallCounter }
