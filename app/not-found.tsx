import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";

export const metadata: Metadata = { title: "Page not found" };

/**
 * Any path no page serves. Rendered per request, not prerendered: every page's inline scripts
 * carry the request's CSP nonce (proxy.ts), which a page built ahead of time cannot have.
 */
export default async function NotFound() {
  await connection();
  return (
    <main className="shop-main">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link href="/products">Browse the products</Link>.
      </p>
    </main>
  );
}
