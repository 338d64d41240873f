import { readFileSync } from "node:fs";
import { startServer, type RunningServer } from "./setup/server";

// A bounded soak on a production server of its own (same database and Redis as the suite when
// configured): mixed browse / cart / checkout / admin traffic for SOAK_SECONDS (60 by default),
// then stock and orders reconciled exactly, no 5xx, and the server's memory growth bounded.

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WORKERS = 8;
const STOCK = 1_000;
/**
 * The server's JavaScript heap is capped (V8 aborts the process past it): a leak over the run
 * ends the soak with failed requests and a dead server. Resident memory is reported.
 */
const HEAP_CAP_MB = 256;

let app: RunningServer;
let adminToken: string;

const rssMb = (pid: number) => {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
};

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function login(email: string, password: string): Promise<string> {
  const res = await fetch(`${app.url}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: email, password }),
  });
  expect(res.status).toBe(200);
  return (await json<{ access_token: string }>(res)).access_token;
}

beforeAll(async () => {
  const shared = JSON.parse(process.env.E2E_SHARED_ENV!) as Record<string, string | undefined>;
  app = await startServer(3104, {
    ...shared,
    NEXTAUTH_URL: "http://localhost:3104",
    NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}`,
  });
  adminToken = await login("admin@cutover.dev", "admin-demo-password");
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

interface Shopper {
  id: number;
  token: string;
}

