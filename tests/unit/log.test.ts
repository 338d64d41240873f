import { repeatLimiter } from "@/lib/log";

// Warnings and errors of one kind are written once per window, then counted.

type Line = { level: string; message: string; fields?: Record<string, unknown> };

describe("repeated log lines", () => {
  it("writes the first of a kind in full, counts the repeats, and says how many at the window's end", async () => {
    const lines: Line[] = [];
    const limiter = repeatLimiter({
      windowMs: 100,
      write: (level, message, fields) => lines.push({ level, message, fields }),
    });
    for (let i = 0; i < 1_000; i++) {
      limiter.log("warn", "dependency unavailable", {
        requestId: `r${i}`,
        error: "Connection terminated",
        stack: "…",
      });
    }
    limiter.log("warn", "dependency unavailable", { error: "connect ECONNREFUSED" }); // another kind
    limiter.log("error", "unhandled error", { error: "boom" });
    expect(lines).toEqual([
      {
        level: "warn",
        message: "dependency unavailable",
        fields: { requestId: "r0", error: "Connection terminated", stack: "…" },
      },
      { level: "warn", message: "dependency unavailable", fields: { error: "connect ECONNREFUSED" } },
      { level: "error", message: "unhandled error", fields: { error: "boom" } },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(lines.slice(3)).toEqual([
      { level: "warn", message: "dependency unavailable", fields: { repeated: 999, window_ms: 100 } },
    ]);
    // A new window writes the next one in full again.
    limiter.log("warn", "dependency unavailable", { requestId: "later", error: "Connection terminated" });
    expect(lines.at(-1)?.fields).toMatchObject({ requestId: "later" });
    limiter.flush();
    expect(lines).toHaveLength(5);
  });
});
