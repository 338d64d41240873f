import "server-only";
import { handle, type HandlerContext } from "@/lib/http/handler";
import { recordLegacyCall } from "@/lib/services/legacy-usage";

/** When the deprecated RPC endpoints stop answering (RFC 8594). */
export const LEGACY_SUNSET = new Date(Date.UTC(2027, 5, 30));
/** When they were deprecated (RFC 9745 Deprecation: @epoch-seconds). */
const DEPRECATED_AT = Math.floor(Date.UTC(2026, 10, 1) / 1000);

/**
 * A legacy RPC endpoint kept alive over the same services: every answer (errors too)
 * carries Deprecation, Sunset and a successor link, and every call is counted for the
 * migration dashboard.
 */
export function legacyShim(
  endpoint: string,
  successor: string,
  fn: (request: Request, ctx: HandlerContext) => Promise<Response>,
) {
  const inner = handle(fn);
  return async (request: Request, context?: { params: Promise<Record<string, string>> }) => {
    const [response] = await Promise.all([inner(request, context), recordLegacyCall(endpoint)]);
    response.headers.set("Deprecation", `@${DEPRECATED_AT}`);
    response.headers.set("Sunset", LEGACY_SUNSET.toUTCString());
    response.headers.append("Link", `<${successor}>; rel="successor-version"`);
    return response;
  };
}
