import { API_DEFAULT_LIMIT } from "@/lib/api-client/keys";
import { pager, type Pager } from "@/lib/rules/paging";

// Lists keep the seed's plain JSON array body; paging rides in X-Total-Count and RFC 8288
// Link headers. An SWR entry for a list holds both, so this shape is what the hooks return
// and what server pages put in SWR's fallback.

export type LinkRel = "first" | "prev" | "next" | "last";

export interface ListPage<T> {
  items: T[];
  total: number;
  skip: number;
  limit: number;
  /** rel → relative URL of that page on the API, from the Link header */
  links: Partial<Record<LinkRel, string>>;
}

/** The pager arithmetic of lib/rules/paging.ts, which the legacy pages' pager uses too. */
export type Paging = Pick<
  Pager,
  | "total"
  | "skip"
  | "limit"
  | "page"
  | "pageCount"
  | "start"
  | "end"
  | "prevSkip"
  | "nextSkip"
  | "hasOtherPages"
  | "pages"
>;

/** `<url>; rel="next", <url>; rel="last"` → { next: url, last: url } */
export function parseLinkHeader(header: string | null): Partial<Record<LinkRel, string>> {
  const links: Partial<Record<LinkRel, string>> = {};
  if (!header) return links;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>\s*;(?:.*;)?\s*rel="?([^";]+)"?/.exec(part.trim());
    const url = match?.[1];
    for (const rel of match?.[2]?.split(/\s+/) ?? []) {
      if (url !== undefined && (rel === "first" || rel === "prev" || rel === "next" || rel === "last")) {
        links[rel] = url;
      }
    }
  }
  return links;
}

function skipOf(url: string | undefined): number | null {
  if (url === undefined) return null;
  const value = new URL(url, "http://api.invalid").searchParams.get("skip");
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * The page as the hooks hold it. `requested` is what the request asked for (URL values);
 * the API's defaults fill the gaps.
 */
export function toListPage<T>(
  items: T[],
  headers: Headers,
  requested: { skip?: string | number; limit?: string | number },
): ListPage<T> {
  const totalHeader = headers.get("x-total-count");
  const total = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : items.length;
  const skip = Number(requested.skip ?? 0) || 0;
  const limit = Number(requested.limit ?? API_DEFAULT_LIMIT) || API_DEFAULT_LIMIT;
  return { items, total, skip, limit, links: parseLinkHeader(headers.get("link")) };
}

export function pagingOf(
  page: Pick<ListPage<unknown>, "items" | "total" | "skip" | "limit" | "links">,
): Paging {
  const { links } = page;
  const p = pager({ total: page.total, skip: page.skip, limit: page.limit, shown: page.items.length });
  // Prefer the server's own links; fall back to the arithmetic for responses without them.
  return {
    total: p.total,
    skip: p.skip,
    limit: p.limit,
    page: p.page,
    pageCount: p.pageCount,
    start: p.start,
    end: p.end,
    prevSkip: skipOf(links.prev) ?? p.prevSkip,
    nextSkip: links.next !== undefined ? skipOf(links.next) : p.nextSkip,
    hasOtherPages: p.hasOtherPages,
    pages: p.pages,
  };
}

/** A list response as the hooks keep it; `path` is the request's path and query (the SWR key). */
export function listPageFromResponse<T>(path: string, items: T[], headers: Headers): ListPage<T> {
  const params = new URL(path, "http://api.invalid").searchParams;
  return toListPage(items, headers, {
    skip: params.get("skip") ?? undefined,
    limit: params.get("limit") ?? undefined,
  });
}
