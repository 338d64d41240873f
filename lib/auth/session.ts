import "server-only";

/** The signed-in user's id from the browser session cookie, or null. Filled in by the identity work. */
export async function sessionUserId(request: Request): Promise<number | null> {
  void request;
  return null;
}
