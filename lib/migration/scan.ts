import "server-only";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ledger from "@/migration.config";
import type { LedgerEntry } from "@/lib/validation/ledger";
import { TEMPLATE_GLOBALS, TEMPLATES_DIR } from "@/lib/legacy/render";
import { url as reverse } from "@/lib/legacy/urls";
import { operations } from "@/lib/validation/openapi";

// Inventory of legacy-templates/: what each template extends and includes, which context
// variables it reads, its inline scripts, and every URL its scripts and forms call — each
// mapped to an operation of the OpenAPI document, or flagged "no REST equivalent yet".
// It also checks the ledger pages' parity marks (see "Parity marks" below): an error finding
// for every product, cart or order output that no data-parity element encloses, so that
// `cutover scan` fails (scanExitCode) until the parity checker can see every field.

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
  /** the data-parity names this template marks (without those its partials mark) */
  parity: string[];
  /** what this page still needs before its route can go fully SPA */
  todo: string[];
}

/** Something the scan holds against a ledger page; any "error" makes `cutover scan` exit 1. */
export interface Finding {
  severity: "error";
  rule:
    | "unmarked-data-output" // a {{ … }} of product/cart/order data outside every data-parity element
    | "unmarked-ledger-field"; // a field the ledger's `parity` list names, marked nowhere on the page
  /** ledger route id */
  route: string;
  /** the template the output is in (the ledger template itself or one of its partials) */
  template: string;
  line: number | null;
  /** the output as written, `{{ line.unit_price|money }}`, or the ledger field's name */
  expression: string;
  message: string;
}

/** One ledger page as the parity-mark check saw it. */
export interface ParityPage {
  route: string;
  /** the ledger template, then the partials and layouts it pulls in (chrome excluded) */
  templates: string[];
  /** every data-parity name the page's templates mark */
  names: string[];
  /** outputs of product/cart/order data checked (marked, or exempt by a stated rule) */
  dataOutputs: number;
}

export interface ScanReport {
  templates: TemplateReport[];
  parity: ParityPage[];
  findings: Finding[];
  summary: {
    templates: number;
    calls: number;
    rest: number;
    deprecated: number;
    missing: number;
    /** findings of severity "error": non-zero fails `cutover scan` */
    errors: number;
  };
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
  "csp_nonce",
  ...Object.keys(TEMPLATE_GLOBALS),
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
    parity: parityNames(source),
    todo,
  };
}

// ---- Parity marks ----------------------------------------------------------------------
//
// The parity checker (lib/migration/parity.ts) compares what the two shapes of a page show in
// their data-parity elements, so a field nobody marked can differ unnoticed. The rule, for
// each ledger page (its `legacy` template plus the partials it includes and the layouts it
// extends, except the chrome in CHROME_TEMPLATES, whose header outputs are the site's, not the
// page's):
//
// 1. Data. An output `{{ … }}` is product, cart or order data when a name it reads (not after
//    a dot, not a filter or function name, not inside a string) is one of DATA_CONTEXT — the
//    context names the ledger views pass for that data — or is bound from such data in the
//    template: a `{% for x in … %}` over it (`line` in `cart.items`, `item` in `order.items`,
//    `related` in `related_products`) or a `{% set x = … %}` of it. A partial inherits the
//    data names of the template that includes it. Everything else is chrome or page state
//    (`url(...)`, `csrf_token`, `error`, `pagination`, `query`, `total`, `placed`) and is not
//    checked; nor is the category menu (`categories`), navigation rather than product data.
// 2. Marked. A data output must have an HTML ancestor (in its own template, or where the
//    including template or the layout's block puts it) that carries `data-parity="…"`.
// 3. Exempt, because a visitor does not read them as page text: outputs inside a tag (an
//    attribute value: href, value, max, data-*, aria-*, class), inside an HTML comment,
//    inside <script>, <style>, <title> (the document title; the SPA sets it as metadata)
//    or <textarea>; outputs that are a `url(...)` call or use the `json_script` filter
//    (data for scripts); outputs of an extending template outside any block (never rendered).
// 4. Repeated labels. An output inside a <label> or an element with class "visually-hidden"
//    (an accessible name such as "Quantity of {{ line.name }}") is exempt only when the very
//    same expression is output inside a data-parity element elsewhere on the page; otherwise
//    it is unmarked data like any other.
//
// Each unmarked data output is an error finding naming the template, the line and the
// expression; so is a field the ledger's `parity` list names that no template of the page
// marks (both variants lacking it would otherwise compare equal). scanExitCode is the exit
// status for `cutover scan`: 1 while any error stands.

