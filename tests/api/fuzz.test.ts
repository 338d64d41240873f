import fc from "fast-check";
import { db } from "@/lib/db";
import { openApiDocument } from "@/lib/validation/openapi";
import { api, apiFetch, routeFor } from "@/tests/helpers/app";
import {
  createCatalog,
  createUser,
  sameOrigin,
  sessionCookie,
  type Catalog,
  type TestUser,
} from "@/tests/helpers/fixtures";

// Property-based hardening (issue 12). The operations, path parameters, query parameters and
// request bodies are all read from the OpenAPI document the app generates; fast-check throws
// hostile input at the real route handlers on the real test database and checks:
//
// - every write body and every path id is *invalid by construction* (a 2xx would be a bug):
//   the answer is a 4xx problem+json whose `status` is the HTTP status, and not one row of the
//   domain tables changed;
// - query parameters on GETs, which cannot be made invalid for sure: never a 5xx, every error a
//   problem+json, and nothing written.
//
// A failure prints fast-check's seed and the shrunk counterexample; replay it by passing
// `{ seed, path }` to that fc.assert. RUNS says how many inputs each property gets per run.

// ---- the document --------------------------------------------------------------------------

interface JsonSchema {
  $ref?: string;
  type?: string;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}
interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  schema: JsonSchema;
}
interface DocOperation {
  operationId: string;
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}
interface Op {
  label: string;
  method: string;
  path: string;
  id: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON body, and the urlencoded form the same operation takes (sign-in). */
  body?: JsonSchema;
  form?: JsonSchema;
  /** No sign-in needed. */
  anonymous: boolean;
  statuses: number[];
}

const doc = openApiDocument() as unknown as {
  paths: Record<string, Record<string, DocOperation>>;
  components: { schemas: Record<string, JsonSchema> };
};

function resolve(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const target = doc.components.schemas[schema.$ref.replace("#/components/schemas/", "")];
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(target);
}

const ops: Op[] = Object.entries(doc.paths)
  .flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      return {
        label: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        id: op.operationId,
        pathParams: params.filter((p) => p.in === "path"),
        queryParams: params.filter((p) => p.in === "query"),
        body: content["application/json"]?.schema,
        form: content["application/x-www-form-urlencoded"]?.schema,
        anonymous: op.security.length === 0 || op.security.some((s) => Object.keys(s).length === 0),
        statuses: Object.keys(op.responses).map(Number),
      };
    }),
  )
  // next-auth answers its own endpoints (the e2e suite drives them); every other operation is
  // a route handler built by endpoint(spec, …).
  .filter((op) => !routeFor(op.path)?.route.route.includes("[...nextauth]"));

const bodyOps = ops.filter((op) => op.body);
const pathOps = ops.filter((op) => op.pathParams.length > 0);
const queryOps = ops.filter((op) => op.method === "GET" && op.queryParams.length > 0);
/** Writes with neither a body nor a path id: only who calls can make them invalid. */
const bareWrites = ops.filter((op) => op.method !== "GET" && !op.body && op.pathParams.length === 0);

/** Inputs per property and run (each property runs once per operation it covers). */
const RUNS = { body: 40, form: 25, path: 20, query: 50, bare: 40 };
const TOTAL_RUNS =
  bodyOps.length * RUNS.body +
  bodyOps.filter((op) => op.form).length * RUNS.form +
  pathOps.length * RUNS.path +
  queryOps.length * RUNS.query +
  bareWrites.length * RUNS.bare;

// ---- what the server parses, and whether the document allows it ----------------------------

/** JSON text written verbatim: -0, 1e400, 20-digit integers, deep nesting. */
class Raw {
  constructor(readonly text: string) {}
  [fc.toStringMethod]() {
    const t = this.text;
    return t.length > 80 ? `Raw(${t.slice(0, 40)}… ${t.length} chars)` : `Raw(${t})`;
  }
}
/** A long string, printed short in fast-check's reports. */
class Huge {
  constructor(
    readonly unit: string,
    readonly count: number,
  ) {}
  [fc.toStringMethod]() {
    return `Huge(${JSON.stringify(this.unit)} × ${this.count})`;
  }
}

/**
 * A request body, printed short in reports (its Huge and Raw parts stay short): a value sent
 * as JSON, text sent as it is, or fields sent as an urlencoded form.
 */
