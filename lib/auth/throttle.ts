import "server-only";
import { getCache } from "@/lib/cache";
import { AppError } from "@/lib/errors";
import { errorFields, log } from "@/lib/log";

// Failed sign-ins are counted per account and per client address in a fixed window
// (Redis when configured, so every instance shares the counts). Past the limit, sign-in
// answers 429 with Retry-After until the window ends; a success clears the account count.

export const LOGIN_WINDOW_SECONDS = 15 * 60;
export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 20;

const accountKey = (email: string) => `login:acct:${email}`;
const ipKey = (ip: string) => `login:ip:${ip}`;

export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string) =>
    headers instanceof Headers ? headers.get(name) : ([headers[name]].flat()[0] ?? null);
  return get("x-forwarded-for")?.split(",")[0]?.trim() || get("x-real-ip") || "unknown";
}

function windowReset(): number {
  const now = Math.floor(Date.now() / 1000);
  return LOGIN_WINDOW_SECONDS - (now % LOGIN_WINDOW_SECONDS);
}

function bucket(): number {
  return Math.floor(Date.now() / 1000 / LOGIN_WINDOW_SECONDS);
}

function tooMany(limit: number): AppError {
  const reset = windowReset();
  return new AppError(
    429,
    "Too Many Requests",
    "Too many failed sign-in attempts. Try again later.",
    undefined,
    {
      "Retry-After": String(reset),
      "RateLimit-Policy": `${limit};w=${LOGIN_WINDOW_SECONDS}`,
      RateLimit: `limit=${limit}, remaining=0, reset=${reset}`,
    },
  );
}

async function count(key: string): Promise<number> {
  const store = await getCache();
  return Number((await store.get(`${key}:${bucket()}`)) ?? 0);
}

/** Throws 429 when this account or address is locked out. Degrades open if the cache is down. */
export async function assertLoginAllowed(email: string, ip: string): Promise<void> {
  try {
    const [account, address] = await Promise.all([count(accountKey(email)), count(ipKey(ip))]);
    if (account >= ACCOUNT_LIMIT) throw tooMany(ACCOUNT_LIMIT);
    if (address >= IP_LIMIT) throw tooMany(IP_LIMIT);
  } catch (error) {
    if (error instanceof AppError) throw error;
    log.warn("login throttle unavailable", errorFields(error));
  }
}

export async function recordLoginFailure(email: string, ip: string): Promise<void> {
  try {
    const store = await getCache();
    await Promise.all([
      store.incr(`${accountKey(email)}:${bucket()}`, LOGIN_WINDOW_SECONDS),
      store.incr(`${ipKey(ip)}:${bucket()}`, LOGIN_WINDOW_SECONDS),
    ]);
  } catch (error) {
    log.warn("login throttle unavailable", errorFields(error));
  }
}

export async function clearLoginFailures(email: string): Promise<void> {
  try {
    const store = await getCache();
    await store.del(`${accountKey(email)}:${bucket()}`);
  } catch {
    // counts expire with the window anyway
  }
}
