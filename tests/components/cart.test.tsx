/** @jest-environment ./tests/setup/jsdom-with-node-globals.js */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { CartView } from "@/app/(shop)/cart/cart-view";
import { browserNavigation } from "@/lib/api-client/navigation";
import { api } from "@/tests/helpers/app";
import { createUser, type Catalog, type TestUser } from "@/tests/helpers/fixtures";
import { installBrowser, request, type TestBrowser } from "@/tests/components/support/browser";
import { createProductViaApi, openTestDatabase, seedCatalog } from "@/tests/components/support/catalog";
import { router, setLocation } from "@/tests/components/support/next-navigation";
import { parity, renderWithSWR } from "@/tests/components/support/render";

jest.mock("next/navigation", () => jest.requireActual("./support/next-navigation"));

let catalog: Catalog;
let admin: TestUser;
let browser: TestBrowser;
beforeAll(async () => {
  await openTestDatabase();
  catalog = await seedCatalog();
  admin = await createUser("admin");
});
beforeEach(() => {
  // A new visitor each time: an empty cookie jar, so a new guest cart.
  browser = installBrowser();
  router.push.mockClear();
  setLocation("/cart");
});
afterEach(() => jest.restoreAllMocks());

const iphone = () => catalog.products[0]!; // stock 10, ¥5,999.00
const macbook = () => catalog.products[1]!; // stock 3, ¥14,999.00
const nokia = () => catalog.products[4]!; // stock 50, ¥199.00

async function add(productId: number, quantity: number) {
  const response = await browser.call("POST", "/api/cart/items", { product_id: productId, quantity });
  expect(response.status).toBe(201);
}

async function showCart() {
  renderWithSWR(<CartView />);
  await screen.findByRole("heading", { name: "Your cart" });
}

