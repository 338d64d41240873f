import "server-only";
import { AppError, badRequest } from "@/lib/errors";

/** The most any request body may carry: API JSON, legacy forms and RPC shims alike. */
export const MAX_BODY_BYTES = 1_000_000;

const tooLarge = (limit: number) =>
  new AppError(413, "Content Too Large", `The body is larger than ${limit} bytes.`);

/**
 * A request's body, read only as far as `limit` bytes: a declared Content-Length over the
 * limit is refused before reading, and a body without one (chunked) stops being read the
 * moment it passes the limit. 413 either way; nothing past the limit is buffered.
 *
 * The framework buffers a page request's body for proxy.ts up to its own limit
 * (proxyClientMaxBodySize, 10 MB) and silently truncates what is beyond it; refusing
 * everything over MAX_BODY_BYTES here means a truncated body is never processed.
 */
export async function readBodyBytes(
  request: Request,
  limit = MAX_BODY_BYTES,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The body as UTF-8 text, read with the limit. Bytes that are not valid UTF-8 are a 400:
 * decoding them would silently rewrite the client's text with U+FFFD.
 */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const bytes = await readBodyBytes(request, limit);
  try {
    // ignoreBOM keeps a byte order mark in the text rather than dropping it unseen: JSON
    // starting with one is then refused as not JSON (RFC 8259 lets a parser do either).
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw badRequest("The body is not valid UTF-8.");
  }
}