/** The context names the ledger pages' views pass that hold product, cart or order data. */
export const DATA_CONTEXT: readonly string[] = [
  "product",
  "products",
  "related_products",
  "cart",
  "order",
  "orders",
];

/** Layouts whose own outputs are site chrome (cart count, user name), not page data. */
export const CHROME_TEMPLATES: readonly string[] = ["base.html"];

const VOID_ELEMENTS = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);
/** Elements whose content is raw text, never read as page text by the checker. */
const RAW_TEXT = new Set(["script", "style", "title", "textarea"]);
/** Start tags that close an open element of these kinds first (HTML's implied end tags). */
const IMPLIED_END: Record<string, string[]> = {
  li: ["li"],
  option: ["option"],
  p: ["p"],
  td: ["td", "th"],
  th: ["td", "th"],
  tr: ["tr", "td", "th"],
};

interface TemplateSegment {
  kind: "output" | "tag" | "comment";
  start: number;
  end: number;
  /** what is between the delimiters, trimmed */
  body: string;
}

function segments(source: string): TemplateSegment[] {
  return [...source.matchAll(/{{-?([\s\S]*?)-?}}|{%-?([\s\S]*?)-?%}|{#[\s\S]*?#}/g)].map((m) => ({
    kind: m[1] !== undefined ? "output" : m[2] !== undefined ? "tag" : "comment",
    start: m.index,
    end: m.index + m[0].length,
    body: (m[1] ?? m[2] ?? "").trim(),
  }));
}

/** The source with every template construct blanked out (same length, same lines): HTML only. */
function maskTemplate(source: string, parts: TemplateSegment[]): string {
  let out = "";
  let at = 0;
  for (const p of parts) {
    out += source.slice(at, p.start) + source.slice(p.start, p.end).replace(/[^\n]/g, " ");
    at = p.end;
  }
  return out + source.slice(at);
}

interface OpenElement {
  tag: string;
  attrs: string;
}

type Where = "text" | "attribute" | "comment" | "script" | "style" | "title" | "textarea";

interface HtmlContext {
  ancestors: OpenElement[];
  where: Where;
}

const NOWHERE: HtmlContext = { ancestors: [], where: "text" };

function combine(outer: HtmlContext, inner: HtmlContext): HtmlContext {
  return {
    ancestors: [...outer.ancestors, ...inner.ancestors],
    where: outer.where !== "text" ? outer.where : inner.where,
  };
}

/** The open HTML elements (and whether in a tag, comment or raw text) at each position. */
function htmlContexts(source: string, masked: string, positions: number[]): HtmlContext[] {
  const order = positions.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const out: HtmlContext[] = positions.map(() => NOWHERE);
  const stack: OpenElement[] = [];
  let k = 0;
  const settle = (before: number, context: () => HtmlContext) => {
    for (; k < order.length && order[k]![0] < before; k++) out[order[k]![1]] = context();
  };
  const re = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const end = m.index + m[0].length;
    settle(m.index, () => ({ ancestors: [...stack], where: "text" }));
    settle(end, () => ({ ancestors: [...stack], where: m![2] ? "attribute" : "comment" }));
    if (!m[2]) continue;
    const tag = m[2].toLowerCase();
    if (m[1]) {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at >= 0) stack.length = at;
      continue;
    }
    const attrs = source.slice(m.index + 1 + tag.length, end - 1);
    if (VOID_ELEMENTS.has(tag) || /\/\s*$/.test(m[3] ?? "")) continue;
    const implied = IMPLIED_END[tag];
    while (implied && stack.length && implied.includes(stack.at(-1)!.tag)) stack.pop();
    const element = { tag, attrs };
    if (RAW_TEXT.has(tag)) {
      const close = masked.slice(end).search(new RegExp(`</${tag}\\s*>`, "i"));
      const closeAt = close < 0 ? masked.length : end + close;
      settle(closeAt, () => ({ ancestors: [...stack, element], where: tag as Where }));
      re.lastIndex = closeAt;
      continue;
    }
    stack.push(element);
  }
  settle(Number.POSITIVE_INFINITY, () => ({ ancestors: [...stack], where: "text" }));
  return out;
}

