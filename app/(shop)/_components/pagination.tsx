"use client";

import type { Paging } from "@/lib/api-client/paging";
import { skipOfPage } from "@/lib/rules/paging";
import { RouterLink } from "@/app/(shop)/_components/router-link";

/**
 * Previous / numbered pages / next, as links carrying the whole query string: the legacy
 * pages' partials/pagination.html, from the same arithmetic (lib/rules/paging.ts).
 */
export function Pagination({ paging, hrefFor }: { paging: Paging; hrefFor: (skip: number) => string }) {
  if (!paging.hasOtherPages) return null;
  return (
    <nav aria-label="Pages" className="pagination">
      {paging.prevSkip !== null && (
        <RouterLink href={hrefFor(paging.prevSkip)} rel="prev">
          « Previous
        </RouterLink>
      )}
      {paging.pages.map((n) =>
        n === paging.page ? (
          <span key={n} aria-current="page">
            {n}
          </span>
        ) : (
          <RouterLink key={n} href={hrefFor(skipOfPage(n, paging.limit))} aria-label={`Page ${n}`}>
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
