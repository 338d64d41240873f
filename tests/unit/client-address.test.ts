/** @jest-environment node */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  decodablePath,
  CLIENT_ADDRESS_HEADER,
  CLIENT_PROTO_HEADER,
  clientAddress,
  clientProto,
  secureCookies,
  installClientAddressHeader,
  trustedProxies,
} from "@/lib/client-address";

describe("clientAddress: X-Forwarded-For believed only from trusted proxies", () => {
  const none = trustedProxies([]);
  const lb = trustedProxies(["10.0.0.0/8", "::1"]);

  it("is the peer when no proxy is trusted, whatever the header says", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", none)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", undefined, none)).toBe("203.0.113.9");
  });

  it("walks from the peer leftwards through trusted hops to the first untrusted address", () => {
    // client → 10.0.0.7 (our proxy) → 10.0.0.8 (our load balancer) → app
    expect(clientAddress("10.0.0.8", "198.51.100.4, 10.0.0.7", lb)).toBe("198.51.100.4");
    // A client that sends its own X-Forwarded-For cannot choose its address:
    expect(clientAddress("10.0.0.8", "1.2.3.4, 198.51.100.4, 10.0.0.7", lb)).toBe("198.51.100.4");
    // nor can an untrusted peer that claims to be a proxy:
    expect(clientAddress("198.51.100.4", "1.2.3.4", lb)).toBe("198.51.100.4");
    expect(clientAddress("::1", "not-an-ip", lb)).toBe("::1");
  });

  it("refuses a bad TRUSTED_PROXIES entry", () => {
    expect(() => trustedProxies(["10.0.0.0/33"])).toThrow(/prefix/);
    expect(() => trustedProxies(["proxy.internal"])).toThrow(/not an IP/);
  });
});

describe("clientProto and secure cookies behind a TLS-terminating proxy", () => {
  const lb = trustedProxies(["10.0.0.0/8"]);
  it("believes X-Forwarded-Proto only from a trusted proxy", () => {
    expect(clientProto("10.0.0.8", false, "https", lb)).toBe("https");
    expect(clientProto("10.0.0.8", false, "https, http", lb)).toBe("https");
    expect(clientProto("198.51.100.4", false, "https", lb)).toBe("http");
    expect(clientProto("198.51.100.4", true, undefined, lb)).toBe("https");
    expect(clientProto("10.0.0.8", false, undefined, lb)).toBe("http");
  });
  it("makes cookies Secure when the client came over https, or the public URL is https", () => {
    // The test environment's public URL is http.
    expect(secureCookies({ headers: new Headers({ [CLIENT_PROTO_HEADER]: "https" }) })).toBe(true);
    expect(secureCookies({ headers: new Headers({ [CLIENT_PROTO_HEADER]: "http" }) })).toBe(false);
    expect(secureCookies({ headers: new Headers() })).toBe(false);
  });
});

describe("installClientAddressHeader on a real HTTP server", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    await installClientAddressHeader(trustedProxies([]));
    server = createServer((req, res) =>
      res.end(`${String(req.headers[CLIENT_ADDRESS_HEADER])} ${String(req.headers[CLIENT_PROTO_HEADER])}`),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sets the address from the socket, replacing what the client sent", async () => {
    const res = await fetch(url, {
      headers: {
        [CLIENT_ADDRESS_HEADER]: "6.6.6.6",
        [CLIENT_PROTO_HEADER]: "https",
        "x-forwarded-for": "7.7.7.7",
        "x-forwarded-proto": "https",
      },
    });
    // Not a trusted proxy: neither its X-Forwarded-For nor its X-Forwarded-Proto counts.
    expect(await res.text()).toBe("127.0.0.1 http");
  });
});

describe("decodablePath: a path that is not valid percent-encoded UTF-8 names nothing", () => {
  it.each([
    ["/api/products/%", "/api/invalid-path"],
    ["/api/products/%E0%A4%A?x=1", "/api/invalid-path"],
    ["/api/%ZZ", "/api/invalid-path"],
    ["/products/%FF", "/invalid-path"],
    ["/legacy/products/%", "/invalid-path"],
  ])("%s → %s (an ordinary 404)", (url, expected) => {
    expect(decodablePath(url)).toBe(expected);
  });

  it.each(["/api/products/5", "/products?search=%E0%A4%A", "/products/caf%C3%A9", "/api/products?search=%"])(
    "leaves %s alone (queries are parsed leniently later)",
    (url) => {
      expect(decodablePath(url)).toBe(url);
    },
  );
});