class Payload {
  constructor(
    readonly kind: "json" | "text" | "form",
    readonly value: unknown,
  ) {}
  get text(): string {
    if (this.kind === "text") return String(this.value);
    if (this.kind === "json") return toJson(this.value);
    const fields = Object.entries(this.value as Record<string, string | Huge>);
    const expand = (v: string | Huge) => (v instanceof Huge ? v.unit.repeat(v.count) : v);
    return fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeText(expand(v))}`).join("&");
  }
  [fc.toStringMethod]() {
    return `${this.kind}(${fc.stringify(this.value)})`;
  }
}

function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Huge) return JSON.stringify(value.unit.repeat(value.count));
  if (Array.isArray(value)) return `[${value.map(toJson).join(",")}]`;
  if (value && typeof value === "object") {
    const fields = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`);
    return `{${fields.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const INT4_MAX = 2_147_483_647;

/**
 * Whether the document allows `value` (as JSON.parse hands it to the server), read so that
 * "not allowed" is certain: names are trimmed before their length and pattern are checked.
 * Two rules hold for every field though JSON Schema cannot say them: text is well-formed
 * Unicode (no lone surrogate), and an integer fits the database's `integer` column.
 */
function conforms(schema: JsonSchema, value: unknown): boolean {
  const s = resolve(schema);
  if (s.anyOf) return s.anyOf.some((branch) => conforms(branch, value));
  if ("const" in s && value !== s.const) return false;
  if (s.enum && !s.enum.includes(value)) return false;
  const inRange = (n: number) =>
    (s.minimum === undefined || n >= s.minimum) &&
    (s.maximum === undefined || n <= s.maximum) &&
    (s.exclusiveMinimum === undefined || n > s.exclusiveMinimum) &&
    (s.exclusiveMaximum === undefined || n < s.exclusiveMaximum);
  switch (s.type) {
    case undefined:
      return true;
    case "null":
      return value === null;
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return Number.isInteger(value) && Math.abs(value as number) <= INT4_MAX && inRange(value as number);
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value) || !inRange(value)) return false;
      if (s.multipleOf === undefined) return true;
      // Decimals as written (the shortest form that reads back): 5e-324 has 324 of them.
      const decimals = (String(s.multipleOf).split(".")[1] ?? "").length;
      const text = String(Math.abs(value));
      if (text.includes("e")) return Math.abs(value) >= 1;
      return !new RegExp(`\\.\\d{${decimals + 1}}`).test(text);
    }
    case "string":
      return (
        typeof value === "string" &&
        !/\p{Surrogate}/u.test(value) &&
        // Shorter in UTF-16 units is shorter in code points; longer in code points is longer in both.
        (s.minLength === undefined || value.length >= s.minLength) &&
        (s.maxLength === undefined || [...value.trim()].length <= s.maxLength) &&
        (s.pattern === undefined || [value, value.trim()].some((v) => new RegExp(s.pattern!, "u").test(v)))
      );
    case "array":
      return (
        Array.isArray(value) &&
        (s.minItems === undefined || value.length >= s.minItems) &&
        (s.maxItems === undefined || value.length <= s.maxItems) &&
        value.every((item) => !s.items || conforms(s.items, item))
      );
    case "object": {
      if (!value || typeof value !== "object" || Array.isArray(value)) return false;
      const record = value as Record<string, unknown>;
      const props = s.properties ?? {};
      if ((s.required ?? []).some((k) => !Object.hasOwn(record, k))) return false;
      return Object.entries(record).every(([k, v]) =>
        Object.hasOwn(props, k) ? conforms(props[k]!, v) : s.additionalProperties !== false,
      );
    }
    default:
      throw new Error(`the fuzz oracle does not know JSON Schema type ${s.type}`);
  }
}

function acceptsAnything(schema: JsonSchema): boolean {
  const s = resolve(schema);
  if (s.anyOf) return s.anyOf.some(acceptsAnything);
  return s.type === undefined && s.enum === undefined && !("const" in s);
}

/**
 * Invalid by construction: the document refuses the text read as JSON *and* read as an
 * urlencoded form (the legacy RPC shim reads either, whatever the Content-Type says).
 */
function bodyInvalid(op: Op, text: string): boolean {
  let json: { value: unknown } | null = null;
  try {
    json = { value: JSON.parse(text) };
  } catch {
    // not JSON at all
  }
  const form = Object.fromEntries(new URLSearchParams(text));
  const schemas = [op.body, op.form].filter((s): s is JsonSchema => s !== undefined);
  return schemas.every((s) => (json === null || !conforms(s, json.value)) && !conforms(s, form));
}

// ---- valid values, which the hostile ones are made from ---------------------------------------

function sample(schema: JsonSchema): unknown {
  const s = resolve(schema);
  if (s.anyOf) {
    const valid = s.anyOf.map(sample).find((v) => conforms(s, v));
    if (valid === undefined) throw new Error(`no valid sample for ${JSON.stringify(schema)}`);
    return valid;
  }
  if ("const" in s) return s.const;
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case "null":
      return null;
    case "boolean":
      return true;
    case "integer":
    case "number":
      return Math.min(Math.max(s.minimum ?? 1, 1), s.maximum ?? 1);
    case "string":
      if (s.format === "email") return "fuzz@example.com";
      return ["fuzz", "x", "a1", "password123"].find((c) => conforms(s, c)) ?? "x".repeat(s.minLength ?? 1);
    case "array":
      return Array.from({ length: Math.max(s.minItems ?? 0, 1) }, () => sample(s.items ?? {}));
    case "object":
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v)]));
    default:
      return "x";
  }
}

/** A valid body: the required fields and a random choice of the optional ones. */
function validBody(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const s = resolve(schema);
  const full = Object.entries(sample(s) as Record<string, unknown>);
  const required = new Set(s.required ?? []);
  const optional = full.map(([k]) => k).filter((k) => !required.has(k));
  return fc
    .subarray(optional)
    .map((keep) => Object.fromEntries(full.filter(([k]) => required.has(k) || keep.includes(k))))
    .filter((body) => conforms(s, body));
}

// ---- hostile values ------------------------------------------------------------------------

const INVISIBLE = ["\u200B", "\uFEFF", "\u00AD", "\u200B\uFEFF\u00AD", "\u2060\u200C\u200D", " \u200B "];
const LONE_SURROGATES = ["\uD800", "a\uDC00", "\uDBFF\uDBFF", "name\uD83D", "\uDE00x"];
const UNICODE_DIGITS = ["１０", "١٠", "१०", "𝟏𝟎", "৭", "²"];
const NUMBERS: unknown[] = [
  new Raw("-0"),
  new Raw("1e400"),
  new Raw("-1e400"),
  new Raw("99999999999999999999"),
  5e-324,
  -5e-324,
  1e308,
  -1e308,
  1e21,
  0.1,
  0.001,
  1.005,
  0.1 + 0.2,
  99_999_999.999,
  100_000_000,
  -1,
  0,
  1.5,
  2_147_483_648,
  -2_147_483_649,
  9_007_199_254_740_993,
];
const SCALARS: unknown[] = [
  null,
  true,
  false,
  "",
  " ",
  "1",
  "10",
  " 10",
  "0xA",
  "1e1",
  "10.0",
  "+10",
  "-1",
  "NaN",
  "Infinity",
  "true",
  "null",
  "\0",
  "x\0y",
  "%00",
  "<script>alert(1)</script>",
  "' OR '1'='1",
  "ADMIN",
  " legacy",
  "Pending",
  ...INVISIBLE,
  ...LONE_SURROGATES,
  ...UNICODE_DIGITS,
  ...NUMBERS,
];
const SHAPES: unknown[] = [[], [1], ["x"], [null], {}, { a: 1 }, { $gt: 0 }, { ["__proto__"]: { a: 1 } }];

const deep = fc
  .record({ depth: fc.integer({ min: 50, max: 2_000 }), kind: fc.constantFrom("object", "array") })
  .map(({ depth, kind }) =>
    kind === "array"
      ? new Raw("[".repeat(depth) + "]".repeat(depth))
      : new Raw('{"a":'.repeat(depth) + "1" + "}".repeat(depth)),
  );
/** Long strings: up to 800 kB as JSON, 720 kB percent-encoded, so that bodies stay under 1 MB. */
const hugeUpTo = (max: number) =>
  fc
    .record({
      unit: fc.constantFrom("x", "é", "\u200B", "😀", "ab\uD800"),
      count: fc.oneof(fc.integer({ min: 101, max: 6_000 }), fc.integer({ min: 6_000, max })),
    })
    .map(({ unit, count }) => new Huge(unit, count));
const huge = hugeUpTo(100_000);
const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SCALARS, ...SHAPES) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.bigInt({ min: 2n ** 31n, max: 10n ** 30n }).map((n) => new Raw(String(n))) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Just outside the document's own limits. */
function edges(s: JsonSchema): unknown[] {
  const out: unknown[] = [];
  if (s.minimum !== undefined) out.push(s.minimum - 1, s.minimum - 0.5);
  if (s.exclusiveMinimum !== undefined) out.push(s.exclusiveMinimum);
  if (s.maximum !== undefined) out.push(s.maximum + 1, s.maximum + 0.5);
  if (s.minLength) out.push("", "x".repeat(s.minLength - 1));
  if (s.maxLength !== undefined) out.push(new Huge("x", s.maxLength + 1), new Huge("é", s.maxLength + 1));
  for (const v of s.enum ?? []) if (typeof v === "string") out.push(v.toUpperCase(), ` ${v}`, `${v}\u200B`);
  if (s.minItems) out.push([]);
  return out;
}

/** Values a field's schema refuses, down inside its objects and arrays too. */
function invalidFor(schema: JsonSchema, base: unknown, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const branches = [s, ...(s.anyOf ?? []).map(resolve)];
  branches.push(...branches.flatMap((b) => (b.anyOf ?? []).map(resolve)));
  const options: fc.Arbitrary<unknown>[] = [junk];
  const boundaries = branches.flatMap(edges);
  if (boundaries.length) options.push(fc.constantFrom(...boundaries));
  // Values of the field's own type that only its finer rules refuse.
  const types = new Set(branches.map((b) => b.type));
  if (types.has("number") || types.has("integer")) {
    const tiny = fc.double({ min: -1e-6, max: 1e-6 });
    options.push(fc.constantFrom(...NUMBERS), tiny, fc.double({ noNaN: true }));
  }
  if (types.has("string")) {
    options.push(
      fc.constantFrom(...INVISIBLE, ...LONE_SURROGATES, ...UNICODE_DIGITS, "\0", " "),
      fc.string({ unit: "binary", maxLength: 8 }),
      huge,
    );
  }
  if (depth < 3 && s.type === "object" && base && typeof base === "object" && !Array.isArray(base)) {
    options.push(invalidObject(s, base as Record<string, unknown>, depth + 1));
  }
  if (depth < 3 && s.type === "array" && s.items && Array.isArray(base)) {
    const first: unknown = base[0] ?? sample(s.items);
    options.push(invalidFor(s.items, first, depth + 1).map((bad) => [...base, bad]));
    const tooMany = Array.from({ length: (s.maxItems ?? 0) + 1 }, () => first);
    if (s.maxItems !== undefined) options.push(fc.constant(tooMany));
  }
  return fc.oneof(...options).filter((v) => !conforms(s, JSON.parse(toJson(v))));
}

const UNKNOWN_KEYS = ["extra", "is_admin", "role", "id", "user_id", "NAME", "price ", "__proto__"];

/** An object its schema refuses: a field made invalid, a required one left out, an unknown one added. */
function invalidObject(schema: JsonSchema, base: Record<string, unknown>, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const props = Object.entries(s.properties ?? {}).filter(([, p]) => !acceptsAnything(p));
  // Arrays where the object is expected, and the other wrong JSON types.
  const options: fc.Arbitrary<unknown>[] = [fc.constantFrom<unknown>([base], [], null, 0, "x", true)];
  if (props.length) {
    const field = fc.constantFrom(...props);
    options.push(
      field.chain(([key, p]) =>
        invalidFor(p, base[key] ?? sample(p), depth).map((v) => ({ ...base, [key]: v })),
      ),
    );
  }
  const required = s.required ?? [];
  if (required.length) {
    const without = (key: string) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));
    options.push(fc.constantFrom(...required).map(without));
  }
  if (s.additionalProperties === false) {
    const unknown = UNKNOWN_KEYS.filter((k) => !Object.hasOwn(s.properties ?? {}, k));
    options.push(fc.tuple(fc.constantFrom(...unknown), junk).map(([key, v]) => ({ ...base, [key]: v })));
  }
  return fc.oneof(...options);
}

/** Unknown fields on top: ignored by the lenient schemas, refused by the strict ones. */
const withNoise = (value: unknown) =>
  fc
    .option(fc.dictionary(fc.constantFrom(...UNKNOWN_KEYS, "zz"), junk, { maxKeys: 3 }), { freq: 3 })
    .map((extra) =>
      extra && value && typeof value === "object" && !Array.isArray(value) ? { ...extra, ...value } : value,
    );

const BROKEN_JSON = [
  "",
  " ",
  "{",
  "[",
  "}",
  '{"a":}',
  "{'name':'x'}",
  '{"name":"x",}',
  "[1,]",
  "NaN",
  "Infinity",
  "-Infinity",
  "undefined",
  '{"price": NaN}',
  '{"quantity": 0x10}',
  '{"a":1}garbage',
  "\uFEFF{}",
  '{"a":"\\uD800',
  '"unterminated',
  "nul\0l",
];
const notJson = (text: string) => {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
};

const underOneMegabyte = (body: Payload) => Buffer.byteLength(body.text) < 1_000_000;

/** An invalid body: broken JSON, or JSON its schema refuses. */
function invalidBody(op: Op): fc.Arbitrary<Payload> {
  const schema = op.body!;
  const text = (t: string) => new Payload("text", t);
  return fc
    .oneof(
      { weight: 1, arbitrary: fc.constantFrom(...BROKEN_JSON).map(text) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }).filter(notJson).map(text) },
      {
        weight: 8,
        arbitrary: validBody(schema)
          .chain((base) => invalidObject(schema, base))
          .chain(withNoise)
          .map((value) => new Payload("json", value)),
      },
    )
    .filter((body) => underOneMegabyte(body) && bodyInvalid(op, body.text));
}

/** An urlencoded form its schema refuses. */
function invalidForm(op: Op): fc.Arbitrary<Payload> {
  const keys = [...Object.keys(resolve(op.form!).properties ?? {}), ...UNKNOWN_KEYS];
  const value = fc.oneof(
    fc.constantFrom(...SCALARS.filter((v): v is string => typeof v === "string")),
    fc.string({ unit: "binary", maxLength: 12 }),
    hugeUpTo(60_000),
  );
  return fc
    .dictionary(fc.constantFrom(...keys), value, { maxKeys: 5 })
    .map((fields) => new Payload("form", fields))
    .filter((body) => underOneMegabyte(body) && bodyInvalid(op, body.text));
}

// ---- path segments -----------------------------------------------------------------------

/**
 * Percent-encodes text. A lone surrogate, which encodeURIComponent refuses, becomes the three
 * bytes a careless encoder writes for it ("\uD800" → %ED%A0%80): not UTF-8, so undecodable.
 */
function encodeText(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0xd800 || code > 0xdfff) out += encodeURIComponent(ch);
    else {
      const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    }
  }
  return out;
}

/** Whether a path segment is valid percent-encoding (when not, the path names nothing: 404). */
function decodable(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** Written into the path as they are: malformed, or meaningful, percent-encoding. */
const RAW_SEGMENTS = [
  "%",
  "%%",
  "%ZZ",
  "%E0%A4%A",
  "%C0%AF",
  "%FF",
  "%ED%A0%80",
  "%00",
  "%2F",
  "%2Fcart",
  "%20",
  "%0A",
  "1%",
  "%31%30",
  "%EF%BB%BF1",
];

/** Hostile spellings of a path id, many close to the ids that exist (never one of them). */
function hostileSegments(existing: string[]): fc.Arbitrary<string> {
  const near = existing.flatMap((id) => [
    ` ${id}`,
    `${id} `,
    `0${id}`,
    `+${id}`,
    `${id}.0`,
    `${id}e0`,
    /^\d+$/.test(id) ? `0x${Number(id).toString(16)}` : id.toUpperCase(),
    `${id}\0`,
    `${id}\u200B`,
    `\uFEFF${id}`,
    `${id}\u00AD`,
    `${id}\uD800`,
    id.replace(/\d/g, (d) => String.fromCodePoint(0xff10 + Number(d))),
    id.replace(/\d/g, (d) => String.fromCodePoint(0x0660 + Number(d))),
    `${id}/`,
    `${id}?x=1`,
    `${id};`,
  ]);
  const texts = [
    " 10",
    "0xA",
    "1e1",
    "10.0",
    "+10",
    "-1",
    "0",
    "00",
    "-0",
    "1_0",
    "1,0",
    "99999999999999999999",
    "2147483648",
    "9007199254740993",
    "1e309",
    "Infinity",
    "NaN",
    "null",
    "undefined",
    "true",
    "[1]",
    "{}",
    "\0",
    "\u200B",
    "\uFEFF",
    "\u00AD",
    "\uD800",
    "<script>",
    "' OR 1=1 --",
    ...UNICODE_DIGITS,
    ...near,
  ];
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.constantFrom(...texts).map(encodeText) },
      { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
      { weight: 1, arbitrary: fc.integer({ min: 1_000_000, max: INT4_MAX }).map(String) },
      { weight: 1, arbitrary: fc.bigInt({ min: 2n ** 31n, max: 10n ** 40n }).map(String) },
      { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 16 }).map(encodeText) },
      { weight: 1, arbitrary: fc.integer({ min: 201, max: 3_000 }).map((n) => "9".repeat(n)) },
    )
    .filter((segment) => {
      // "." and ".." (however encoded) are resolved away by URL parsing: no handler sees them.
      if (new URL(`http://x/a/${segment}/b`).pathname.split("/").length !== 4) return false;
      return !decodable(segment) || !existing.includes(decodeURIComponent(segment));
    });
}

