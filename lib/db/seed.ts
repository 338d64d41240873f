import "server-only";
import { hashPassword } from "@/lib/password";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { slugify } from "@/lib/slug";

// A deterministic, realistic catalogue: the same options always produce the same rows, so
// parity checks, screenshots and bug reports refer to the same products everywhere.

export const DEMO_USERS = [
  { email: "admin@cutover.dev", name: "Ada Admin", role: "admin", password: "admin-demo-password" },
  { email: "alice@example.com", name: "Alice Shopper", role: "user", password: "alice-demo-password" },
  { email: "bob@example.com", name: "Bob Shopper", role: "user", password: "bob-demo-password" },
] as const;

const CATEGORIES = [
  { name: "Phones", slug: "phones", nouns: ["Phone", "Smartphone", "Handset", "Flip Phone"], base: 2999 },
  { name: "Laptops", slug: "laptops", nouns: ["Laptop", "Notebook", "Ultrabook", "Chromebook"], base: 5999 },
  { name: "Audio", slug: "audio", nouns: ["Headphones", "Earbuds", "Speaker", "Soundbar"], base: 399 },
  { name: "Cameras", slug: "cameras", nouns: ["Camera", "Action Cam", "Lens", "Tripod"], base: 1999 },
  { name: "Home", slug: "home", nouns: ["Kettle", "Lamp", "Air Purifier", "Coffee Maker"], base: 299 },
  { name: "Books", slug: "books", nouns: ["Novel", "Cookbook", "Field Guide", "Atlas"], base: 49 },
  { name: "Toys", slug: "toys", nouns: ["Puzzle", "Building Set", "Board Game", "Kite"], base: 89 },
  { name: "Sports", slug: "sports", nouns: ["Yoga Mat", "Racket", "Water Bottle", "Backpack"], base: 149 },
] as const;

const ADJECTIVES = [
  "Aurora",
  "Nimbus",
  "Classic",
  "Compact",
  "Pro",
  "Lite",
  "Ultra",
  "Eco",
  "Studio",
  "Travel",
  "Urban",
  "Nordic",
  "Zen",
  "Turbo",
  "Quiet",
  "Solar",
  "Retro",
  "Prime",
  "Mini",
  "Max",
];
const COLOURS = ["Black", "White", "Graphite", "Ocean", "Forest", "Sand", "Crimson", "Silver"];
const CLAIMS = [
  "Built to last and easy to repair.",
  "Our best seller this season.",
  "Designed with customer feedback from three product generations.",
  "Ships in recyclable packaging.",
  "Comes with a two-year warranty.",
  "Light enough to take anywhere.",
  "Rated highly by reviewers for value.",
];

/** mulberry32: tiny, fast, deterministic PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

export interface SeedOptions {
  products?: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedSummary {
  categories: number;
  products: number;
  users: number;
  orders: number;
}

export async function seed(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedSummary> {
  const total = options.products ?? 200;
  const batchSize = options.batchSize ?? 2_000;
  const rand = prng(20250528);
  // A fixed clock keeps created_at deterministic; products are spread over the last year.
  const epoch = Date.UTC(2026, 0, 1);

  await prisma.category.createMany({
    data: CATEGORIES.map(({ name, slug }) => ({
      name,
      slug,
      description: `Everything in ${name.toLowerCase()}.`,
    })),
  });
  const categories = await prisma.category.findMany({ orderBy: { id: "asc" } });

  let done = 0;
  options.onProgress?.(0, total);
  while (done < total) {
    const rows = [];
    for (let i = done; i < Math.min(total, done + batchSize); i++) {
      const c = i % CATEGORIES.length;
      const spec = CATEGORIES[c]!;
      const name = `${pick(rand, ADJECTIVES)} ${pick(rand, spec.nouns)} ${pick(rand, COLOURS)}`;
      const price = Math.round(spec.base * (0.5 + rand() * 1.5) * 100) / 100;
      rows.push({
        name,
        slug: `${slugify(name)}-${i + 1}`,
        description: `${name}. ${pick(rand, CLAIMS)} ${pick(rand, CLAIMS)}`,
        price: price.toFixed(2),
        stock: rand() < 0.1 ? 0 : Math.floor(rand() * 120) + 1,
        categoryId: categories[c]!.id,
        createdAt: new Date(epoch - Math.floor(rand() * 365 * 86_400_000)),
      });
    }
    await prisma.product.createMany({ data: rows });
    done += rows.length;
    options.onProgress?.(done, total);
  }

  for (const user of DEMO_USERS) {
    await prisma.user.create({
      data: {
        email: user.email,
        name: user.name,
        role: user.role,
        passwordHash: await hashPassword(user.password),
      },
    });
  }

  // A few past orders for the demo shoppers, priced from the catalogue as it stands.
  const shoppers = await prisma.user.findMany({ where: { role: "user" }, orderBy: { id: "asc" } });
  const sample = await prisma.product.findMany({ take: 20, orderBy: { id: "asc" } });
  const statuses = ["shipped", "paid", "pending"] as const;
  let orders = 0;
  for (const [u, shopper] of shoppers.entries()) {
    for (let n = 0; n < 3 && sample.length; n++) {
      const lines = [0, 1].map((k) => {
        const product = sample[(u * 7 + n * 3 + k * 5) % sample.length]!;
        return { product, quantity: 1 + ((n + k) % 3) };
      });
      const total = lines.reduce((sum, l) => sum + Number(l.product.price) * l.quantity, 0);
      await prisma.order.create({
        data: {
          userId: shopper.id,
          status: statuses[n % statuses.length]!,
          total: total.toFixed(2),
          createdAt: new Date(epoch + (u * 3 + n) * 86_400_000),
          items: {
            create: lines.map((l) => ({
              productId: l.product.id,
              productName: l.product.name,
              unitPrice: l.product.price,
              quantity: l.quantity,
            })),
          },
        },
      });
      orders++;
    }
  }
  return { categories: categories.length, products: total, users: DEMO_USERS.length, orders };
}

export async function isEmpty(prisma: PrismaClient): Promise<boolean> {
  const [products, users] = await Promise.all([prisma.product.count(), prisma.user.count()]);
  return products === 0 && users === 0;
}

/** Removes every shop row (not the migration ledger or usage history). */
export async function resetShopData(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(
    `TRUNCATE order_items, orders, cart_items, carts, products, categories, users, idempotency_keys RESTART IDENTITY CASCADE`,
  );
}

export async function seedIfEmpty(
  prisma: PrismaClient,
  options: { showPasswords?: boolean } = {},
): Promise<void> {
  if (!(await isEmpty(prisma))) return;
  const summary = await seed(prisma);
  log.info("seeded an empty database", { ...summary });
  // Passwords only in development logs; elsewhere they are in the README, not in log files.
  const list = DEMO_USERS.map(
    (u) => `${u.email}${options.showPasswords ? ` / ${u.password}` : ""} (${u.role})`,
  );
  log.info(`demo sign-ins: ${list.join(", ")}`);
}
