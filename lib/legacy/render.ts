import "server-only";
import path from "node:path";
import nunjucks from "nunjucks";
import { env } from "@/lib/env";
import { CSRF_FIELD } from "@/lib/legacy/csrf";
import {
  date,
  escapeHtml,
  floatformat,
  jsonScript,
  money,
  pluralize,
  pyDefault,
  truncatewords,
} from "@/lib/legacy/filters";
import { contentSecurityPolicy } from "@/lib/http/csp";
import { url } from "@/lib/legacy/urls";
import { PRODUCT_IMAGE_HEIGHT, PRODUCT_IMAGE_WIDTH, productImageUrl } from "@/lib/rules/product-image-url";
import {
  PAGE_DESCRIPTIONS,
  productDescription,
  productListDescription,
  SHOP_DESCRIPTION,
} from "@/lib/rules/descriptions";

/** What every template may use besides its context (the scanner knows these names too). */
export const TEMPLATE_GLOBALS = {
  url,
  // Meta descriptions, the SPA pages' rule (lib/rules/descriptions.ts).
  shop_description: SHOP_DESCRIPTION,
  page_descriptions: PAGE_DESCRIPTIONS,
  product_description: productDescription,
  product_list_description: productListDescription,
  // The pictures' size, as the SPA sets it (lib/rules/product-image-url.ts).
  image_width: PRODUCT_IMAGE_WIDTH,
  image_height: PRODUCT_IMAGE_HEIGHT,
};

export const TEMPLATES_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "legacy-templates");

// The slice of nunjucks' (undocumented) extension API that a one-word tag needs.
interface TagParser {
  nextToken(): { value: string };
  advanceAfterBlockEnd(name: string): void;
}
interface TagNodes {
  CallExtension: new (extension: object, method: string, args: null, contentArgs: unknown[]) => unknown;
}

/** Django's `{% csrf_token %}`: the hidden form field carrying the page's CSRF token. */
class CsrfTokenTag implements nunjucks.Extension {
  tags = ["csrf_token"];
  parse(parser: TagParser, nodes: TagNodes): unknown {
    const token = parser.nextToken();
    parser.advanceAfterBlockEnd(token.value);
    return new nodes.CallExtension(this, "run", null, []);
  }
  run(context: { ctx: Record<string, unknown> }): InstanceType<typeof nunjucks.runtime.SafeString> {
    const value = context.ctx.csrf_token;
    const token = typeof value === "string" ? escapeHtml(value) : "";
    return new nunjucks.runtime.SafeString(`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`);
  }
}

let environment: nunjucks.Environment | undefined;

export function legacyEnvironment(): nunjucks.Environment {
  if (environment) return environment;
  // Templates are compiled once and cached, except in development where edits show at once.
  const noCache = env().NODE_ENV === "development";
  const loader = new nunjucks.FileSystemLoader(/*turbopackIgnore: true*/ TEMPLATES_DIR, { noCache });
  const created = new nunjucks.Environment(loader, {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  created.addFilter("floatformat", floatformat);
  created.addFilter("date", date);
  created.addFilter("default", pyDefault);
  created.addFilter("truncatewords", truncatewords);
  created.addFilter("pluralize", pluralize);
  created.addFilter("json_script", jsonScript);
  created.addFilter("money", money);
  // `{{ product|product_image_url }}`: the SPA cards' picture URL, from the same rule.
  created.addFilter("product_image_url", productImageUrl);
  for (const [name, value] of Object.entries(TEMPLATE_GLOBALS)) created.addGlobal(name, value);
  created.addExtension("CsrfTokenTag", new CsrfTokenTag());
  environment = created;
  return created;
}

export function renderTemplate(name: string, context: Record<string, unknown> = {}): string {
  return legacyEnvironment().render(name, context);
}

/**
 * A rendered page as a response. `nonce` is the one its inline scripts carry
 * (`<script nonce="{{ csp_nonce }}">`): only those run. Hashing whatever scripts a page turned
 * out to contain would also allow one that slipped past escaping.
 */
export function htmlResponse(html: string, status = 200, headers?: HeadersInit, nonce?: string): Response {
  const all = new Headers(headers);
  all.set("Content-Type", "text/html; charset=utf-8");
  // Every page carries the visitor's name, cart and CSRF token: never for shared caches. Not
  // no-store: that keeps the page out of the back/forward cache; no-cache still revalidates.
  if (!all.has("Cache-Control")) all.set("Cache-Control", "private, no-cache");
  if (!all.has("Content-Security-Policy")) {
    all.set("Content-Security-Policy", contentSecurityPolicy(nonce ? [`'nonce-${nonce}'`] : []));
  }
  return new Response(html, { status, headers: all });
}