// ---- callers, requests, the domain ---------------------------------------------------------

let catalog: Catalog;
let admin: TestUser;
let user: TestUser;
let guest: TestUser;
let userCookie: string;
let orderId: number;
let routeRefs: string[];

type Caller =
  | "admin"
  | "user"
  | "guest"
  | "anonymous"
  | "anonymous-same-origin"
  | "user-cookie"
  | "cross-site-cookie"
  | "bad-token";

function callerHeaders(caller: Caller): Record<string, string> {
  switch (caller) {
    case "admin":
      return { authorization: `Bearer ${admin.token}` };
    case "user":
      return { authorization: `Bearer ${user.token}` };
    case "guest":
      return { authorization: `Bearer ${guest.token}` };
    case "anonymous":
      return {};
    case "anonymous-same-origin":
      return { ...sameOrigin, cookie: "cutover_cart=00000000-0000-4000-8000-000000000000" };
    case "user-cookie":
      return { ...sameOrigin, cookie: userCookie };
    case "cross-site-cookie":
      return { cookie: userCookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" };
    case "bad-token":
      return { authorization: `Bearer ${admin.token.slice(0, -4)}AAAA` };
  }
}

/** Mostly an admin, so that validation, not authorisation, is what answers. */
const callers: fc.Arbitrary<Caller> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Caller>("admin") },
  {
    weight: 4,
    arbitrary: fc.constantFrom<Caller>(
      "user",
      "guest",
      "anonymous",
      "anonymous-same-origin",
      "user-cookie",
      "cross-site-cookie",
      "bad-token",
    ),
  },
);

