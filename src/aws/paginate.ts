// Pagination for the two styles the scan meets: IAM's Marker/IsTruncated and NextToken (Organizations,
// EC2, Account). Every page is a counted call, so callers ask for the largest page the API allows.
// A token that repeats would loop forever against a misbehaving endpoint; it is an error instead.

export class PaginationError extends Error {
  readonly code = 'PaginationLoop'
  constructor(message: string) {
    super(message)
    this.name = 'PaginationError'
  }
}

export interface MarkerPage {
  IsTruncated?: boolean
  Marker?: string
}

export interface TokenPage {
  NextToken?: string
}

const MAX_PAGES = 100_000

/** All pages of a Marker/IsTruncated API, in order. */
export async function collectMarkerPages<P extends MarkerPage>(fetchPage: (marker: string | undefined) => Promise<P>): Promise<P[]> {
  const pages: P[] = []
  const seen = new Set<string>()
  let marker: string | undefined
  for (;;) {
    const page = await fetchPage(marker)
    pages.push(page)
    if (!page.IsTruncated) return pages
    if (!page.Marker) throw new PaginationError('the response says IsTruncated but carries no Marker')
    if (seen.has(page.Marker) || pages.length >= MAX_PAGES) throw new PaginationError(`the Marker repeated after ${pages.length} pages`)
    seen.add(page.Marker)
    marker = page.Marker
  }
}

/** All pages of a NextToken API, in order. */
export async function collectTokenPages<P extends TokenPage>(fetchPage: (nextToken: string | undefined) => Promise<P>): Promise<P[]> {
  const pages: P[] = []
  const seen = new Set<string>()
  let token: string | undefined
  for (;;) {
    const page = await fetchPage(token)
    pages.push(page)
    if (!page.NextToken) return pages
    if (seen.has(page.NextToken) || pages.length >= MAX_PAGES) throw new PaginationError(`the NextToken repeated after ${pages.length} pages`)
    seen.add(page.NextToken)
    token = page.NextToken
  }
}
