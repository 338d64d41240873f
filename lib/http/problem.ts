import "server-only";
import { ZodError } from "zod";
import { AppError, type FieldError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { errorFields, log } from "@/lib/log";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  request_id?: string;
  errors?: FieldError[];
}

export function zodFieldErrors(error: ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const field = [prefix, path].filter(Boolean).join(".") || prefix || "body";
    return { field, message: issue.message };
  });
}

// Connection-level failures: the database is down or restarting. Callers should retry.
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
function isUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError && UNAVAILABLE_CODES.has(error.code)) return true;
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code;
  const causeCode = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return (
    [code, causeCode].some(
      (c) =>
        typeof c === "string" &&
        (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P03", "57014"].includes(c) ||
          c.startsWith("08")),
    ) ||
    /Connection terminated|Server has closed the connection|connect ECONNREFUSED|timeout exceeded when trying to connect|Query read timeout|Unable to start a transaction in the given time/i.test(
      error instanceof Error ? error.message : "",
    )
  );
}

/**
 * Errors the database raises about the *value* it was given (SQLSTATE class 22: a NUL
 * character in text, a number out of range, an unparsable date in a cursor) are the
 * client's fault: a 400 naming the problem, never a 500.
 */
export function asClientError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const meta = error.meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined;
  const code = meta?.driverAdapterError?.cause?.originalCode;
  if (typeof code === "string" && code.startsWith("22")) {
    return new AppError(
      400,
      "Bad Request",
      "The request contains a value that cannot be used here (for example a NUL character or an out-of-range number).",
    );
  }
  return null;
}

export function toProblem(
  error: unknown,
  instance: string,
  requestId: string,
): {
  problem: Problem;
  headers: Record<string, string>;
} {
  const clientError = asClientError(error);
  if (clientError && !(error instanceof AppError)) return toProblem(clientError, instance, requestId);
  if (error instanceof AppError) {
    return {
      problem: {
        type: error.type,
        title: error.title,
        status: error.status,
        detail: error.message,
        instance,
        ...(error.errors ? { errors: error.errors } : {}),
      },
      headers: error.headers ?? {},
    };
  }
  if (error instanceof ZodError) {
    return {
      problem: {
        type: "/problems/unprocessable-content",
        title: "Unprocessable Content",
        status: 422,
        detail: "The request has invalid fields.",
        instance,
        errors: zodFieldErrors(error),
      },
      headers: {},
    };
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") {
    return {
      problem: {
        type: "/problems/not-found",
        title: "Not Found",
        status: 404,
        detail: "No such resource.",
        instance,
      },
      headers: {},
    };
  }
  if (isUnavailable(error)) {
    log.warn("dependency unavailable", { requestId, instance, ...errorFields(error) });
    return {
      problem: {
        type: "/problems/service-unavailable",
        title: "Service Unavailable",
        status: 503,
        detail: "The database is unavailable; try again shortly.",
        instance,
        request_id: requestId,
      },
      headers: { "Retry-After": "5" },
    };
  }
  log.error("unhandled error", { requestId, instance, ...errorFields(error) });
  return {
    problem: {
      type: "/problems/internal-server-error",
      title: "Internal Server Error",
      status: 500,
      detail: "Something went wrong on our side. Quote the request id when reporting it.",
      instance,
      request_id: requestId,
    },
    headers: {},
  };
}

export function problemResponse(problem: Problem, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set("Content-Type", "application/problem+json");
  h.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(problem), { status: problem.status, headers: h });
}