/**
 * Who certainly cannot perform a bare write: nobody signed in, when it needs a sign-in; and
 * callers whose state makes it invalid: the admin's cart stays empty (every cart write here is
 * refused), so the admin's checkout is a 409. (The user's cart holds a line: never theirs.)
 */
const STATE_CALLERS: Record<string, Caller[]> = { checkout: ["admin"] };
const SIGNED_OUT: Caller[] = ["anonymous", "anonymous-same-origin", "cross-site-cookie", "bad-token"];
const refusedCallers = (op: Op): Caller[] => [
  ...(op.anonymous ? [] : SIGNED_OUT),
  ...(STATE_CALLERS[op.id] ?? []),
];

const CONTENT_TYPES = [
  "application/json",
  "application/json",
  "application/json; charset=utf-8",
  "application/merge-patch+json",
  "APPLICATION/JSON",
  "text/plain",
  "application/x-www-form-urlencoded",
  null,
] as const;

/** The ids that exist for each path parameter (by the resource its path names), as spelled. */
function existingIds(op: Op, param: string): string[] {
  const products = catalog.products.map((p) => String(p.id));
  const resources: [string, string[]][] = [
    ["/api/products/{id}", products],
    ["/api/categories/{id}", catalog.categories.flatMap((c) => [String(c.id), c.slug])],
    ["/api/users/{id}", [admin.id, user.id, guest.id].map(String)],
    ["/api/orders/{id}", [String(orderId)]],
    ["/api/cart/items/{product_id}", products],
    ["/api/migration/routes/{id}", routeRefs],
  ];
  const found = resources.find(([path]) => op.path === path || op.path.startsWith(`${path}/`));
  if (!found?.[0].endsWith(`{${param}}`)) {
    throw new Error(`which ids exist for ${op.label} {${param}}? Add them to existingIds()`);
  }
  return found[1];
}

