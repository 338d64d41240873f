import "server-only";
import { createHash } from "node:crypto";
import { db, Prisma } from "@/lib/db";
import { AppError, conflict, unprocessable } from "@/lib/errors";

/** Retries with the same key are answered from the first response this long (then it is forgotten). */
export const IDEMPOTENCY_KEY_HOURS = 24;

export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * Runs `work` once per (scope, key). A retry with the same key and body gets the first
 * answer back without doing anything; the same key with a different body is a 422. A
 * request still in flight with that key is a 409. Client errors (4xx) are remembered like
 * successes; anything else frees the key so the client can retry.
 */
export async function idempotent(
  scope: string,
  key: string | null,
  requestBody: unknown,
  work: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (key === null) return { ...(await work()), replayed: false };
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw unprocessable("The Idempotency-Key header is invalid.", [
      { field: "Idempotency-Key", message: "must be 1–255 visible ASCII characters" },
    ]);
  }
  const prisma = await db();
  const requestHash = createHash("sha256")
    .update(JSON.stringify(requestBody ?? null))
    .digest("hex");
  try {
    await prisma.idempotencyKey.create({ data: { scope, key, requestHash } });
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const first = await prisma.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
    if (!first) throw conflict("A request with this Idempotency-Key is being processed; retry shortly.");
    // Past its lifetime a key is forgotten (the clean-up deletes it too): a new request.
    if (Date.now() - first.createdAt.getTime() > IDEMPOTENCY_KEY_HOURS * 3_600_000) {
      await prisma.idempotencyKey.deleteMany({ where: { scope, key, createdAt: first.createdAt } });
      return idempotent(scope, key, requestBody, work);
    }
    if (first.requestHash !== requestHash) {
      throw unprocessable("This Idempotency-Key was used with a different request body.", [
        { field: "Idempotency-Key", message: "was already used for a different request" },
      ]);
    }
    if (first.responseStatus === null) {
      // A process that died mid-request leaves its key pending; after a minute it is abandoned.
      if (Date.now() - first.createdAt.getTime() > 60_000) {
        await prisma.idempotencyKey.deleteMany({ where: { scope, key, responseStatus: null } });
        return idempotent(scope, key, requestBody, work);
      }
      throw conflict("A request with this Idempotency-Key is still being processed; retry shortly.");
    }
    return { status: first.responseStatus, body: first.responseBody, replayed: true };
  }
  let result: StoredResponse;
  try {
    result = await work();
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      const problem = {
        title: error.title,
        status: error.status,
        detail: error.message,
        errors: error.errors,
      };
      await prisma.idempotencyKey.update({
        where: { scope_key: { scope, key } },
        data: { responseStatus: error.status, responseBody: problem as Prisma.InputJsonValue },
      });
    } else {
      await prisma.idempotencyKey.delete({ where: { scope_key: { scope, key } } }).catch(() => undefined);
    }
    throw error;
  }
  await prisma.idempotencyKey.update({
    where: { scope_key: { scope, key } },
    data: { responseStatus: result.status, responseBody: result.body as Prisma.InputJsonValue },
  });
  return { ...result, replayed: false };
}
