import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ledger from "@/migration.config";
import { operations } from "@/lib/validation/openapi";
import {
  checkParityMarks,
  FORM_SUCCESSORS,
  scanExitCode,
  scanMarkdown,
  scanTemplate,
  scanTemplates,
} from "@/lib/migration/scan";

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

describe("cutover scan: parity marks", () => {
  const BASE = `<!DOCTYPE html><html><head><title>{% block title %}Shop{% endblock %}</title>
<meta name="description" content="{% block description %}{% endblock %}"></head>
<body><header><span id="cart-count">{{ cart_count }}</span> {{ user.name }}</header>
<main>{% block content %}{% endblock %}</main>{% block scripts %}{% endblock %}</body></html>`;

  const PAGE = [
    /* 1 */ `{% extends "base.html" %}`,
    /* 2 */ `{% block title %}{{ product.name }}{% endblock %}`,
    /* 3 */ `{% block description %}{{ product.description }}{% endblock %}`,
    /* 4 */ `{% block content %}`,
    /* 5 */ `<h1 data-parity="name">{{ product.name }}</h1>`,
    /* 6 */ `<h2>{{ product.category.name|default("the shop") }}</h2>`,
    /* 7 */ `<p data-parity="price"><span class="price">{{ product.price|money }}</span></p>`,
    /* 8 */ `<a href="{{ url('product_detail', product.id) }}" title="{{ product.name }}" data-id="{{ product.id }}">{{ url('product_detail', product.id) }}</a>`,
    /* 9 */ `<table>{% for line in cart.items %}<tr><td data-parity="line-name">{{ line.name }}</td>`,
    /* 10 */ `<td>{{ line.unit_price|money }}</td>`,
    /* 11 */ `<td><label>Quantity of {{ line.name }} <input value="{{ line.quantity }}"></label><span class="visually-hidden">{{ line.stock }}</span></td></tr>{% endfor %}</table>`,
    /* 12 */ `<p>{{ total }} products · {{ error }}{% for link in pagination.pages %} {{ link.number }}{% endfor %}</p>`,
    /* 13 */ `<ul>{% for p in related_products %}<li>{% include "partials/card.html" %}</li>`,
    /* 14 */ `<li data-parity="card">{% include "partials/card.html" %}</li>{% endfor %}</ul>`,
    /* 15 */ `<!-- {{ product.name }} -->{% set first = cart.items|first %}<p>{{ first.name }}</p>`,
    /* 16 */ `{% endblock %}`,
    /* 17 */ `{% block scripts %}{{ product|json_script("data") }}<script>var id = {{ product.id }};</script>{% endblock %}`,
  ].join("\n");
  const CARD = `<article>\n  <h3>{{ p.name }}</h3>\n</article>`;
  const fixture: Record<string, string> = {
    "base.html": BASE,
    "page.html": PAGE,
    "partials/card.html": CARD,
  };
  const entry = { id: "fixture", legacy: "page.html", parity: ["name", "line-name", "sku"] };

  it("fails every unmarked output of product, cart or order data, naming template, line and expression", () => {
    const { page, findings } = checkParityMarks(entry, (name) => fixture[name] ?? null);
    expect(findings.map((f) => [f.rule, f.template, f.line, f.expression])).toEqual([
      ["unmarked-data-output", "page.html", 6, `{{ product.category.name|default("the shop") }}`],
      ["unmarked-data-output", "page.html", 10, "{{ line.unit_price|money }}"],
      // A visually hidden text or label is exempt only when it repeats a marked value (line.name is).
      ["unmarked-data-output", "page.html", 11, "{{ line.stock }}"],
      // A partial inherits the loop's data names; included in a marked <li> it is fine, in a bare one not.
      ["unmarked-data-output", "partials/card.html", 2, "{{ p.name }}"],
      // {% set %} of data is data.
      ["unmarked-data-output", "page.html", 15, "{{ first.name }}"],
      ["unmarked-ledger-field", "page.html", null, "sku"],
    ]);
    expect(findings.every((f) => f.severity === "error" && f.route === "fixture")).toBe(true);
    expect(findings[1]!.message).toBe(
      "page.html line 10: {{ line.unit_price|money }} shows product, cart or order data outside any element with data-parity",
    );
    // The chrome (base.html's cart count and user name) is not the page's data.
    expect(page.templates).toEqual(["page.html", "partials/card.html"]);
    expect(page.names).toEqual(["card", "line-name", "name", "price"]);
  });

  it("passes once every data output is marked", () => {
    const fixed: Record<string, string> = {
      ...fixture,
      "page.html": PAGE.replace("<h2>", '<h2 data-parity="category">')
        .replace("<td>{{ line.unit_price", '<td data-parity="line-price">{{ line.unit_price')
        .replace(
          '<span class="visually-hidden">{{ line.stock }}',
          '<span data-parity="line-stock">{{ line.stock }}',
        )
        .replace("<li>{% include", '<li data-parity="related">{% include')
        .replace("<p>{{ first.name }}", '<p data-parity="first">{{ first.name }}'),
      "partials/card.html": CARD,
    };
    const { findings } = checkParityMarks({ ...entry, parity: ["name"] }, (name) => fixed[name] ?? null);
    expect(findings).toEqual([]);
  });

  it("makes the scan fail (exit 1) on a directory with an unmarked data output, and reports it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cutover-scan-"));
    try {
      mkdirSync(path.join(dir, "partials"));
      for (const [name, source] of Object.entries(fixture)) writeFileSync(path.join(dir, name), source);
      const report = scanTemplates(dir, [entry]);
      expect(report.summary.errors).toBe(6);
      expect(scanExitCode(report)).toBe(1);
      const md = scanMarkdown(report);
      expect(md).toContain("**6 errors**");
      expect(md).toContain("- **error** `page.html` line 10 (route fixture): `{{ line.unit_price|money }}`");
      expect(md).toContain("- **error** `partials/card.html` line 2 (route fixture): `{{ p.name }}`");
      expect(t(report, "page.html").parity).toEqual(["card", "line-name", "name", "price"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("passes on the real ledger templates, with the fields each page marks", () => {
    const report = scanTemplates();
    expect(report.findings).toEqual([]);
    expect(report.summary.errors).toBe(0);
    expect(scanExitCode(report)).toBe(0);
    expect(report.parity.map((p) => p.route)).toEqual(ledger.map((e) => e.id));
    const names = (route: string) => report.parity.find((p) => p.route === route)!.names;
    expect(names("product-detail")).toEqual(
      expect.arrayContaining(["category", "related-category", "related-name", "related-price"]),
    );
    expect(names("cart")).toEqual(
      expect.arrayContaining(["line-price", "line-quantity", "line-availability", "cart-quantity"]),
    );
    expect(names("orders")).toEqual(
      expect.arrayContaining(["order-placed", "item-name", "item-quantity", "item-price", "item-total"]),
    );
    for (const p of report.parity) expect(p.dataOutputs).toBeGreaterThan(0);
    expect(scanMarkdown(report)).toContain("every product, cart and order output of the ledger pages");
  });
});

function t(report: ReturnType<typeof scanTemplates>, name: string) {
  return report.templates.find((x) => x.template === name)!;
}
