import { API_DEFAULT_LIMIT } from "@/lib/api-client/keys";

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

export interface Paging {
  total: number;
  skip: number;
  limit: number;
  /** 1-based */
  page: number;
  pageCount: number;
  /** 1-based positions of the first and last item shown (0, 0 when empty) */
  start: number;
  end: number;
  prevSkip: number | null;
  nextSkip: number | null;
}

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
  const { total, skip, limit, links } = page;
  const pageCount = Math.max(1, Math.ceil(total / limit));
  // Prefer the server's own links; fall back to arithmetic for responses without them.
  const prevSkip = skipOf(links.prev) ?? (skip > 0 ? Math.max(0, skip - limit) : null);
  const nextSkip = links.next !== undefined ? skipOf(links.next) : skip + limit < total ? skip + limit : null;
  return {
    total,
    skip,
    limit,
    page: Math.floor(skip / limit) + 1,
    pageCount,
    start: page.items.length ? skip + 1 : 0,
    end: skip + page.items.length,
    prevSkip,
    nextSkip,
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
