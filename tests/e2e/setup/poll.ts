/**
 * Reads `read()` every `every` ms until `done` says yes or `ms` have passed, and returns the
 * last value read (the caller asserts on it, so a timeout shows what was seen last).
 */
export async function poll<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms: number,
  every = 300,
): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, every));
    value = await read();
  }
  return value;
}
