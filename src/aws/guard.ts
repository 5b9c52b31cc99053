// Middleware installed on every SDK client the scan path builds.
//
// The read-only guard runs first in the `initialize` step — before serialization, signing or any
// network I/O — and throws WriteRefusedError for any operation that is not in READ_OPERATIONS. It
// fails closed: an operation it cannot name is refused too. This is what makes "the scan never
// changes anything" a property of the code rather than of the IAM role it happens to run with.
//
// The call counter wraps each logical call and records how many HTTP attempts it took, so retries
// caused by throttling are visible.
import type { AbsoluteLocation, HandlerExecutionContext, InitializeHandlerOptions, InitializeMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types'
import { WriteRefusedError } from '../core/errors.js'
import type { ApiCallCounter } from './call-counter.js'
import { isReadOperation } from './read-operations.js'

export const READ_ONLY_GUARD_NAME = 'guardrailReadOnlyGuard'
export const CALL_COUNTER_NAME = 'guardrailCallCounter'

/** The operation name ('CreateUser') of the command being executed. */
export function operationName(context: HandlerExecutionContext): string | undefined {
  // The SDK puts the modelled operation name in the smithy context; commandName ('CreateUserCommand')
  // is the older, always-present spelling of the same thing.
  const smithy = (context as { __smithy_context?: { operation?: unknown } }).__smithy_context
  if (typeof smithy?.operation === 'string' && smithy.operation !== '') return smithy.operation
  const command = context.commandName
  if (typeof command === 'string' && command.endsWith('Command')) return command.slice(0, -'Command'.length)
  return undefined
}

export function readOnlyGuardMiddleware(service: string): InitializeMiddleware<object, MetadataBearer> {
  return (next, context) => async (args) => {
    const operation = operationName(context)
    if (operation === undefined || !isReadOperation(service, operation)) {
      throw new WriteRefusedError(service, operation ?? '<unnamed operation>')
    }
    return next(args)
  }
}

function attemptsOf(value: unknown): number {
  const attempts = (value as { $metadata?: { attempts?: unknown } } | undefined)?.$metadata?.attempts
  return typeof attempts === 'number' && attempts >= 1 ? attempts : 1
}

export function callCounterMiddleware(service: string, counter: ApiCallCounter): InitializeMiddleware<object, MetadataBearer> {
  return (next, context) => async (args) => {
    const operation = operationName(context) ?? '<unnamed operation>'
    try {
      const result = await next(args)
      counter.record(service, operation, attemptsOf(result.output))
      return result
    } catch (err) {
      // A call refused by the guard never reached AWS; it is not a call.
      if (!(err instanceof WriteRefusedError)) counter.record(service, operation, attemptsOf(err))
      throw err
    }
  }
}

const guardOptions: InitializeHandlerOptions & AbsoluteLocation & { name: string } = { step: 'initialize', priority: 'high', name: READ_ONLY_GUARD_NAME }
const counterOptions: InitializeHandlerOptions & AbsoluteLocation & { name: string } = { step: 'initialize', priority: 'normal', name: CALL_COUNTER_NAME }

/** Anything with an SDK middleware stack: every v3 client. */
export interface HasMiddlewareStack {
  middlewareStack: Pick<MiddlewareStack<any, any>, 'add'>
}

/**
 * Installs the guard (outermost) and the counter on a client. Clients built by the session factory
 * always get both; call this for any client the scan path builds some other way.
 */
export function installScanMiddleware<C extends HasMiddlewareStack>(client: C, service: string, counter: ApiCallCounter): C {
  client.middlewareStack.add(readOnlyGuardMiddleware(service), guardOptions)
  client.middlewareStack.add(callCounterMiddleware(service, counter), counterOptions)
  return client
}
