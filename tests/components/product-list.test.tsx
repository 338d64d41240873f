/** @jest-environment ./tests/setup/jsdom-with-node-globals.js */
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { ProductList } from "@/app/(shop)/products/product-list";
import type { Catalog } from "@/tests/helpers/fixtures";
import { openTestDatabase, seedCatalog } from "@/tests/components/support/catalog";
import { installBrowser, request, type TestBrowser } from "@/tests/components/support/browser";
import { router, setLocation, currentLocation } from "@/tests/components/support/next-navigation";
import { parity, renderWithSWR } from "@/tests/components/support/render";

jest.mock("next/navigation", () => jest.requireActual("./support/next-navigation"));

let browser: TestBrowser;
beforeAll(openTestDatabase);
beforeEach(() => {
  browser = installBrowser();
  router.push.mockClear();
});

const cards = () => within(screen.getByRole("list", { name: "Products" })).getAllByRole("article");

describe("/products with an empty shop", () => {
  it("says so and offers somewhere to go", async () => {
    setLocation("/products");
    renderWithSWR(<ProductList />);
    expect(screen.getByRole("status")).toHaveTextContent("Loading products…");
    expect(await screen.findByText(/There are no products in the shop yet/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "see the home page" })).toHaveAttribute("href", "/");
  });
});