const existingPath = (op: Op) =>
  fc
    .tuple(...op.pathParams.map((p) => fc.constantFrom(...existingIds(op, p.name).map(encodeURIComponent))))
    .map((values) => Object.fromEntries(op.pathParams.map((p, i) => [p.name, values[i]!])));

function pathFor(op: Op, segments: Record<string, string>): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => segments[name] ?? "");
}

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

function send({ method, url, headers, body }: Sent): Promise<Response> {
  // Bytes, so that "no Content-Type" sends none (a string body would be text/plain).
  const payload = body === undefined ? undefined : new TextEncoder().encode(body);
  if (payload && payload.length >= 1_000_000) throw new Error(`a body of ${payload.length} bytes`);
  return apiFetch(url, { method, headers: new Headers(headers), body: payload });
}

/** Counters (legacy endpoint usage, metrics, throttles, idempotency keys) are left out. */
const DOMAIN_TABLES = [
  "products",
  "categories",
  "users",
  "carts",
  "cart_items",
  "orders",
  "order_items",
  "route_states",
  "route_state_changes",
  "parity_runs",
];

/** One digest per domain table, in one statement: every row as text, in a stable order. */
async function domainDigest(): Promise<Record<string, string>> {
  const prisma = await db();
  const digests = DOMAIN_TABLES.map(
    (t) => `(SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) FROM ${t} r) AS ${t}`,
  );
  const [row] = await prisma.$queryRawUnsafe<Record<string, string>[]>(`SELECT ${digests.join(", ")}`);
  return row!;
}

