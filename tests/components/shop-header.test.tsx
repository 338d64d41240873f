/** @jest-environment ./tests/setup/jsdom-with-node-globals.js */
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { ShopHeader } from "@/app/(shop)/_components/shop-header";
import { ProductDetail } from "@/app/(shop)/products/[id]/product-detail";
import { browserNavigation } from "@/lib/api-client/navigation";
import { tokenStore } from "@/lib/api-client/token-store";
import { createUser, type Catalog } from "@/tests/helpers/fixtures";
import { installBrowser, request, type TestBrowser } from "@/tests/components/support/browser";
import { openTestDatabase, seedCatalog } from "@/tests/components/support/catalog";
import { setLocation } from "@/tests/components/support/next-navigation";
import { renderWithSWR } from "@/tests/components/support/render";

jest.mock("next/navigation", () => jest.requireActual("./support/next-navigation"));

let catalog: Catalog;
let browser: TestBrowser;
beforeAll(async () => {
  await openTestDatabase();
  catalog = await seedCatalog();
});
beforeEach(() => {
  browser = installBrowser();
});

const nav = () => screen.getByRole("navigation", { name: "Main" });

describe("shop header", () => {
  it("offers sign-in coming back to the current page, and marks the current section", async () => {
    setLocation("/products?category=phones");
    renderWithSWR(<ShopHeader />);
    const signIn = await within(nav()).findByRole("link", { name: "Sign in" });
    expect(signIn).toHaveAttribute("href", "/signin?callbackUrl=%2Fproducts%3Fcategory%3Dphones");
    expect(within(nav()).getByRole("link", { name: "Products" })).toHaveAttribute("aria-current", "page");
    expect(within(nav()).getByRole("link", { name: "Orders" })).not.toHaveAttribute("aria-current");
    expect(within(nav()).getByRole("link", { name: "Cart 0 items" })).toHaveAttribute("href", "/cart");
    expect(within(nav()).queryByRole("link", { name: "Admin" })).not.toBeInTheDocument();
  });

  it("keeps the cart count live as the page adds to the cart", async () => {
    const iphone = catalog.products[0]!;
    setLocation(`/products/${iphone.id}`);
    renderWithSWR(
      <>
        <ShopHeader />
        <ProductDetail productId={iphone.id} />
      </>,
    );
    await within(nav()).findByRole("link", { name: "Cart 0 items" });
    await screen.findByRole("heading", { level: 1, name: "iPhone 15" });
    fireEvent.change(screen.getByLabelText("Quantity"), { target: { value: "2" } });
    fireEvent.click(screen.getByRole("button", { name: "Add to cart" }));
    expect(await within(nav()).findByRole("link", { name: "Cart 2 items" })).toBeInTheDocument();
    await screen.findByText("Added 2 × iPhone 15 to your cart.");
    fireEvent.click(screen.getByRole("button", { name: "Add to cart" }));
    expect(await within(nav()).findByRole("link", { name: "Cart 4 items" })).toBeInTheDocument();
    expect(browser.cookie("cutover_cart")).toBeDefined();
    // The count above is the optimistic one: let the add finish before the test tears down,
    // so its answer is not handled by an unmounted page.
    await waitFor(async () => {
      const cart = (await (await browser.call("GET", "/api/cart")).json()) as { total_quantity: number };
      expect(cart.total_quantity).toBe(4);
    });
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
  });

  it("shows who is signed in, with a sign-out button (and Admin for admins)", async () => {
    const admin = await createUser("admin");
    await browser.signIn(admin.id);
    tokenStore.set("stale-token-from-an-api-session");
    setLocation("/orders");
    renderWithSWR(<ShopHeader />);
    // The stale token is refused and dropped; the session cookie still says who this is.
    expect(await within(nav()).findByText(/Signed in as/)).toHaveTextContent(/^Signed in as admin \d+$/);
    expect(within(nav()).getByRole("link", { name: "Admin" })).toHaveAttribute("href", "/admin/products");
    // Signing out is next-auth's own round trip (CSRF token, then a form post to its handler)
    // and a full load of /products; the whole round trip runs in the e2e suite (spa.e2e.ts),
    // as next-auth's handler needs Next's request context. Here the connection drops, so the
    // visitor is told and stays signed in, able to try again.
    const assign = jest.spyOn(browserNavigation, "assign").mockImplementation(() => undefined);
    browser.failNext(request("GET", "/api/auth/csrf"));
    fireEvent.click(within(nav()).getByRole("button", { name: "Sign out" }));
    expect(await within(nav()).findByRole("alert")).toHaveTextContent(
      "Could not sign out. Please try again.",
    );
    expect(within(nav()).getByRole("button", { name: "Sign out" })).toBeEnabled();
    expect(tokenStore.get()).toBeNull();
    expect(browser.requests.filter((r) => r.path.startsWith("/api/auth/")).map((r) => r.path)).toEqual([
      "/api/auth/csrf",
    ]);
    expect(assign).not.toHaveBeenCalled();
    assign.mockRestore();
  });
});
