// Next calls this for errors thrown while rendering a page or running a handler. SPA page
// failures count as 5xx of the route's SPA variant on the migration dashboard.
export async function onRequestError(
  error: unknown,
  request: { path: string; method: string; headers: Record<string, string | string[] | undefined> },
  context: { routeType: string },
) {
  if (context.routeType !== "render") return;
  if (request.headers["x-cutover-variant"] !== "spa") return;
  const { recordPage } = await import("@/lib/migration/metrics");
  await recordPage(new URL(request.path, "http://app").pathname, "spa", 500, 0);
}
