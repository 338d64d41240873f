/** @jest-environment ./tests/setup/jsdom-with-node-globals.js */
import { render, screen } from "@testing-library/react";
import { SWRConfig } from "swr";
import { api, apiGet, apiRequest } from "@/lib/api-client/client";
import { ApiError } from "@/lib/api-client/errors";
import { useMe } from "@/lib/api-client/hooks";
import { apiKeys, productListQueryFrom } from "@/lib/api-client/keys";
import { browserNavigation } from "@/lib/api-client/navigation";
import { tokenStore } from "@/lib/api-client/token-store";
import type { UserJson } from "@/lib/validation/user";
import { api as callApi } from "@/tests/helpers/app";
import { createUser } from "@/tests/helpers/fixtures";
import { installBrowser, type TestBrowser } from "@/tests/components/support/browser";
import { openTestDatabase, seedCatalog } from "@/tests/components/support/catalog";
import { setLocation } from "@/tests/components/support/next-navigation";
import { renderWithSWR } from "@/tests/components/support/render";

jest.mock("next/navigation", () => jest.requireActual("./support/next-navigation"));

let browser: TestBrowser;
let assign: jest.SpyInstance;
beforeAll(async () => {
  await openTestDatabase();
  await seedCatalog();
});
beforeEach(() => {
  browser = installBrowser();
  tokenStore.clear();
  assign = jest.spyOn(browserNavigation, "assign").mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe("lib/api-client", () => {
  it("unwraps JSON and the paging headers of lists", async () => {
    const { data, headers } = await apiRequest<unknown[]>("/api/products?limit=2");
    expect(data).toHaveLength(2);
    expect(headers.get("x-total-count")).toBe("6");
    expect(browser.requests[0]?.headers.get("authorization")).toBeNull();
  });

  it("turns problem+json into an ApiError with status, title, detail and field errors", async () => {
    const error = await api
      .post("/api/cart/items", { product_id: "three", quantity: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.status).toBe(422);
    expect(e.title).toBe("Unprocessable Content");
    expect(e.detail).toBe("The request has invalid fields.");
    expect(e.fieldErrors).toEqual({ product_id: "must be a product id", quantity: "must be at least 1" });
    expect(assign).not.toHaveBeenCalled();
  });

  it("sends a held API token as a bearer token", async () => {
    const user = await createUser();
    const login = await callApi("POST", "/api/login", {
      body: { username: user.email, password: user.password },
    });
    tokenStore.set(((await login.json()) as { access_token: string }).access_token);
    const me = await apiGet<UserJson>("/api/users/me");
    expect(me.id).toBe(user.id);
    expect(browser.requests.at(-1)?.headers.get("authorization")).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("on a 401 sends the visitor to sign in, coming back to where they were", async () => {
    setLocation("/orders?skip=10");
    const user = await createUser();
    const error = await apiGet(`/api/users/${user.id}/orders`).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(401);
    expect(assign).toHaveBeenCalledWith("/signin?callbackUrl=%2Forders%3Fskip%3D10");
  });

  it("drops a refused token, and does not send people from the sign-in page to itself", async () => {
    setLocation("/signin?callbackUrl=%2Forders");
    tokenStore.set("aaa.bbb.ccc");
    const error = await apiGet("/api/users/me").catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(401);
    expect(tokenStore.get()).toBeNull();
    expect(assign).not.toHaveBeenCalled();
  });

  it("reports a dropped connection as status 0 with a sentence for people", async () => {
    browser.failNext(() => true);
    const error = (await apiGet("/api/categories").catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.isNetworkError).toBe(true);
    expect(error.userMessage).toBe("Could not reach the shop. Check your connection and try again.");
  });

  it("builds one SWR key per list, whatever the order or defaults in the URL", () => {
    const a = productListQueryFrom(
      new URLSearchParams("in_stock=1&ordering=id&skip=0&category=phones&search=%20x%20&variant=spa"),
    );
    const b = productListQueryFrom({ category: "phones", search: "x", in_stock: "true" });
    expect(apiKeys.products(a)).toBe("/api/products?search=x&category=phones&in_stock=true");
    expect(apiKeys.products(b)).toBe(apiKeys.products(a));
    expect(productListQueryFrom({ in_stock: "no" })).toEqual({ in_stock: "false" });
    expect(productListQueryFrom({ in_stock: "maybe" })).toEqual({});
  });
});

function Who() {
  const { user, isLoading } = useMe();
  if (isLoading) return <p>checking</p>;
  return <p>{user ? `user ${user.email}` : "nobody"}</p>;
}

describe("useMe()", () => {
  it("is null when signed out, without sending anyone to sign in", async () => {
    renderWithSWR(<Who />);
    expect(await screen.findByText("nobody")).toBeInTheDocument();
    expect(assign).not.toHaveBeenCalled();
  });

  it("is the signed-in user from the session cookie", async () => {
    const user = await createUser();
    await browser.signIn(user.id);
    renderWithSWR(<Who />);
    expect(await screen.findByText(`user ${user.email}`)).toBeInTheDocument();
  });

  it("uses a server page's fallback for the first paint", () => {
    const fallback: UserJson = {
      id: 7,
      email: "pre@loaded.example",
      name: "Pre",
      role: "user",
      created_at: "2026-01-01T00:00:00.000Z",
    };
    render(
      <SWRConfig
        value={{ provider: () => new Map(), fallback: { [apiKeys.me]: fallback }, revalidateOnMount: false }}
      >
        <Who />
      </SWRConfig>,
    );
    expect(screen.getByText("user pre@loaded.example")).toBeInTheDocument();
  });
});
