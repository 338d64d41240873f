// Skip/limit paging: the API's defaults and the pager arithmetic that the API's Link headers
// (lib/http/pagination.ts), the legacy pages' pager (lib/legacy/pagination.ts) and the SPA's
// pager (lib/api-client/paging.ts, app/(shop)/_components/pagination.tsx) all share, so
// "5–6 of 6", the page numbers and the next/previous targets agree everywhere. Plain
// constants and arithmetic: the SPA imports this without pulling zod into its bundle.

/** Items per page when a list request names no `limit`. */
export const DEFAULT_LIMIT = 10;
/** The largest `limit` a list request may ask for. */
export const MAX_LIMIT = 100;
/** Page links shown on each side of the current page. */
export const PAGE_LINK_WINDOW = 3;

export interface Pager {
  total: number;
  skip: number;
  limit: number;
  /** 1-based; the page the first item shown falls on */
  page: number;
  /** at least 1, even for an empty list */
  pageCount: number;
  /** 1-based positions of the first and last item shown (0 and 0 when none is shown) */
  start: number;
  end: number;
  /** null on the first page */
  prevSkip: number | null;
  /** null when nothing follows */
  nextSkip: number | null;
  /** where the last page starts (0 for an empty list) */
  lastSkip: number;
  /** false when one page holds everything and it is the one shown: no pager at all */
  hasOtherPages: boolean;
  /** the numbered page links: up to PAGE_LINK_WINDOW either side of the current page */
  pages: number[];
}

/** Where page `n` (1-based) starts. */
export function skipOfPage(page: number, limit: number): number {
  return (page - 1) * limit;
}

/** 1..pageCount, clipped to PAGE_LINK_WINDOW either side of `page`. */
export function pageWindow(page: number, pageCount: number): number[] {
  const pages: number[] = [];
  for (let n = Math.max(1, page - PAGE_LINK_WINDOW); n <= Math.min(pageCount, page + PAGE_LINK_WINDOW); n++) {
    pages.push(n);
  }
  return pages;
}

/**
 * The pager for one page of a list: `total` items in all, this page asked for `skip` and
 * `limit` and shows `shown` items (fewer than `limit` on the last page, 0 past the end).
 */
export function pager({
  total,
  skip,
  limit,
  shown,
}: {
  total: number;
  skip: number;
  limit: number;
  shown: number;
}): Pager {
  // Callers validate limit (1..MAX_LIMIT); never divide by zero if one does not.
  const size = limit >= 1 ? limit : 1;
  const pageCount = Math.max(1, Math.ceil(total / size));
  const page = Math.floor(skip / size) + 1;
  return {
    total,
    skip,
    limit: size,
    page,
    pageCount,
    start: shown > 0 ? skip + 1 : 0,
    end: skip + shown,
    prevSkip: skip > 0 ? Math.max(0, skip - size) : null,
    nextSkip: skip + size < total ? skip + size : null,
    lastSkip: Math.max(0, Math.floor((total - 1) / size) * size),
    hasOtherPages: pageCount > 1 || skip > 0,
    pages: pageWindow(page, pageCount),
  };
}

/**
 * `skip` (or another count) as a shop URL writes it: up to nine digits, else null. The API
 * answers 422 for anything else; pages fall back to their default instead.
 */
export function parseCount(value: string | null | undefined): number | null {
  return typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : null;
}
