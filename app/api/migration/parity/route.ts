import { requireRole } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle, parseBody } from "@/lib/http/handler";
import { latestParity, saveParityRun } from "@/lib/services/migration";
import { parityRunCreateSchema } from "@/lib/validation/migration";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireRole(request, "admin");
  return Response.json(await latestParity());
});

/** `npm run cutover -- parity` stores its results here for the dashboard. */
export const POST = handle(async (request) => {
  await requireRole(request, "admin");
  const { route, report } = await parseBody(request, parityRunCreateSchema);
  return Response.json(await saveParityRun(route, report), { status: 201 });
});

export const OPTIONS = preflight;
