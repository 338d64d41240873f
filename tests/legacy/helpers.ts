import * as catchAll from "@/app/legacy/[...path]/route";
import * as cart from "@/app/legacy/cart/route";
import * as checkout from "@/app/legacy/checkout/route";
import * as login from "@/app/legacy/login/route";
import * as logout from "@/app/legacy/logout/route";
import * as orders from "@/app/legacy/orders/route";
import * as productDetail from "@/app/legacy/products/[id]/route";
import * as products from "@/app/legacy/products/route";
import { sameOrigin } from "@/tests/helpers/fixtures";

// A very small browser for the legacy pages: it keeps cookies as a browser would, sends
// the CSRF token of the last page it saw with every form, and calls the real route
// handlers with real Requests (no server, no mocks).

export const ORIGIN = "http://localhost:3000";

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
type RouteModule = { GET?: Handler; POST?: Handler };

const ROUTES: [RegExp, RouteModule][] = [
  [/^\/legacy\/products$/, products],
  [/^\/legacy\/products\/(?<id>[^/]+)$/, productDetail],
  [/^\/legacy\/cart$/, cart],
  [/^\/legacy\/checkout$/, checkout],
  [/^\/legacy\/login$/, login],
  [/^\/legacy\/logout$/, logout],
  [/^\/legacy\/orders$/, orders],
  [/^\/legacy\/.+$/, catchAll],
];

/** Calls the legacy route handler that Next would pick for this request. */
export async function dispatch(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  for (const [pattern, mod] of ROUTES) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    const handler = request.method === "POST" ? mod.POST : mod.GET;
    if (!handler) return new Response(null, { status: 405 });
    return handler(request, { params: Promise.resolve({ id: decodeURIComponent(match.groups?.id ?? "") }) });
  }
  throw new Error(`no legacy route for ${pathname}`);
}

export interface Page {
  status: number;
  html: string;
  headers: Headers;
  location: string | null;
  setCookies: string[];
}

async function toPage(response: Response): Promise<Page> {
  return {
    status: response.status,
    html: await response.text(),
    headers: response.headers,
    location: response.headers.get("location"),
    setCookies: response.headers.getSetCookie(),
  };
}

export class Browser {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page that had a form. */
  token: string | null = null;

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private remember(page: Page): Page {
    for (const cookie of page.setCookies) {
      const [pair = ""] = cookie.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /;\s*Max-Age=0\b/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    this.token = csrfToken(page.html) ?? this.token;
    return page;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    const response = await dispatch(
      new Request(new URL(path, ORIGIN), { headers: { cookie: this.cookieHeader(), ...headers } }),
    );
    return this.remember(await toPage(response));
  }

  /** Submits a form the way a browser does: same-origin headers, cookies, the page's token. */
  async post(
    path: string,
    fields: Record<string, string | number>,
    options: { token?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const body = new URLSearchParams();
    const token = options.token === undefined ? this.token : options.token;
    if (token) body.set("csrfmiddlewaretoken", token);
    for (const [key, value] of Object.entries(fields)) body.set(key, String(value));
    const response = await dispatch(
      new Request(new URL(path, ORIGIN), {
        method: "POST",
        headers: {
          ...sameOrigin,
          "content-type": "application/x-www-form-urlencoded",
          cookie: this.cookieHeader(),
          ...options.headers,
        },
        body,
      }),
    );
    return this.remember(await toPage(response));
  }
}

// ---- reading pages -----------------------------------------------------------------------

export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&laquo;/g, "«")
    .replace(/&raquo;/g, "»")
    .replace(/&amp;/g, "&");
}

/** The text a visitor reads: no tags, no scripts or styles, entities decoded, spaces collapsed. */
export function visibleText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " "),
  ).trim();
}

/** The texts of the elements marked data-parity="field", in page order. */
export function parity(html: string, field: string): string[] {
  const pattern = new RegExp(`<(\\w+)\\b[^>]*\\bdata-parity="${field}"[^>]*>([\\s\\S]*?)</\\1>`, "g");
  return [...html.matchAll(pattern)].map((m) => visibleText(m[2] ?? ""));
}

export function csrfToken(html: string): string | null {
  return /name="csrfmiddlewaretoken" value="([^"]*)"/.exec(html)?.[1] ?? null;
}

/** Every <form method="post"> … </form> on the page. */
export function postForms(html: string): string[] {
  return [...html.matchAll(/<form\b[^>]*method="post"[\s\S]*?<\/form>/g)].map((m) => m[0]);
}

export function hrefs(html: string): string[] {
  return [...html.matchAll(/\bhref="([^"]*)"/g)].map((m) => decodeEntities(m[1] ?? ""));
}

export function cookieNamed(page: Page, name: string): string | undefined {
  return page.setCookies.find((c) => c.startsWith(`${name}=`));
}
