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
  // The rightmost entry is the one our own proxy appended (nginx: proxy_add_x_forwarded_for);
  // entries to its left are whatever the client chose to send.
  return get("x-forwarded-for")?.split(",").at(-1)?.trim() || get("x-real-ip") || "unknown";
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

/**
 * Counts this attempt before the password is checked, so a parallel burst cannot slip past
 * the limit, and throws 429 once the account or the address is over it. Degrades open (with
 * a warning) if the cache is down.
 */
export async function reserveLoginAttempt(email: string, ip: string): Promise<void> {
  let account: number;
  let address: number;
  try {
    const store = await getCache();
    [account, address] = await Promise.all([
      store.incr(`${accountKey(email)}:${bucket()}`, LOGIN_WINDOW_SECONDS),
      store.incr(`${ipKey(ip)}:${bucket()}`, LOGIN_WINDOW_SECONDS),
    ]);
  } catch (error) {
    log.warn("login throttle unavailable", errorFields(error));
    return;
  }
  if (account > ACCOUNT_LIMIT) throw tooMany(ACCOUNT_LIMIT);
  if (address > IP_LIMIT) throw tooMany(IP_LIMIT);
}

/** A successful sign-in: the account starts afresh and the attempt stops counting against the address. */
export async function loginSucceeded(email: string, ip: string): Promise<void> {
  try {
    const store = await getCache();
    await Promise.all([
      store.del(`${accountKey(email)}:${bucket()}`),
      store.incr(`${ipKey(ip)}:${bucket()}`, LOGIN_WINDOW_SECONDS, -1),
    ]);
  } catch {
    // counts expire with the window anyway
  }
}
