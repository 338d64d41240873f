export const dynamic = "force-dynamic";

/** Liveness: the process answers. Never touches a dependency. */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
