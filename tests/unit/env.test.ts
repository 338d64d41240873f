describe("lib/env", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
  });

  async function load(vars: Record<string, string | undefined>) {
    process.env = { ...saved, ...vars } as NodeJS.ProcessEnv;
    jest.resetModules();
    const { env } = await import("@/lib/env");
    return env();
  }

  it("treats empty strings as unset", async () => {
    const e = await load({ DATABASE_URL: "", REDIS_URL: "", CORS_ORIGINS: "" });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.REDIS_URL).toBeUndefined();
    expect(e.corsOrigins).toEqual([]);
  });

  it("names the variable that is wrong", async () => {
    await expect(load({ DATABASE_URL: "mysql://x" })).rejects.toThrow(/DATABASE_URL: must be a postgres/);
    await expect(load({ LEGACY_ORIGIN: "not a url" })).rejects.toThrow(/LEGACY_ORIGIN/);
  });

  it("names what a production server needs (AUTH_SECRET, NEXTAUTH_URL), which scripts do not, and never seeds demo users there by default", async () => {
    const { serverConfigProblems } = await import("@/lib/env");
    expect(serverConfigProblems({ NODE_ENV: "production" } as NodeJS.ProcessEnv)).toEqual([
      expect.stringMatching(/^  AUTH_SECRET: required in production/),
      expect.stringMatching(/^  NEXTAUTH_URL: required in production/),
    ]);
    expect(
      serverConfigProblems({
        NODE_ENV: "production",
        AUTH_SECRET: "x".repeat(40),
        NEXTAUTH_URL: "https://s.example",
      } as NodeJS.ProcessEnv),
    ).toEqual([]);
    expect(serverConfigProblems({ NODE_ENV: "development" } as NodeJS.ProcessEnv)).toEqual([]);
    // A migration job in production needs neither.
    const script = await load({ NODE_ENV: "production", AUTH_SECRET: undefined, NEXTAUTH_URL: undefined });
    expect(script.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    await expect(
      load({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(40), NEXTAUTH_URL: "not a url" }),
    ).rejects.toThrow(/NEXTAUTH_URL/);
    const e = await load({
      NODE_ENV: "production",
      AUTH_SECRET: "x".repeat(40),
      NEXTAUTH_URL: "https://shop.example",
    });
    expect(e.seedOnStart).toBe(false);
  });

  it("reads the old apps in ORIGINS, with LEGACY_ORIGIN as the default one, and names what is wrong", async () => {
    const e = await load({
      LEGACY_ORIGIN: "http://monolith:8000",
      ORIGINS: JSON.stringify({
        orders: { url: "http://orders:9000", routes: ["orders"], apiPrefixes: ["/api/reports"] },
      }),
    });
    expect(e.origins).toEqual([
      {
        name: "orders",
        url: "http://orders:9000",
        routes: ["orders"],
        apiPrefixes: ["/api/reports"],
        timeoutMs: 10_000,
        headers: [],
        cookies: [],
        maxBodyBytes: 10_000_000,
      },
      {
        name: "legacy",
        url: "http://monolith:8000",
        routes: [],
        apiPrefixes: [],
        timeoutMs: 10_000,
        headers: [],
        cookies: [],
        maxBodyBytes: 10_000_000,
      },
    ]);
    await expect(load({ ORIGINS: "{orders:" })).rejects.toThrow(/ORIGINS: must be JSON/);
    await expect(load({ ORIGINS: JSON.stringify({ orders: { url: "x" } }) })).rejects.toThrow(
      /ORIGINS\.orders\.url: must be a URL/,
    );
    await expect(
      load({ ORIGINS: JSON.stringify({ orders: { url: "http://o", apiPrefixes: ["/reports"] } }) }),
    ).rejects.toThrow(/ORIGINS\.orders\.apiPrefixes\.0: must look like "\/api\/reports"/);
    await expect(
      load({ ORIGINS: JSON.stringify({ orders: { url: "http://o", colour: 1 } }) }),
    ).rejects.toThrow(/colour/);
  });

  it("parses the CORS allow-list", async () => {
    const e = await load({ CORS_ORIGINS: "https://a.example, https://b.example/" });
    expect(e.corsOrigins).toEqual(["https://a.example", "https://b.example"]);
  });

  it("parses TRUSTED_PROXIES and names a bad entry", async () => {
    expect((await load({ TRUSTED_PROXIES: "10.0.0.0/8, ::1,127.0.0.1" })).trustedProxies).toEqual([
      "10.0.0.0/8",
      "::1",
      "127.0.0.1",
    ]);
    await expect(load({ TRUSTED_PROXIES: "10.0.0.0/8,lb.internal" })).rejects.toThrow(
      /TRUSTED_PROXIES: "lb.internal" is not an IP address or CIDR range/,
    );
    await expect(load({ READ_CACHE: "sometimes" })).rejects.toThrow(/READ_CACHE: must be on or off/);
  });
});