it(
  `${SECONDS} s of mixed traffic: no 5xx, stock and orders reconcile exactly, within a capped heap`,
  async () => {
    const auth = (token: string) => ({
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
    });
    // Products of its own, with known stock.
    const products: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${app.url}/api/products`, {
        method: "POST",
        headers: auth(adminToken),
        body: JSON.stringify({ name: `Soak ${Date.now()} ${i}`, price: 10 + i, stock: STOCK }),
      });
      expect(res.status).toBe(201);
      products.push((await json<{ id: number }>(res)).id);
    }
    const shoppers: Shopper[] = [];
    for (const [email, password] of [
      ["alice@example.com", "alice-demo-password"],
      ["bob@example.com", "bob-demo-password"],
    ]) {
      const token = await login(email!, password!);
      const me = await json<{ id: number }>(await fetch(`${app.url}/api/users/me`, { headers: auth(token) }));
      shoppers.push({ id: me.id, token });
    }
    const ordersBefore = new Map<number, number>();
    for (const s of shoppers) {
      const list = await fetch(`${app.url}/api/users/${s.id}/orders?limit=1`, { headers: auth(s.token) });
      ordersBefore.set(s.id, Number(list.headers.get("x-total-count")));
    }

    const statuses = new Map<string, number>();
    const fivexx: string[] = [];
    const ordered = new Map<number, number>(products.map((p) => [p, 0]));
    const orderIds = new Set<number>();
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const count = (name: string, res: Response) => {
      const key = `${name} ${res.status}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (res.status >= 500) fivexx.push(key);
    };
    const recordOrder = async (res: Response) => {
      if (res.status !== 201) return;
      const order = await json<{ id: number; items: { product_id: number; quantity: number }[] }>(res);
      if (orderIds.has(order.id)) return; // an idempotent replay
      orderIds.add(order.id);
      for (const item of order.items) {
        if (ordered.has(item.product_id))
          ordered.set(item.product_id, ordered.get(item.product_id)! + item.quantity);
      }
    };

    const actions: [number, () => Promise<void>][] = [
      [
        30,
        async () => {
          const path = pick([
            "/products",
            "/products?page=2",
            `/products/${pick(products)}`,
            "/legacy/products",
            "/",
          ]);
          const res = await fetch(`${app.url}${path}`, { redirect: "manual" });
          count(`GET page`, res);
          await res.arrayBuffer();
        },
      ],
      [
        20,
        async () => {
          const path = pick([
            "/api/products?limit=20",
            `/api/products/${pick(products)}`,
            "/api/categories",
            `/api/products?search=soak&sort=-price`,
          ]);
          const res = await fetch(`${app.url}${path}`);
          count("GET api", res);
          await res.arrayBuffer();
        },
      ],
      [
        25,
        async () => {
          const s = pick(shoppers);
          const res = await fetch(`${app.url}/api/cart/items`, {
            method: "POST",
            headers: auth(s.token),
            body: JSON.stringify({ product_id: pick(products), quantity: 1 + Math.floor(Math.random() * 3) }),
          });
          count("POST cart", res);
          await res.arrayBuffer();
        },
      ],
      [
        10,
        async () => {
          const s = pick(shoppers);
          const key = `soak-${Math.random().toString(36).slice(2)}`;
          const checkout = () =>
            fetch(`${app.url}/api/checkout`, {
              method: "POST",
              headers: { ...auth(s.token), "idempotency-key": key },
            });
          const res = await checkout();
          count("POST checkout", res);
          await recordOrder(res);
          if (res.status === 201 && Math.random() < 0.3) {
            const replay = await checkout(); // a client retrying: the same order, not a second one
            count("POST checkout (retry)", replay);
            await recordOrder(replay);
          }
        },
      ],
      [
        8,
        async () => {
          const s = pick(shoppers);
          const res = await fetch(`${app.url}/api/users/${s.id}/orders`, {
            method: "POST",
            headers: auth(s.token),
            body: JSON.stringify({
              items: [{ product_id: pick(products), quantity: 1 + Math.floor(Math.random() * 2) }],
            }),
          });
          count("POST order", res);
          await recordOrder(res);
        },
      ],
      [
        4,
        async () => {
          // A guest's cookie cart through the legacy RPC shim.
          const res = await fetch(`${app.url}/api/cart/add/`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ product_id: pick(products), quantity: 1 }),
          });
          count("POST legacy cart", res);
          await res.arrayBuffer();
        },
      ],
      [
        3,
        async () => {
          const res = await fetch(`${app.url}/api/products/${pick(products)}`, {
            method: "PATCH",
            headers: auth(adminToken),
            body: JSON.stringify({ price: 10 + Math.floor(Math.random() * 90) }),
          });
          count("PATCH product", res);
          await res.arrayBuffer();
        },
      ],
    ];
    const total = actions.reduce((n, [w]) => n + w, 0);
    const act = () => {
      let r = Math.random() * total;
      for (const [w, run] of actions) if ((r -= w) < 0) return run();
      return actions[0]![1]();
    };

    // Warm-up, then the baseline for memory.
    for (let i = 0; i < 50; i++) await act();
    const rssStart = rssMb(app.pid);
    const deadline = Date.now() + SECONDS * 1_000;
    let requests = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (Date.now() < deadline) {
          await act();
          requests++;
        }
      }),
    );
    const rssEnd = rssMb(app.pid);

    // Reconcile: every unit that left stock is in exactly one order seen here.
    for (const id of products) {
      const product = await json<{ stock: number }>(await fetch(`${app.url}/api/products/${id}`));
      expect(product.stock).toBeGreaterThanOrEqual(0);
      expect({ id, stock: product.stock }).toEqual({ id, stock: STOCK - ordered.get(id)! });
    }
    let ordersAfter = 0;
    for (const s of shoppers) {
      const list = await fetch(`${app.url}/api/users/${s.id}/orders?limit=1`, { headers: auth(s.token) });
      ordersAfter += Number(list.headers.get("x-total-count")) - ordersBefore.get(s.id)!;
    }
    expect(ordersAfter).toBe(orderIds.size);
    expect(fivexx).toEqual([]);
    // Alive within its heap cap, and the same process as at the start.
  expect(() => process.kill(app.pid, 0)).not.toThrow();
  expect((await fetch(`${app.url}/api/ready`)).status).toBe(200);
    console.info(
      `soak: ${requests} actions in ${SECONDS} s by ${WORKERS} workers, ${orderIds.size} orders, ` +
        `units ordered ${[...ordered.values()].join("/")} of ${STOCK} each, heap cap ${HEAP_CAP_MB} MB, ` +
      `RSS ${rssStart.toFixed(0)} → ${rssEnd.toFixed(0)} MB\n` +
        [...statuses]
          .sort()
          .map(([k, n]) => `  ${k}: ${n}`)
          .join("\n"),
    );
  },
  (SECONDS + 120) * 1_000,
);
