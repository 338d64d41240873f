import { clientIp } from "@/lib/auth/throttle";
import { issueAccessToken } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { preflight } from "@/lib/http/cors";
import { handle, parseBody, parseWith } from "@/lib/http/handler";
import { authenticate } from "@/lib/services/users";
import { tokenFormSchema } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

/** OAuth2 password grant: a form body (as FastAPI's OAuth2PasswordRequestForm) or the same as JSON. */
export const POST = handle(async (request) => {
  const type = request.headers.get("content-type") ?? "";
  let input;
  if (type.startsWith("application/x-www-form-urlencoded")) {
    input = parseWith(tokenFormSchema, Object.fromEntries(new URLSearchParams(await request.text())));
  } else if (!type || type.includes("json")) {
    input = await parseBody(request, tokenFormSchema);
  } else {
    throw new AppError(415, "Unsupported Media Type", "Send application/x-www-form-urlencoded or JSON.");
  }
  const user = await authenticate({
    email: input.username.trim().toLowerCase(),
    password: input.password,
    ip: clientIp(request.headers),
  });
  return Response.json(await issueAccessToken(user), {
    headers: { "Cache-Control": "no-store", Pragma: "no-cache" },
  });
});

export const OPTIONS = preflight;
