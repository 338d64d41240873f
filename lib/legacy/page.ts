import "server-only";
import { asClientError, toProblem } from "@/lib/http/problem";
import { badRequest } from "@/lib/errors";
import { readBodyBytes } from "@/lib/http/body";
import { cartContext, withCookies, type CartContext } from "@/lib/http/cart-context";
import {
  assertCsrf,
  csrfCookie,
  CSRF_FIELD,
  maskCsrfToken,
  newCsrfSecret,
  readCsrfSecret,
} from "@/lib/legacy/csrf";
import { LOG_USER_HEADER } from "@/lib/http/access";
import { newNonce } from "@/lib/http/csp";
import { htmlResponse, renderTemplate } from "@/lib/legacy/render";
import { loginUrl, publicPath, url } from "@/lib/legacy/urls";
import { SHOP_STYLESHEET } from "@/lib/rules/assets";
import { errorFields, log } from "@/lib/log";
import { getCart, type CartOwner } from "@/lib/services/cart";
import type { CartJson } from "@/lib/validation/cart";

// What every legacy route handler shares: who is asking and whose cart it is (through
// cartContext, as the API does), the CSRF cookie, the context base.html needs, and
// errors turned into HTML pages with their real status — never JSON, never a stack.

export interface RenderOptions {
  status?: number;
  /** The cart when the handler already has it (saves a query for the nav's count). */
  cart?: CartJson;
  headers?: HeadersInit;
}

export class LegacyPage {
  readonly url: URL;
  private csrfSecret: Buffer;
  private newCsrfCookie: string | null = null;

  constructor(
    readonly request: Request,
    /** null only on error pages for requests refused before identifying the visitor. */
    private readonly context: CartContext | null,
  ) {
    this.url = new URL(request.url);
    const existing = readCsrfSecret(request);
    this.csrfSecret = existing ?? newCsrfSecret();
    if (!existing) this.newCsrfCookie = csrfCookie(this.csrfSecret, request);
  }

  get user() {
    return this.context?.user ?? null;
  }

  get owner(): CartOwner {
    return this.context?.owner ?? { guestCartId: null };
  }

  /** A fresh CSRF secret, as Django rotates it on sign-in. */
  rotateCsrf(): void {
    this.csrfSecret = newCsrfSecret();
    this.newCsrfCookie = csrfCookie(this.csrfSecret, this.request);
  }

  private cookies(cart: CartJson | null): string[] {
    const cookies = this.context ? this.context.cookies(cart?.id ?? null) : [];
    return this.newCsrfCookie ? [...cookies, this.newCsrfCookie] : cookies;
  }

