import { createHash, randomBytes } from "node:crypto";

// The Content-Security-Policy of every page Cutover renders. Scripts run only from this
// origin, or inline when the policy names them: by a fresh nonce per request where the page is
// rendered for this request (legacy templates put it on their scripts, Next on its own), by
// hash where one HTML goes to many visitors (SPA pages from the shared page cache: the hashes
// of the scripts that carried the nonce of the render that made it).
// Pages that old apps serve through the gateway keep their own policy.

/** The policy, allowing inline scripts by these sources ('sha256-…' or 'nonce-…'). */
export function contentSecurityPolicy(scriptSources: string[]): string {
  const development = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    // Next's development server evaluates modules and talks over a websocket.
    `script-src 'self'${scriptSources.length ? ` ${scriptSources.join(" ")}` : ""}${development ? " 'unsafe-eval'" : ""}`,
    // React and Swagger UI set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/**
 * 'sha256-…' of a page's inline scripts, exactly as the browser hashes them: with `nonce`, only
 * those carrying it (the ones the render itself emitted: a script that slipped into the page's
 * data cannot know a nonce made for that render), else every one (a page of our own text).
 */
export function inlineScriptHashes(html: string, nonce?: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes = "", body] of html.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    if (nonce !== undefined && !attributes.includes(` nonce="${nonce}"`)) continue;
    hashes.add(
      `'sha256-${createHash("sha256")
        .update(body ?? "", "utf8")
        .digest("base64")}'`,
    );
  }
  return [...hashes];
}

/** The policy for a page of our own text (no data in it): its inline scripts by hash. */
export function policyForHtml(html: string): string {
  return contentSecurityPolicy(inlineScriptHashes(html));
}

/** A fresh nonce for one response. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}
