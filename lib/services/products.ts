import "server-only";
import { cached, invalidateTags } from "@/lib/cache";
import { db, Prisma } from "@/lib/db";
import { conflict, notFound, unprocessable } from "@/lib/errors";
import { roundMoney } from "@/lib/rules/money";
import { MAX_PRODUCT_ID } from "@/lib/rules/product-id";
import { slugify } from "@/lib/slug";
import type { ProductWhereInput } from "@/lib/generated/prisma/models";
import type {
  ProductCreate,
  ProductJson,
  ProductPatch,
  ProductQuery,
  ProductReplace,
} from "@/lib/validation/product";

// The only code that reads or writes products. API handlers, legacy pages and server
// components all come through here, so they show the same data.

const productInclude = { category: { select: { id: true, name: true, slug: true } } } as const;
type ProductRow = Prisma.ProductGetPayload<{ include: typeof productInclude }>;

export function toProductJson(p: ProductRow): ProductJson {
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    price: toMoney(p.price),
    description: p.description,
    in_stock: p.stock > 0,
    stock: p.stock,
    category: p.category,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

/** A database amount (Decimal) as the wire's number with two decimals. */
export function toMoney(value: Prisma.Decimal | number | string): number {
  return roundMoney(Number(value.toString()));
}

// ---- reads ---------------------------------------------------------------------------

const SORT_FIELDS = {
  id: "id",
  price: "price",
  name: "name",
  created_at: "createdAt",
  stock: "stock",
} as const;
type SortKey = keyof typeof SORT_FIELDS;

interface Cursor {
  o: string;
  v: string | number;
  id: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(raw: string, ordering: string): Cursor {
  const invalid = unprocessable("The cursor is not valid for this query.", [
    { field: "cursor", message: "is invalid or belongs to a different ordering; start again without it" },
  ]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw invalid;
  }
  const c = parsed as Partial<Cursor> | null;
  const key = ordering.replace(/^-/, "");
  // Only what encodeCursor writes, each value within its column's range (an id or stock past
  // int4, a price past numeric(10,2), a date PostgreSQL cannot hold would fail in the query).
  const int4 = (n: unknown) => Number.isInteger(n) && Math.abs(n as number) <= MAX_PRODUCT_ID;
  const v = c?.v;
  const validValue =
    key === "price"
      ? typeof v === "string" && /^\d{1,8}(\.\d{1,2})?$/.test(v)
      : key === "created_at"
        ? typeof v === "string" &&
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) &&
          !Number.isNaN(Date.parse(v)) &&
          new Date(v).toISOString() === v
        : key === "name"
          ? typeof v === "string" && !/[\0\p{Surrogate}]/u.test(v)
          : int4(v);
  if (!c || c.o !== ordering || !int4(c.id) || (c.id as number) < 1 || !validValue) throw invalid;
  return c as Cursor;
}

function filters(q: ProductQuery): ProductWhereInput {
  const and: ProductWhereInput[] = [];
  if (q.in_stock !== undefined) and.push({ stock: q.in_stock ? { gt: 0 } : { equals: 0 } });
  if (q.category) and.push({ category: { slug: q.category } });
  if (q.min_price !== undefined) and.push({ price: { gte: q.min_price } });
  if (q.max_price !== undefined) and.push({ price: { lte: q.max_price } });
  if (q.search) {
    and.push({
      OR: [
        { name: { contains: q.search, mode: "insensitive" } },
        { description: { contains: q.search, mode: "insensitive" } },
      ],
    });
  }
  return { AND: and };
}

function sortValue(p: ProductRow, key: SortKey): string | number {
  switch (key) {
    case "price":
      return p.price.toString();
    case "created_at":
      return p.createdAt.toISOString();
    case "name":
      return p.name;
    case "stock":
      return p.stock;
    default:
      return p.id;
  }
}

function keysetWhere(key: SortKey, desc: boolean, c: Cursor): ProductWhereInput {
  const field = SORT_FIELDS[key];
  const op = desc ? "lt" : "gt";
  if (field === "id") return { id: { [op]: c.id } };
  const value = field === "createdAt" ? new Date(String(c.v)) : c.v;
  return {
    OR: [{ [field]: { [op]: value } }, { [field]: value, id: { [op]: c.id } }],
  } as ProductWhereInput;
}

export interface ProductPage {
  items: ProductJson[];
  total: number;
  /** Opaque cursor for the page after this one, when there is one. */
  nextCursor: string | null;
}

const READ_TTL = 30;
/** Every write to products (API, checkout, stock) calls this so no instance serves stale data. */
export const productsChanged = () => invalidateTags("products");

export function listProducts(q: ProductQuery): Promise<ProductPage> {
  return cached(`products:${JSON.stringify(q)}`, { tags: ["products"], ttlSeconds: READ_TTL }, () =>
    loadProductPage(q),
  );
}

/**
 * The total behind X-Total-Count, cached per filter set (not per page): paging through one
 * filtered list counts once, however deep it goes. A write to products bumps the tag, so the
 * next page after any change counts afresh.
 */
function countProducts(q: ProductQuery, where: ProductWhereInput): Promise<number> {
  const filterSet = {
    in_stock: q.in_stock,
    category: q.category,
    min: q.min_price,
    max: q.max_price,
    search: q.search,
  };
  return cached(
    `products:count:${JSON.stringify(filterSet)}`,
    { tags: ["products"], ttlSeconds: READ_TTL, always: true },
    async () => (await db()).product.count({ where }),
  );
}

async function loadProductPage(q: ProductQuery): Promise<ProductPage> {
  const prisma = await db();
  const desc = q.ordering.startsWith("-");
  const key = q.ordering.replace(/^-/, "") as SortKey;
  const field = SORT_FIELDS[key];
  const dir = desc ? "desc" : "asc";
  const where = filters(q);
  const pageWhere = q.cursor
    ? { AND: [where, keysetWhere(key, desc, decodeCursor(q.cursor, q.ordering))] }
    : where;
  const orderBy = field === "id" ? [{ id: dir }] : [{ [field]: dir }, { id: dir }];
  const [rows, total] = await Promise.all([
    prisma.product.findMany({
      where: pageWhere,
      include: productInclude,
      orderBy: orderBy as Prisma.ProductOrderByWithRelationInput[],
      skip: q.cursor ? 0 : q.skip,
      take: q.limit + 1,
    }),
    countProducts(q, where),
  ]);
  const hasMore = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(toProductJson),
    total,
    nextCursor:
      hasMore && last ? encodeCursor({ o: q.ordering, v: sortValue(last, key), id: last.id }) : null,
  };
}

