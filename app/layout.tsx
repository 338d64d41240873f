import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SHOP_STYLESHEET } from "@/lib/rules/assets";
import { SHOP_DESCRIPTION } from "@/lib/rules/descriptions";

// Every page is rendered per request, the built-in 404 page included: each page's inline
// scripts carry that request's CSP nonce (proxy.ts), which a page built ahead cannot have.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Cutover shop", template: "%s · Cutover shop" },
  description: SHOP_DESCRIPTION,
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        {/* The stylesheet the legacy pages link too (public/styles/shop.css). */}
        <link rel="stylesheet" href={SHOP_STYLESHEET} precedence="default" />
      </head>
      <body>{children}</body>
    </html>
  );
}
