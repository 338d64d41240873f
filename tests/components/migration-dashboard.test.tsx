/** @jest-environment ./tests/setup/jsdom-with-node-globals.js */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MigrationDashboard } from "@/app/admin/migration/dashboard";
import { api } from "@/tests/helpers/app";
import { createUser, type TestUser } from "@/tests/helpers/fixtures";
import { installBrowser, request, type TestBrowser } from "@/tests/components/support/browser";
import { openTestDatabase } from "@/tests/components/support/catalog";
import { renderWithSWR } from "@/tests/components/support/render";

let admin: TestUser;
let browser: TestBrowser;
beforeAll(async () => {
  await openTestDatabase();
  admin = await createUser("admin");
});
beforeEach(async () => {
  browser = installBrowser();
  await browser.signIn(admin.id);
});

const badge = (text: string) => [text, { selector: ".state" }] as const;
const row = (pattern: string) =>
  screen
    .getByRole("rowheader", { name: new RegExp(`^${pattern.replace(/[[\]/]/g, "\\$&")}`) })
    .closest("tr")!;

describe("/admin/migration dashboard", () => {
  it("shows the ledger with each route's state", async () => {
    renderWithSWR(<MigrationDashboard adminName="Ada" />);
    expect(screen.getByRole("status")).toHaveTextContent("Loading the ledger");
    const table = await screen.findByRole("table", { name: "Route ledger" });
    expect(within(table).getAllByRole("row")).toHaveLength(5);
    expect(within(row("/products/[id]")).getByText(...badge("canary 25%"))).toBeInTheDocument();
    expect(within(row("/cart")).getByText(...badge("legacy"))).toBeInTheDocument();
  });

  it("moves a route to a canary with the slider, and the change shows in the table and history", async () => {
    renderWithSWR(<MigrationDashboard adminName="Ada" />);
    await screen.findByRole("table", { name: "Route ledger" });
    const cart = row("/cart");
    fireEvent.change(within(cart).getByRole("combobox", { name: "State of cart" }), {
      target: { value: "canary" },
    });
    fireEvent.change(within(cart).getByRole("slider", { name: "SPA share of cart" }), {
      target: { value: "30" },
    });
    fireEvent.click(within(cart).getByRole("button", { name: "Apply" }));
    await within(row("/cart")).findByText(...badge("canary 30%"));
    expect(within(row("/cart")).getByRole("status")).toHaveTextContent("Saved");
    const history = await screen.findByRole("table", { name: "Change history" });
    expect(within(history).getByText("legacy → canary 30%")).toBeInTheDocument();
    const state = await (await api("GET", "/api/migration/state", { token: admin.token })).json();
    expect(state.find((r: { id: string }) => r.id === "cart")).toMatchObject({
      state: "canary",
      percent: 30,
    });
  });

  it("rolls a route back", async () => {
    renderWithSWR(<MigrationDashboard adminName="Ada" />);
    await screen.findByRole("table", { name: "Route ledger" });
    fireEvent.click(within(row("/cart")).getByRole("button", { name: "Roll back" }));
    await within(row("/cart")).findByText(...badge("legacy"));
    expect(within(row("/cart")).getByRole("status")).toHaveTextContent("Saved");
  });

  it("shows the API's reason when a change is refused, and keeps the old state", async () => {
    renderWithSWR(<MigrationDashboard adminName="Ada" />);
    await screen.findByRole("table", { name: "Route ledger" });
    const orders = row("/orders");
    fireEvent.change(within(orders).getByRole("combobox", { name: "State of orders" }), {
      target: { value: "canary" },
    });
    // A second admin demotes this one meanwhile: the server refuses the change.
    await api("PATCH", `/api/users/${admin.id}`, {
      token: (await createUser("admin")).token,
      body: { role: "user" },
    });
    fireEvent.click(within(orders).getByRole("button", { name: "Apply" }));
    await waitFor(() =>
      expect(within(row("/orders")).getByRole("status")).toHaveTextContent(
        /Not saved: This needs the admin role/,
      ),
    );
    expect(within(row("/orders")).getByText(...badge("legacy"))).toBeInTheDocument();
    await api("PATCH", `/api/users/${admin.id}`, {
      token: (await createUser("admin")).token,
      body: { role: "admin" },
    });
  });

  it("warns about routes serving the SPA without a passing parity run", async () => {
    renderWithSWR(<MigrationDashboard adminName="Ada" />);
    await screen.findByRole("table", { name: "Route ledger" });
    const warning = screen.getAllByRole("alert").find((a) => a.classList.contains("warning"))!;
    expect(warning).toHaveTextContent(
      "product-list serves the SPA to visitors (everyone) but parity was never run",
    );
    expect(warning).toHaveTextContent("product-detail serves the SPA to visitors (25%)");
    expect(warning).not.toHaveTextContent("cart");
  });

  it("promotes a route with a plan, shows its steps and the time left, pauses and aborts it", async () => {
    renderWithSWR(<MigrationDashboard adminName="Ada" />);
    const card = await screen.findByRole("region", { name: "Rollout of orders" });
    fireEvent.change(within(card).getByRole("textbox", { name: "Steps for orders" }), {
      target: { value: "10,50,100" },
    });
    fireEvent.change(within(card).getByRole("combobox", { name: "Bake time for orders" }), {
      target: { value: "300" },
    });
    fireEvent.click(within(card).getByRole("button", { name: "Promote" }));
    const steps = await within(card).findByRole("list", { name: "Steps of orders" });
    expect(
      within(steps)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["10% · 5 min left", "50%", "100%"]);
    await waitFor(() => expect(within(row("/orders")).getByText(...badge("canary 10%"))).toBeInTheDocument());
    fireEvent.click(within(card).getByRole("button", { name: "Pause" }));
    await within(card).findByRole("button", { name: "Resume" });
    fireEvent.click(within(card).getByRole("button", { name: "Abort to legacy" }));
    await within(card).findByText("aborted");
    await within(row("/orders")).findByText(...badge("legacy"));
    const history = screen.getByRole("table", { name: "Change history" });
    expect(await within(history).findByText(/aborted by hand/)).toBeInTheDocument();
  });

  it("shows an error with a retry when the ledger cannot be loaded", async () => {
    browser.failNext(request("GET", "/api/migration/routes"));
    renderWithSWR(<MigrationDashboard adminName="Ada" />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not load the ledger");
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await screen.findByRole("table", { name: "Route ledger" });
  });
});
