import "server-only";
import { pager } from "@/lib/rules/paging";

/** X-Total-Count and RFC 8288 Link headers for a list, the body staying a plain JSON array. */
export function pagingHeaders(
  url: URL,
  page: { skip: number; limit: number; cursor?: string; total: number; nextCursor: string | null },
): Headers {
  const headers = new Headers({ "X-Total-Count": String(page.total) });
  const link = (changes: Record<string, string | null>, rel: string) => {
    const u = new URL(url);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) u.searchParams.delete(k);
      else u.searchParams.set(k, v);
    }
    return `<${u.pathname}${u.search}>; rel="${rel}"`;
  };
  const links = [link({ skip: "0", cursor: null }, "first")];
  if (page.cursor) {
    if (page.nextCursor) links.push(link({ cursor: page.nextCursor, skip: null }, "next"));
  } else {
    // The pages' pagers (legacy and SPA) step with the same arithmetic.
    const p = pager({ total: page.total, skip: page.skip, limit: page.limit, shown: 0 });
    if (p.prevSkip !== null) links.push(link({ skip: String(p.prevSkip) }, "prev"));
    if (p.nextSkip !== null) links.push(link({ skip: String(p.nextSkip) }, "next"));
    links.push(link({ skip: String(p.lastSkip) }, "last"));
  }
  // Deep pages are cheaper by cursor; offer one whichever style the client used.
  if (page.nextCursor) headers.set("X-Next-Cursor", page.nextCursor);
  headers.set("Link", links.join(", "));
  return headers;
}
