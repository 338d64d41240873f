import "server-only";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ledger from "@/migration.config";
import { TEMPLATES_DIR } from "@/lib/legacy/render";
import { url as reverse } from "@/lib/legacy/urls";
import { operations } from "@/lib/validation/openapi";

// Inventory of legacy-templates/: what each template extends and includes, which context
// variables it reads, its inline scripts, and every URL its scripts and forms call — each
// mapped to an operation of the OpenAPI document, or flagged "no REST equivalent yet".

export interface CalledUrl {
  method: string;
  url: string;
  via: "script" | "form";
  line: number;
  /** operationId of the matching REST operation, if any */
  operation: string | null;
  deprecated: boolean;
  /** REST operations that replace a legacy form handler or a deprecated endpoint */
  successors: string[];
  status: "rest" | "deprecated-rpc" | "page" | "no-rest-equivalent";
}

export interface TemplateReport {
  template: string;
  extends: string | null;
  includes: string[];
  blocks: string[];
  variables: string[];
  inlineScripts: { line: number; lines: number; usesJsonScript: boolean; templateTagsInside: boolean }[];
  calls: CalledUrl[];
  ledgerRoutes: string[];
  /** what this page still needs before its route can go fully SPA */
  todo: string[];
}

export interface ScanReport {
  templates: TemplateReport[];
  summary: { templates: number; calls: number; rest: number; deprecated: number; missing: number };
}

/** Legacy form handlers and the REST operations that replace them. */
export const FORM_SUCCESSORS: Record<string, string[]> = {
  "POST /legacy/cart": ["addCartItem", "updateCartItem", "removeCartItem"],
  "POST /legacy/checkout": ["checkout"],
  "POST /legacy/login": ["sessionSignIn", "login"],
  "POST /legacy/logout": ["sessionSignOut"],
};

const KEYWORDS = new Set([
  "true",
  "false",
  "none",
  "null",
  "not",
  "and",
  "or",
  "in",
  "is",
  "if",
  "else",
  "loop",
  "range",
  "url",
  "csrf_token",
  "super",
  "caller",
  "defined",
  "undefined",
]);

function listTemplates(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return listTemplates(full, base);
    return name.endsWith(".html") ? [path.relative(base, full).split(path.sep).join("/")] : [];
  });
}

const lineOf = (source: string, index: number) => source.slice(0, index).split("\n").length;

