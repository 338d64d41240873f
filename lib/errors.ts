// Errors the domain raises and the HTTP layer turns into problem+json (RFC 9457).
// They carry their HTTP status because every caller (API, legacy pages, SPA) answers in HTTP.

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
    this.name = "AppError";
  }
  get type(): string {
    return `/problems/${this.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  }
}

export const notFound = (detail: string) => new AppError(404, "Not Found", detail);
export const conflict = (detail: string, errors?: FieldError[]) =>
  new AppError(409, "Conflict", detail, errors);
export const unprocessable = (detail: string, errors: FieldError[]) =>
  new AppError(422, "Unprocessable Content", detail, errors);
export const badRequest = (detail: string, errors?: FieldError[]) =>
  new AppError(400, "Bad Request", detail, errors);
export const unauthorized = (detail = "Sign in or send a bearer token.", headers?: Record<string, string>) =>
  new AppError(401, "Unauthorized", detail, undefined, { "WWW-Authenticate": "Bearer", ...headers });
export const forbidden = (detail = "You are not allowed to do this.") =>
  new AppError(403, "Forbidden", detail);
export const serviceUnavailable = (detail: string) =>
  new AppError(503, "Service Unavailable", detail, undefined, { "Retry-After": "5" });