describe("/products", () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await seedCatalog();
  });

  it("shows a loading state, then every card with the legacy parity markers in API order", async () => {
    setLocation("/products");
    renderWithSWR(<ProductList />);
    expect(screen.getByRole("status")).toHaveTextContent("Loading products…");
    expect(await screen.findByText("6 products")).toBeInTheDocument();
    expect(parity("name")).toEqual(catalog.products.map((p) => p.name));
    expect(parity("price")).toEqual([
      "¥5,999.00",
      "¥14,999.00",
      "¥4,999.50",
      "¥9,999.99",
      "¥199.00",
      "¥9.90",
    ]);
    const pixel = cards()[2]!;
    expect(within(pixel).getByText("Sold out")).toBeInTheDocument();
    expect(within(pixel).getByRole("link", { name: "Pixel 9" })).toHaveAttribute(
      "href",
      `/products/${catalog.products[2]!.id}`,
    );
    expect(browser.requests.map((r) => r.path)).toContain("/api/products");
  });

  it("labels every control", async () => {
    setLocation("/products");
    renderWithSWR(<ProductList />);
    await screen.findByText("6 products");
    for (const label of ["Search", "Category", "Min price", "Max price", "In stock only", "Sort by"]) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    expect(screen.getByRole("search", { name: "Filter products" })).toBeInTheDocument();
  });

  it("puts the category, toggle and ordering in the URL at once and lists what the API returns", async () => {
    setLocation("/products");
    renderWithSWR(<ProductList />);
    await screen.findByText("6 products");
    // Categories arrive from /api/categories with their counts.
    await screen.findByRole("option", { name: "Phones (3)" });

    fireEvent.change(screen.getByLabelText("Category"), { target: { value: "phones" } });
    expect(router.push).toHaveBeenLastCalledWith("/products?category=phones", { scroll: false });
    expect(await screen.findByText("3 products")).toBeInTheDocument();
    expect(parity("name")).toEqual(["iPhone 15", "Pixel 9", "Nokia 3310"]);

    fireEvent.click(screen.getByLabelText("In stock only"));
    expect(currentLocation()).toBe("/products?category=phones&in_stock=true");
    await waitFor(() => expect(parity("name")).toEqual(["iPhone 15", "Nokia 3310"]));

    fireEvent.change(screen.getByLabelText("Sort by"), { target: { value: "-price" } });
    expect(currentLocation()).toBe("/products?category=phones&in_stock=true&ordering=-price");
    await waitFor(() => expect(parity("name")).toEqual(["iPhone 15", "Nokia 3310"]));
    fireEvent.change(screen.getByLabelText("Sort by"), { target: { value: "price" } });
    await waitFor(() => expect(parity("name")).toEqual(["Nokia 3310", "iPhone 15"]));
    expect(screen.getByLabelText("Category")).toHaveValue("phones");
    expect(screen.getByLabelText("In stock only")).toBeChecked();
  });

  it("applies search and prices on submit, and follows the URL back (back/forward, shared links)", async () => {
    setLocation("/products");
    renderWithSWR(<ProductList />);
    await screen.findByText("6 products");

    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "book" } });
    fireEvent.change(screen.getByLabelText("Min price"), { target: { value: "1000" } });
    // Typing alone changes nothing; submitting (Enter or Apply) does.
    expect(router.push).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(currentLocation()).toBe("/products?search=book&min_price=1000");
    expect(await screen.findByText("1 product matching “book”")).toBeInTheDocument();
    expect(parity("name")).toEqual(["MacBook Pro"]);

    act(() => setLocation("/products?max_price=200"));
    await waitFor(() => expect(parity("name")).toEqual(["Nokia 3310", "Loose Cable"]));
    expect(screen.getByLabelText("Search")).toHaveValue("");
    expect(screen.getByLabelText("Min price")).toHaveValue(null);
    expect(screen.getByLabelText("Max price")).toHaveValue(200);
  });

  it("pages with links that keep the filters, using the API's paging headers", async () => {
    setLocation("/products?ordering=price&limit=4");
    renderWithSWR(<ProductList />);
    await screen.findByText("6 products");
    expect(parity("name")).toEqual(["Loose Cable", "Nokia 3310", "Pixel 9", "iPhone 15"]);
    const pages = screen.getByRole("navigation", { name: "Pages" });
    expect(within(pages).getByText("1–4 of 6")).toBeInTheDocument();
    const next = within(pages).getByRole("link", { name: "Next »" });
    expect(next).toHaveAttribute("href", "/products?ordering=price&skip=4&limit=4");

    fireEvent.click(next);
    expect(currentLocation()).toBe("/products?ordering=price&skip=4&limit=4");
    await waitFor(() => expect(parity("name")).toEqual(["ThinkPad X1", "MacBook Pro"]));
    expect(
      within(screen.getByRole("navigation", { name: "Pages" })).getByText("5–6 of 6"),
    ).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "« Previous" })).toHaveAttribute(
      "href",
      "/products?ordering=price&limit=4",
    );
    expect(screen.queryByRole("link", { name: "Next »" })).not.toBeInTheDocument();
  });

  it("has an empty state with a way out when nothing matches", async () => {
    setLocation("/products?search=zeppelin&ordering=-price");
    renderWithSWR(<ProductList />);
    expect(await screen.findByText(/No products match these filters/)).toBeInTheDocument();
    const clear = screen.getAllByRole("link", { name: "Clear filters" });
    // Clearing filters keeps the chosen ordering.
    expect(clear[0]).toHaveAttribute("href", "/products?ordering=-price");
    fireEvent.click(clear[clear.length - 1]!);
    expect(await screen.findByText("6 products")).toBeInTheDocument();
    expect(screen.getByLabelText("Search")).toHaveValue("");
  });

  it("shows the API's own field errors for an impossible filter", async () => {
    setLocation("/products?min_price=500&max_price=100");
    renderWithSWR(<ProductList />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load the products.");
    expect(within(alert).getByText("Min price: must not be greater than max_price")).toBeInTheDocument();
    // Asking again would only repeat a 422; clearing the filters is the way on.
    expect(within(alert).queryByRole("button", { name: "Try again" })).not.toBeInTheDocument();
    expect(within(alert).getByRole("link", { name: "Clear filters" })).toHaveAttribute("href", "/products");
  });

  it("says when the shop cannot be reached, and retries on request", async () => {
    browser.failNext(request("GET", "/api/products"));
    setLocation("/products");
    renderWithSWR(<ProductList />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not reach the shop. Check your connection and try again.");
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("6 products")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
