/** A bearer token for the seeded demo admin of the app at `url`. */
export async function adminToken(url: string): Promise<string> {
  const res = await fetch(`${url}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin@cutover.dev", password: "admin-demo-password" }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}
