import "server-only";
import { loginSucceeded, reserveLoginAttempt } from "@/lib/auth/throttle";
import { checkPassword, type SignedInUser } from "@/lib/services/users";

/**
 * A password sign-in (API tokens, browser sessions, the legacy login form), throttled per
 * account and per client address: the attempt is counted before the password is checked, so
 * parallel guesses cannot slip past the limit.
 */
export async function authenticate(input: {
  email: string;
  password: string;
  ip: string;
}): Promise<SignedInUser> {
  await reserveLoginAttempt(input.email, input.ip);
  const user = await checkPassword(input);
  await loginSucceeded(input.email, input.ip);
  return user;
}
