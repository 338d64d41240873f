/** @jest-environment node */
import { CacheUnavailableError, circuitBreaker } from "@/lib/cache/store";

// The breaker in front of Redis: after a few failures in a row it answers at once for a
// while (no request waits on a dead cache), then lets one probe through. Needs no Redis.
describe("cache circuit breaker", () => {
  const fail = () => Promise.reject(new Error("timed out"));

  it("opens after the threshold, fails fast while open, and closes after a good probe", async () => {
    const breaker = circuitBreaker({ threshold: 3, openMs: 200 });
    for (let i = 0; i < 3; i++) await expect(breaker.run(fail)).rejects.toThrow("timed out");
    expect(breaker.open).toBe(true);

    let called = false;
    await expect(
      breaker.run(async () => {
        called = true;
        return 1;
      }),
    ).rejects.toBeInstanceOf(CacheUnavailableError);
    expect(called).toBe(false);

    await new Promise((r) => setTimeout(r, 220));
    await expect(breaker.run(async () => "pong")).resolves.toBe("pong");
    expect(breaker.open).toBe(false);
  });

  it("lets a single probe through at a time, and a failed probe opens it again", async () => {
    const breaker = circuitBreaker({ threshold: 1, openMs: 100 });
    await expect(breaker.run(fail)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 120));
    let release!: () => void;
    const probe = breaker.run(
      () => new Promise<void>((_, reject) => (release = () => reject(new Error("still down")))),
    );
    await expect(breaker.run(async () => 1)).rejects.toBeInstanceOf(CacheUnavailableError);
    release();
    await expect(probe).rejects.toThrow("still down");
    expect(breaker.open).toBe(true);
    await expect(breaker.run(async () => 1)).rejects.toBeInstanceOf(CacheUnavailableError);
  });

  it("does not open on failures that are not consecutive", async () => {
    const breaker = circuitBreaker({ threshold: 2, openMs: 1_000 });
    await expect(breaker.run(fail)).rejects.toThrow();
    await breaker.run(async () => undefined);
    await expect(breaker.run(fail)).rejects.toThrow();
    expect(breaker.open).toBe(false);
  });
});