describe("/cart", () => {
  it("has an empty state that leads back to the products", async () => {
    renderWithSWR(<CartView />);
    expect(screen.getByRole("status")).toHaveTextContent("Loading your cart…");
    expect(await screen.findByText(/Your cart is empty/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Browse the products" })).toHaveAttribute("href", "/products");
  });

  it("shows each line and the totals with the legacy parity markers", async () => {
    await add(iphone().id, 2);
    await add(nokia().id, 1);
    await showCart();
    expect(parity("line-name")).toEqual(["iPhone 15", "Nokia 3310"]);
    expect(parity("line-quantity")).toEqual(["2", "1"]);
    expect(parity("line-total")).toEqual(["¥11,998.00", "¥199.00"]);
    expect(parity("cart-total")).toEqual(["¥12,197.00"]);
    expect(parity("line-price")).toEqual(["¥5,999.00", "¥199.00"]);
    expect(parity("line-availability")).toEqual(["Available", "Available"]);
    expect(parity("cart-quantity")).toEqual(["3 items"]);
    expect(screen.getByRole("rowheader", { name: /^Total/ })).toHaveTextContent("Total (3 items)");
    expect(screen.getByRole("button", { name: "Check out" })).toBeEnabled();
  });

  it("shows each quantity once, in its labelled input, with Update and Remove as secondary buttons", async () => {
    await add(nokia().id, 3);
    await showCart();
    // The input is what a visitor reads; the marked copy is hidden from everyone but the checker.
    const input = screen.getByLabelText("Quantity of Nokia 3310");
    expect(input).toHaveValue(3);
    const [copy] = Array.from(document.querySelectorAll('[data-parity="line-quantity"]'));
    expect(copy).toHaveClass("visually-hidden");
    expect(copy).toHaveAttribute("aria-hidden", "true");
    expect(copy).toHaveTextContent("3");
    const row = screen.getByRole("row", { name: /Nokia 3310/ });
    expect(within(row).getAllByText("3")).toEqual([copy]); // no second, visible copy
    expect(screen.getByRole("button", { name: "Update quantity of Nokia 3310" })).toHaveClass(
      "button-secondary",
    );
    expect(screen.getByRole("button", { name: "Remove Nokia 3310" })).toHaveClass("button-secondary");
    expect(screen.getByRole("button", { name: "Check out" })).not.toHaveClass("button-secondary");
  });

  it("changes a quantity through the API", async () => {
    await add(nokia().id, 1);
    await showCart();
    fireEvent.change(screen.getByLabelText("Quantity of Nokia 3310"), { target: { value: "4" } });
    fireEvent.click(screen.getByRole("button", { name: "Update quantity of Nokia 3310" }));
    await waitFor(() => expect(parity("cart-total")).toEqual(["¥796.00"]));
    expect(parity("line-quantity")).toEqual(["4"]);
    // What the page shows first is the optimistic cart: the API has it once the PATCH lands.
    await waitFor(async () => {
      const cart = (await (await browser.call("GET", "/api/cart")).json()) as { total: number };
      expect(cart.total).toBe(796);
    });
  });

  it("shows a change at once and rolls it back with the API's reason when it is refused (409)", async () => {
    await add(macbook().id, 1);
    await showCart();
    const patch = browser.hold(request("PATCH", `/api/cart/items/${macbook().id}`));

    fireEvent.change(screen.getByLabelText("Quantity of MacBook Pro"), { target: { value: "5" } });
    fireEvent.click(screen.getByRole("button", { name: "Update quantity of MacBook Pro" }));
    // Optimistic: the page already shows 5, with totals computed as the server would.
    await waitFor(() => expect(parity("line-quantity")).toEqual(["5"]));
    expect(parity("line-total")).toEqual(["¥74,995.00"]);
    expect(parity("cart-total")).toEqual(["¥74,995.00"]);
    expect(screen.queryByText(/Only 3 left in stock/)).not.toBeInTheDocument();

    patch.release(); // the real handler answers: only 3 in stock
    const message = await screen.findByText("Only 3 left in stock; the cart would hold 5.");
    expect(message.closest("[role=alert]")).not.toBeNull();
    expect(parity("line-quantity")).toEqual(["1"]);
    expect(parity("line-total")).toEqual(["¥14,999.00"]);
    expect(parity("cart-total")).toEqual(["¥14,999.00"]);
    expect(screen.getByLabelText("Quantity of MacBook Pro")).toHaveValue(1);

    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByText(/Only 3 left in stock/)).not.toBeInTheDocument();
  });

  it("removes a line at once", async () => {
    await add(iphone().id, 1);
    await add(nokia().id, 2);
    await showCart();
    const remove = browser.hold(request("DELETE", "/api/cart/items/"));
    fireEvent.click(screen.getByRole("button", { name: "Remove iPhone 15" }));
    await waitFor(() => expect(parity("line-name")).toEqual(["Nokia 3310"]));
    expect(parity("cart-total")).toEqual(["¥398.00"]);
    remove.release();
    fireEvent.click(await screen.findByRole("button", { name: "Remove Nokia 3310" }));
    expect(await screen.findByText(/Your cart is empty/)).toBeInTheDocument();
    await waitFor(async () => {
      const cart = (await (await browser.call("GET", "/api/cart")).json()) as { items: unknown[] };
      expect(cart.items).toEqual([]);
    });
  });

  it("flags lines the stock can no longer cover and will not check out", async () => {
    const lamp = await createProductViaApi(admin.token, { name: "Desk Lamp", price: 30, stock: 2 });
    await add(lamp.id, 2);
    await add(iphone().id, 1);
    // Someone else bought one meanwhile.
    expect(
      (
        await api("POST", `/api/products/${lamp.id}/reduce-stock`, {
          token: admin.token,
          body: { quantity: 1 },
        })
      ).status,
    ).toBe(200);
    await showCart();
    const row = screen.getByRole("row", { name: /Desk Lamp/ });
    expect(within(row).getByText("Only 1 left")).toBeInTheDocument();
    expect(parity("line-availability")).toEqual(["Only 1 left", "Available"]);
    expect(within(screen.getByRole("row", { name: /iPhone 15/ })).getByText("Available")).toBeInTheDocument();
    expect(screen.getByText(/Some items are not available in the quantity in your cart/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Check out" })).toBeDisabled();
  });

  it("checks out a signed-in visitor with an idempotency key and goes to the new order", async () => {
    const user = await createUser();
    await browser.signIn(user.id);
    await add(iphone().id, 1);
    await showCart();
    await waitFor(() => expect(screen.queryByText("You will be asked to sign in.")).not.toBeInTheDocument());
    fireEvent.click(screen.getByRole("button", { name: "Check out" }));
    await waitFor(() => expect(router.push).toHaveBeenCalled());
    const orders = (await (await browser.call("GET", `/api/users/${user.id}/orders`)).json()) as {
      id: number;
      total: number;
    }[];
    expect(orders).toHaveLength(1);
    expect(orders[0]!.total).toBe(5999);
    expect(router.push).toHaveBeenCalledWith(`/orders?placed=${orders[0]!.id}`);
    const checkout = browser.requests.find((r) => r.method === "POST" && r.path === "/api/checkout");
    expect(checkout?.headers.get("idempotency-key")).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(await screen.findByText(/Your cart is empty/)).toBeInTheDocument();
  });

  it("sends a signed-out visitor to sign in on checkout, coming back to the cart", async () => {
    const assign = jest.spyOn(browserNavigation, "assign").mockImplementation(() => undefined);
    await add(iphone().id, 1);
    await showCart();
    expect(await screen.findByText("You will be asked to sign in.")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Check out" }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith("/signin?callbackUrl=%2Fcart"));
    expect(router.push).not.toHaveBeenCalled();
  });

  it("shows an error with a retry when the cart cannot be loaded", async () => {
    browser.failNext(request("GET", "/api/cart"));
    renderWithSWR(<CartView />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load your cart.");
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByText(/Your cart is empty/)).toBeInTheDocument();
  });
});
