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
import { policyForHtml } from "@/lib/http/csp";
import { url } from "@/lib/legacy/urls";
import { productImageUrl } from "@/lib/rules/product-image";
import {
  PAGE_DESCRIPTIONS,
  productDescription,
  productListDescription,
  SHOP_DESCRIPTION,
} from "@/lib/rules/descriptions";

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
  created.addGlobal("url", url);
  // Meta descriptions, the SPA pages' rule (lib/rules/descriptions.ts).
  created.addGlobal("shop_description", SHOP_DESCRIPTION);
  created.addGlobal("page_descriptions", PAGE_DESCRIPTIONS);
  created.addGlobal("product_description", productDescription);
  created.addGlobal("product_list_description", productListDescription);
  created.addExtension("CsrfTokenTag", new CsrfTokenTag());
  environment = created;
  return created;
}

export function renderTemplate(name: string, context: Record<string, unknown> = {}): string {
  return legacyEnvironment().render(name, context);
}

export function htmlResponse(html: string, status = 200, headers?: HeadersInit): Response {
  const all = new Headers(headers);
  all.set("Content-Type", "text/html; charset=utf-8");
  // Every page carries the visitor's name, cart and CSRF token: never for shared caches. Not
  // no-store: that keeps the page out of the back/forward cache; no-cache still revalidates.
  if (!all.has("Cache-Control")) all.set("Cache-Control", "private, no-cache");
  // The page's own inline scripts by hash, nothing else inline (lib/http/csp.ts).
  if (!all.has("Content-Security-Policy")) all.set("Content-Security-Policy", policyForHtml(html));
  return new Response(html, { status, headers: all });
}
