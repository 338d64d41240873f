"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { formatPrice } from "@/app/_components/price";
import { Pagination } from "@/app/(shop)/_components/pagination";
import { EmptyState, LoadError, Loading } from "@/app/(shop)/_components/status";
import { useOrders } from "@/lib/api-client/hooks";
import { ordersPagingFrom } from "@/lib/api-client/keys";
import { signInUrl } from "@/lib/api-client/navigation";
import type { OrderJson } from "@/lib/validation/order";

export function OrdersView() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const paging = ordersPagingFrom(searchParams);
  const orders = useOrders(paging);
  const placed = searchParams.get("placed");

  const signInHref = signInUrl(pathname + (searchParams.toString() ? `?${searchParams.toString()}` : ""));
  useEffect(() => {
    if (orders.signedOut) router.replace(signInHref);
  }, [orders.signedOut, router, signInHref]);

  if (orders.signedOut) {
    return (
      <p role="status">
        Redirecting you to <Link href={signInHref}>sign in</Link>…
      </p>
    );
  }

  return (
    <>
      <h1>Your orders</h1>
      {placed && /^\d{1,10}$/.test(placed) && (
        <p role="status" className="ok">
          Thank you! Order #{placed} has been placed.
        </p>
      )}
      {orders.error ? (
        <LoadError title="Could not load your orders." error={orders.error} onRetry={orders.retry} />
      ) : orders.isLoading || !orders.paging ? (
        <Loading label="Loading your orders…" />
      ) : orders.items.length === 0 ? (
        <EmptyState>
          <p>
            {orders.paging.skip > 0 ? "There are no orders on this page." : "You have no orders yet."}{" "}
            <Link href="/products">Browse the products</Link>.
          </p>
        </EmptyState>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {orders.total} {orders.total === 1 ? "order" : "orders"}
            {orders.isStale ? " · Updating…" : ""}
          </p>
          <ol className="orders" aria-label="Orders">
            {orders.items.map((order) => (
              <li key={order.id}>
                <OrderCard order={order} />
              </li>
            ))}
          </ol>
          <Pagination
            paging={orders.paging}
            hrefFor={(skip) => {
              const params = new URLSearchParams();
              if (skip) params.set("skip", String(skip));
              if (paging.limit !== undefined) params.set("limit", String(paging.limit));
              const s = params.toString();
              return s ? `${pathname}?${s}` : pathname;
            }}
          />
        </>
      )}
    </>
  );
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * When an order was placed, as the legacy page prints it (`date("Y-m-d H:i")`, in UTC as the
 * monolith's TIME_ZONE): "2026-01-01 09:30", identical on server and client; "" for no date.
 */
function formatPlacedAt(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function OrderCard({ order }: { order: OrderJson }) {
  return (
    <article className="card order" aria-labelledby={`order-${order.id}`}>
      <h2 id={`order-${order.id}`}>
        Order #<span data-parity="order-id">{order.id}</span>
      </h2>
      <p>
        Placed{" "}
        <time dateTime={order.created_at} data-parity="order-placed">
          {formatPlacedAt(order.created_at)}
        </time>{" "}
        · Status:{" "}
        <span data-parity="order-status" className={`status status-${order.status}`}>
          {order.status}
        </span>
      </p>
      <ul>
        {order.items.map((item, i) => (
          <li key={`${item.product_id ?? "gone"}-${i}`}>
            <span data-parity="item-name">
              {item.product_id !== null ? (
                <Link href={`/products/${item.product_id}`}>{item.name}</Link>
              ) : (
                item.name
              )}
            </span>{" "}
            × <span data-parity="item-quantity">{item.quantity}</span> at{" "}
            <span data-parity="item-price">{formatPrice(item.unit_price)}</span>:{" "}
            <span className="price" data-parity="item-total">
              {formatPrice(item.line_total)}
            </span>
          </li>
        ))}
      </ul>
      <p>
        Total:{" "}
        <strong className="price" data-parity="order-total">
          {formatPrice(order.total)}
        </strong>
      </p>
    </article>
  );
}
