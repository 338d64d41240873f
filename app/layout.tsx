import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SHOP_STYLESHEET } from "@/lib/rules/assets";
import { SHOP_DESCRIPTION } from "@/lib/rules/descriptions";

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
