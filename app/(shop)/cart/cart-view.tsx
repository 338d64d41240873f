"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";
import { formatPrice } from "@/app/_components/price";
import { EmptyState, LoadError, Loading } from "@/app/(shop)/_components/status";
import { useUrlState } from "@/app/(shop)/_components/use-url-state";
import { newIdempotencyKey } from "@/lib/api-client/client";
import { errorMessage, isApiError } from "@/lib/api-client/errors";
import { useCart, useMe } from "@/lib/api-client/hooks";
import type { CartLineJson } from "@/lib/validation/cart";

export function CartView() {
  const router = useRouter();
  const { cart, error, isLoading, retry, update, remove, checkout } = useCart();
  const { user } = useMe();
  const [problem, setProblem] = useState<string | null>(null);
  const [placing, setPlacing] = useState(false);
  // One key per checkout attempt, kept if the attempt got no answer so that pressing the
  // button again cannot place a second order for the same cart.
  const attemptKey = useRef<string | null>(null);

  if (error && !cart) return <LoadError title="Could not load your cart." error={error} onRetry={retry} />;
  if (isLoading || !cart) return <Loading label="Loading your cart…" />;

  const run = async (change: () => Promise<void>) => {
    setProblem(null);
    try {
      await change();
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };

  const placeOrder = async () => {
    setProblem(null);
    setPlacing(true);
    attemptKey.current ??= newIdempotencyKey();
    try {
      const order = await checkout(attemptKey.current);
      attemptKey.current = null;
      router.push(`/orders?placed=${order.id}`);
    } catch (e) {
      // A definite answer (409 sold out, …) ends the attempt; no answer keeps its key.
      if (!(isApiError(e) && e.isNetworkError)) attemptKey.current = null;
      // A 401 is already on its way to the sign-in page.
      if (!(isApiError(e) && e.status === 401)) setProblem(errorMessage(e));
      setPlacing(false);
    }
  };

  return (
    <>
      <h1>Your cart</h1>
      <div role="alert" className="alert-slot">
        {problem && (
          <div className="alert alert-error">
            <p>{problem}</p>
            <button type="button" onClick={() => setProblem(null)}>
              Dismiss
            </button>
          </div>
        )}
      </div>
      {cart.items.length === 0 ? (
        <EmptyState>
          <p>
            Your cart is empty. <Link href="/products">Browse the products</Link>.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="table-scroll">
            <table className="cart-table">
              <caption className="visually-hidden">Items in your cart</caption>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Unit price</th>
                  <th scope="col">Quantity</th>
                  <th scope="col">Total</th>
                  <th scope="col">Availability</th>
                </tr>
              </thead>
              <tbody>
                {cart.items.map((line) => (
                  <CartLine
                    key={line.product_id}
                    line={line}
                    onUpdate={(q) => run(() => update(line.product_id, q))}
                    onRemove={() => run(() => remove(line.product_id))}
                  />
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={3}>
                    Total (
                    <span data-parity="cart-quantity">
                      {cart.total_quantity} {cart.total_quantity === 1 ? "item" : "items"}
                    </span>
                    )
                  </th>
                  <td className="price" data-parity="cart-total">
                    {formatPrice(cart.total)}
                  </td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
          {!cart.checkout_ready && (
            <p className="error">
              Some items are not available in the quantity in your cart; change them to check out.
            </p>
          )}
          <div className="checkout">
            <button
              type="button"
              onClick={() => void placeOrder()}
              disabled={!cart.checkout_ready || placing}
            >
              {placing ? "Placing your order…" : "Check out"}
            </button>
            {user === null && <span className="muted"> You will be asked to sign in.</span>}
          </div>
        </>
      )}
    </>
  );
}

function CartLine({
  line,
  onUpdate,
  onRemove,
}: {
  line: CartLineJson;
  onUpdate: (quantity: number) => Promise<void>;
  onRemove: () => Promise<void>;
}) {
  // Follows the line: after a rollback the input shows the quantity the cart really holds.
  const [quantity, setQuantity] = useUrlState(String(line.quantity));
  const [invalid, setInvalid] = useState(false);
  const inputId = `quantity-${line.product_id}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const n = Number(quantity);
    if (!Number.isInteger(n) || n < 0 || n > 999) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    // 0 means "none of these", as on the legacy cart.
    void (n === 0 ? onRemove() : n === line.quantity ? Promise.resolve() : onUpdate(n));
  };

  return (
    <tr className={line.available ? undefined : "unavailable"}>
      <th scope="row">
        <Link href={`/products/${line.product_id}`} data-parity="line-name">
          {line.name}
        </Link>
      </th>
      <td className="price" data-label="Unit price" data-parity="line-price">
        {formatPrice(line.unit_price)}
      </td>
      <td data-label="Quantity">
        {/* The quantity is shown once, in the input; this copy is for the parity checker only. */}
        <span className="visually-hidden" aria-hidden="true" data-parity="line-quantity">
          {line.quantity}
        </span>
        <form className="line-form" onSubmit={submit} noValidate>
          <label htmlFor={inputId} className="visually-hidden">
            Quantity of {line.name}
          </label>
          <input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={0}
            max={999}
            value={quantity}
            aria-invalid={invalid}
            aria-describedby={invalid ? `${inputId}-error` : undefined}
            onChange={(e) => setQuantity(e.target.value)}
          />
          <button type="submit" className="button-secondary">
            Update<span className="visually-hidden"> quantity of {line.name}</span>
          </button>
          <button type="button" className="button-secondary" onClick={() => void onRemove()}>
            Remove<span className="visually-hidden"> {line.name}</span>
          </button>
          {invalid && (
            <p id={`${inputId}-error`} className="field-error">
              Enter a whole number from 0 to 999.
            </p>
          )}
        </form>
      </td>
      <td className="price" data-label="Total" data-parity="line-total">
        {formatPrice(line.line_total)}
      </td>
      <td data-label="Availability" data-parity="line-availability">
        {line.available ? (
          "Available"
        ) : (
          <strong className="error">{line.stock === 0 ? "Sold out" : `Only ${line.stock} left`}</strong>
        )}
      </td>
    </tr>
  );
}
