// The canary cookie: a random bucket (0–9999) signed with HMAC-SHA256, so a visitor keeps
// their variant across requests and instances and cannot pick one by editing the cookie.
// Web Crypto only, so it runs wherever proxy.ts runs.

export const BUCKET_COOKIE = "cutover_bucket";
export const BUCKET_MAX_AGE = 180 * 24 * 60 * 60;

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function key(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(secret, k);
  }
  return k;
}

const toHex = (buf: ArrayBuffer) =>
  [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

async function sign(value: string, secret: string): Promise<string> {
  return toHex(await crypto.subtle.sign("HMAC", await key(secret), encoder.encode(`bucket:${value}`))).slice(
    0,
    32,
  );
}

export function randomBucket(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! % 10_000;
}

export async function encodeBucket(bucket: number, secret: string): Promise<string> {
  return `${bucket}.${await sign(String(bucket), secret)}`;
}

/** The bucket in a cookie value, or null if it is missing, malformed or forged. */
export async function decodeBucket(value: string | undefined, secret: string): Promise<number | null> {
  const match = value && /^(\d{1,4})\.([0-9a-f]{32})$/.exec(value);
  if (!match) return null;
  const expected = await sign(match[1]!, secret);
  // constant-time compare
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ match[2]!.charCodeAt(i);
  return diff === 0 ? Number(match[1]) : null;
}
