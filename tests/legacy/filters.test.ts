import { formatPrice } from "@/app/_components/price";
import {
  date,
  floatformat,
  jsonScript,
  money,
  pluralize,
  pyDefault,
  truncatewords,
} from "@/lib/legacy/filters";
import { legacyEnvironment, renderTemplate } from "@/lib/legacy/render";
import { loginUrl, publicPath, safeNext, url } from "@/lib/legacy/urls";

const render = (source: string, context: Record<string, unknown> = {}) =>
  legacyEnvironment().renderString(source, context);

describe("floatformat (Django semantics)", () => {
  it.each([
    [34.23234, undefined, "34.2"],
    [34.0, undefined, "34"],
    [34.26, undefined, "34.3"],
    [34.23234, 3, "34.232"],
    [34.0, 3, "34.000"],
    [5999, 2, "5999.00"],
    [5999, "2", "5999.00"],
    [34.23234, "-3", "34.232"],
    [34.0, "-3", "34"],
    [34.5, 0, "35"],
    [1.005, 2, "1.01"], // half up on the decimal value, not the binary float
    [0.125, 2, "0.13"],
    [-0.001, 2, "0.00"],
    [-34.26, 1, "-34.3"],
    [1234567.891, "2g", "1,234,567.89"],
    [1e21, 0, "1000000000000000000000"],
    ["9999.99", 1, "10000.0"],
  ])("%p|floatformat(%p) → %p", (value, arg, expected) => {
    expect(arg === undefined ? floatformat(value) : floatformat(value, arg)).toBe(expected);
  });

  it("gives an empty string for what is not a number, and the input for a bad argument", () => {
    expect(floatformat("abc", 2)).toBe("");
    expect(floatformat(null, 2)).toBe("");
    expect(floatformat(3.5, "x")).toBe("3.5");
  });

  it("is the filter the templates use", () => {
    expect(render("{{ 5999|floatformat(2) }}")).toBe("5999.00");
  });
});

describe("date", () => {
  const when = "2026-03-07T14:05:09.000Z";
  it.each([
    ["Y-m-d H:i", "2026-03-07 14:05"],
    ["N j, Y", "March 7, 2026"],
    ["D, d M Y", "Sat, 07 Mar 2026"],
    ["jS F y, P", "7th March 26, 2:05 p.m."],
    ["\\Y\\e\\a\\r: Y", "Year: 2026"],
    ["c", "2026-03-07T14:05:09+00:00"],
  ])("%p", (format, expected) => {
    expect(date(when, format)).toBe(expected);
  });

  it("abbreviates months AP-style with N and defaults to Django's DATE_FORMAT", () => {
    expect(date("2026-09-01T00:00:00Z", "N")).toBe("Sept.");
    expect(date("2026-01-15T12:00:00Z")).toBe("Jan. 15, 2026");
    expect(date("2026-01-15T12:00:00Z", "P")).toBe("noon");
  });

  it("renders nothing for a missing or invalid date", () => {
    expect(date(null, "Y")).toBe("");
    expect(date("not a date", "Y")).toBe("");
  });
});

describe("default, truncatewords, pluralize", () => {
  it("default replaces every falsy value, as Python's `or`", () => {
    for (const empty of [null, undefined, "", 0, false, []]) expect(pyDefault(empty, "—")).toBe("—");
    expect(pyDefault("x", "—")).toBe("x");
    expect(render('{{ missing|default("none") }} {{ ""|default("blank") }}')).toBe("none blank");
  });

  it("truncatewords keeps N words and appends an ellipsis", () => {
    expect(truncatewords("Joel is a slug", 2)).toBe("Joel is …");
    expect(truncatewords("Joel   is\na slug", 10)).toBe("Joel is a slug");
    expect(truncatewords("Joel is", "x")).toBe("Joel is");
  });

  it("pluralize handles counts, lists, custom suffixes and y,ies", () => {
    expect(pluralize(1)).toBe("");
    expect(pluralize(2)).toBe("s");
    expect(pluralize(0)).toBe("s");
    expect(pluralize("1")).toBe("");
    expect(pluralize([1, 2])).toBe("s");
    expect(pluralize(2, "es")).toBe("es");
    expect(pluralize(1, "y,ies")).toBe("y");
    expect(pluralize(3, "y,ies")).toBe("ies");
    expect(pluralize(3, "a,b,c")).toBe("");
    expect(render('{{ n }} categor{{ n|pluralize("y,ies") }}', { n: 2 })).toBe("2 categories");
  });
});

