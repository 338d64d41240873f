"use client";

import Link from "next/link";
import { ProductImage } from "@/app/_components/product-image";
import { formatShortDate } from "@/lib/rules/dates";
import { type FormEvent, useId, useState } from "react";
import { formatPrice } from "@/app/_components/price";
import { EmptyState, LoadError, Loading } from "@/app/(shop)/_components/status";
import { errorMessage, isApiError } from "@/lib/api-client/errors";
import { useCart, useProduct, useProducts } from "@/lib/api-client/hooks";
import { relatedQuery } from "@/lib/api-client/keys";
import type { ProductJson } from "@/lib/validation/product";

const RELATED_SHOWN = 5; // as many as the legacy page lists

export function ProductDetail({ productId }: { productId: number }) {
  const { product, error, isLoading, retry } = useProduct(productId);

  if (error) {
    if (isApiError(error) && error.status === 404) {
      return (
        <EmptyState>
          <h1>Product not found</h1>
          <p>
            There is no product {productId}; it may have been removed.{" "}
            <Link href="/products">Browse all products</Link>.
          </p>
        </EmptyState>
      );
    }
    return <LoadError title="Could not load this product." error={error} onRetry={retry} />;
  }
  if (isLoading || !product) return <Loading label="Loading product…" />;

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb muted">
        <Link href="/products">Products</Link>
        {product.category && (
          <>
            {" › "}
            <Link
              href={`/products?category=${encodeURIComponent(product.category.slug)}`}
              data-parity="category"
            >
              {product.category.name}
            </Link>
          </>
        )}
      </nav>
      <article className="product-detail">
        <ProductImage product={product} detail />
        <h1 data-parity="name">{product.name}</h1>
        <p className="price" data-parity="price">
          {formatPrice(product.price)}
        </p>
        <p data-parity="in_stock" className={product.in_stock ? "ok" : "muted"}>
          {product.in_stock ? "In stock" : "Sold out"}
        </p>
        {product.in_stock && product.stock < 5 && <p data-parity="stock-note">Only {product.stock} left.</p>}
        <div data-parity="description">{product.description ?? ""}</div>
        <p className="muted">
          Added <span data-parity="added">{formatShortDate(product.created_at)}</span>
        </p>
        <AddToCart product={product} />
      </article>
      <RelatedProducts product={product} />
    </>
  );
}

function AddToCart({ product }: { product: ProductJson }) {
  const id = useId();
  const { add } = useCart();
  const [quantity, setQuantity] = useState("1");
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const n = Number(quantity);
    if (!Number.isInteger(n) || n < 1) {
      setResult({ ok: false, message: "Enter a quantity of 1 or more." });
      return;
    }
    setPending(true);
    setResult(null);
    try {
      await add(product, n);
      setResult({ ok: true, message: `Added ${n} × ${product.name} to your cart.` });
    } catch (error) {
      setResult({ ok: false, message: errorMessage(error) });
    } finally {
      setPending(false);
    }
  };

  return (
    // noValidate: min/max still shape the spinner, but the API's message ("Only 3 left in
    // stock…") says more than the browser's, and stays right when the stock has changed.
    <form className="add-to-cart" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor={`${id}-quantity`}>Quantity</label>
        <input
          id={`${id}-quantity`}
          type="number"
          inputMode="numeric"
          min={1}
          max={Math.max(1, product.stock)}
          value={quantity}
          disabled={!product.in_stock}
          onChange={(e) => setQuantity(e.target.value)}
        />
      </div>
      {/* Not disabled while adding: a disabled button drops keyboard focus to the page. */}
      <button type="submit" disabled={!product.in_stock} aria-disabled={pending || undefined}>
        {pending ? "Adding…" : "Add to cart"}
      </button>
      {/* Both regions stay in the document so the message is announced when it appears. */}
      <div role="status" className="ok">
        {result?.ok && (
          <>
            {result.message} <Link href="/cart">View cart</Link>
          </>
        )}
      </div>
      <div role="alert" className="error">
        {result && !result.ok && result.message}
      </div>
    </form>
  );
}

function RelatedProducts({ product }: { product: ProductJson }) {
  const slug = product.category?.slug;
  const related = useProducts(slug ? relatedQuery(slug) : {}, { enabled: Boolean(slug) });
  const others = related.items.filter((p) => p.id !== product.id).slice(0, RELATED_SHOWN);
  return (
    <section aria-labelledby="related-heading" className="related">
      <h2 id="related-heading">
        More in <span data-parity="related-category">{product.category?.name ?? "the shop"}</span>
      </h2>
      {!slug ? (
        <p>
          No related products. <Link href="/products">Browse all products</Link>.
        </p>
      ) : related.error ? (
        <LoadError title="Could not load related products." error={related.error} onRetry={related.retry} />
      ) : related.isLoading ? (
        <Loading label="Loading related products…" />
      ) : others.length ? (
        <ul>
          {others.map((p) => (
            <li key={p.id}>
              <Link href={`/products/${p.id}`} data-parity="related-name">
                {p.name}
              </Link>{" "}
              <span className="price" data-parity="related-price">
                {formatPrice(p.price)}
              </span>
              {!p.in_stock && <span className="muted"> (sold out)</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p>
          No related products.{" "}
          <Link href={`/products?category=${encodeURIComponent(slug)}`}>See the category</Link>.
        </p>
      )}
    </section>
  );
}