function report(sent: Sent, res: Response, text: string): string {
  const body = sent.body === undefined ? "" : ` ${JSON.stringify(sent.body.slice(0, 300))}`;
  const type = res.headers.get("content-type");
  return `${sent.method} ${sent.url.slice(0, 300)}${body} → ${res.status} ${type}: ${text.slice(0, 400)}`;
}

/** A 4xx problem+json whose `status` is the HTTP status. */
function assertProblem(sent: Sent, res: Response, text: string): void {
  const what = report(sent, res, text);
  if (res.status < 400 || res.status > 499) throw new Error(`expected a 4xx: ${what}`);
  if (!res.headers.get("content-type")?.startsWith("application/problem+json")) {
    throw new Error(`expected problem+json: ${what}`);
  }
  let problem: { status?: unknown; title?: unknown };
  try {
    problem = JSON.parse(text) as typeof problem;
  } catch {
    throw new Error(`problem+json that is not JSON: ${what}`);
  }
  if (problem.status !== res.status || typeof problem.title !== "string") {
    throw new Error(`problem status ${String(problem.status)}, HTTP ${res.status}: ${what}`);
  }
}

/** The digest after the last request: nothing else writes the domain between two of them. */
let lastDigest: Record<string, string> | null = null;

async function sendWatchingTheDomain(sent: Sent): Promise<{ res: Response; text: string }> {
  const before = lastDigest ?? (await domainDigest());
  const res = await send(sent);
  const text = await res.text();
  const after = await domainDigest();
  lastDigest = after;
  const changed = DOMAIN_TABLES.filter((t) => before[t] !== after[t]);
  if (changed.length) throw new Error(`changed ${changed.join(", ")}: ${report(sent, res, text)}`);
  return { res, text };
}

/**
 * An invalid request: a 4xx problem+json, nothing written. `mayBeEmpty`: a GET of a collection
 * under a well-formed id that names nothing, where the document promises no 404 (an admin
 * listing a missing user's orders gets []).
 */
async function expectRefused(sent: Sent, { mayBeEmpty = false } = {}): Promise<void> {
  const { res, text } = await sendWatchingTheDomain(sent);
  if (!(mayBeEmpty && res.status === 200)) assertProblem(sent, res, text);
}

// ---- setup -------------------------------------------------------------------------------

beforeAll(async () => {
  catalog = await createCatalog();
  admin = await createUser("admin");
  user = await createUser("user");
  guest = await createUser("guest");
  userCookie = await sessionCookie(user.id);
  // A row in every domain table: the user's cart line and order, a route override, a parity run.
  const [first, second] = catalog.products;
  const asUser = { token: user.token };
  const asAdmin = { token: admin.token };
  const added = await api("POST", "/api/cart/items", { ...asUser, body: { product_id: first!.id } });
  expect(added.status).toBe(201);
  const order = await api("POST", `/api/users/${user.id}/orders`, {
    ...asUser,
    body: { items: [{ product_id: second!.id, quantity: 1 }] },
  });
  expect(order.status).toBe(201);
  orderId = ((await order.json()) as { id: number }).id;
  const switched = await api("PATCH", "/api/migration/routes/cart", { ...asAdmin, body: { state: "spa" } });
  expect(switched.status).toBe(200);
  const parity = await api("POST", "/api/migration/parity", {
    ...asAdmin,
    body: { route: "cart", report: [{ path: "/cart", ok: true, fields: [] }] },
  });
  expect(parity.status).toBe(201);
  const states = (await (await api("GET", "/api/migration/state", asAdmin)).json()) as {
    id: string;
    pattern: string;
  }[];
  routeRefs = states.flatMap((s) => [s.id, s.pattern]);
});

// ---- the properties ----------------------------------------------------------------------

describe("the fuzz covers the document", () => {
  it(`reads every operation from it: ${TOTAL_RUNS} generated inputs per run`, async () => {
    const served = (await (await api("GET", "/api/openapi.json")).json()) as typeof doc;
    expect(Object.keys(served.paths)).toEqual(Object.keys(doc.paths));
    expect(TOTAL_RUNS).toBeGreaterThanOrEqual(1_000);
    expect(bodyOps.length).toBeGreaterThan(10);
    expect(queryOps.length).toBeGreaterThan(3);
    for (const op of bareWrites) expect(refusedCallers(op)).not.toEqual([]);
    for (const op of pathOps) for (const p of op.pathParams) expect(existingIds(op, p.name)).not.toEqual([]);
    for (const op of bodyOps) expect(conforms(op.body!, sample(op.body!))).toBe(true);
  });
});

