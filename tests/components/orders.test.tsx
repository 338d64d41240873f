/** @jest-environment ./tests/setup/jsdom-with-node-globals.js */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { OrdersView } from "@/app/(shop)/orders/orders-view";
import { date } from "@/lib/legacy/filters";
import { api } from "@/tests/helpers/app";
import { createUser, type Catalog, type TestUser } from "@/tests/helpers/fixtures";
import { installBrowser, request, type TestBrowser } from "@/tests/components/support/browser";
import { openTestDatabase, seedCatalog } from "@/tests/components/support/catalog";
import { currentLocation, router, setLocation } from "@/tests/components/support/next-navigation";
import { parity, renderWithSWR } from "@/tests/components/support/render";

jest.mock("next/navigation", () => jest.requireActual("./support/next-navigation"));

let catalog: Catalog;
let browser: TestBrowser;
beforeAll(async () => {
  await openTestDatabase();
  catalog = await seedCatalog();
});
beforeEach(() => {
  browser = installBrowser();
  router.replace.mockClear();
});

/** Orders placed through the real API, oldest first. */
async function placeOrders(user: TestUser, orders: { product: number; quantity: number }[][]) {
  const ids: number[] = [];
  for (const items of orders) {
    const response = await api("POST", `/api/users/${user.id}/orders`, {
      token: user.token,
      body: {
        items: items.map((i) => ({ product_id: catalog.products[i.product]!.id, quantity: i.quantity })),
      },
    });
    expect(response.status).toBe(201);
    ids.push(((await response.json()) as { id: number }).id);
  }
  return ids;
}

describe("/orders", () => {
  it("sends a signed-out visitor to sign in, coming back here", async () => {
    setLocation("/orders");
    renderWithSWR(<OrdersView />);
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith("/signin?callbackUrl=%2Forders"));
    expect(screen.getByRole("status")).toHaveTextContent("Redirecting you to sign in…");
  });

  it("has an empty state for someone who has not ordered yet", async () => {
    const user = await createUser();
    await browser.signIn(user.id);
    setLocation("/orders");
    renderWithSWR(<OrdersView />);
    expect(screen.getByRole("status")).toHaveTextContent("Loading your orders…");
    expect(await screen.findByText(/You have no orders yet/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Browse the products" })).toHaveAttribute("href", "/products");
  });

  it("lists the user's orders, newest first, with the legacy parity markers", async () => {
    const user = await createUser();
    const [first, second] = await placeOrders(user, [
      [{ product: 0, quantity: 1 }],
      [
        { product: 4, quantity: 2 },
        { product: 5, quantity: 1 },
      ],
    ]);
    await browser.signIn(user.id);
    setLocation(`/orders?placed=${second}`);
    renderWithSWR(<OrdersView />);
    expect(await screen.findByText(`Thank you! Order #${second} has been placed.`)).toBeInTheDocument();
    await screen.findByText("2 orders");
    expect(parity("order-id")).toEqual([String(second), String(first)]);
    expect(parity("order-status")).toEqual(["pending", "pending"]);
    expect(parity("order-total")).toEqual(["¥407.90", "¥5,999.00"]);
    const [newest] = within(screen.getByRole("list", { name: "Orders" })).getAllByRole("article");
    expect(newest).toBeDefined();
    expect(within(newest!).getByRole("link", { name: "Nokia 3310" }).closest("li")).toHaveTextContent(
      "Nokia 3310 × 2 at ¥199.00: ¥398.00",
    );
    expect(parity("item-name")).toEqual(["Nokia 3310", "Loose Cable", "iPhone 15"]);
    expect(parity("item-quantity")).toEqual(["2", "1", "1"]);
    expect(parity("item-price")).toEqual(["¥199.00", "¥9.90", "¥5,999.00"]);
    expect(parity("item-total")).toEqual(["¥398.00", "¥9.90", "¥5,999.00"]);
    // As the legacy page's date("Y-m-d H:i") prints it, in UTC, without a zone suffix.
    const orders = (await (await browser.call("GET", `/api/users/${user.id}/orders`)).json()) as {
      created_at: string;
    }[];
    expect(parity("order-placed")).toEqual(orders.map((o) => date(o.created_at, "Y-m-d H:i")));
    expect(parity("order-placed")[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it("pages through orders with skip/limit in the URL", async () => {
    const user = await createUser();
    const ids = await placeOrders(user, [
      [{ product: 0, quantity: 1 }],
      [{ product: 1, quantity: 1 }],
      [{ product: 3, quantity: 1 }],
    ]);
    await browser.signIn(user.id);
    setLocation("/orders?limit=2");
    renderWithSWR(<OrdersView />);
    await screen.findByText("3 orders");
    expect(parity("order-id")).toEqual([String(ids[2]), String(ids[1])]);
    fireEvent.click(screen.getByRole("link", { name: "Next »" }));
    expect(currentLocation()).toBe("/orders?skip=2&limit=2");
    await waitFor(() => expect(parity("order-id")).toEqual([String(ids[0])]));
  });

  it("shows an error with a retry when the orders cannot be loaded", async () => {
    const user = await createUser();
    await browser.signIn(user.id);
    browser.failNext(request("GET", `/api/users/${user.id}/orders`));
    setLocation("/orders");
    renderWithSWR(<OrdersView />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load your orders.");
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByText(/You have no orders yet/)).toBeInTheDocument();
  });
});