/** Evaluates a template's url("name", args) call with placeholder ids, as a path pattern. */
function resolveUrlCall(expr: string): string | null {
  const m = /url\(\s*["']([\w-]+)["']\s*(,[^)]*)?\)/.exec(expr);
  if (!m) return null;
  const args = m[2]
    ? m[2]
        .slice(1)
        .split(",")
        .map(() => 1)
    : [];
  try {
    return reverse(m[1]!, ...args).replace(/\/1(?=\/|$)/g, "/{id}");
  } catch {
    return null;
  }
}

function matchOperation(method: string, url: string) {
  const pathOnly = url.split("?")[0]!;
  return operations.find((op) => {
    if (op.method.toUpperCase() !== method) return false;
    const re = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+").replace(/\//g, "\\/")}$`);
    return re.test(pathOnly) || re.test(pathOnly.replace(/\{id\}/g, "1"));
  });
}

function classify(method: string, url: string, via: CalledUrl["via"], line: number): CalledUrl {
  const op = matchOperation(method, url);
  if (op) {
    // The shim's own spec names its successor (lib/validation/operation.ts).
    const [successorMethod, successorPath] = op.deprecated?.successor.split(" ") ?? [];
    const successor =
      successorMethod && successorPath ? matchOperation(successorMethod, successorPath) : undefined;
    return {
      method,
      url,
      via,
      line,
      operation: op.operationId,
      deprecated: !!op.deprecated,
      successors: successor ? [successor.operationId] : [],
      status: op.deprecated ? "deprecated-rpc" : "rest",
    };
  }
  const successors = FORM_SUCCESSORS[`${method} ${url.split("?")[0]}`] ?? [];
  const isPage =
    method === "GET" &&
    ledger.some((e) => new RegExp(`^${e.pattern.replace(/\[[^\]]+\]/g, "[^/]+")}$`).test(url.split("?")[0]!));
  return {
    method,
    url,
    via,
    line,
    operation: null,
    deprecated: false,
    successors,
    status: isPage ? "page" : "no-rest-equivalent",
  };
}

export function scanTemplate(name: string, source: string): TemplateReport {
  const ext = /{%-?\s*extends\s+["']([^"']+)["']/.exec(source);
  const includes = [...source.matchAll(/{%-?\s*include\s+["']([^"']+)["']/g)].map((m) => m[1]!);
  const blocks = [...source.matchAll(/{%-?\s*block\s+(\w+)/g)].map((m) => m[1]!);

  // Names bound inside the template (loop variables, set) are not context variables.
  const bound = new Set<string>();
  for (const m of source.matchAll(/{%-?\s*for\s+([\w\s,]+?)\s+in\s/g))
    m[1]!.split(",").forEach((v) => bound.add(v.trim()));
  for (const m of source.matchAll(/{%-?\s*set\s+(\w+)/g)) bound.add(m[1]!);
  const variables = new Set<string>();
  const exprs = [
    ...[...source.matchAll(/{{-?([\s\S]*?)-?}}/g)].map((m) => m[1]!),
    ...[...source.matchAll(/{%-?\s*(?:if|elif|for\s+[\w\s,]+?\s+in|with)\s+([\s\S]*?)-?%}/g)].map(
      (m) => m[1]!,
    ),
  ];
  for (const expr of exprs) {
    const withoutStrings = expr.replace(/"[^"]*"|'[^']*'/g, "");
    const withoutFilters = withoutStrings.replace(/\|\s*\w+(\([^)]*\))?/g, "");
    for (const m of withoutFilters.matchAll(/(?<![.\w])([a-zA-Z_]\w*)/g)) {
      const v = m[1]!;
      if (!KEYWORDS.has(v) && !bound.has(v)) variables.add(v);
    }
  }

  const inlineScripts: TemplateReport["inlineScripts"] = [];
  const calls: CalledUrl[] = [];
  for (const m of source.matchAll(
    /<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>([\s\S]*?)<\/script>/g,
  )) {
    const body = m[1]!;
    const start = lineOf(source, m.index);
    inlineScripts.push({
      line: start,
      lines: body.split("\n").length,
      usesJsonScript: /JSON\.parse\(/.test(body),
      templateTagsInside: /{{|{%/.test(body),
    });
    for (const f of body.matchAll(/fetch\(\s*["'`]([^"'`]+)["'`]\s*(?:,\s*\{([\s\S]*?)\})?\s*\)/g)) {
      const method = (/method:\s*["'](\w+)["']/.exec(f[2] ?? "")?.[1] ?? "GET").toUpperCase();
      calls.push(classify(method, f[1]!, "script", start + lineOf(body, f.index) - 1));
    }
  }
  for (const m of source.matchAll(/<form\b([^>]*)>/g)) {
    const attrs = m[1]!;
    const method = (/method=["'](\w+)["']/i.exec(attrs)?.[1] ?? "GET").toUpperCase();
    const action = /action=(["'])(.*?)\1/.exec(attrs)?.[2] ?? "";
    const target = action.includes("{{") ? resolveUrlCall(action) : action || null;
    if (target) calls.push(classify(method, target, "form", lineOf(source, m.index)));
  }

  const ledgerRoutes = ledger.filter((e) => e.legacy === name).map((e) => e.pattern);
  const todo: string[] = [];
  for (const c of calls) {
    if (c.status === "no-rest-equivalent" && !c.successors.length)
      todo.push(`${c.method} ${c.url}: no REST equivalent yet`);
    if (c.status === "deprecated-rpc")
      todo.push(
        `${c.method} ${c.url}: deprecated RPC; SPA uses ${c.successors.join(", ") || "its successor"}`,
      );
  }
  for (const s of inlineScripts) {
    if (s.templateTagsInside)
      todo.push(`inline script at line ${s.line} interpolates template data; pass it via json_script`);
  }
  return {
    template: name,
    extends: ext?.[1] ?? null,
    includes,
    blocks,
    variables: [...variables].sort(),
    inlineScripts,
    calls,
    ledgerRoutes,
    todo,
  };
}

export function scanTemplates(dir = TEMPLATES_DIR): ScanReport {
  const templates = listTemplates(dir)
    .sort()
    .map((name) => scanTemplate(name, readFileSync(path.join(dir, name), "utf8")));
  const calls = templates.flatMap((t) => t.calls);
  return {
    templates,
    summary: {
      templates: templates.length,
      calls: calls.length,
      rest: calls.filter((c) => c.status === "rest").length,
      deprecated: calls.filter((c) => c.status === "deprecated-rpc").length,
      missing: calls.filter((c) => c.status === "no-rest-equivalent" && !c.successors.length).length,
    },
  };
}

export function scanMarkdown(report: ScanReport): string {
  const out: string[] = ["# Legacy template inventory", ""];
  const s = report.summary;
  out.push(
    `${s.templates} templates; ${s.calls} URLs called from scripts and forms: ${s.rest} REST, ${s.deprecated} deprecated RPC, ${s.missing} with no REST equivalent yet.`,
    "",
    "## Template graph",
    "",
  );
  for (const t of report.templates) {
    const parts = [t.extends ? `extends ${t.extends}` : "root", ...t.includes.map((i) => `includes ${i}`)];
    out.push(
      `- \`${t.template}\`: ${parts.join(", ")}${t.ledgerRoutes.length ? ` — serves ${t.ledgerRoutes.join(", ")}` : ""}`,
    );
  }
  for (const t of report.templates) {
    out.push("", `## ${t.template}`, "");
    out.push(
      `- context variables: ${t.variables.length ? t.variables.map((v) => `\`${v}\``).join(", ") : "none"}`,
    );
    out.push(`- blocks: ${t.blocks.join(", ") || "none"}`);
    out.push(
      `- inline scripts: ${t.inlineScripts.length ? t.inlineScripts.map((s) => `line ${s.line} (${s.lines} lines${s.usesJsonScript ? ", data via json_script" : ""})`).join("; ") : "none"}`,
    );
    if (t.calls.length) {
      out.push("", "| via | method | URL | REST operation | status |", "|---|---|---|---|---|");
      for (const c of t.calls) {
        const op = c.operation
          ? `\`${c.operation}\``
          : c.successors.length
            ? `→ ${c.successors.map((x) => `\`${x}\``).join(", ")}`
            : "—";
        const status = {
          rest: "REST",
          "deprecated-rpc": "deprecated RPC",
          page: "page route",
          "no-rest-equivalent": c.successors.length ? "legacy form handler" : "**no REST equivalent yet**",
        }[c.status];
        out.push(`| ${c.via} (line ${c.line}) | ${c.method} | \`${c.url}\` | ${op} | ${status} |`);
      }
    }
    out.push("", `- still needs: ${t.todo.length ? t.todo.join("; ") : "nothing"}`);
  }
  return out.join("\n") + "\n";
}
