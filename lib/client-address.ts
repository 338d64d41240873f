import "server-only";
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";

// Who is calling, by network address: the one place that decides it (sign-in throttling,
// the access log, the gateway's X-Forwarded-For). A request's X-Forwarded-For is believed only
// as far as it was written by proxies this deployment trusts (TRUSTED_PROXIES): walking from
// the connection's own peer leftwards through the header, every hop that is a trusted proxy
// passes the question on; the first address that is not one is the client. With no trusted
// proxies the peer is the client, whatever the header says. (Express's `trust proxy` rule.)
//
// The server computes this once per request from the socket (instrumentation.ts) and hands it
// to the app in CLIENT_ADDRESS_HEADER, overwriting anything a visitor sent under that name.

export const CLIENT_ADDRESS_HEADER = "x-cutover-client-address";
/** "https" when the client reached us over TLS: our own socket, or a trusted proxy's X-Forwarded-Proto. */
export const CLIENT_PROTO_HEADER = "x-cutover-client-proto";

/**
 * The scheme the client used: https on a TLS socket; behind a trusted proxy (one that
 * terminates TLS), what its X-Forwarded-Proto says; otherwise http, whatever a visitor wrote.
 */
export function clientProto(
  peer: string | undefined,
  encrypted: boolean,
  forwardedProto: string | undefined,
  trusted: BlockList,
): "http" | "https" {
  if (encrypted) return "https";
  const claimed = forwardedProto?.split(",")[0]?.trim().toLowerCase();
  return claimed === "https" && isTrusted(normalise(peer ?? ""), trusted) ? "https" : "http";
}

/** "::ffff:10.0.0.1" → "10.0.0.1", so IPv4 rules match IPv4-mapped peers. */
function normalise(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, "");
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

/** The TRUSTED_PROXIES list ("10.0.0.0/8, 127.0.0.1, ::1") as a matcher; throws on a bad entry. */
export function trustedProxies(entries: string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const [address = "", prefix] = raw.trim().split("/");
    const type = isIP(address) === 6 ? "ipv6" : isIP(address) === 4 ? "ipv4" : null;
    if (!type) throw new Error(`not an IP address or CIDR range: ${raw}`);
    if (prefix === undefined) list.addAddress(address, type);
    else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (type === "ipv4" ? 32 : 128)) {
        throw new Error(`bad prefix length in ${raw}`);
      }
      list.addSubnet(address, bits, type);
    }
  }
  return list;
}

/**
 * Whether cookies set on this response must be Secure: whenever the public URL is https, or
 * this request came over https (directly, or through a trusted TLS-terminating proxy).
 */
export function secureCookies(request: { headers: Headers }): boolean {
  return (
    Boolean(env().NEXTAUTH_URL?.startsWith("https://")) ||
    request.headers.get(CLIENT_PROTO_HEADER) === "https"
  );
}

function isTrusted(address: string, trusted: BlockList): boolean {
  const kind = isIP(address);
  return kind !== 0 && trusted.check(address, kind === 6 ? "ipv6" : "ipv4");
}

/** The client's address from the socket's peer and the X-Forwarded-For header, trusting only `trusted`. */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: BlockList,
): string {
  let client = normalise(peer ?? "") || "unknown";
  const hops = (forwardedFor ?? "").split(",").map(normalise).filter(Boolean).reverse();
  for (const hop of hops) {
    if (!isTrusted(client, trusted)) break;
    if (isIP(hop) === 0) break; // garbage from an untrusted writer ends the walk
    client = hop;
  }
  return client;
}

/**
 * A request path that is not valid percent-encoded UTF-8 (`/api/products/%`, `/products/%FF`)
 * makes the framework answer a bare 500 before any route runs. Such a path names nothing:
 * it is sent on as a path that does not exist, so it gets the ordinary 404 (problem+json
 * under /api, the HTML page elsewhere).
 */
export function decodablePath(url: string | undefined): string | undefined {
  if (!url) return url;
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  try {
    decodeURIComponent(path);
    return url;
  } catch {
    return path.startsWith("/api/") ? "/api/invalid-path" : "/invalid-path";
  }
}

let installed = false;

/**
 * Sets CLIENT_ADDRESS_HEADER on every incoming request of this process's HTTP server, from its
 * socket, before the app sees it (Node's `http.server.request.start` channel runs first). Any
 * value a visitor sent under that name is replaced. Undecodable paths are replaced too.
 */
export async function installClientAddressHeader(trusted: BlockList): Promise<void> {
  if (installed) return;
  installed = true;
  const { subscribe } = await import("node:diagnostics_channel");
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as {
      request: { url?: string; headers: Record<string, string | string[] | undefined> };
      socket: { remoteAddress?: string; encrypted?: boolean };
    };
    const proto = request.headers["x-forwarded-proto"];
    request.headers[CLIENT_PROTO_HEADER] = clientProto(
      socket.remoteAddress,
      Boolean(socket.encrypted),
      Array.isArray(proto) ? proto[0] : proto,
      trusted,
    );
    request.url = decodablePath(request.url);
    const forwarded = request.headers["x-forwarded-for"];
    request.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
      socket.remoteAddress,
      Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
      trusted,
    );
  });
}
