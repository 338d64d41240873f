import "server-only";
import { getCache } from "@/lib/cache";
import { AppError } from "@/lib/errors";
import { CLIENT_ADDRESS_HEADER } from "@/lib/client-address";
import { errorFields, log } from "@/lib/log";

// Failed sign-ins are counted per account *from one address* and per address in a fixed window
// (Redis when configured, so every instance shares the counts). Past either limit, sign-in
// from that address answers 429 with Retry-After until the window ends. Counting the account
// per address means nobody can lock someone else out by failing on purpose: the owner, from
// their own address, still signs in; the per-address limit keeps one address from spraying
// many accounts. A success clears the account's count for that address.

export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** Failed attempts on one account from one address. */
export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 20;

const accountKey = (email: string, ip: string) => `login:acct:${email}|${ip}`;
const ipKey = (ip: string) => `login:ip:${ip}`;

/**
 * The caller's address, as the server worked it out from the connection and the trusted
 * proxies (lib/client-address.ts, installed by instrumentation.ts): never a header the client
 * wrote itself. "unknown" when the request did not come through this server's HTTP listener.
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const value =
    headers instanceof Headers
      ? headers.get(CLIENT_ADDRESS_HEADER)
      : [headers[CLIENT_ADDRESS_HEADER]].flat()[0];
  return value || "unknown";
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
      store.incr(`${accountKey(email, ip)}:${bucket()}`, LOGIN_WINDOW_SECONDS),
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
      store.del(`${accountKey(email, ip)}:${bucket()}`),
      store.incr(`${ipKey(ip)}:${bucket()}`, LOGIN_WINDOW_SECONDS, -1),
    ]);
  } catch {
    // counts expire with the window anyway
  }
}

/** Sign-ups from one address per window: each costs a bcrypt hash and can probe for emails (409). */
export const SIGNUP_LIMIT = 10;

/** Counts a sign-up attempt from this address; 429 past the limit. Degrades open if the cache is down. */
export async function reserveSignUp(ip: string): Promise<void> {
  let count: number;
  try {
    const store = await getCache();
    count = await store.incr(`signup:ip:${ip}:${bucket()}`, LOGIN_WINDOW_SECONDS);
  } catch (error) {
    log.warn("sign-up throttle unavailable", errorFields(error));
    return;
  }
  if (count > SIGNUP_LIMIT) {
    const reset = windowReset();
    throw new AppError(
      429,
      "Too Many Requests",
      "Too many sign-ups from this address. Try again later.",
      undefined,
      {
        "Retry-After": String(reset),
        "RateLimit-Policy": `${SIGNUP_LIMIT};w=${LOGIN_WINDOW_SECONDS}`,
        RateLimit: `limit=${SIGNUP_LIMIT}, remaining=0, reset=${reset}`,
      },
    );
  }
}
