"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useCartSummary, useMe } from "@/lib/api-client/read-hooks";
import { signInUrl } from "@/lib/api-client/navigation";

const LINKS = [
  { href: "/products", label: "Products" },
  { href: "/cart", label: "Cart" },
  { href: "/orders", label: "Orders" },
] as const;

export function ShopHeader() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const { user } = useMe();
  const cart = useCartSummary();
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);

  const here = pathname + (searchParams.toString() ? `?${searchParams.toString()}` : "");
  const current = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  // Unknown until the cart is loaded (a page from the shared cache asks for it): no badge yet.
  const count = cart?.total_quantity;

  const onSignOut = async () => {
    setSigningOut(true);
    setSignOutError(null);
    try {
      // Clears the session cookie, then loads /products afresh (no stale SWR cache). Loaded on
      // click: the header is on every SPA page, and their JavaScript budget is tight.
      const { signOutSession } = await import("@/lib/api-client/session");
      await signOutSession("/products");
    } catch {
      setSigningOut(false);
      setSignOutError("Could not sign out. Please try again.");
    }
  };

  return (
    <header className="shop-header">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <nav aria-label="Main" className="shop-nav">
        <Link href="/" className="brand">
          Cutover shop
        </Link>
        <ul>
          {LINKS.map((link) => (
            <li key={link.href}>
              <Link href={link.href} aria-current={current(link.href) ? "page" : undefined}>
                {link.label}
                {link.href === "/cart" && count !== undefined && (
                  <>
                    {" "}
                    <span className="badge">
                      {count}
                      <span className="visually-hidden"> {count === 1 ? "item" : "items"}</span>
                    </span>
                  </>
                )}
              </Link>
            </li>
          ))}
          {user?.role === "admin" && (
            <li>
              <Link href="/admin/products" aria-current={current("/admin/products") ? "page" : undefined}>
                Admin
              </Link>
            </li>
          )}
        </ul>
        <div className="account">
          {user ? (
            <>
              <span>
                Signed in as <strong>{user.name || user.email}</strong>
              </span>
              <button
                type="button"
                className="button-secondary"
                onClick={() => void onSignOut()}
                disabled={signingOut}
              >
                {signingOut ? "Signing out…" : "Sign out"}
              </button>
              {signOutError && <span role="alert">{signOutError}</span>}
            </>
          ) : user === null ? (
            <Link href={pathname === "/signin" || pathname === "/signup" ? "/signin" : signInUrl(here)}>
              Sign in
            </Link>
          ) : null}
        </div>
      </nav>
    </header>
  );
}
