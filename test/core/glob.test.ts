import { describe, expect, it } from 'vitest'
import { compileGlob, globMatches, hasWildcard, isMatchAll } from '../../src/core/glob.js'

describe('glob', () => {
  it.each([
    ['iam.root-mfa', 'iam.root-mfa', true],
    ['iam.root-mfa', 'iam.root-mfaa', false],
    ['iam.root-mfa', 'IAM.root-mfa', false],
    ['iam.*', 'iam.root-mfa', true],
    ['iam.*', 'iam.', true],
    ['iam.*', 'iamx.root', false],
    ['*.root-mfa', 'iam.root-mfa', true],
    ['*.root-mfa', 'iam.root-mfa.x', false],
    ['iam.root-*a', 'iam.root-mfa', true],
    ['iam.?oot-mfa', 'iam.root-mfa', true],
    ['iam.?oot-mfa', 'iam.oot-mfa', false],
    ['???', 'abc', true],
    ['???', 'abcd', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['*ab*ab*', 'xxabyyab', true],
    ['*ab*ab*', 'xxab', false],
    ['a**b', 'ab', true],
    ['*?b', 'b', false],
    ['*?b', 'xb', true],
    ['*a?c*', 'zzabxazc', true],
    ['arn:aws:ec2:*:*:security-group/sg-0abc*', 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0abc1234', true],
    ['arn:aws:ec2:*:*:security-group/sg-0abc*', 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0abd1234', false],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a.c', 'abc', false],
    ['(a+)+$', '(a+)+$', true],
    // A middle piece must end before the suffix starts: 'ab' at 1 would overlap the final 'b'.
    ['*ab*b', 'xab', false],
    ['*ab*b', 'xabb', true],
  ])('%s ~ %s → %s', (pattern, text, expected) => {
    expect(globMatches(pattern, text)).toBe(expected)
  })

  it('agrees with a reference implementation (regex with escaped literals) on generated cases', () => {
    const reference = (pattern: string, text: string) =>
      new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]')}$`).test(text)
    let seed = 1
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    const word = (alphabet: string, max: number) => Array.from({ length: Math.floor(rnd() * max) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('')
    let agreed = 0
    for (let i = 0; i < 5000; i++) {
      const pattern = word('ab*?.', 7)
      const text = word('ab.', 9)
      expect(globMatches(pattern, text), `${pattern} ~ ${text}`).toBe(reference(pattern, text))
      agreed++
    }
    expect(agreed).toBe(5000)
  })

  it('stays fast on a pattern that makes a backtracking regex explode', () => {
    const test = compileGlob(`${'*a'.repeat(30)}*b*`)
    const text = 'a'.repeat(2000)
    const started = performance.now()
    for (let i = 0; i < 100; i++) expect(test(text)).toBe(false)
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('tells wildcards and match-all patterns apart', () => {
    expect(hasWildcard('iam.*')).toBe(true)
    expect(hasWildcard('iam.?')).toBe(true)
    expect(hasWildcard('iam.root-mfa')).toBe(false)
    for (const p of ['*', '**', '?*', '*?*']) expect(isMatchAll(p), p).toBe(true)
    for (const p of ['?', '??', 'a*', '*a', '']) expect(isMatchAll(p), p).toBe(false)
  })
})
