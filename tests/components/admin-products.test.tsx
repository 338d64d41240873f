/** @jest-environment ./tests/setup/jsdom-with-node-globals.js */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { ProductAdmin } from "@/app/(shop)/admin/products/product-admin";
import { createUser, type Catalog } from "@/tests/helpers/fixtures";
import { installBrowser, type TestBrowser } from "@/tests/components/support/browser";
import { openTestDatabase, seedCatalog } from "@/tests/components/support/catalog";
import { router, setLocation } from "@/tests/components/support/next-navigation";
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
  router.replace.mockClear();
  setLocation("/admin/products");
});

async function asAdmin() {
  const admin = await createUser("admin");
  await browser.signIn(admin.id);
  renderWithSWR(<ProductAdmin />);
  await screen.findByRole("heading", { level: 1, name: "Products admin" });
  await screen.findByRole("table");
}

const form = (name: string) => screen.getByRole("form", { name });
const rows = () => within(screen.getByRole("table")).getAllByRole("row").slice(1);

describe("/admin/products", () => {
  it("sends a signed-out visitor to sign in", async () => {
    renderWithSWR(<ProductAdmin />);
    expect(screen.getByRole("status")).toHaveTextContent("Loading…");
    await waitFor(() =>
      expect(router.replace).toHaveBeenCalledWith("/signin?callbackUrl=%2Fadmin%2Fproducts"),
    );
  });

  it("tells a signed-in customer they need the admin role", async () => {
    const user = await createUser("user");
    await browser.signIn(user.id);
    renderWithSWR(<ProductAdmin />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("You need the admin role to manage products.");
    expect(screen.queryByRole("form")).not.toBeInTheDocument();
    expect(router.replace).not.toHaveBeenCalled();
  });

  it("lists the products for an admin", async () => {
    await asAdmin();
    expect(rows().map((r) => within(r).getAllByRole("cell")[0]?.textContent)).toEqual(
      catalog.products.map((p) => String(p.id)),
    );
    expect(within(rows()[1]!).getByRole("rowheader")).toHaveTextContent("MacBook Pro");
    expect(rows()[1]).toHaveTextContent("¥14,999.00");
  });

  it("shows the API's field errors next to the fields, then creates the product", async () => {
    await asAdmin();
    const create = form("New product");
    fireEvent.change(within(create).getByLabelText("Name"), { target: { value: "  " } });
    fireEvent.change(within(create).getByLabelText("Price"), { target: { value: "12.345" } });
    fireEvent.change(within(create).getByLabelText("Stock"), { target: { value: "-1" } });
    fireEvent.click(within(create).getByRole("button", { name: "Create product" }));

    expect(await within(create).findByText("Name must not be empty.")).toBeInTheDocument();
    expect(within(create).getByLabelText("Price")).toHaveAccessibleDescription(
      "In yuan, two decimals at most Price must have at most two decimals.",
    );
    expect(within(create).getByLabelText("Stock")).toHaveAccessibleDescription("Stock must not be negative.");
    expect(within(create).getByLabelText("Stock")).toHaveAttribute("aria-invalid", "true");

    fireEvent.change(within(create).getByLabelText("Name"), { target: { value: "USB Hub" } });
    fireEvent.change(within(create).getByLabelText("Price"), { target: { value: "89.50" } });
    fireEvent.change(within(create).getByLabelText("Stock"), { target: { value: "12" } });
    fireEvent.change(within(create).getByLabelText("Category"), { target: { value: "laptops" } });
    fireEvent.click(within(create).getByRole("button", { name: "Create product" }));

    expect(await screen.findByText("Created USB Hub.")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("rowheader", { name: "USB Hub" })).toBeInTheDocument());
    const row = screen.getByRole("rowheader", { name: "USB Hub" }).closest("tr");
    expect(row).toHaveTextContent("¥89.50");
    expect(row).toHaveTextContent("Laptops");
    expect(within(create).getByLabelText("Name")).toHaveValue("");
    expect(within(create).queryByText(/must/)).not.toBeInTheDocument();
  });

  it("edits a product, showing the API's errors for the edit too", async () => {
    await asAdmin();
    fireEvent.click(screen.getByRole("button", { name: "Edit Nokia 3310" }));
    const edit = form("Edit Nokia 3310");
    expect(within(edit).getByLabelText("Price")).toHaveValue("199.00");
    // The category options arrive with their own request; the form selects the product's once they are there.
    await waitFor(() => expect(within(edit).getByLabelText("Category")).toHaveValue("phones"));

    fireEvent.change(within(edit).getByLabelText("Price"), { target: { value: "cheap" } });
    fireEvent.click(within(edit).getByRole("button", { name: "Save changes" }));
    expect(await within(edit).findByText("Price must be a number.")).toBeInTheDocument();

    fireEvent.change(within(edit).getByLabelText("Name"), { target: { value: "Nokia 3310 (2000)" } });
    fireEvent.change(within(edit).getByLabelText("Price"), { target: { value: "149" } });
    fireEvent.click(within(edit).getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Saved Nokia 3310 (2000).")).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole("rowheader", { name: "Nokia 3310 (2000)" })).toBeInTheDocument(),
    );
    expect(screen.getByRole("rowheader", { name: "Nokia 3310 (2000)" }).closest("tr")).toHaveTextContent(
      "¥149.00",
    );
    expect(screen.queryByRole("form", { name: /^Edit/ })).not.toBeInTheDocument();
  });

  it("deletes a product after confirming", async () => {
    await asAdmin();
    fireEvent.click(screen.getByRole("button", { name: "Delete Loose Cable" }));
    const confirm = screen.getByRole("group", { name: "Confirm deleting Loose Cable" });
    fireEvent.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(screen.getByRole("rowheader", { name: "Loose Cable" })).toBeInTheDocument();

    fireEvent.click(screen.getByRole("button", { name: "Delete Loose Cable" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, delete" }));
    expect(await screen.findByText("Deleted Loose Cable.")).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole("rowheader", { name: "Loose Cable" })).not.toBeInTheDocument(),
    );
    expect((await browser.call("GET", `/api/products/${catalog.products[5]!.id}`)).status).toBe(404);
  });
});
