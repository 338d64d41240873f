import { invalidateTags } from "@/lib/cache";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/password";
import { issueAccessToken } from "@/lib/auth/tokens";
import type { Role } from "@/lib/generated/prisma/enums";

let counter = 0;

export interface TestUser {
  id: number;
  email: string;
  password: string;
  role: Role;
  token: string;
}

export async function createUser(
  role: Role = "user",
  overrides: { email?: string; password?: string } = {},
): Promise<TestUser> {
  const prisma = await db();
  const n = ++counter;
  const email = overrides.email ?? `${role}${n}-${Date.now()}@test.example`;
  const password = overrides.password ?? `pw-${role}-${n}-long-enough`;
  const user = await prisma.user.create({
    data: { email, name: `${role} ${n}`, role, passwordHash: await hashPassword(password) },
  });
  const { access_token } = await issueAccessToken(user);
  return { id: user.id, email, password, role, token: access_token };
}

export interface Catalog {
  categories: { id: number; slug: string }[];
  products: { id: number; name: string; price: number; stock: number; categoryId: number | null }[];
}

/**
 * A small, fully known catalogue: two categories, products with distinct prices,
 * one out of stock, created at increasing times.
 */
export async function createCatalog(): Promise<Catalog> {
  const prisma = await db();
  const phones = await prisma.category.create({ data: { name: "Phones", slug: "phones" } });
  const laptops = await prisma.category.create({ data: { name: "Laptops", slug: "laptops" } });
  const specs = [
    {
      name: "iPhone 15",
      price: 5999,
      stock: 10,
      categoryId: phones.id,
      description: "A phone with a good camera",
    },
    { name: "MacBook Pro", price: 14999, stock: 3, categoryId: laptops.id, description: "A laptop for work" },
    { name: "Pixel 9", price: 4999.5, stock: 0, categoryId: phones.id, description: "Android phone" },
    {
      name: "ThinkPad X1",
      price: 9999.99,
      stock: 7,
      categoryId: laptops.id,
      description: "Business laptop, light",
    },
    {
      name: "Nokia 3310",
      price: 199,
      stock: 50,
      categoryId: phones.id,
      description: "Indestructible classic",
    },
    { name: "Loose Cable", price: 9.9, stock: 100, categoryId: null, description: "No category at all" },
  ];
  const products = [];
  for (const [i, s] of specs.entries()) {
    const p = await prisma.product.create({
      data: {
        ...s,
        price: s.price.toFixed(2),
        slug: s.name.toLowerCase().replace(/\W+/g, "-"),
        createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
      },
    });
    products.push({ id: p.id, name: p.name, price: s.price, stock: s.stock, categoryId: s.categoryId });
  }
  // Written straight to the database, so tell the read cache, as every service write does.
  await invalidateTags("products");
  return { categories: [phones, laptops], products };
}

/**
 * A real next-auth session cookie for this user, as the browser holds it after signing in
 * now (at the account's current token version).
 */
export async function sessionCookie(userId: number): Promise<string> {
  const { encode } = await import("next-auth/jwt");
  const { env } = await import("@/lib/env");
  const prisma = await db();
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { tokenVersion: true } });
  const token = await encode({
    token: { sub: String(userId), ver: user?.tokenVersion ?? 0 },
    secret: env().AUTH_SECRET,
  });
  return `next-auth.session-token=${token}`;
}

/** Headers a browser sends with a same-origin fetch. */
export const sameOrigin = { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" };