const isMarked = (e: OpenElement) => /\bdata-parity\s*=/.test(e.attrs);
const isLabel = (e: OpenElement) =>
  e.tag === "label" || /\bclass\s*=\s*(["'])(?:(?!\1)[\s\S])*\bvisually-hidden\b/.test(e.attrs);

/** The names an expression reads at its root: `line.unit_price|money` → ["line"]. */
function rootNames(expr: string): string[] {
  const code = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""').replace(/\|\s*\w+/g, "|");
  return [...code.matchAll(/(?<![.\w])([a-zA-Z_]\w*)(?!\s*\()/g)]
    .map((m) => m[1]!)
    .filter((v) => !KEYWORDS.has(v));
}

/** DATA_CONTEXT plus the names the template binds from data (loops, set), to a fixed point. */
function dataNames(parts: TemplateSegment[], inherited: ReadonlySet<string>): Set<string> {
  const names = new Set([...DATA_CONTEXT, ...inherited]);
  const bindings: { vars: string[]; expr: string }[] = [];
  for (const p of parts) {
    if (p.kind !== "tag") continue;
    const loop = /^for\s+([\w\s,]+?)\s+in\s+([\s\S]+)$/.exec(p.body);
    if (loop) bindings.push({ vars: loop[1]!.split(",").map((v) => v.trim()), expr: loop[2]! });
    const set = /^set\s+(\w+)\s*=\s*([\s\S]+)$/.exec(p.body);
    if (set) bindings.push({ vars: [set[1]!], expr: set[2]! });
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const b of bindings) {
      if (!rootNames(b.expr).some((r) => names.has(r))) continue;
      for (const v of b.vars)
        if (v && !names.has(v)) {
          names.add(v);
          changed = true;
        }
    }
  }
  return names;
}

/** data-parity names written literally in a template. */
function parityNames(source: string): string[] {
  return [
    ...new Set([...source.matchAll(/\bdata-parity\s*=\s*["']([^"'{}]+)["']/g)].map((m) => m[1]!)),
  ].sort();
}

interface ParsedTemplate {
  source: string;
  parts: TemplateSegment[];
  masked: string;
  extends: string | null;
  /** outermost {% block %}s: name and source range */
  blocks: { name: string; start: number; end: number }[];
}

function parseTemplate(source: string): ParsedTemplate {
  const parts = segments(source);
  const blocks: ParsedTemplate["blocks"] = [];
  const open: { name: string; start: number }[] = [];
  let extendsName: string | null = null;
  for (const p of parts) {
    if (p.kind !== "tag") continue;
    const ext = /^extends\s+["']([^"']+)["']/.exec(p.body);
    if (ext) extendsName = ext[1]!;
    const block = /^block\s+(\w+)/.exec(p.body);
    if (block) open.push({ name: block[1]!, start: p.start });
    if (/^endblock\b/.test(p.body)) {
      const b = open.pop();
      if (b && open.length === 0) blocks.push({ ...b, end: p.end });
    }
  }
  return { source, parts, masked: maskTemplate(source, parts), extends: extendsName, blocks };
}

interface DataOutput {
  template: string;
  line: number;
  expression: string;
  /** the expression with its whitespace removed, to recognise a repeat */
  key: string;
  marked: boolean;
  label: boolean;
}

/**
 * The parity-mark check for one ledger page (the rule above). `read` returns a template's
 * source by name, or null when there is none.
 */
export function checkParityMarks(
  entry: Pick<LedgerEntry, "id" | "legacy" | "parity">,
  read: (name: string) => string | null,
): { page: ParityPage; findings: Finding[] } {
  const parsed = new Map<string, ParsedTemplate | null>();
  const parse = (name: string) => {
    if (!parsed.has(name)) {
      const source = read(name);
      parsed.set(name, source === null ? null : parseTemplate(source));
    }
    return parsed.get(name)!;
  };

  // Where a layout puts each of its blocks, through its own layouts.
  const blockContext = (name: string, block: string, seen: string[] = []): HtmlContext | null => {
    const t = parse(name);
    if (!t || seen.includes(name)) return null;
    const tag = t.parts.find((p) => p.kind === "tag" && new RegExp(`^block\\s+${block}\\b`).test(p.body));
    if (!tag) return t.extends ? blockContext(t.extends, block, [...seen, name]) : null;
    const [local] = htmlContexts(t.source, t.masked, [tag.start]);
    if (!t.extends) return local!;
    const outer = t.blocks.find((b) => b.start <= tag.start && tag.end <= b.end);
    const inherited = outer ? blockContext(t.extends, outer.name, [...seen, name]) : null;
    return inherited ? combine(inherited, local!) : null;
  };

  const pageTemplates: string[] = [];
  const outputs: DataOutput[] = [];
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string, site: HtmlContext, inheritedData: ReadonlySet<string>, depth: number) => {
    const t = parse(name);
    if (!t || depth > 20) return;
    if (!pageTemplates.includes(name)) pageTemplates.push(name);
    parityNames(t.source).forEach((n) => names.add(n));
    const data = dataNames(t.parts, inheritedData);
    // An included partial is checked once per distinct place it is included from.
    const visitKey = `${name}\u0000${site.where}\u0000${site.ancestors.map((a) => a.tag + a.attrs).join("\u0001")}`;
    if (seen.has(visitKey)) return;
    seen.add(visitKey);

    const interesting = t.parts.filter(
      (p) => p.kind === "output" || (p.kind === "tag" && /^include\s/.test(p.body)),
    );
    const locals = htmlContexts(
      t.source,
      t.masked,
      interesting.map((p) => p.start),
    );
    interesting.forEach((p, i) => {
      let context = combine(site, locals[i]!);
      if (t.extends) {
        const block = t.blocks.find((b) => b.start <= p.start && p.end <= b.end);
        const placed = block ? blockContext(t.extends, block.name) : null;
        if (!placed) return; // outside every block the layout renders: never shown
        context = combine(placed, combine(site, locals[i]!));
      }
      if (p.kind === "tag") {
        const include = /^include\s+["']([^"']+)["']/.exec(p.body);
        if (include && !CHROME_TEMPLATES.includes(include[1]!)) visit(include[1]!, context, data, depth + 1);
        return;
      }
      if (context.where !== "text") return;
      if (/^url\s*\(/.test(p.body) || /\|\s*json_script\b/.test(p.body)) return;
      if (!rootNames(p.body).some((r) => data.has(r))) return;
      outputs.push({
        template: name,
        line: lineOf(t.source, p.start),
        expression: t.source.slice(p.start, p.end),
        key: p.body.replace(/\s+/g, ""),
        marked: context.ancestors.some(isMarked),
        label: context.ancestors.some(isLabel),
      });
    });
    // The layouts it extends, for blocks of their own (the chrome excepted).
    if (t.extends && !CHROME_TEMPLATES.includes(t.extends)) visit(t.extends, NOWHERE, data, depth + 1);
  };
  visit(entry.legacy, NOWHERE, new Set(), 0);

  const markedKeys = new Set(outputs.filter((o) => o.marked).map((o) => o.key));
  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (const o of outputs) {
    if (o.marked || (o.label && markedKeys.has(o.key))) continue;
    const id = `${o.template}:${o.line}:${o.expression}`;
    if (reported.has(id)) continue;
    reported.add(id);
    findings.push({
      severity: "error",
      rule: "unmarked-data-output",
      route: entry.id,
      template: o.template,
      line: o.line,
      expression: o.expression,
      message: o.label
        ? `${o.template} line ${o.line}: ${o.expression} is a label or visually hidden text that repeats no marked value; mark it with data-parity or output the value marked elsewhere`
        : `${o.template} line ${o.line}: ${o.expression} shows product, cart or order data outside any element with data-parity`,
    });
  }
  for (const field of entry.parity) {
    if (names.has(field)) continue;
    findings.push({
      severity: "error",
      rule: "unmarked-ledger-field",
      route: entry.id,
      template: entry.legacy,
      line: null,
      expression: field,
      message: `${entry.legacy}: the ledger's parity field "${field}" is marked by no template of route ${entry.id}`,
    });
  }
  return {
    page: {
      route: entry.id,
      templates: pageTemplates,
      names: [...names].sort(),
      dataOutputs: outputs.length,
    },
    findings,
  };
}

export function scanTemplates(
  dir = TEMPLATES_DIR,
  entries: readonly Pick<LedgerEntry, "id" | "legacy" | "parity">[] = ledger,
): ScanReport {
  const names = listTemplates(dir).sort();
  const sources = new Map(names.map((name) => [name, readFileSync(path.join(dir, name), "utf8")]));
  const templates = names.map((name) => scanTemplate(name, sources.get(name)!));
  const calls = templates.flatMap((t) => t.calls);
  const parity: ParityPage[] = [];
  const findings: Finding[] = [];
  for (const entry of entries) {
    if (!sources.has(entry.legacy)) continue; // served by an external origin: nothing to read here
    const page = checkParityMarks(entry, (name) => sources.get(name) ?? null);
    parity.push(page.page);
    findings.push(...page.findings);
  }
  return {
    templates,
    parity,
    findings,
    summary: {
      templates: templates.length,
      calls: calls.length,
      rest: calls.filter((c) => c.status === "rest").length,
      deprecated: calls.filter((c) => c.status === "deprecated-rpc").length,
      missing: calls.filter((c) => c.status === "no-rest-equivalent" && !c.successors.length).length,
      errors: findings.filter((f) => f.severity === "error").length,
    },
  };
}

/** The exit status of `cutover scan`: 1 while the report holds an error finding. */
export function scanExitCode(report: ScanReport): 0 | 1 {
  return report.findings.some((f) => f.severity === "error") ? 1 : 0;
}

export function scanMarkdown(report: ScanReport): string {
  const out: string[] = ["# Legacy template inventory", ""];
  const s = report.summary;
  out.push(
    `${s.templates} templates; ${s.calls} URLs called from scripts and forms: ${s.rest} REST, ${s.deprecated} deprecated RPC, ${s.missing} with no REST equivalent yet.`,
    "",
    s.errors
      ? `**${s.errors} error${s.errors === 1 ? "" : "s"}**: data the parity checker cannot see (see "Parity marks"); \`cutover scan\` exits 1.`
      : "Parity marks: every product, cart and order output of the ledger pages is inside a data-parity element.",
    "",
    "## Parity marks",
    "",
    "Every `{{ … }}` output of product, cart or order data in a ledger page's templates must sit inside an element with `data-parity` (attribute values, scripts, the title, `url()` and labels repeating a marked value excepted; the rule is in `lib/migration/scan.ts`).",
    "",
  );
  if (report.parity.length) {
    out.push("| route | templates | data outputs | data-parity names |", "|---|---|---|---|");
    for (const p of report.parity)
      out.push(
        `| ${p.route} | ${p.templates.map((t) => `\`${t}\``).join(", ")} | ${p.dataOutputs} | ${p.names.map((n) => `\`${n}\``).join(", ") || "none"} |`,
      );
    out.push("");
  }
  for (const f of report.findings)
    out.push(
      `- **${f.severity}** \`${f.template}\`${f.line !== null ? ` line ${f.line}` : ""} (route ${f.route}): \`${f.expression}\` — ${
        f.rule === "unmarked-data-output"
          ? "product, cart or order data outside any element with data-parity"
          : "a ledger parity field no template of the page marks"
      }`,
    );
  if (report.findings.length) out.push("");
  out.push("## Template graph", "");
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
