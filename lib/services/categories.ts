import "server-only";
import { cached } from "@/lib/cache";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { CategoryJson } from "@/lib/validation/category";

const TTL = 60;

async function loadCategories(where: { id?: number; slug?: string } = {}): Promise<CategoryJson[]> {
  const prisma = await db();
  const rows = await prisma.category.findMany({
    where,
    orderBy: { name: "asc" },
    include: { _count: { select: { products: true } } },
  });
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    slug: c.slug,
    description: c.description,
    product_count: c._count.products,
    created_at: c.createdAt.toISOString(),
  }));
}

export function listCategories(): Promise<CategoryJson[]> {
  return cached("categories", { tags: ["products", "categories"], ttlSeconds: TTL }, () => loadCategories());
}

/** By numeric id or by slug. */
export async function getCategory(ref: number | string): Promise<CategoryJson> {
  const where = typeof ref === "number" ? { id: ref } : { slug: ref };
  const [category] = await cached(
    `category:${ref}`,
    { tags: ["products", "categories"], ttlSeconds: TTL },
    () => loadCategories(where),
  );
  if (!category) throw notFound(`Category ${ref} does not exist.`);
  return category;
}
