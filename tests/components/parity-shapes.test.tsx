/** @jest-environment ./tests/setup/jsdom-with-node-globals.js */
import { screen, waitFor } from "@testing-library/react";
import { CartView } from "@/app/(shop)/cart/cart-view";
import { OrdersView } from "@/app/(shop)/orders/orders-view";
import { ProductDetail } from "@/app/(shop)/products/[id]/product-detail";
import { normalise } from "@/lib/migration/parity";
import { api } from "@/tests/helpers/app";
import { createUser, sessionCookie, type Catalog, type TestUser } from "@/tests/helpers/fixtures";
import { installBrowser, type TestBrowser } from "@/tests/components/support/browser";
import { createProductViaApi, openTestDatabase, seedCatalog } from "@/tests/components/support/catalog";
import { setLocation } from "@/tests/components/support/next-navigation";
import { renderWithSWR } from "@/tests/components/support/render";
import { Browser } from "@/tests/legacy/helpers";

jest.mock("next/navigation", () => jest.requireActual("./support/next-navigation"));

// Both shapes of a page side by side, as `cutover parity` compares them: every data-parity
// name either shape marks (the union), each value normalised as the checker does. The legacy
// page comes from its real route handler, the SPA view from its component over the real API,
// for the same visitor (the same cart or session cookie) on the same database.

let catalog: Catalog;
let admin: TestUser;
let browser: TestBrowser;
beforeAll(async () => {
  await openTestDatabase();
  catalog = await seedCatalog();
  admin = await createUser("admin");
});
beforeEach(() => {
  browser = installBrowser();
});

type Marks = Record<string, string[]>;

function marks(root: ParentNode): Marks {
  const out: Marks = {};
  for (const el of root.querySelectorAll("[data-parity]"))
    (out[el.getAttribute("data-parity") ?? ""] ??= []).push(normalise(el.textContent ?? ""));
  return out;
}

async function legacyMarks(path: string, cookies: Record<string, string> = {}): Promise<Marks> {
  const legacy = new Browser();
  for (const [name, value] of Object.entries(cookies)) legacy.cookies.set(name, value);
  const page = await legacy.get(path);
  expect(page.status).toBe(200);
  return marks(new DOMParser().parseFromString(page.html, "text/html"));
}

async function session(user: TestUser): Promise<Record<string, string>> {
  const [name = "", value = ""] = (await sessionCookie(user.id)).split(";")[0]!.split(/=(.*)/s);
  return { [name]: value };
}

describe("the same marked fields on both shapes", () => {
  it.each([
    ["a product with related products", 0],
    ["a product low in stock", 1],
    ["a sold-out product", 2],
    ["a product without a category", 5],
  ])("/products/[id]: %s", async (_, index) => {
    const product = catalog.products[index]!;
    const legacy = await legacyMarks(`/legacy/products/${product.id}`);
    setLocation(`/products/${product.id}`);
    renderWithSWR(<ProductDetail productId={product.id} />);
    await screen.findByRole("heading", { level: 1, name: product.name });
    await waitFor(() => expect(screen.queryByText("Loading related products…")).not.toBeInTheDocument());
    expect(legacy["related-category"]).toHaveLength(1);
    expect(marks(document)).toEqual(legacy);
  });

  it("/cart: lines, their availability and the totals", async () => {
    const lamp = await createProductViaApi(admin.token, { name: "Parity Lamp", price: 30, stock: 2 });
    for (const [id, quantity] of [
      [catalog.products[0]!.id, 2],
      [lamp.id, 2],
      [catalog.products[4]!.id, 1],
    ] as const) {
      expect((await browser.call("POST", "/api/cart/items", { product_id: id, quantity })).status).toBe(201);
    }
    // Someone else bought a lamp meanwhile: that line is short now.
    const reduced = await api("POST", `/api/products/${lamp.id}/reduce-stock`, {
      token: admin.token,
      body: { quantity: 1 },
    });
    expect(reduced.status).toBe(200);

    const legacy = await legacyMarks("/legacy/cart", { cutover_cart: browser.cookie("cutover_cart")! });
    setLocation("/cart");
    renderWithSWR(<CartView />);
    await screen.findByRole("heading", { name: "Your cart" });
    await screen.findByRole("row", { name: /Parity Lamp/ });
    expect(legacy["line-availability"]).toEqual(["Available", "Only 1 left", "Available"]);
    expect(legacy["cart-quantity"]).toEqual(["5 items"]);
    expect(marks(document)).toEqual(legacy);
  });

  it("/orders: every order with its date and items", async () => {
    const user = await createUser();
    for (const items of [
      [{ product_id: catalog.products[4]!.id, quantity: 3 }],
      [
        { product_id: catalog.products[0]!.id, quantity: 1 },
        { product_id: catalog.products[5]!.id, quantity: 2 },
      ],
    ]) {
      const placed = await api("POST", `/api/users/${user.id}/orders`, {
        token: user.token,
        body: { items },
      });
      expect(placed.status).toBe(201);
    }
    const legacy = await legacyMarks("/legacy/orders", await session(user));
    await browser.signIn(user.id);
    setLocation("/orders");
    renderWithSWR(<OrdersView />);
    await screen.findByText("2 orders");
    expect(legacy["order-placed"]).toHaveLength(2);
    expect(legacy["item-name"]).toEqual(["iPhone 15", "Loose Cable", "Nokia 3310"]);
    expect(marks(document)).toEqual(legacy);
  });
});
