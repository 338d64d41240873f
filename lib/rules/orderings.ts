// How the product list can be sorted: the values the API accepts, and the "Sort by" menu both
// page shapes show (same choices, same order, same labels), so a visitor cannot tell which
// shape served the page. Pure data: the SPA imports it without zod.

/** Every `ordering` the product list accepts; a leading "-" sorts descending. */
export const PRODUCT_ORDERINGS = [
  "id",
  "-id",
  "price",
  "-price",
  "name",
  "-name",
  "created_at",
  "-created_at",
  "stock",
  "-stock",
] as const;

export type ProductOrdering = (typeof PRODUCT_ORDERINGS)[number];

/** The ordering a list has when its URL names none (left out of URLs and SWR keys). */
export const DEFAULT_PRODUCT_ORDERING = "id" satisfies ProductOrdering;

export interface OrderingChoice {
  readonly value: ProductOrdering;
  readonly label: string;
}

/** The "Sort by" menu of the product list, first choice the default. */
export const PRODUCT_ORDERING_CHOICES: readonly OrderingChoice[] = Object.freeze([
  { value: DEFAULT_PRODUCT_ORDERING, label: "Default" },
  { value: "-created_at", label: "Newest first" },
  { value: "price", label: "Price: low to high" },
  { value: "-price", label: "Price: high to low" },
  { value: "name", label: "Name: A to Z" },
]);