export async function getProduct(id: number): Promise<ProductJson> {
  const product = await cached(`product:${id}`, { tags: ["products"], ttlSeconds: READ_TTL }, async () => {
    const prisma = await db();
    const row = await prisma.product.findUnique({ where: { id }, include: productInclude });
    return row ? toProductJson(row) : null;
  });
  if (!product) throw notFound(`Product ${id} does not exist.`);
  return product;
}

/** Up to `limit` other products of the same category (the legacy detail page's sidebar). */
export async function relatedProducts(product: ProductJson, limit = 5): Promise<ProductJson[]> {
  const category = product.category;
  if (!category) return [];
  return cached(`related:${product.id}:${limit}`, { tags: ["products"], ttlSeconds: READ_TTL }, async () => {
    const prisma = await db();
    const rows = await prisma.product.findMany({
      where: { categoryId: category.id, id: { not: product.id } },
      include: productInclude,
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map(toProductJson);
  });
}

// ---- writes --------------------------------------------------------------------------

async function resolveCategory(ref: number | string | null | undefined): Promise<number | null | undefined> {
  if (ref === undefined) return undefined;
  if (ref === null) return null;
  const prisma = await db();
  const category = await prisma.category.findFirst({
    where: typeof ref === "number" ? { id: ref } : { slug: ref },
    select: { id: true },
  });
  if (!category) {
    throw unprocessable("The category does not exist.", [
      { field: "category", message: `no category ${JSON.stringify(ref)}` },
    ]);
  }
  return category.id;
}

/**
 * The stock to store. Seed-compatible clients send only in_stock: on create that means one
 * or none; on update, `true` keeps a product's existing stock (or makes it 1 if sold out) and
 * `false` makes it 0 — toggling availability never throws inventory away. "restock" is that
 * `true`: it is not an absolute number, so updateProduct applies it with a guarded UPDATE
 * (writing back a stock read earlier would undo a checkout that happened in between).
 */
function stockFrom(stock: number | undefined, inStock: boolean | undefined): number | "restock" | undefined {
  if (stock !== undefined) {
    if (inStock !== undefined && inStock !== stock > 0) {
      throw unprocessable("in_stock contradicts stock.", [
        { field: "in_stock", message: `must be ${stock > 0} when stock is ${stock}` },
      ]);
    }
    return stock;
  }
  if (inStock === undefined) return undefined;
  return inStock ? "restock" : 0;
}

/** On create there is no stock to keep: in_stock true means one. */
const numericStock = (stock: number | "restock" | undefined) => (stock === "restock" ? 1 : stock);

async function uniqueSlug(name: string): Promise<string> {
  const prisma = await db();
  const base = slugify(name) || "product";
  const taken = await prisma.product.findMany({
    where: { slug: { startsWith: base } },
    select: { slug: true },
  });
  const used = new Set(taken.map((t) => t.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

function rethrowUnique(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw conflict("Another product already uses this slug.", [
      { field: "slug", message: "is already taken" },
    ]);
  }
  throw error;
}

export async function createProduct(input: ProductCreate): Promise<ProductJson> {
  const prisma = await db();
  const categoryId = await resolveCategory(input.category);
  const row = await prisma.product
    .create({
      data: {
        name: input.name,
        slug: input.slug ?? (await uniqueSlug(input.name)),
        description: input.description ?? "",
        price: input.price.toFixed(2),
        stock: numericStock(stockFrom(input.stock, input.in_stock)) ?? 1,
        categoryId: categoryId ?? null,
      },
      include: productInclude,
    })
    .catch(rethrowUnique);
  await productsChanged();
  return toProductJson(row);
}

export async function updateProduct(id: number, input: ProductReplace | ProductPatch): Promise<ProductJson> {
  const prisma = await db();
  const categoryId = await resolveCategory(input.category);
  const stock = stockFrom(input.stock, "in_stock" in input ? input.in_stock : undefined);
  const update = prisma.product.update({
    where: { id },
    data: {
      name: input.name,
      slug: input.slug,
      description: input.description === null ? "" : input.description,
      price: input.price?.toFixed(2),
      stock: stock === "restock" ? undefined : stock,
      categoryId,
    },
    include: productInclude,
  });
  const row = await (
    stock === "restock"
      ? // Only a sold-out product changes (to 1); a positive stock is left as the database has it.
        prisma
          .$transaction([
            prisma.product.updateMany({ where: { id, stock: { lte: 0 } }, data: { stock: 1 } }),
            update,
          ])
          .then(([, updated]) => updated)
      : update
  ).catch((error: unknown) => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") {
      throw notFound(`Product ${id} does not exist.`);
    }
    return rethrowUnique(error);
  });
  await productsChanged();
  return toProductJson(row);
}

export async function deleteProduct(id: number): Promise<void> {
  const prisma = await db();
  const { count } = await prisma.product.deleteMany({ where: { id } });
  if (count === 0) throw notFound(`Product ${id} does not exist.`);
  await productsChanged();
}

/** Atomic: a single guarded UPDATE, so concurrent calls can never take stock below zero. */
export async function reduceStock(id: number, quantity: number): Promise<ProductJson> {
  const prisma = await db();
  const { count } = await prisma.product.updateMany({
    where: { id, stock: { gte: quantity } },
    data: { stock: { decrement: quantity } },
  });
  if (count === 0) {
    const current = await prisma.product.findUnique({ where: { id }, select: { stock: true } });
    if (!current) throw notFound(`Product ${id} does not exist.`);
    throw conflict(`Only ${current.stock} left in stock; cannot take ${quantity}.`, [
      { field: "quantity", message: `must be at most ${current.stock}` },
    ]);
  }
  await productsChanged();
  return getProduct(id);
}
