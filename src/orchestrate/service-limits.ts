// Per-service concurrency limits on top of the SDK's adaptive retry. Retry reacts to throttling
// after it happens; these caps keep a large organization from provoking it. Each AWS service
// throttles at a different scope, and the registry (src/collect/registry.ts) says which for each
// service, so each limit is kept where the throttle lives:
//   per scan            the caller's own quota (STS AssumeRole from the one caller, Organizations);
//   per account         IAM, Account Management: the reads of one account share it;
//   per account+region  EC2 and the other regional services: each region has its own.
//
// A slot is held for the whole logical call, retries and back-off included, so a throttled
// service automatically slows its own callers instead of piling up more requests.
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types'
import type { HasMiddlewareStack } from '../aws/guard.js'
import type { AwsSession, ServiceClients } from '../aws/session.js'
import { AWS_SERVICES, SERVICES, type AwsService } from '../collect/registry.js'
import { Limiter } from './pool.js'

export interface ServiceLimits {
  /** Calls in flight across the whole scan (the caller's own throttles). */
  perScan: Partial<Record<AwsService, number>>
  /** Calls in flight per account (per account and region for regional services). */
  perAccount: Partial<Record<AwsService, number>>
}

/** The registry's caps: per-scan services in perScan, the others (per account, or per account and region) in perAccount. */
export const DEFAULT_SERVICE_LIMITS: ServiceLimits = {
  perScan: Object.fromEntries(AWS_SERVICES.filter((s) => SERVICES[s].throttle.per === 'scan').map((s) => [s, SERVICES[s].throttle.limit])),
  perAccount: Object.fromEntries(AWS_SERVICES.filter((s) => SERVICES[s].throttle.per !== 'scan').map((s) => [s, SERVICES[s].throttle.limit])),
}

const LIMIT_MIDDLEWARE = 'guardrailServiceLimit'
// Innermost of the initialize step: the guard refuses writes before a slot is taken.
const options = { step: 'initialize', priority: 'low', name: LIMIT_MIDDLEWARE } as const

function limitMiddleware(limiter: Limiter): InitializeMiddleware<object, MetadataBearer> {
  return (next) => (args) => limiter.run(() => next(args))
}

/** A session that can release its clients' sockets when the account is done. */
export interface ClosableSession extends AwsSession {
  /**
   * Destroys every client handed out. Each client keeps its own keep-alive sockets; an organization
   * scan creates clients for every account, and without this they would pile up (memory, and file
   * descriptors at a few hundred accounts).
   */
  close(): void
}

/**
 * A session whose clients wait for a slot of `limiterFor(service, region)` before each call.
 * The underlying session caches clients, so the middleware is installed once per client.
 */
export function limitSession(session: AwsSession, limiterFor: (service: AwsService, region: string) => Limiter | undefined): ClosableSession {
  const limited = new WeakSet<object>()
  const handedOut = new Set<{ destroy(): void }>()
  return {
    close() {
      for (const client of handedOut) client.destroy()
      handedOut.clear()
    },
    get region() {
      return session.region
    },
    get profile() {
      return session.profile
    },
    get roleArn() {
      return session.roleArn
    },
    get counter() {
      return session.counter
    },
    get credentials() {
      return session.credentials
    },
    client<S extends AwsService>(service: S, region?: string): ServiceClients[S] {
      const client = session.client(service, region)
      if (!limited.has(client)) {
        limited.add(client)
        handedOut.add(client as unknown as { destroy(): void })
        const limiter = limiterFor(service, region ?? session.region)
        if (limiter) (client as unknown as HasMiddlewareStack).middlewareStack.add(limitMiddleware(limiter), options)
      }
      return client
    },
  }
}

/** Limiters shared by the whole scan (sts, organizations). */
export class ScanLimiters {
  private readonly limiters = new Map<string, Limiter>()

  constructor(readonly limits: ServiceLimits = DEFAULT_SERVICE_LIMITS) {}

  private get(key: string, limit: number | undefined): Limiter | undefined {
    if (limit === undefined) return undefined
    let limiter = this.limiters.get(key)
    if (!limiter) this.limiters.set(key, (limiter = new Limiter(limit)))
    return limiter
  }

  forScan(service: AwsService): Limiter | undefined {
    return this.get(`scan:${service}`, this.limits.perScan[service])
  }

  /** Limiters for one account's session: per-scan caps first, then that account's own. */
  forAccount(accountId: string): (service: AwsService, region: string) => Limiter | undefined {
    const own = new Map<string, Limiter>()
    return (service, region) => {
      const scan = this.forScan(service)
      if (scan) return scan
      const limit = this.limits.perAccount[service]
      if (limit === undefined) return undefined
      const key = SERVICES[service].throttle.per === 'account-region' ? `${accountId}:${service}:${region}` : `${accountId}:${service}`
      let limiter = own.get(key)
      if (!limiter) own.set(key, (limiter = new Limiter(limit)))
      return limiter
    }
  }
}
