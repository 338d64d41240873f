import type { z } from "zod";
import type { problemSchema } from "@/lib/validation/common";

/** The RFC 9457 body every 4xx/5xx of the API carries. */
export type ProblemJson = z.infer<typeof problemSchema>;

/** field name (as the API names it: "price", "quantity", "items.0.product_id") → message */
export type FieldErrors = Record<string, string>;

/**
 * A failed API call, whatever went wrong: a problem+json answer, a non-JSON error page from
 * something in between (proxy, load balancer), or no answer at all (status 0).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string;
  readonly fieldErrors: FieldErrors;

  constructor(init: {
    status: number;
    title: string;
    detail?: string;
    type?: string;
    fieldErrors?: FieldErrors;
  }) {
    super(init.detail ?? init.title);
    this.name = "ApiError";
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type ?? "about:blank";
    this.fieldErrors = init.fieldErrors ?? {};
  }

  /** No answer from the server: offline, DNS, connection reset. Worth retrying. */
  get isNetworkError(): boolean {
    return this.status === 0;
  }

  /** A sentence to show people: the API's detail when it has one, else something useful. */
  get userMessage(): string {
    if (this.isNetworkError) return "Could not reach the shop. Check your connection and try again.";
    if (this.status >= 500) return this.detail ?? "Something went wrong on our side. Try again shortly.";
    return this.detail ?? this.title;
  }

  static fromProblem(status: number, statusText: string, body: unknown): ApiError {
    const problem = isProblem(body) ? body : null;
    const fieldErrors: FieldErrors = {};
    // The first message per field: that is the one shown next to the input.
    for (const e of problem?.errors ?? []) fieldErrors[e.field] ??= e.message;
    return new ApiError({
      status,
      title: problem?.title ?? (statusText || `HTTP ${status}`),
      detail: problem?.detail,
      type: problem?.type,
      fieldErrors,
    });
  }

  static network(cause: unknown): ApiError {
    return new ApiError({ status: 0, title: "Network error", detail: describe(cause) });
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** What to show for any thrown value, ApiError or not. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.userMessage;
  return "Something went wrong. Try again.";
}

function isProblem(body: unknown): body is ProblemJson {
  if (typeof body !== "object" || body === null) return false;
  const b = body as Record<string, unknown>;
  return (
    typeof b.title === "string" &&
    (b.errors === undefined ||
      (Array.isArray(b.errors) &&
        b.errors.every(
          (e: unknown) =>
            typeof e === "object" &&
            e !== null &&
            typeof (e as Record<string, unknown>).field === "string" &&
            typeof (e as Record<string, unknown>).message === "string",
        )))
  );
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
