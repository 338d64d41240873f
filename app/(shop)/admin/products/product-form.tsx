"use client";

import { type FormEvent, useId, useState } from "react";
import { Field, fieldMessage } from "@/app/(shop)/_components/field";
import { type FieldErrors, isApiError } from "@/lib/api-client/errors";
import type { CategoryJson } from "@/lib/validation/category";
import type { ProductJson } from "@/lib/validation/product";

export interface ProductFormValues {
  name: string;
  price: string;
  stock: string;
  description: string;
  category: string;
}

const FIELDS: Record<keyof ProductFormValues, string> = {
  name: "Name",
  price: "Price",
  stock: "Stock",
  description: "Description",
  category: "Category",
};

export function valuesOf(product: ProductJson | null): ProductFormValues {
  return {
    name: product?.name ?? "",
    price: product ? product.price.toFixed(2) : "",
    stock: product ? String(product.stock) : "",
    description: product?.description ?? "",
    category: product?.category?.slug ?? "",
  };
}

/**
 * What the API gets: numbers where the text is a number, the text itself otherwise, so the
 * API's own validation (and its field messages) decide what is wrong rather than a second
 * copy of the rules here.
 */
export function bodyOf(values: ProductFormValues, mode: "create" | "edit"): Record<string, unknown> {
  const number = (text: string) =>
    text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text.trim();
  return {
    name: values.name,
    price: values.price.trim() === "" ? null : number(values.price),
    ...(values.stock.trim() !== "" ? { stock: number(values.stock) } : {}),
    description: values.description.trim() === "" ? null : values.description,
    // On edit, "none" must be said out loud (null); on create it can simply be left out.
    ...(values.category ? { category: values.category } : mode === "edit" ? { category: null } : {}),
  };
}

export function ProductForm({
  mode,
  product,
  categories,
  onSubmit,
  onCancel,
}: {
  mode: "create" | "edit";
  product: ProductJson | null;
  categories: CategoryJson[];
  /** Resolves when saved; throws ApiError with the API's field errors otherwise. */
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
  onCancel?: () => void;
}) {
  const id = useId();
  const [values, setValues] = useState<ProductFormValues>(() => valuesOf(product));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const set = (field: keyof ProductFormValues) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));
  const errorFor = (field: keyof ProductFormValues) => fieldMessage(FIELDS[field], fieldErrors[field]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      await onSubmit(bodyOf(values, mode));
      if (mode === "create") setValues(valuesOf(null));
    } catch (e) {
      if (isApiError(e)) {
        setFieldErrors(e.fieldErrors);
        // Errors about no field in particular (or one this form has no input for) go on top.
        const other = Object.entries(e.fieldErrors).filter(([f]) => !(f in FIELDS));
        setError(
          [
            Object.keys(e.fieldErrors).length > other.length
              ? "Check the fields marked below."
              : e.userMessage,
          ]
            .concat(other.map(([f, m]) => `${f === "body" ? "" : `${f}: `}${m}`))
            .join(" "),
        );
      } else {
        setError("Could not save the product. Try again.");
      }
    } finally {
      setPending(false);
    }
  };

  const title = mode === "create" ? "New product" : `Edit ${product?.name ?? "product"}`;
  return (
    <form className="product-form" aria-label={title} onSubmit={(e) => void submit(e)} noValidate>
      <div role="alert" className="alert-slot">
        {error && <p className="alert alert-error">{error}</p>}
      </div>
      <Field id={`${id}-name`} label="Name" error={errorFor("name")}>
        {(props) => <input {...props} type="text" value={values.name} onChange={set("name")} />}
      </Field>
      <Field id={`${id}-price`} label="Price" hint="In yuan, two decimals at most" error={errorFor("price")}>
        {(props) => (
          <input {...props} type="text" inputMode="decimal" value={values.price} onChange={set("price")} />
        )}
      </Field>
      <Field id={`${id}-stock`} label="Stock" error={errorFor("stock")}>
        {(props) => (
          <input {...props} type="text" inputMode="numeric" value={values.stock} onChange={set("stock")} />
        )}
      </Field>
      <Field id={`${id}-category`} label="Category" error={errorFor("category")}>
        {(props) => (
          <select {...props} value={values.category} onChange={set("category")}>
            <option value="">No category</option>
            {categories.map((c) => (
              <option key={c.id} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-description`} label="Description" error={errorFor("description")}>
        {(props) => <textarea {...props} rows={3} value={values.description} onChange={set("description")} />}
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={pending}>
          {pending ? "Saving…" : mode === "create" ? "Create product" : "Save changes"}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
