import { describe, expect, it } from 'vitest'
import { defaultState, parseFragment, toFragment, withFilter, type ViewState } from '../../../src/report/html/app/state/view-state.js'
import { HOSTILE } from '../../support/synthetic-report.js'

describe('view state in the URL fragment', () => {
  it('reads a hand-written link', () => {
    const state = parseFragment('#status=fail&severity=high,critical&control=cis-aws-3.0:1.10&q=root%20mfa&sort=account&group=check')
    expect(state.view).toBe('findings')
    expect(state.filters.status).toEqual(['fail'])
    expect(state.filters.severity).toEqual(['high', 'critical'])
    expect(state.filters.control).toEqual(['cis-aws-3.0:1.10'])
    expect(state.q).toBe('root mfa')
    expect(state.sort).toBe('account')
    expect(state.group).toBe('check')
  })

  it('writes a canonical fragment that reads back to the same state, hostile values included', () => {
    let state: ViewState = { ...defaultState(), view: 'findings', q: `a,b ${HOSTILE.script}`, finding: 'abc123' }
    state = withFilter(state, 'account', [HOSTILE.formula, '100000000001'])
    state = withFilter(state, 'ou', ['ou-a,b&c=d'])
    const fragment = toFragment(state)
    expect(fragment).not.toMatch(/[<>"' ]/)
    expect(parseFragment(fragment)).toEqual(state)
    expect(toFragment(parseFragment(fragment))).toBe(fragment)
  })

  it('leaves defaults out and keeps the overview as the empty fragment', () => {
    expect(toFragment(defaultState())).toBe('')
    expect(parseFragment('').view).toBe('overview')
    expect(toFragment(withFilter(defaultState(), 'status', ['fail']))).toBe('view=overview&status=fail')
    // Filters alone imply the findings view, so that one is left out.
    const findings = { ...withFilter(defaultState(), 'status', ['fail']), view: 'findings' as const }
    expect(toFragment(findings)).toBe('status=fail')
    expect(parseFragment('view=overview&status=fail').view).toBe('overview')
  })

  it('ignores unknown values of closed dimensions, unknown sorts and malformed escapes', () => {
    const state = parseFragment('#status=fail,bogus&severity=%E0%A4%A&sort=sideways&group=nope&view=elsewhere')
    expect(state.filters.status).toEqual(['fail'])
    expect(state.filters.severity).toEqual([])
    expect(state.sort).toBe('priority')
    expect(state.group).toBe('none')
    expect(state.view).toBe('findings')
  })
})
