/** @jest-environment ./tests/setup/jsdom-with-node-globals.js */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { ProductDetail } from "@/app/(shop)/products/[id]/product-detail";
import type { Catalog } from "@/tests/helpers/fixtures";
import { installBrowser, request, type TestBrowser } from "@/tests/components/support/browser";
import { openTestDatabase, seedCatalog } from "@/tests/components/support/catalog";
import { setLocation } from "@/tests/components/support/next-navigation";
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
});

const iphone = () => catalog.products[0]!; // phones, stock 10, ¥5,999.00
const macbook = () => catalog.products[1]!; // laptops, stock 3
const pixel = () => catalog.products[2]!; // phones, sold out
const cable = () => catalog.products[5]!; // no category

function show(id: number) {
  setLocation(`/products/${id}`);
  return renderWithSWR(<ProductDetail productId={id} />);
}

describe("/products/[id]", () => {
  it("shows a loading state, then the fields the legacy page marks for parity", async () => {
    show(iphone().id);
    expect(screen.getByRole("status")).toHaveTextContent("Loading product…");
    expect(await screen.findByRole("heading", { level: 1, name: "iPhone 15" })).toBeInTheDocument();
    expect(parity("name")).toEqual(["iPhone 15"]);
    expect(parity("price")).toEqual(["¥5,999.00"]);
    expect(parity("in_stock")).toEqual(["In stock"]);
    expect(parity("description")).toEqual(["A phone with a good camera"]);
    expect(screen.getByRole("navigation", { name: "Breadcrumb" })).toHaveTextContent("Products › Phones");
    expect(parity("category")).toEqual(["Phones"]);
  });

  it("lists related products of the same category, without itself", async () => {
    show(iphone().id);
    const related = await screen.findByRole("region", { name: "More in Phones" });
    await waitFor(() => expect(within(related).getAllByRole("listitem")).toHaveLength(2));
    const items = within(related).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Pixel 9 ¥4,999.50 (sold out)");
    expect(items[1]).toHaveTextContent("Nokia 3310 ¥199.00");
    expect(within(related).getByRole("link", { name: "Pixel 9" })).toHaveAttribute(
      "href",
      `/products/${pixel().id}`,
    );
    expect(browser.requests.map((r) => r.path)).toContain("/api/products?category=phones&limit=6");
    // Related prices are not the product's price: only one parity price on the page.
    expect(parity("price")).toHaveLength(1);
    expect(parity("related-category")).toEqual(["Phones"]);
    expect(parity("related-name")).toEqual(["Pixel 9", "Nokia 3310"]);
    expect(parity("related-price")).toEqual(["¥4,999.50", "¥199.00"]);
  });

  it("has no related list (and says so) for a product without a category", async () => {
    show(cable().id);
    const related = await screen.findByRole("region", { name: "More in the shop" });
    expect(related).toHaveTextContent("No related products.");
    expect(parity("category")).toEqual([]);
    expect(parity("related-category")).toEqual(["the shop"]);
    expect(parity("related-name")).toEqual([]);
  });

  it("marks a sold-out product and does not offer to add it", async () => {
    show(pixel().id);
    await screen.findByRole("heading", { level: 1, name: "Pixel 9" });
    expect(parity("in_stock")).toEqual(["Sold out"]);
    expect(screen.getByRole("button", { name: "Add to cart" })).toBeDisabled();
    expect(screen.getByLabelText("Quantity")).toBeDisabled();
  });

  it("adds to the cart through the API and says so", async () => {
    show(iphone().id);
    await screen.findByRole("heading", { level: 1, name: "iPhone 15" });
    fireEvent.change(screen.getByLabelText("Quantity"), { target: { value: "2" } });
    fireEvent.click(screen.getByRole("button", { name: "Add to cart" }));
    expect(await screen.findByText("Added 2 × iPhone 15 to your cart.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "View cart" })).toHaveAttribute("href", "/cart");
    // The guest got a cart cookie, and the cart really holds the line.
    expect(browser.cookie("cutover_cart")).toMatch(/^[0-9a-f-]{36}$/);
    const cart = (await (await browser.call("GET", "/api/cart")).json()) as { items: { quantity: number }[] };
    expect(cart.items.map((i) => i.quantity)).toEqual([2]);
  });

  it("shows the API's reason when the cart cannot take that many", async () => {
    show(macbook().id);
    await screen.findByRole("heading", { level: 1, name: "MacBook Pro" });
    expect(screen.getByText("Only 3 left.")).toBeInTheDocument();
    // As the legacy page writes it: date("N j, Y") in UTC.
    expect(screen.getByText(/^Added/)).toHaveTextContent(
      /^Added (Jan\.|Feb\.|March|April|May|June|July|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.) \d{1,2}, \d{4}$/,
    );
    fireEvent.change(screen.getByLabelText("Quantity"), { target: { value: "5" } });
    fireEvent.click(screen.getByRole("button", { name: "Add to cart" }));
    expect(await screen.findByText("Only 3 left in stock; the cart would hold 5.")).toBeInTheDocument();
    expect(
      screen.getByText("Only 3 left in stock; the cart would hold 5.").closest("[role=alert]"),
    ).not.toBeNull();
    expect(screen.queryByText(/Added to your cart/)).not.toBeInTheDocument();
  });

  it("says a product does not exist, with a way back", async () => {
    show(999_999);
    expect(await screen.findByRole("heading", { name: "Product not found" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Browse all products" })).toHaveAttribute("href", "/products");
  });

  it("shows an error with a retry when the shop cannot be reached", async () => {
    browser.failNext(request("GET", `/api/products/${iphone().id}`));
    show(iphone().id);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load this product.");
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { level: 1, name: "iPhone 15" })).toBeInTheDocument();
  });
});
