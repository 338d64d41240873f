import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { reduceStock } from "@/lib/services/products";
import { productOperations as ops } from "@/lib/validation/product";

export const dynamic = "force-dynamic";

/** DRF-style action: take `quantity` off the stock atomically; 409 when there is not enough. */
export const POST = endpoint(ops.reduceStock, async ({ params, body }) =>
  Response.json(await reduceStock(params.id, body.quantity)),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

export const OPTIONS = preflight;
