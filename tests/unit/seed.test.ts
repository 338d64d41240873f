import { db } from "@/lib/db";
import { DEMO_USERS, isEmpty, resetShopData, seed } from "@/lib/db/seed";
import { verifyPassword } from "@/lib/password";

describe("seed", () => {
  it("fills an empty database with a deterministic shop, reporting progress", async () => {
    const prisma = await db();
    expect(await isEmpty(prisma)).toBe(true);
    const progress: number[] = [];
    const summary = await seed(prisma, {
      products: 50,
      batchSize: 20,
      onProgress: (done) => progress.push(done),
    });
    expect(summary).toEqual({ categories: 8, products: 50, users: 3, orders: 6 });
    expect(progress).toEqual([0, 20, 40, 50]);
    const first = await prisma.product.findMany({ orderBy: { id: "asc" }, take: 3 });

    await resetShopData(prisma);
    expect(await isEmpty(prisma)).toBe(true);
    await seed(prisma, { products: 50 });
    const again = await prisma.product.findMany({ orderBy: { id: "asc" }, take: 3 });
    const shape = (rows: typeof first) =>
      rows.map((p) => ({
        name: p.name,
        slug: p.slug,
        price: p.price.toString(),
        stock: p.stock,
        c: p.createdAt,
      }));
    expect(shape(again)).toEqual(shape(first));
  });

  it("stores demo passwords only as bcrypt hashes", async () => {
    const prisma = await db();
    const admin = await prisma.user.findUniqueOrThrow({ where: { email: DEMO_USERS[0].email } });
    expect(admin.role).toBe("admin");
    expect(admin.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    expect(admin.passwordHash).not.toContain(DEMO_USERS[0].password);
    expect(await verifyPassword(DEMO_USERS[0].password, admin.passwordHash)).toBe(true);
  });

  it("gives every order a total equal to its lines at frozen prices", async () => {
    const prisma = await db();
    const orders = await prisma.order.findMany({ include: { items: true } });
    for (const order of orders) {
      const sum = order.items.reduce((s, i) => s + Number(i.unitPrice) * i.quantity, 0);
      expect(Number(order.total)).toBeCloseTo(sum, 2);
    }
  });
});
