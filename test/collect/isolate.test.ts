import { describe, expect, it } from 'vitest'
import { errorCode, isolatedRead, OperationFailed, tagged } from '../../src/collect/isolate.js'
import { InputError, WriteRefusedError } from '../../src/core/errors.js'

/** An error shaped like the SDK's for a Query-protocol service (IAM, STS). */
function sdkError(name: string, code?: string): Error {
  const err = new Error('denied') as Error & Record<string, unknown>
  err.name = name
  err.$metadata = { httpStatusCode: 403, attempts: 1 }
  if (code !== undefined) err.Code = code
  return err
}

describe('errorCode', () => {
  it('prefers the AWS wire code, then the SDK exception name, then a Node error code', () => {
    expect(errorCode(sdkError('NoSuchEntityException', 'NoSuchEntity'))).toBe('NoSuchEntity')
    expect(errorCode(sdkError('AccessDeniedException'))).toBe('AccessDeniedException')
    expect(errorCode(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED')
    expect(errorCode(new InputError('BadFlag', 'bad'))).toBe('BadFlag')
    expect(errorCode(new Error('plain'))).toBe('UnknownError')
    expect(errorCode('a string')).toBe('UnknownError')
  })
})

describe('isolatedRead', () => {
  it('returns ok with the value', async () => {
    expect(await isolatedRead('iam:GetAccountSummary', async () => 42)).toEqual({ kind: 'ok', value: 42 })
  })

  it('turns a failure into unreadable with code, message and operation', async () => {
    const r = await isolatedRead('iam:GetAccountSummary', () => Promise.reject(sdkError('AccessDenied', 'AccessDenied')))
    expect(r).toEqual({ kind: 'unreadable', error: { code: 'AccessDenied', message: 'denied', operation: 'iam:GetAccountSummary' } })
  })

  it('attributes a tagged failure to the operation that failed', async () => {
    const r = await isolatedRead('iam:GetCredentialReport', () => tagged('iam:GenerateCredentialReport', Promise.reject(sdkError('Throttling', 'Throttling'))))
    expect(r).toMatchObject({ kind: 'unreadable', error: { code: 'Throttling', operation: 'iam:GenerateCredentialReport' } })
  })

  it('does not hide a guard refusal (a bug in scan code) inside a slice', async () => {
    await expect(isolatedRead('iam:X', () => Promise.reject(new WriteRefusedError('iam', 'CreateUser')))).rejects.toBeInstanceOf(WriteRefusedError)
    await expect(isolatedRead('iam:X', () => Promise.reject(new OperationFailed('iam:CreateUser', new WriteRefusedError('iam', 'CreateUser'))))).rejects.toBeInstanceOf(
      WriteRefusedError,
    )
  })

  it('truncates very long messages', async () => {
    const r = await isolatedRead('iam:X', () => Promise.reject(new Error('x'.repeat(5000))))
    expect(r.kind === 'unreadable' && r.error.message.length).toBeLessThanOrEqual(1001)
  })
})
