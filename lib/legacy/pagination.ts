import "server-only";
import { withQuery } from "@/lib/legacy/urls";

// Django's Paginator/Page for skip/limit lists: what partials/pagination.html renders.

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

const WINDOW = 3; // page links on each side of the current one

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
  const count = Math.max(1, Math.ceil(total / limit));
  const current = Math.floor(skip / limit) + 1;
  const pages: PageLink[] = [];
  for (let n = Math.max(1, current - WINDOW); n <= Math.min(count, current + WINDOW); n++) {
    pages.push({ number: n, url: link((n - 1) * limit), current: n === current });
  }
  return {
    total,
    start: shown ? skip + 1 : 0,
    end: skip + shown,
    has_other_pages: count > 1 || skip > 0,
    previous_url: skip > 0 ? link(Math.max(0, skip - limit)) : null,
    next_url: skip + limit < total ? link(skip + limit) : null,
    pages,
  };
}
