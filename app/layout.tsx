import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SHOP_STYLESHEET } from "@/lib/rules/assets";

export const metadata: Metadata = {
  title: { default: "Cutover shop", template: "%s · Cutover shop" },
  description: "A shop served as legacy pages and SPA pages at once, migrating route by route.",
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
