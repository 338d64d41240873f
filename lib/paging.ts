// The API's paging defaults, one definition for the server's zod schemas and the browser's
// paging arithmetic. Plain constants: the SPA imports this without pulling zod into its bundle.

/** Items per page when a list request names no `limit`. */
export const DEFAULT_LIMIT = 10;
/** The largest `limit` a list request may ask for. */
export const MAX_LIMIT = 100;
