import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Runs `work` only if no other instance is running work under the same name right now: a
 * PostgreSQL transaction-level advisory lock, taken without waiting and released when the
 * transaction ends (also if the process dies). `{ ran: false }` when another holder has it.
 * `work` gets the transaction and should use it for its queries (PGlite has one connection).
 */
export async function withLease<T>(
  name: string,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<{ ran: true; value: T } | { ran: false }> {
  const prisma = await db();
  return prisma.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<{ ok: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(hashtext(${`cutover:${name}`})) AS ok`;
      if (!row?.ok) return { ran: false as const };
      return { ran: true as const, value: await work(tx) };
    },
    { timeout: options.timeoutMs ?? 30_000, maxWait: 5_000 },
  );
}