describe.each(bodyOps.map((op) => [op.label, op] as const))("%s with a hostile body", (_, op) => {
  it(`${RUNS.body} bodies invalid by construction → 4xx problem+json, nothing written`, async () => {
    const request = fc.record({
      caller: callers,
      path: op.pathParams.length ? existingPath(op) : fc.constant({}),
      body: invalidBody(op),
      contentType: fc.constantFrom(...CONTENT_TYPES),
      idempotencyKey: fc.option(fc.constantFrom("k1", "", " ", "ü", "x".repeat(300), "a\tb"), { freq: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers = callerHeaders(r.caller);
        if (r.contentType) headers["content-type"] = r.contentType;
        if (r.idempotencyKey !== null) headers["idempotency-key"] = r.idempotencyKey;
        await expectRefused({ method: op.method, url: pathFor(op, r.path), headers, body: r.body.text });
      }),
      { numRuns: RUNS.body },
    );
  }, 60_000);

  if (op.form) {
    it(`${RUNS.form} urlencoded forms invalid by construction → 4xx, nothing written`, async () => {
      await fc.assert(
        fc.asyncProperty(callers, invalidForm(op), async (caller, body) => {
          const headers = { ...callerHeaders(caller), "content-type": "application/x-www-form-urlencoded" };
          await expectRefused({ method: op.method, url: op.path, headers, body: body.text });
        }),
        { numRuns: RUNS.form },
      );
    }, 60_000);
  }
});

describe.each(pathOps.map((op) => [op.label, op] as const))("%s with a hostile path id", (_, op) => {
  it(`${RUNS.path} ids naming nothing (non-canonical, huge, malformed) → 4xx, nothing written`, async () => {
    // One parameter hostile, any others real, a write's body valid: the id is what is wrong.
    const request = fc.constantFrom(...op.pathParams.map((p) => p.name)).chain((hostile) =>
      fc.record({
        caller: callers,
        hostile: fc.constant(hostile),
        segment: hostileSegments(existingIds(op, hostile)),
        real: existingPath(op),
        body: op.body ? validBody(op.body).map(toJson) : fc.constant(undefined),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers = callerHeaders(r.caller);
        if (r.body !== undefined) headers["content-type"] = "application/json";
        const url = pathFor(op, { ...r.real, [r.hostile]: r.segment });
        const wellFormed = decodable(r.segment) && /^[1-9]\d{0,9}$/.test(decodeURIComponent(r.segment));
        const mayBeEmpty = wellFormed && op.method === "GET" && !op.statuses.includes(404);
        await expectRefused({ method: op.method, url, headers, body: r.body }, { mayBeEmpty });
      }),
      { numRuns: RUNS.path },
    );
  }, 60_000);
});

// ---- query parameters --------------------------------------------------------------------

const b64 = (text: string) => Buffer.from(text).toString("base64url");

interface CursorCase {
  cursor: string;
  /** The ordering a crafted cursor names, sent along so that the list decodes it. */
  ordering: string | null;
}

/**
 * Cursors: base64 garbage, and well-formed ones (base64url JSON {o, v, id}, as the list writes
 * them) for the query's own ordering holding ill-typed or out-of-range values: ids beyond int4,
 * dates PostgreSQL cannot hold, prices beyond numeric(10,2), NUL characters.
 */
function cursorsFor(orderings: string[]): fc.Arbitrary<CursorCase> {
  const garbage = fc
    .oneof(
      fc.base64String({ maxLength: 60 }),
      fc.uint8Array({ maxLength: 48 }).map((bytes) => Buffer.from(bytes).toString("base64url")),
      fc.constantFrom("", "=", "null", "e30", b64("null"), b64("[]"), b64("1"), b64('"x"'), b64("{}")),
      fc.constant("x".repeat(501)),
    )
    .map((cursor) => ({ cursor, ordering: null }));
  const crafted = fc
    .record({
      o: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...orderings) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>("", "-", "price,id", null, 1) },
      ),
      v: fc.oneof(
        fc.constantFrom<unknown>(
          "99999999999.99",
          "9999999999.99",
          "1e5",
          "-1",
          "1.999",
          "NaN",
          "275760-09-13T00:00:00.000Z",
          "+275760-09-13T00:00:00.000Z",
          "-271821-04-20T00:00:00.000Z",
          "2026-13-45",
          "0000-01-01T00:00:00.000Z",
          "1",
          "",
          "x\0y",
          "\uD800",
          "\u200B",
          2_147_483_648,
          -2_147_483_649,
          9_007_199_254_740_993,
          1e20,
          1e300,
          -0,
          1.5,
          null,
          true,
          [],
          {},
        ),
        fc.integer(),
        fc.string({ unit: "binary", maxLength: 10 }),
      ),
      id: fc.oneof(
        fc.constantFrom<unknown>(0, -1, 1, 1.5, 2_147_483_648, 1e20, 9_007_199_254_740_993, "1", null),
        fc.integer(),
        fc.bigInt({ min: 2n ** 31n, max: 2n ** 80n }).map(Number),
      ),
    })
    .map((c) => ({ cursor: b64(JSON.stringify(c)), ordering: typeof c.o === "string" ? c.o : null }));
  return fc.oneof({ weight: 1, arbitrary: garbage }, { weight: 3, arbitrary: crafted });
}

