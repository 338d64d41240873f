import { renderToStaticMarkup } from "react-dom/server";
import HomePage from "@/app/(shop)/page";
import { db } from "@/lib/db";
import { seed } from "@/lib/db/seed";

// The page reads the API in-process as the visitor; this visitor sends no cookie.
jest.mock("next/headers", () => ({ headers: async () => new Headers() }));

describe("home page", () => {
  it("lists the newest products from the database", async () => {
    const prisma = await db();
    await seed(prisma, { products: 12 });
    const newest = await prisma.product.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 8,
    });
    const html = renderToStaticMarkup(await HomePage());
    expect(html).toContain("12 products");
    for (const p of newest) expect(html).toContain(`href="/products/${p.id}"`);
    expect(html.match(/class="card"/g)).toHaveLength(8);
  });
});
