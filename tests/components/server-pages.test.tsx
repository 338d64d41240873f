/** @jest-environment ./tests/setup/jsdom-with-node-globals.js */
import { fireEvent, render, screen, within } from "@testing-library/react";
import ShopError from "@/app/(shop)/error";
import ShopLayout from "@/app/(shop)/layout";
import OrdersPage from "@/app/(shop)/orders/page";
import ProductPage from "@/app/(shop)/products/[id]/page";
import ProductsPage from "@/app/(shop)/products/page";
import { createUser, sessionCookie, type Catalog } from "@/tests/helpers/fixtures";
import { installBrowser, request, type TestBrowser } from "@/tests/components/support/browser";
import { openTestDatabase, seedCatalog } from "@/tests/components/support/catalog";
import { setLocation } from "@/tests/components/support/next-navigation";
import { parity, renderWithSWR } from "@/tests/components/support/render";

// The server pages pre-load SWR's fallback by calling the shop's own API over HTTP with the
// visitor's cookie. Here "over HTTP" is the test browser's fetch into the real handlers, and
// the incoming request's headers are a stand-in for next/headers.
jest.mock("next/navigation", () => jest.requireActual("./support/next-navigation"));
jest.mock("next-auth/react", () => ({ signIn: jest.fn(), signOut: jest.fn() }));
const mockIncoming = {
  headers: new Headers({ host: "localhost:3000" }),
};
jest.mock("next/headers", () => ({ headers: async () => mockIncoming.headers }));

let catalog: Catalog;
let browser: TestBrowser;
beforeAll(async () => {
  await openTestDatabase();
  catalog = await seedCatalog();
});
beforeEach(() => {
  browser = installBrowser();
  mockIncoming.headers = new Headers({ host: "localhost:3000" });
});

const phones = () => catalog.products.filter((p) => p.categoryId === catalog.categories[0]!.id);

describe("server pages: first paint with data, through the API", () => {
  it("/products renders the list before any client request, under the key the hook reads", async () => {
    setLocation("/products?category=phones");
    const page = await ProductsPage({ searchParams: Promise.resolve({ category: "phones" }) });
    expect(browser.requests.map((r) => r.path)).toEqual(["/api/products?category=phones", "/api/categories"]);
    renderWithSWR(page);
    // Synchronously, on the first render: no loading state.
    expect(screen.queryByText("Loading products…")).not.toBeInTheDocument();
    expect(parity("name")).toEqual(phones().map((p) => p.name));
    expect(screen.getByRole("option", { name: "Phones (3)" })).toBeInTheDocument();
  });

  it("/products/[id] renders the product and its related products", async () => {
    const iphone = catalog.products[0]!;
    setLocation(`/products/${iphone.id}`);
    renderWithSWR(await ProductPage({ params: Promise.resolve({ id: String(iphone.id) }) }));
    expect(parity("name")).toEqual(["iPhone 15"]);
    expect(parity("price")).toEqual(["¥5,999.00"]);
    const related = screen.getByRole("region", { name: "More in Phones" });
    expect(within(related).getAllByRole("listitem")).toHaveLength(2);
  });

  it("/products/[id] is a real 404 for a product the API does not have, and for a non-id", async () => {
    await expect(ProductPage({ params: Promise.resolve({ id: "999999" }) })).rejects.toThrow(
      "NEXT_NOT_FOUND",
    );
    await expect(ProductPage({ params: Promise.resolve({ id: "abc" }) })).rejects.toThrow("NEXT_NOT_FOUND");
  });

  it("/orders redirects a signed-out visitor to sign in on the server", async () => {
    await expect(OrdersPage({ searchParams: Promise.resolve({ skip: "10" }) })).rejects.toThrow(
      "NEXT_REDIRECT /signin?callbackUrl=%2Forders%3Fskip%3D10",
    );
  });

  it("/orders forwards the visitor's cookie and pre-loads their orders", async () => {
    const user = await createUser();
    await browser.call(
      "POST",
      `/api/users/${user.id}/orders`,
      { items: [{ product_id: catalog.products[4]!.id, quantity: 3 }] },
      {
        authorization: `Bearer ${user.token}`,
      },
    );
    // The browser's cookie reaches the page request; the page's own API call must carry it.
    mockIncoming.headers = new Headers({
      host: "localhost:3000",
      "x-cutover-self": "http://localhost:3000",
      cookie: await sessionCookie(user.id),
    });
    setLocation("/orders");
    const before = browser.requests.length;
    const page = await OrdersPage({ searchParams: Promise.resolve({}) });
    expect(browser.requests.slice(before).map((r) => r.path)).toEqual([
      "/api/users/me",
      `/api/users/${user.id}/orders`,
    ]);
    await browser.signIn(user.id); // for the client's revalidation after the first paint
    renderWithSWR(page);
    expect(screen.queryByText("Loading your orders…")).not.toBeInTheDocument();
    expect(parity("order-total")).toEqual(["¥597.00"]);
  });

  it("the layout pre-loads who is signed in and the cart for the header", async () => {
    await browser.call("POST", "/api/cart/items", { product_id: catalog.products[0]!.id, quantity: 3 });
    setLocation("/products");
    renderWithSWR(await ShopLayout({ children: <p>page</p> }));
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Cart 3 items" })).toBeInTheDocument();
    expect(within(nav).getByRole("link", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByRole("main")).toHaveTextContent("page");
  });

  it("renders without fallback (the client loads it) when the API cannot be reached", async () => {
    browser.failNext(request("GET", "/api/products"));
    setLocation("/products");
    renderWithSWR(await ProductsPage({ searchParams: Promise.resolve({}) }));
    expect(screen.getByRole("status")).toHaveTextContent("Loading products…");
    expect(await screen.findByText("6 products")).toBeInTheDocument();
  });

  it("fetches from this server itself whatever Host header a visitor sends", async () => {
    mockIncoming.headers = new Headers({ host: "evil.example/@169.254.169.254" });
    setLocation("/products");
    renderWithSWR(await ProductsPage({ searchParams: Promise.resolve({}) }));
    // The server asked our own API (the only server the test's fetch reaches), not the named host.
    expect(browser.requests.map((r) => r.path)).toEqual(["/api/products", "/api/categories"]);
    expect(await screen.findByText("6 products")).toBeInTheDocument();
  });
});

describe("the shop's error boundary", () => {
  it("says something went wrong and offers to try again", () => {
    const reset = jest.fn();
    render(<ShopError error={new Error("boom")} reset={reset} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Something went wrong");
    expect(screen.queryByText("boom")).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(reset).toHaveBeenCalled();
    expect(screen.getByRole("link", { name: "Browse the products" })).toHaveAttribute("href", "/products");
  });
});
