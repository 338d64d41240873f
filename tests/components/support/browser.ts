import { apiFetch, BASE } from "@/tests/helpers/app";
import { sessionCookie } from "@/tests/helpers/fixtures";

// The component tests' window.fetch: a browser in front of the REAL route handlers
// (tests/helpers/app.ts routes each request in-process to app/api/**/route.ts, over the
// test file's own database). Like a browser it keeps cookies (the guest cart, the session),
// and marks its requests same-origin. Tests can hold a request back (to see an optimistic
// update before the answer) or drop the connection (to see the offline state and retry);
// what answers is always the real handler, never a made-up response.

export interface SentRequest {
  method: string;
  path: string;
  headers: Headers;
}

type Matcher = (request: { method: string; path: string }) => boolean;

interface Gate {
  matches: Matcher;
  opened: Promise<void>;
}

export interface TestBrowser {
  readonly requests: SentRequest[];
  cookie(name: string): string | undefined;
  /** Signs this browser in as the user: a real next-auth session cookie. */
  signIn(userId: number): Promise<void>;
  signOut(): void;
  /** Requests matching are sent to the handler only after release(). */
  hold(matches: Matcher): { release(): void };
  /** The next `times` matching requests fail as a dropped connection does. */
  failNext(matches: Matcher, times?: number): void;
  /** Calls the API directly as this browser (set-up in tests), JSON in and out. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

const SAFE = new Set(["GET", "HEAD"]);

export function installBrowser(): TestBrowser {
  const jar = new Map<string, string>();
  const requests: SentRequest[] = [];
  const gates: Gate[] = [];
  const failures: { matches: Matcher; times: number }[] = [];

  const browserFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const incoming = input instanceof Request ? input : new Request(new URL(String(input), BASE), init);
    const url = new URL(incoming.url);
    const method = incoming.method.toUpperCase();
    const headers = new Headers(incoming.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    headers.set("sec-fetch-site", "same-origin");
    if (!SAFE.has(method)) headers.set("origin", BASE);
    const body = SAFE.has(method) ? undefined : await incoming.text();
    const path = url.pathname + url.search;
    requests.push({ method, path, headers });

    const failure = failures.find((f) => f.times > 0 && f.matches({ method, path }));
    if (failure) {
      failure.times--;
      throw new TypeError("Failed to fetch");
    }
    const gate = gates.find((g) => g.matches({ method, path }));
    if (gate) await gate.opened;

    const response = await apiFetch(new Request(url, { method, headers, body: body || undefined }));
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = setCookie.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  globalThis.fetch = browserFetch as typeof fetch;

  return {
    requests,
    cookie: (name) => jar.get(name),
    async signIn(userId) {
      const [pair = ""] = (await sessionCookie(userId)).split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    },
    signOut() {
      for (const name of [...jar.keys()]) if (name.includes("next-auth")) jar.delete(name);
    },
    hold(matches) {
      let release = () => undefined as void;
      const opened = new Promise<void>((resolve) => {
        release = resolve;
      });
      const gate: Gate = { matches, opened };
      gates.push(gate);
      return {
        release() {
          gates.splice(gates.indexOf(gate), 1);
          release();
        },
      };
    },
    failNext(matches, times = 1) {
      failures.push({ matches, times });
    },
    call(method, path, body, headers = {}) {
      return browserFetch(path, {
        method,
        headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
  };
}

/** Matches requests by method and path prefix: `request("PATCH", "/api/cart/items/")`. */
export function request(method: string, pathPrefix: string): Matcher {
  return (r) => r.method === method && r.path.startsWith(pathPrefix);
}
