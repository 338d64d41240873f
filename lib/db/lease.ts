import "server-only";
import { db, getDatabase } from "@/lib/db";

const local = new Map<string, Promise<unknown>>();

/**
 * Runs `work` only if no other instance is running work under the same name right now;
 * `{ ran: false }` when another holder has it. On PostgreSQL, a transaction-level advisory
 * lock taken without waiting, held on one pooled connection while `work` runs on the others,
 * and released when that transaction ends (also if the process dies). The embedded PGlite
 * serves one process only (its data directory is locked), so there a lease is per process.
 */
export async function withLease<T>(
  name: string,
  work: () => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<{ ran: true; value: T } | { ran: false }> {
  const { kind } = await getDatabase();
  if (kind === "pglite") {
    if (local.has(name)) return { ran: false };
    const running = work();
    local.set(name, running);
    try {
      return { ran: true, value: await running };
    } finally {
      local.delete(name);
    }
  }
  const prisma = await db();
  return prisma.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<{ ok: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(hashtext(${`cutover:${name}`})) AS ok`;
      if (!row?.ok) return { ran: false as const };
      return { ran: true as const, value: await work() };
    },
    { timeout: options.timeoutMs ?? 60_000, maxWait: 5_000 },
  );
}
