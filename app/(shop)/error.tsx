"use client";

import Link from "next/link";

/**
 * A page of the shop failed while rendering (a bug, not an API error: those are shown where
 * they happen). The header stays usable; "Try again" re-renders the page. Next also reports
 * the error through instrumentation.ts, counting it against the route's SPA variant.
 */
export default function ShopError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="alert alert-error">
      <h1>Something went wrong</h1>
      <p>This page could not be shown. Try again, or go back to the products.</p>
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>{" "}
        <Link href="/products">Browse the products</Link>
      </p>
    </div>
  );
}
