"use client";

import type { Paging } from "@/lib/api-client/paging";
import { RouterLink } from "@/app/(shop)/_components/router-link";

const WINDOW = 3; // page links either side of the current one, as the legacy pages show

/** Previous / numbered pages / next, as links carrying the whole query string. */
export function Pagination({ paging, hrefFor }: { paging: Paging; hrefFor: (skip: number) => string }) {
  if (paging.pageCount <= 1 && paging.skip === 0) return null;
  const pages: number[] = [];
  for (
    let n = Math.max(1, paging.page - WINDOW);
    n <= Math.min(paging.pageCount, paging.page + WINDOW);
    n++
  ) {
    pages.push(n);
  }
  return (
    <nav aria-label="Pages" className="pagination">
      {paging.prevSkip !== null && (
        <RouterLink href={hrefFor(paging.prevSkip)} rel="prev">
          « Previous
        </RouterLink>
      )}
      {pages.map((n) =>
        n === paging.page ? (
          <span key={n} aria-current="page">
            {n}
          </span>
        ) : (
          <RouterLink key={n} href={hrefFor((n - 1) * paging.limit)} aria-label={`Page ${n}`}>
            {n}
          </RouterLink>
        ),
      )}
      {paging.nextSkip !== null && (
        <RouterLink href={hrefFor(paging.nextSkip)} rel="next">
          Next »
        </RouterLink>
      )}
      <span className="muted">
        {paging.start}–{paging.end} of {paging.total}
      </span>
    </nav>
  );
}
