import { operations } from "@/lib/validation/openapi";
import { FORM_SUCCESSORS, scanMarkdown, scanTemplate, scanTemplates } from "@/lib/migration/scan";

describe("cutover scan", () => {
  const report = scanTemplates();
  const t = (name: string) => report.templates.find((x) => x.template === name)!;

  it("inventories every template with its extends/include graph", () => {
    expect(report.templates.map((x) => x.template)).toEqual(
      expect.arrayContaining([
        "base.html",
        "product_detail.html",
        "product_list.html",
        "cart.html",
        "login.html",
        "orders.html",
      ]),
    );
    expect(t("product_detail.html").extends).toBe("base.html");
    expect(t("product_list.html").includes).toEqual(
      expect.arrayContaining(["partials/product_card.html", "partials/pagination.html"]),
    );
    expect(t("product_detail.html").ledgerRoutes).toEqual(["/products/[id]"]);
  });

  it("lists the context variables a template reads, not its loop variables", () => {
    expect(t("product_detail.html").variables).toEqual([
      "add_to_cart",
      "added",
      "product",
      "related_products",
    ]);
    expect(t("base.html").variables).toEqual(expect.arrayContaining(["user", "cart_count"]));
  });

  it("maps the product page's inline fetch to the deprecated RPC and its REST successor", () => {
    const call = t("product_detail.html").calls.find((c) => c.via === "script")!;
    expect(call).toMatchObject({
      method: "POST",
      url: "/api/cart/add/",
      operation: "legacyCartAdd",
      status: "deprecated-rpc",
      successors: ["addCartItem"],
    });
    expect(t("product_detail.html").todo).toContain(
      "POST /api/cart/add/: deprecated RPC; SPA uses addCartItem",
    );
  });

  it("resolves form actions written with url() and maps legacy form handlers to REST operations", () => {
    const cartForms = t("cart.html").calls.filter((c) => c.via === "form");
    expect(cartForms.map((c) => `${c.method} ${c.url}`)).toEqual(
      expect.arrayContaining(["POST /legacy/cart", "POST /legacy/checkout"]),
    );
    expect(cartForms.find((c) => c.url === "/legacy/checkout")!.successors).toEqual(["checkout"]);
  });

  it("only names successors that exist in the OpenAPI document", () => {
    const ids = new Set(operations.map((o) => o.operationId));
    for (const list of Object.values(FORM_SUCCESSORS)) for (const id of list) expect(ids).toContain(id);
  });

  it("flags URLs with no REST equivalent and template data interpolated into scripts", () => {
    const r = scanTemplate(
      "fixture.html",
      `{% extends "base.html" %}<script>var id = {{ product.id }}; fetch("/api/getProducts")</script>
       <form method="post" action="/legacy/wishlist"></form>`,
    );
    expect(r.calls.map((c) => c.status)).toEqual(["no-rest-equivalent", "no-rest-equivalent"]);
    expect(r.todo).toEqual([
      "GET /api/getProducts: no REST equivalent yet",
      "POST /legacy/wishlist: no REST equivalent yet",
      "inline script at line 1 interpolates template data; pass it via json_script",
    ]);
  });

  it("renders a Markdown report", () => {
    const md = scanMarkdown(report);
    expect(md).toMatch(/^# Legacy template inventory/);
    expect(md).toContain("| script (line");
    expect(md).toContain("`legacyCartAdd`");
  });
});
