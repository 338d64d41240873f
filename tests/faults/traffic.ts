import { api } from "@/tests/helpers/app";

// Steady API traffic while a dependency fails: every answer is recorded with its time, so a
// test can state "every request answered within N ms with 2xx/4xx or a 503 problem".

export interface Answer {
  call: string;
  status: number;
  ms: number;
  contentType: string;
}

export type Call = { name: string; run: () => Promise<Response> };

export function shopCalls(productId: number, token: string): Call[] {
  return [
    { name: `GET /api/products/${productId}`, run: () => api("GET", `/api/products/${productId}`) },
    { name: "GET /api/products", run: () => api("GET", "/api/products?limit=5") },
    {
      name: "POST /api/cart/items",
      run: () => api("POST", "/api/cart/items", { token, body: { product_id: productId, quantity: 1 } }),
    },
  ];
}

export async function timed(call: Call): Promise<Answer> {
  const started = performance.now();
  const res = await call.run();
  await res.text();
  return {
    call: call.name,
    status: res.status,
    ms: Math.round(performance.now() - started),
    contentType: res.headers.get("content-type") ?? "",
  };
}

/** Runs `workers` loops over `calls` until `ms` have passed; calls `atMs` once on the way. */
export async function traffic(
  calls: Call[],
  options: { ms: number; workers?: number; at?: { ms: number; run: () => void } },
): Promise<Answer[]> {
  const answers: Answer[] = [];
  const end = Date.now() + options.ms;
  const at = options.at;
  const timer = at ? setTimeout(at.run, at.ms) : undefined;
  await Promise.all(
    Array.from({ length: options.workers ?? 3 }, async (_, w) => {
      for (let i = w; Date.now() < end; i++) answers.push(await timed(calls[i % calls.length]!));
    }),
  );
  clearTimeout(timer);
  return answers;
}

/** Neither a 500 nor a hang: 2xx/4xx, or 503 as problem+json, each within boundMs. */
export function expectGraceful(answers: Answer[], boundMs: number): void {
  expect(answers.length).toBeGreaterThan(0);
  const bad = answers.filter(
    (a) =>
      a.ms > boundMs ||
      (a.status >= 500 && !(a.status === 503 && a.contentType.startsWith("application/problem+json"))),
  );
  expect(bad).toEqual([]);
}

export async function eventually<T>(
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  withinMs: number,
): Promise<T> {
  const end = Date.now() + withinMs;
  let value = await probe();
  while (!ok(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}
