import "server-only";
import { withQuery } from "@/lib/legacy/urls";
import { pager, skipOfPage } from "@/lib/rules/paging";

// Django's Paginator/Page for skip/limit lists: what partials/pagination.html renders. The
// arithmetic is lib/rules/paging.ts, which the SPA's pager and the API's Link headers use too.

export interface PageLink {
  number: number;
  url: string;
  current: boolean;
}

export interface Pagination {
  total: number;
  /** 1-based positions of the first and last item shown (0 and 0 when empty). */
  start: number;
  end: number;
  has_other_pages: boolean;
  previous_url: string | null;
  next_url: string | null;
  pages: PageLink[];
}

export function paginate(options: {
  path: string;
  /** Filters to keep on every link (search, category, …). */
  params: Record<string, string | undefined>;
  total: number;
  skip: number;
  limit: number;
  shown: number;
}): Pagination {
  const { path, params, total, skip, limit, shown } = options;
  const link = (s: number) => withQuery(path, { ...params, skip: s, limit });
  const p = pager({ total, skip, limit, shown });
  return {
    total: p.total,
    start: p.start,
    end: p.end,
    has_other_pages: p.hasOtherPages,
    previous_url: p.prevSkip === null ? null : link(p.prevSkip),
    next_url: p.nextSkip === null ? null : link(p.nextSkip),
    pages: p.pages.map((n) => ({ number: n, url: link(skipOfPage(n, p.limit)), current: n === p.page })),
  };
}