const QUERY_TEXTS = [
  "",
  " ",
  "0",
  "-1",
  "-0",
  "+1",
  " 1",
  "1 ",
  "1e1",
  "1e308",
  "1e309",
  "5e-324",
  "0x10",
  "0b1",
  "NaN",
  "Infinity",
  "-Infinity",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "99999999999999999999",
  "2147483648",
  "9007199254740993",
  "1.5",
  "10.0",
  "\0",
  "' OR 1=1--",
  "-price,name",
  "ADMIN",
  "%",
  "\uD800",
  ...INVISIBLE,
  ...UNICODE_DIGITS,
];
const MALFORMED_QUERY = ["%", "%ZZ", "%E0%A4%A", "%ED%A0%80", "%00", "%FF", "a%2", "%2B1"];

/** A query value, percent-encoded (or malformed on purpose). */
function queryValue(param: Parameter): fc.Arbitrary<string> {
  const s = resolve(param.schema);
  const numeric = s.type === "integer" || s.type === "number";
  const bounds = numeric ? [s.minimum, s.maximum, (s.minimum ?? 0) + 1] : [];
  const valid = [...(s.enum ?? []), ...bounds.filter((n) => n !== undefined)].map(String);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...QUERY_TEXTS).map(encodeText) },
    { weight: valid.length ? 2 : 0, arbitrary: fc.constantFrom(...valid, "x") },
    { weight: 2, arbitrary: fc.constantFrom(...MALFORMED_QUERY) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 20 }).map(encodeText) },
    { weight: 1, arbitrary: fc.integer({ min: 201, max: 5_000 }).map((n) => "9".repeat(n)) },
  );
}

const UNKNOWN_PARAMS = ["page", "sort", "filter", "offset", "order", "q", "__proto__", "constructor", "%"];

describe.each(queryOps.map((op) => [op.label, op] as const))("%s with hostile query parameters", (_, op) => {
  it(`${RUNS.query} queries → never a 5xx, errors as problem+json, nothing written`, async () => {
    const documented = op.queryParams;
    const pair = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom(...documented).chain((p) => queryValue(p).map((v) => `${p.name}=${v}`)),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...UNKNOWN_PARAMS), queryValue(documented[0]!))
          .map(([k, v]) => `${k}=${v}`),
      },
      { weight: 1, arbitrary: fc.constantFrom("&", "=", "limit", "cursor=", "skip&skip=1", "==", "&&&") },
    );
    const cursorParam = documented.find((p) => p.name === "cursor");
    const orderingParam = documented.find((p) => p.name === "ordering");
    const orderings = orderingParam ? (resolve(orderingParam.schema).enum ?? []).map(String) : ["id"];
    const request = fc.record({
      caller: fc.oneof(
        { weight: 4, arbitrary: fc.constant<Caller>("admin") },
        { weight: 2, arbitrary: fc.constantFrom<Caller>("anonymous", "user", "bad-token") },
      ),
      path: op.pathParams.length ? existingPath(op) : fc.constant({}),
      pairs: fc.array(pair, { minLength: 1, maxLength: 6 }),
      cursor: cursorParam ? fc.option(cursorsFor(orderings), { freq: 2 }) : fc.constant(null),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        // A parameter's first occurrence counts: the cursor, and the ordering it names, go first.
        const lead = !r.cursor
          ? []
          : [
              `cursor=${encodeURIComponent(r.cursor.cursor)}`,
              ...(r.cursor.ordering && orderingParam ? [`ordering=${encodeText(r.cursor.ordering)}`] : []),
            ];
        const url = `${pathFor(op, r.path)}?${[...lead, ...r.pairs].join("&")}`;
        const sent: Sent = { method: "GET", url, headers: callerHeaders(r.caller) };
        const { res, text } = await sendWatchingTheDomain(sent);
        if (res.status >= 500) throw new Error(`5xx: ${report(sent, res, text)}`);
        if (res.status >= 400) assertProblem(sent, res, text);
        else if (res.status !== 200) throw new Error(`unexpected: ${report(sent, res, text)}`);
        else JSON.parse(text);
      }),
      { numRuns: RUNS.query },
    );
  }, 60_000);
});

// ---- writes with neither a body nor a path id --------------------------------------------

describe.each(bareWrites.map((op) => [op.label, op] as const))("%s with hostile headers, body", (_, op) => {
  it(`${RUNS.bare} calls by callers who cannot make it → 4xx problem+json, nothing written`, async () => {
    const keys = fc.oneof(
      fc.constantFrom("", " ", "k", "x".repeat(256), "a b", "ü", "%00"),
      fc.string({ unit: "grapheme-ascii", maxLength: 300 }),
    );
    const request = fc.record({
      caller: fc.constantFrom(...refusedCallers(op)),
      key: fc.option(keys),
      body: fc.option(
        fc.oneof(
          fc.constantFrom(...BROKEN_JSON).map((text) => new Payload("text", text)),
          junk.map((value) => new Payload("json", value)),
        ),
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers = callerHeaders(r.caller);
        if (r.key !== null) headers["idempotency-key"] = r.key;
        if (r.body !== null) headers["content-type"] = "application/json";
        await expectRefused({ method: op.method, url: op.path, headers, body: r.body?.text });
      }),
      { numRuns: RUNS.bare },
    );
  }, 60_000);
});