describe("json_script", () => {
  it("embeds data so that nothing in it can end the script element", () => {
    const hostile = { name: "</script><script>alert(1)</script>", quote: `"'&` };
    const html = jsonScript(hostile, "data").toString();
    expect(html).toBe(
      '<script id="data" type="application/json">' +
        '{"name":"\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E","quote":"\\"\'\\u0026"}' +
        "</script>",
    );
    const json = /<script[^>]*>([\s\S]*)<\/script>/.exec(html)?.[1] ?? "";
    expect(JSON.parse(json)).toEqual(hostile);
  });

  it("is marked safe (not escaped again) and escapes the element id", () => {
    const html = render('{{ data|json_script("a\\"b") }}', { data: [1] });
    expect(html).toBe('<script id="a&quot;b" type="application/json">[1]</script>');
  });
});

describe("money", () => {
  it.each([0, 9.9, 199, 4999.5, 5999, 9999.99, 14999, 1234567.891, 0.005, 0.015, 1.005, 99999999.99, -3.5])(
    "matches the SPA's formatPrice for %p",
    (value) => {
      expect(money(value)).toBe(formatPrice(value));
    },
  );

  it("shows ¥ with thousands separators and two decimals", () => {
    expect(render("{{ 5999|money }}")).toBe("¥5,999.00");
    expect(money("not a price")).toBe("");
  });
});

describe("url and paths", () => {
  it("reverses route names to public paths and form handlers to /legacy", () => {
    expect(url("product_detail", 5)).toBe("/products/5");
    expect(url("product_detail", "12")).toBe("/products/12");
    expect(url("product_list")).toBe("/products");
    expect(url("cart_form")).toBe("/legacy/cart");
    expect(render('{{ url("product_detail", id) }}', { id: 7 })).toBe("/products/7");
  });

  it("fails loudly on an unknown name or a bad id (a template bug)", () => {
    expect(() => url("nope")).toThrow(/NoReverseMatch/);
    expect(() => url("product_detail", "../admin")).toThrow(/NoReverseMatch/);
  });

  it("maps a legacy request to its public path and builds sign-in links", () => {
    expect(publicPath(new URL("http://x/legacy/products/5?added=1"))).toBe("/products/5?added=1");
    expect(publicPath(new URL("http://x/legacy"))).toBe("/");
    expect(loginUrl("/products?category=phones&skip=10")).toBe(
      "/login?next=/products%3Fcategory%3Dphones%26skip%3D10",
    );
  });

  it("only accepts next targets on this site", () => {
    expect(safeNext("/orders")).toBe("/orders");
    expect(safeNext("/products?x=1")).toBe("/products?x=1");
    for (const bad of [
      "//evil.example",
      "/\\evil.example",
      "https://evil.example",
      "orders",
      "/a\r\nb",
      "",
      null,
    ]) {
      expect(safeNext(bad)).toBeNull();
    }
  });
});

describe("the environment", () => {
  it("autoescapes every value", () => {
    expect(render("<p>{{ v }}</p>", { v: `<script>alert(1)</script>"'&` })).toBe(
      "<p>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</p>",
    );
  });

  it("renders {% csrf_token %} as the hidden form field, escaped", () => {
    expect(render("{% csrf_token %}", { csrf_token: 'ab"c' })).toBe(
      '<input type="hidden" name="csrfmiddlewaretoken" value="ab&quot;c">',
    );
  });

  it("renders the templates from legacy-templates/ with the shared layout", () => {
    const html = renderTemplate("404.html", { message: "Nothing <here>", cart_count: 3 });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("Nothing &lt;here&gt;");
    expect(html).toContain('<span id="cart-count">3</span>');
  });
});
