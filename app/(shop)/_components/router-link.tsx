"use client";

import { useRouter } from "next/navigation";
import type { AnchorHTMLAttributes, MouseEvent } from "react";

/**
 * A real link (shareable, opens in a new tab with a modifier key) that moves within the SPA
 * with the router on a plain click. For changes of the current page's query string
 * (pagination, clearing filters), where prefetching another route buys nothing.
 */
export function RouterLink({
  href,
  onClick,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const router = useRouter();
  const navigate = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    router.push(href, { scroll: false });
  };
  return <a href={href} onClick={navigate} {...rest} />;
}
