import "server-only";
import { randomUUID } from "node:crypto";
import { hashPassword, verifyPassword } from "@/lib/password";
import { db, Prisma } from "@/lib/db";
import { AppError, conflict, notFound, unprocessable } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import type { UserJson } from "@/lib/validation/user";

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

export function toUserJson(u: UserRow): UserJson {
  return { id: u.id, email: u.email, name: u.name, role: u.role, created_at: u.createdAt.toISOString() };
}

const publicFields = { id: true, email: true, name: true, role: true, createdAt: true } as const;

export async function signUp(input: { email: string; password: string; name?: string }): Promise<UserJson> {
  const prisma = await db();
  try {
    const user = await prisma.user.create({
      data: {
        email: input.email,
        name: input.name ?? "",
        role: "user",
        passwordHash: await hashPassword(input.password),
      },
      select: publicFields,
    });
    return toUserJson(user);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw conflict("An account with this email already exists.", [
        { field: "email", message: "is already registered" },
      ]);
    }
    throw error;
  }
}

// Compared against when the email is unknown, so a miss costs as long as a wrong password
// and response times do not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(randomUUID()));

export const invalidCredentials = () =>
  new AppError(401, "Unauthorized", "Incorrect email or password.", undefined, {
    "WWW-Authenticate": "Bearer",
  });

/**
 * The account these credentials sign in to, or 401. Not throttled here: sign-in paths go
 * through lib/auth/authenticate.ts, which counts attempts per account and address around this.
 */
export async function checkPassword(input: { email: string; password: string }): Promise<SignedInUser> {
  const prisma = await db();
  const user = await prisma.user.findUnique({ where: { email: input.email } });
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummy()));
  if (!user || !ok) throw invalidCredentials();
  return { ...toUserJson(user), tokenVersion: user.tokenVersion };
}

/** A user who just proved their password: what the tokens and session cookies are issued from. */
export type SignedInUser = UserJson & { tokenVersion: number };

/** Who a session or token names, as the guards need it; null when the account is gone. */
export async function findIdentity(
  id: number,
): Promise<{ id: number; email: string; name: string; role: Role; tokenVersion: number } | null> {
  const prisma = await db();
  return prisma.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, tokenVersion: true },
  });
}

/**
 * Revokes every session and bearer token issued to this user so far (sign-out everywhere).
 * Returns the new version, from which a fresh session for the current browser can be issued.
 */
export async function revokeTokens(id: number): Promise<number> {
  const prisma = await db();
  const user = await prisma.user.update({
    where: { id },
    data: { tokenVersion: { increment: 1 } },
    select: { tokenVersion: true },
  });
  return user.tokenVersion;
}

export async function getUser(id: number): Promise<UserJson> {
  const prisma = await db();
  const user = await prisma.user.findUnique({ where: { id }, select: publicFields });
  if (!user) throw notFound(`User ${id} does not exist.`);
  return toUserJson(user);
}

/**
 * Name and/or password. A new password revokes every session and token issued before it
 * (the version is bumped in the same update); the result says the version now in force.
 */
export async function updateMe(
  id: number,
  input: { name?: string; password?: string; current_password?: string },
): Promise<SignedInUser> {
  const prisma = await db();
  const data: { name?: string; passwordHash?: string; tokenVersion?: { increment: number } } = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.password !== undefined) {
    const current = await prisma.user.findUnique({ where: { id }, select: { passwordHash: true } });
    if (!current) throw notFound(`User ${id} does not exist.`);
    if (!(await verifyPassword(input.current_password ?? "", current.passwordHash))) {
      throw unprocessable("The current password is incorrect.", [
        { field: "current_password", message: "is incorrect" },
      ]);
    }
    data.passwordHash = await hashPassword(input.password);
    data.tokenVersion = { increment: 1 };
  }
  const user = await prisma.user.update({
    where: { id },
    data,
    select: { ...publicFields, tokenVersion: true },
  });
  return { ...toUserJson(user), tokenVersion: user.tokenVersion };
}

export async function listUsers(q: {
  skip: number;
  limit: number;
  role?: Role;
  search?: string;
}): Promise<{ items: UserJson[]; total: number }> {
  const prisma = await db();
  const where: Prisma.UserWhereInput = {
    ...(q.role ? { role: q.role } : {}),
    ...(q.search
      ? {
          OR: [
            { email: { contains: q.search, mode: "insensitive" } },
            { name: { contains: q.search, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    prisma.user.findMany({
      where,
      select: publicFields,
      orderBy: { id: "asc" },
      skip: q.skip,
      take: q.limit,
    }),
    prisma.user.count({ where }),
  ]);
  return { items: rows.map(toUserJson), total };
}

/** Admin change of role or name. The last admin cannot be demoted (nobody could undo it). */
export async function adminUpdateUser(id: number, patch: { role?: Role; name?: string }): Promise<UserJson> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    if (patch.role && patch.role !== "admin") {
      // Count-then-update races: two admins demoting each other at once would each see two
      // admins. Every demotion locks all admin rows first (in id order, so two of them cannot
      // deadlock); the second waits for the first to commit, and the reads below then see it.
      await tx.$queryRaw`SELECT id FROM users WHERE role = 'admin' ORDER BY id FOR UPDATE`;
    }
    const user = await tx.user.findUnique({ where: { id }, select: { role: true } });
    if (!user) throw notFound(`User ${id} does not exist.`);
    if (user.role === "admin" && patch.role && patch.role !== "admin") {
      const admins = await tx.user.count({ where: { role: "admin" } });
      if (admins <= 1) {
        throw conflict("This is the last admin; make someone else admin first.", [
          { field: "role", message: "cannot demote the last admin" },
        ]);
      }
    }
    const updated = await tx.user.update({ where: { id }, data: patch, select: publicFields });
    return toUserJson(updated);
  });
}