  async render(template: string, context: Record<string, unknown>, options: RenderOptions = {}) {
    const cart = options.cart ?? (this.context ? await getCart(this.owner) : null);
    const user = this.user;
    const here = publicPath(this.url);
    // The header's current section, as the SPA header marks it (aria-current="page").
    const section = here.split(/[/?#]/)[1] ?? "";
    // Per render: a legacy page is never shared (lib/http/csp.ts).
    const nonce = newNonce();
    const html = renderTemplate(template, {
      csp_nonce: nonce,
      user: user && { id: user.id, name: user.name || user.email, email: user.email, role: user.role },
      nav_section: section,
      stylesheet_url: SHOP_STYLESHEET,
      cart_count: cart?.total_quantity ?? 0,
      csrf_token: maskCsrfToken(this.csrfSecret),
      request_path: here,
      login_url: loginUrl(here.startsWith(url("login")) ? null : here),
      ...context,
    });
    const response = withCookies(
      htmlResponse(html, options.status ?? 200, options.headers, nonce),
      this.cookies(cart),
    );
    // For the access log only (lib/http/access.ts removes it before sending).
    if (user) response.headers.set(LOG_USER_HEADER, String(user.id));
    return response;
  }

  /** 303 See Other, as Django answers a POSTed form. */
  redirect(location: string, options: { cart?: CartJson; cookies?: string[] } = {}): Response {
    const response = new Response(null, { status: 303, headers: { Location: location } });
    return withCookies(response, [...(options.cookies ?? []), ...this.cookies(options.cart ?? null)]);
  }
}

/** Runs a GET handler. */
export async function legacyView(
  request: Request,
  handler: (page: LegacyPage) => Promise<Response>,
): Promise<Response> {
  let page: LegacyPage | undefined;
  let response: Response;
  try {
    page = new LegacyPage(request, await cartContext(request));
    response = await handler(page);
  } catch (error) {
    response = await errorPage(request, error, page);
  }
  return response;
}

/** Runs a POST form handler: reads the form and checks CSRF before anything else. */
export async function legacyForm(
  request: Request,
  handler: (page: LegacyPage, form: FormFields) => Promise<Response>,
): Promise<Response> {
  let page: LegacyPage | undefined;
  try {
    const form = await readForm(request);
    assertCsrf(request, form.get(CSRF_FIELD));
    page = new LegacyPage(request, await cartContext(request));
    return await handler(page, form);
  } catch (error) {
    return errorPage(request, error, page);
  }
}

/** Form fields as strings (file uploads are ignored: no legacy form has one). */
export class FormFields {
  constructor(private readonly data: FormData) {}
  get(name: string): string | undefined {
    const value = this.data.get(name);
    return typeof value === "string" ? value : undefined;
  }
  /** The fields that were filled in, for zod: an empty input counts as not sent. */
  filled(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of this.data) {
      if (typeof value === "string" && value.trim() !== "" && !(key in out)) out[key] = value.trim();
    }
    return out;
  }
}

async function readForm(request: Request): Promise<FormFields> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw badRequest("Send the form as application/x-www-form-urlencoded.");
  }
  const bytes = await readBodyBytes(request);
  try {
    return new FormFields(await new Response(bytes, { headers: { "content-type": type } }).formData());
  } catch {
    throw badRequest("The form could not be read.");
  }
}

const FALLBACK_500 =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Server error</title></head>' +
  '<body><h1>Something went wrong</h1><p>Please try again. <a href="/products">Products</a></p></body></html>';

const FALLBACK_503 =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Service unavailable</title></head>' +
  "<body><h1>Service unavailable</h1><p>Please try again in a few seconds.</p></body></html>";

export async function errorPage(request: Request, error: unknown, page?: LegacyPage): Promise<Response> {
  let status = 500;
  let message = "Something went wrong on our side. Please try again.";
  let title = "Server error";
  let headers: Record<string, string> | undefined;
  const known = asClientError(error);
  if (known) {
    ({ status, message, headers, title } = known);
  } else {
    // The API's own mapping (it logs the error): a database that is down or not answering is
    // a 503 with Retry-After there, and must be the same here, never a 500.
    const { problem, headers: problemHeaders } = toProblem(
      error,
      new URL(request.url).pathname,
      crypto.randomUUID(),
    );
    if (problem.status === 503) {
      status = 503;
      title = "Service unavailable";
      message = "The shop is briefly unavailable. Please try again in a few seconds.";
      headers = problemHeaders;
    }
  }
  const template = status === 404 ? "404.html" : "error.html";
  const context = { status, message, title };
  // While the database is unavailable, do not ask it for the nav's cart count: that would
  // wait out another timeout before the error page.
  const first = status === 503 ? new LegacyPage(request, null) : (page ?? new LegacyPage(request, null));
  try {
    return await first.render(template, context, { status, headers });
  } catch (renderError) {
    // The page itself failed (e.g. the database is down while loading the cart count).
    log.error("legacy error page failed", errorFields(renderError));
    try {
      return await new LegacyPage(request, null).render(template, context, { status, headers });
    } catch {
      return status === 503 ? htmlResponse(FALLBACK_503, 503, headers) : htmlResponse(FALLBACK_500, 500);
    }
  }
}
