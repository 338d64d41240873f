import { invalidateTags } from "@/lib/cache";
import { createCatalog, type Catalog } from "@/tests/helpers/fixtures";

/**
 * The fixture catalogue, announced to the API's read cache as the services announce their
 * own writes: the fixtures write with Prisma directly, and a list read earlier in the same
 * file (the empty-shop state) would otherwise still be served from the cache.
 */
export async function seedCatalog(): Promise<Catalog> {
  const catalog = await createCatalog();
  await invalidateTags("products");
  return catalog;
}

/**
 * Opens (and migrates) this file's database before the first test, so the first render's
 * requests do not spend the UI's wait time on it. Use as `beforeAll(openTestDatabase)`.
 */
export async function openTestDatabase(): Promise<void> {
  const { db } = await import("@/lib/db");
  await db();
}

/** A product made through the real admin API (so the API's caches hear about it). */
export async function createProductViaApi(
  adminToken: string,
  body: { name: string; price: number; stock: number; category?: string },
): Promise<{ id: number; name: string }> {
  const { api } = await import("@/tests/helpers/app");
  const response = await api("POST", "/api/products", { token: adminToken, body });
  if (response.status !== 201)
    throw new Error(`POST /api/products: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: number; name: string };
}
