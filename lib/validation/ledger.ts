import { z } from "zod";
import { ROUTE_STATES, type RouteState, type RouteStateName } from "@/lib/validation/migration";

// The route ledger's shape. Pure (no server imports): proxy.ts, the CLI and the dashboard
// all validate the same way. The states and a route's effective state are the API's
// (lib/validation/migration.ts), so the ledger and the wire cannot disagree.

export type Variant = "legacy" | "spa";

const patternSchema = z
  .string()
  .regex(
    /^\/(?:[a-z0-9-]+|\[[a-z_][a-z0-9_]*\])(?:\/(?:[a-z0-9-]+|\[[a-z_][a-z0-9_]*\]))*$|^\/$/,
    'must look like "/products" or "/products/[id]"',
  );

/**
 * The canary analysis a rollout step must pass (lib/services/rollout.ts), per route. Measured
 * over the step so far, per variant, at the router's one counting point.
 */
export const analysisSchema = z
  .object({
    /** SPA page views in the step before any verdict (too few say nothing). */
    minRequests: z.number().int().min(1).default(20),
    /** Absolute ceiling on the SPA's 5xx rate. */
    maxErrorRate: z.number().min(0).max(1).default(0.05),
    /** The SPA's 5xx rate may exceed legacy's by this factor (plus one point, for noise). */
    maxErrorRateRatio: z.number().min(1).default(2),
    /** SPA p95 latency ÷ legacy p95 latency, when legacy has enough views to compare. */
    maxP95Ratio: z.number().min(1).default(1.5),
    /** A passing parity run is needed to go beyond the current step. */
    requireParity: z.boolean().default(true),
  })
  .strict();
export type Analysis = z.infer<typeof analysisSchema>;

export const ledgerEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "must be lowercase letters, digits and -"),
    pattern: patternSchema,
    /** Template rendered by the built-in legacy renderer (under /legacy + the same path). */
    legacy: z.string().regex(/^[\w/-]+\.html$/, "must name a template in legacy-templates/"),
    /** Path on LEGACY_ORIGIN when the monolith still runs elsewhere; defaults to the pattern's path. */
    legacyPath: z.string().startsWith("/").optional(),
    /** The SPA page that serves the route, as its app/ folder (documentation and scan). */
    spa: z.string().min(1),
    state: z.enum(ROUTE_STATES),
    percent: z.number().int().min(0).max(100).default(0),
    /**
     * data-parity fields that must be on the page. Parity compares every marked field either
     * variant shows anyway; this list only adds fields that must not be missing from both.
     */
    parity: z.array(z.string().regex(/^[a-z][a-z0-9_-]*$/, "must be a data-parity field name")).default([]),
    /** Sample URLs for the parity check: "products" samples product ids from the API. */
    samples: z.enum(["none", "products"]).default("none"),
    /** Pages that need a signed-in visitor for parity (cart, orders). */
    signedIn: z.boolean().default(false),
    /**
     * "spa": while the origin serving the legacy variant is down (timeout, unreachable, breaker
     * open), GET requests get the SPA variant instead of a 502/504 — only once the route's
     * latest parity run passed, so a visitor never gets a page known to differ.
     */
    fallback: z.enum(["spa"]).optional(),
    /** Thresholds of the canary analysis for guarded rollouts (defaults above). */
    analysis: analysisSchema.default(analysisSchema.parse({})),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.state === "canary" && (entry.percent < 1 || entry.percent > 99)) {
      ctx.addIssue({ code: "custom", path: ["percent"], message: "a canary needs a percent from 1 to 99" });
    }
  });

export const ledgerSchema = z.array(ledgerEntrySchema).superRefine((entries, ctx) => {
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    for (const key of [`id:${e.id}`, `pattern:${e.pattern}`]) {
      if (seen.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: [i, key.split(":")[0]!],
          message: `duplicates entry ${seen.get(key)}`,
        });
      }
      seen.set(key, i);
    }
  });
});

export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/** Validates a ledger and says exactly which entry and field are wrong. */
export function parseLedger(input: unknown): LedgerEntry[] {
  const result = ledgerSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const [index, ...rest] = issue.path;
    const entry =
      Array.isArray(input) && typeof index === "number"
        ? (input[index] as { id?: string } | undefined)
        : undefined;
    const where = typeof index === "number" ? `entry ${index}${entry?.id ? ` (${entry.id})` : ""}` : "ledger";
    return `  ${where}${rest.length ? `, ${rest.join(".")}` : ""}: ${issue.message}`;
  });
  throw new Error(`migration.config.ts is invalid:\n${lines.join("\n")}`);
}

export function validateState(state: RouteStateName, percent: number): string | null {
  if (state === "canary" && (percent < 1 || percent > 99)) return "a canary needs a percent from 1 to 99";
  return null;
}

/** A route's state as the ledger file declares it, before any run-time override. */
export function defaultState(entry: LedgerEntry): RouteState {
  return {
    id: entry.id,
    pattern: entry.pattern,
    state: entry.state,
    percent: entry.state === "canary" ? entry.percent : entry.state === "spa" ? 100 : 0,
    overridden: false,
    updatedBy: null,
    updatedAt: null,
    // Needs a passing parity run, which only the database knows (lib/services/migration.ts).
    fallback: null,
  };
}

// ---- which ledger route a path is ----------------------------------------------------------

export interface RouteMatch {
  entry: LedgerEntry;
  params: Record<string, string>;
}

export function matchRoute(ledger: LedgerEntry[], pathname: string): RouteMatch | null {
  const parts = pathname.replace(/\/+$/, "").split("/").filter(Boolean);
  for (const entry of ledger) {
    const segs = entry.pattern.split("/").filter(Boolean);
    if (segs.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segs.length && ok; i++) {
      const seg = segs[i]!;
      const part = parts[i]!;
      if (seg.startsWith("[")) params[seg.slice(1, -1)] = part;
      else ok = seg === part;
    }
    if (ok) return { entry, params };
  }
  return null;
}
