import type { z } from 'zod'

/** One line per problem, each naming the field path: "  - checks.iam.root-mfa.severity: Invalid option …" */
export function formatZodIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 20)
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.')
      return `  - ${path || '(top level)'}: ${issue.message}`
    })
    .join('\n')
}
