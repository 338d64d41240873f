import { preflight } from "@/lib/http/cors";
import { handle, jsonWithETag } from "@/lib/http/handler";
import { openApiDocument } from "@/lib/validation/openapi";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => jsonWithETag(request, openApiDocument()));

export const OPTIONS = preflight;
