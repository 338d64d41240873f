import { DRAIN_BYTES, readBodyBytes, readBodyText } from "@/lib/http/body";

// A streamed body as a client sends it: `chunks` pieces of `size` bytes, counting how many
// the server pulled and whether it gave up on the rest.
function stream(chunks: number, size: number, headers: Record<string, string> = {}) {
  const seen = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled === chunks) return controller.close();
        seen.pulled++;
        controller.enqueue(new Uint8Array(size).fill(120));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request("http://localhost/api/x", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
  return { request, seen };
}

describe("request bodies", () => {
  it("keep a body within the limit whole", async () => {
    const { request, seen } = stream(4, 250);
    expect((await readBodyBytes(request, 1_000)).byteLength).toBe(1_000);
    expect(seen).toEqual({ pulled: 4, cancelled: false });
  });

  it("refuse a streamed body over the limit, reading the rest to its end so the connection stays usable", async () => {
    const { request, seen } = stream(6, 250);
    await expect(readBodyBytes(request, 1_000)).rejects.toMatchObject({ status: 413 });
    expect(seen).toEqual({ pulled: 6, cancelled: false });
  });

  it("cut off a streamed body that goes on past the limit and the drain allowance", async () => {
    const size = 64 * 1024;
    const { request, seen } = stream(1_000, size); // 64 MB
    await expect(readBodyBytes(request, 1_000)).rejects.toMatchObject({ status: 413 });
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThanOrEqual(Math.ceil((1_000 + DRAIN_BYTES) / size) + 2);
  });

  it("refuse a declared length over the limit without reading", async () => {
    const { request, seen } = stream(6, 250, { "content-length": "1500" });
    await expect(readBodyText(request, 1_000)).rejects.toMatchObject({ status: 413 });
    expect(seen.pulled).toBe(0);
  });
});
