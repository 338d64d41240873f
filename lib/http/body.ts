import "server-only";
import { AppError, badRequest } from "@/lib/errors";

/** The most any request body may carry: API JSON, legacy forms and RPC shims alike. */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * How much more of a refused body is still read, and dropped, past the limit. Stopping the
 * read mid-body destroys the connection under the client: one that had already sent its next
 * request on it (keep-alive) saw that request fail with ECONNRESET. A body going on past this
 * is cut off all the same.
 */
export const DRAIN_BYTES = 1_000_000;

const tooLarge = (limit: number) =>
  new AppError(413, "Content Too Large", `The body is larger than ${limit} bytes.`);

/**
 * A request's body, kept only as far as `limit` bytes: a declared Content-Length over the
 * limit is refused before reading, and a body without one (chunked) is refused the moment it
 * passes the limit; the rest of it is read and dropped (up to DRAIN_BYTES) so the connection
 * stays usable. 413 either way; nothing past the limit is buffered.
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
      await drain(reader);
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

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let dropped = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (done) return;
    dropped += value.byteLength;
    if (dropped > DRAIN_BYTES) {
      await reader.cancel().catch(() => {});
      return;
    }
  }
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
