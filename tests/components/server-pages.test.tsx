/** @jest-environment ./tests/setup/jsdom-with-node-globals.js */
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import ShopError from "@/app/(shop)/error";
import ShopLayout from "@/app/(shop)/layout";
import OrdersPage from "@/app/(shop)/orders/page";
import ProductPage from "@/app/(shop)/products/[id]/page";
import ProductsPage from "@/app/(shop)/products/(list)/page";
import { createUser, sessionCookie, type Catalog } from "@/tests/helpers/fixtures";
import { installBrowser, type TestBrowser } from "@/tests/components/support/browser";
import { openTestDatabase, seedCatalog } from "@/tests/components/support/catalog";
import { setLocation } from "@/tests/components/support/next-navigation";
import { parity, renderWithSWR } from "@/tests/components/support/render";

// The server pages pre-load SWR's fallback by calling the shop's own API route handlers
// in-process, with a Request carrying the visitor's cookie: no socket, so the test browser
// (whose fetch the client side uses) sees no request from the server at all. The incoming
// request's headers are a stand-in for next/headers.
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
  it("/products renders the list without a socket, under the key the hook reads, and is not fetched again", async () => {
    setLocation("/products?category=phones");
    const page = await ProductsPage({ searchParams: Promise.resolve({ category: "phones" }) });
    expect(browser.requests).toEqual([]);
    renderWithSWR(page);
    // Synchronously, on the first render: no loading state.
    expect(screen.queryByText("Loading products…")).not.toBeInTheDocument();
    expect(parity("name")).toEqual(phones().map((p) => p.name));
    expect(screen.getByRole("option", { name: "Phones (3)" })).toBeInTheDocument();
    // Hydration does not ask again for data that came with the page.
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(browser.requests).toEqual([]);
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
    expect(browser.requests.length).toBe(before);
    renderWithSWR(page);
    expect(screen.queryByText("Loading your orders…")).not.toBeInTheDocument();
    expect(parity("order-total")).toEqual(["¥597.00"]);
    // The test browser holds no session: had the client fetched again, it would have been sent
    // to sign in. It does not: the page's data is used as it came.
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(browser.requests.length).toBe(before);
  });

  it("the layout pre-loads who is signed in and the cart for the header", async () => {
    await browser.call("POST", "/api/cart/items", { product_id: catalog.products[0]!.id, quantity: 3 });
    mockIncoming.headers = new Headers({ cookie: `cutover_cart=${browser.cookie("cutover_cart")}` });
    setLocation("/products");
    renderWithSWR(await ShopLayout({ children: <p>page</p> }));
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Cart 3 items" })).toBeInTheDocument();
    expect(within(nav).getByRole("link", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByRole("main")).toHaveTextContent("page");
  });

  it("renders without fallback when the API refuses, and the client then shows the API's answer", async () => {
    setLocation("/products?limit=500");
    renderWithSWR(await ProductsPage({ searchParams: Promise.resolve({ limit: "500" }) }));
    expect(screen.getByRole("status")).toHaveTextContent("Loading products…");
    expect(await screen.findByRole("alert")).toHaveTextContent("Page size: must be at most 100");
    expect(browser.requests.map((r) => r.path)).toContain("/api/products?limit=500");
  });

  it("asks this server's own handlers whatever Host header a visitor sends", async () => {
    mockIncoming.headers = new Headers({ host: "evil.example/@169.254.169.254" });
    setLocation("/products");
    renderWithSWR(await ProductsPage({ searchParams: Promise.resolve({}) }));
    // In-process: nothing was fetched from anywhere, and the page has its data.
    expect(browser.requests).toEqual([]);
    expect(screen.getByText("6 products")).toBeInTheDocument();
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
