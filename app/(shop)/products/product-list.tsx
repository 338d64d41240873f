"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { EmptyState, LoadError, Loading } from "@/app/(shop)/_components/status";
import { Pagination } from "@/app/(shop)/_components/pagination";
import { RouterLink } from "@/app/(shop)/_components/router-link";
import { useUrlState } from "@/app/(shop)/_components/use-url-state";
import { ProductCard } from "@/app/(shop)/products/product-card";
import type { ApiError } from "@/lib/api-client/errors";
import { useCategories, useProducts } from "@/lib/api-client/read-hooks";
import { productListQueryFrom, productListSearch, type ProductListQuery } from "@/lib/api-client/keys";
import { DEFAULT_PRODUCT_ORDERING, PRODUCT_ORDERING_CHOICES } from "@/lib/rules/orderings";

const FILTERS = ["search", "category", "min_price", "max_price", "in_stock"] as const;
const FIELD_LABELS: Record<string, string> = {
  search: "Search",
  category: "Category",
  min_price: "Min price",
  max_price: "Max price",
  in_stock: "In stock only",
  ordering: "Sort by",
  skip: "Page",
  limit: "Page size",
};

/** The catalogue: every filter, the ordering and the page live in the URL's query string. */
export function ProductList() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const query = productListQueryFrom(searchParams);
  const list = useProducts(query);

  const hrefFor = (next: ProductListQuery) => {
    const search = productListSearch(next);
    return search ? `${pathname}?${search}` : pathname;
  };
  // A new filter starts again at the first page.
  const apply = (changes: ProductListQuery) =>
    router.push(hrefFor({ ...query, ...changes, skip: undefined }), { scroll: false });
  const filtered = FILTERS.some((f) => query[f] !== undefined);
  const clearHref = hrefFor({ ordering: query.ordering, limit: query.limit });

  return (
    <>
      <h1>Products</h1>
      <ProductFilters query={query} onApply={apply} />
      {filtered && (
        <p>
          <RouterLink href={clearHref}>Clear filters</RouterLink>
        </p>
      )}
      <section aria-label="Results" aria-busy={list.isLoading || list.isStale}>
        {list.error ? (
          <ListError error={list.error} onRetry={list.retry} clearHref={filtered ? clearHref : null} />
        ) : list.isLoading || !list.paging ? (
          <Loading label="Loading products…" skeleton={6} />
        ) : (
          <>
            <p className="muted" aria-live="polite">
              {list.total} {list.total === 1 ? "product" : "products"}
              {query.search ? ` matching “${query.search}”` : ""}
              {/* The checkbox cannot show the API's other value (a link with in_stock=false). */}
              {query.in_stock === "false" ? " (sold out only)" : ""}
              {list.isStale ? " · Updating…" : ""}
            </p>
            {list.items.length ? (
              <ul className="grid" aria-label="Products">
                {list.items.map((product) => (
                  <li key={product.id}>
                    <ProductCard product={product} />
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState>
                {list.paging.skip > 0 && list.total > 0 ? (
                  <p>
                    This page is past the end of the list.{" "}
                    <RouterLink href={hrefFor({ ...query, skip: undefined })}>
                      Go to the first page
                    </RouterLink>
                  </p>
                ) : filtered ? (
                  <p>
                    No products match these filters. <RouterLink href={clearHref}>Clear filters</RouterLink>{" "}
                    to see everything.
                  </p>
                ) : (
                  <p>
                    There are no products in the shop yet. Come back soon, or{" "}
                    <Link href="/">see the home page</Link>.
                  </p>
                )}
              </EmptyState>
            )}
            <Pagination paging={list.paging} hrefFor={(skip) => hrefFor({ ...query, skip: String(skip) })} />
          </>
        )}
      </section>
    </>
  );
}

function ListError({
  error,
  onRetry,
  clearHref,
}: {
  error: ApiError;
  onRetry: () => void;
  clearHref: string | null;
}) {
  const fields = Object.entries(error.fieldErrors);
  // Asking again helps when nothing answered or the server failed; a 422 would only repeat.
  const retryable = error.status === 0 || error.status >= 500;
  return (
    <LoadError title="Could not load the products." error={error} onRetry={retryable ? onRetry : undefined}>
      {fields.length > 0 && (
        <ul>
          {fields.map(([field, message]) => (
            <li key={field}>
              {FIELD_LABELS[field] ?? field}: {message}
            </li>
          ))}
        </ul>
      )}
      {clearHref && (
        <p>
          <RouterLink href={clearHref}>Clear filters</RouterLink>
        </p>
      )}
    </LoadError>
  );
}

function PriceField(props: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        inputMode="decimal"
        min={0}
        step="any"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

function ProductFilters({
  query,
  onApply,
}: {
  query: ProductListQuery;
  onApply: (changes: ProductListQuery) => void;
}) {
  const id = useId();
  const { categories } = useCategories();
  const [search, setSearch] = useUrlState(query.search ?? "");
  const [minPrice, setMinPrice] = useUrlState(query.min_price ?? "");
  const [maxPrice, setMaxPrice] = useUrlState(query.max_price ?? "");

  const ordering = query.ordering ?? DEFAULT_PRODUCT_ORDERING;
  // A link may carry an ordering the menu does not offer (or one the API refuses): show it as it is.
  const orderings: readonly { value: string; label: string }[] = PRODUCT_ORDERING_CHOICES.some(
    (o) => o.value === ordering,
  )
    ? PRODUCT_ORDERING_CHOICES
    : [...PRODUCT_ORDERING_CHOICES, { value: ordering, label: ordering }];
  const category = query.category ?? "";
  const categoryOptions = categories.map((c) => ({ value: c.slug, label: `${c.name} (${c.product_count})` }));
  if (category && !categoryOptions.some((c) => c.value === category)) {
    categoryOptions.push({ value: category, label: category });
  }

  // Text fields apply on submit (Enter or the button); selects and the toggle at once.
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      search: search.trim() || undefined,
      min_price: minPrice.trim() || undefined,
      max_price: maxPrice.trim() || undefined,
    });
  };

  // The panel opens when anything in it is set (on a phone the products come first otherwise),
  // and is never shut under the visitor: clearing a filter from inside it keeps it open.
  const panelOpen =
    FILTERS.some((f) => f !== "search" && query[f] !== undefined) || query.ordering !== undefined;
  const [open, setOpen] = useState(panelOpen);
  const [wasSet, setWasSet] = useState(panelOpen);
  if (panelOpen !== wasSet) {
    setWasSet(panelOpen);
    if (panelOpen) setOpen(true);
  }

  // Same markup as legacy-templates/product_list.html's form: one look for both shapes.
  return (
    <form role="search" aria-label="Filter products" className="filters-form" onSubmit={submit}>
      <div className="search-row">
        <div className="field">
          <label htmlFor={`${id}-search`}>Search</label>
          <input
            id={`${id}-search`}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <button type="submit">Apply</button>
      </div>
      <details
        className="filters-panel"
        open={open}
        onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
      >
        <summary>Filters and sorting</summary>
        <div className="filters">
          <div className="field">
            <label htmlFor={`${id}-category`}>Category</label>
            <select
              id={`${id}-category`}
              value={category}
              onChange={(e) => onApply({ category: e.target.value || undefined })}
            >
              <option value="">All categories</option>
              {categoryOptions.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          <PriceField id={`${id}-min`} label="Min price" value={minPrice} onChange={setMinPrice} />
          <PriceField id={`${id}-max`} label="Max price" value={maxPrice} onChange={setMaxPrice} />
          <div className="field field-check">
            <input
              id={`${id}-stock`}
              type="checkbox"
              checked={query.in_stock === "true"}
              onChange={(e) => onApply({ in_stock: e.target.checked ? "true" : undefined })}
            />
            <label htmlFor={`${id}-stock`}>In stock only</label>
          </div>
          <div className="field">
            <label htmlFor={`${id}-ordering`}>Sort by</label>
            <select
              id={`${id}-ordering`}
              value={ordering}
              onChange={(e) => onApply({ ordering: e.target.value })}
            >
              {orderings.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      </details>
    </form>
  );
}
