"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useSWRConfig } from "swr";
import { formatPrice } from "@/app/_components/price";
import { Pagination } from "@/app/(shop)/_components/pagination";
import { EmptyState, LoadError, Loading } from "@/app/(shop)/_components/status";
import { ProductForm } from "@/app/(shop)/admin/products/product-form";
import { api } from "@/lib/api-client/client";
import { errorMessage } from "@/lib/api-client/errors";
import { useCategories, useMe, useProducts } from "@/lib/api-client/hooks";
import { adminProductQueryFrom, isProductKey, productListSearch } from "@/lib/api-client/keys";
import { signInUrl } from "@/lib/api-client/navigation";
import type { ProductJson } from "@/lib/validation/product";

/** Product admin for the admin role; the API checks the role on every write as well. */
export function ProductAdmin() {
  const router = useRouter();
  const pathname = usePathname();
  const { user, error, retry } = useMe();
  const signInHref = signInUrl(pathname);
  const signedOut = user === null;

  useEffect(() => {
    if (signedOut) router.replace(signInHref);
  }, [signedOut, router, signInHref]);

  if (error) return <LoadError title="Could not check who you are." error={error} onRetry={retry} />;
  if (user === undefined) return <Loading label="Loading…" />;
  if (user === null) {
    return (
      <p role="status">
        Redirecting you to <Link href={signInHref}>sign in</Link>…
      </p>
    );
  }
  if (user.role !== "admin") {
    return (
      <div role="alert" className="alert alert-error">
        <h1>Products admin</h1>
        <p>
          You need the admin role to manage products. You are signed in as {user.name || user.email} (
          {user.role}
          ). <Link href="/products">Back to the shop</Link>.
        </p>
      </div>
    );
  }
  return <ProductManager />;
}

function ProductManager() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const query = adminProductQueryFrom(searchParams);
  const list = useProducts(query);
  const { categories } = useCategories();
  const { mutate } = useSWRConfig();
  const [editing, setEditing] = useState<ProductJson | null>(null);
  const [confirming, setConfirming] = useState<ProductJson | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  // Every list, detail and related-products entry may show what just changed.
  const refresh = () => mutate(isProductKey);

  const create = async (body: Record<string, unknown>) => {
    const product = await api.post<ProductJson>("/api/products", body);
    setNotice(`Created ${product.name}.`);
    await refresh();
  };
  const save = (id: number) => async (body: Record<string, unknown>) => {
    const product = await api.patch<ProductJson>(`/api/products/${id}`, body);
    setEditing(null);
    setNotice(`Saved ${product.name}.`);
    await refresh();
  };
  const destroy = async (product: ProductJson) => {
    setProblem(null);
    try {
      await api.delete(`/api/products/${product.id}`);
      setConfirming(null);
      setNotice(`Deleted ${product.name}.`);
      await refresh();
    } catch (e) {
      setProblem(`Could not delete ${product.name}: ${errorMessage(e)}`);
    }
  };

  const hrefFor = (skip: number) => {
    const search = productListSearch({ search: query.search, skip: String(skip) });
    return search ? `${pathname}?${search}` : pathname;
  };

  return (
    <>
      <h1>Products admin</h1>
      <div role="status" className="ok">
        {notice}
      </div>
      <div role="alert" className="alert-slot">
        {problem && <p className="alert alert-error">{problem}</p>}
      </div>

      {editing ? (
        <section aria-labelledby="edit-heading" className="panel">
          <h2 id="edit-heading">Edit {editing.name}</h2>
          <ProductForm
            key={editing.id}
            mode="edit"
            product={editing}
            categories={categories}
            onSubmit={save(editing.id)}
            onCancel={() => setEditing(null)}
          />
        </section>
      ) : (
        <section aria-labelledby="create-heading" className="panel">
          <h2 id="create-heading">New product</h2>
          <ProductForm mode="create" product={null} categories={categories} onSubmit={create} />
        </section>
      )}

      <section aria-labelledby="list-heading">
        <h2 id="list-heading">All products</h2>
        {list.error ? (
          <LoadError title="Could not load the products." error={list.error} onRetry={list.retry} />
        ) : list.isLoading || !list.paging ? (
          <Loading label="Loading products…" />
        ) : list.items.length === 0 ? (
          <EmptyState>
            <p>There are no products yet. Create the first one with the form above.</p>
          </EmptyState>
        ) : (
          <>
            <div className="table-scroll">
              <table className="admin-table">
                <caption className="visually-hidden">Products</caption>
                <thead>
                  <tr>
                    <th scope="col">Id</th>
                    <th scope="col">Name</th>
                    <th scope="col">Price</th>
                    <th scope="col">Stock</th>
                    <th scope="col">Category</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((p) => (
                    <tr key={p.id}>
                      <td data-label="Id">{p.id}</td>
                      <th scope="row">
                        <Link href={`/products/${p.id}`}>{p.name}</Link>
                      </th>
                      <td className="price" data-label="Price">
                        {formatPrice(p.price)}
                      </td>
                      <td data-label="Stock">{p.stock}</td>
                      <td data-label="Category">{p.category?.name ?? "—"}</td>
                      <td className="actions">
                        {confirming?.id === p.id ? (
                          <span role="group" aria-label={`Confirm deleting ${p.name}`}>
                            Delete {p.name}?{" "}
                            <button type="button" className="danger" onClick={() => void destroy(p)}>
                              Yes, delete
                            </button>{" "}
                            <button type="button" onClick={() => setConfirming(null)}>
                              Cancel
                            </button>
                          </span>
                        ) : (
                          <>
                            <button
                              type="button"
                              onClick={() => {
                                setNotice(null);
                                setEditing(p);
                              }}
                            >
                              Edit<span className="visually-hidden"> {p.name}</span>
                            </button>{" "}
                            <button type="button" onClick={() => setConfirming(p)}>
                              Delete<span className="visually-hidden"> {p.name}</span>
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination paging={list.paging} hrefFor={hrefFor} />
          </>
        )}
      </section>
    </>
  );
}
