import "server-only";
import nunjucks from "nunjucks";
import { MONTHS, MONTHS_AP } from "@/lib/rules/dates";
import { formatMoney } from "@/lib/rules/money";
import { truncateWords } from "@/lib/rules/text";

// Django's template filters as the legacy templates use them, with Django's semantics
// (not nunjucks' look-alikes): the pages must render as the monolith rendered them.

const { SafeString } = nunjucks.runtime;

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

// ---- money ---------------------------------------------------------------------------

/** `{{ product.price|money }}` → "¥5,999.00": the one money format both page shapes print. */
export const money: (value: unknown) => string = formatMoney;

// ---- floatformat ---------------------------------------------------------------------

interface Decimal {
  negative: boolean;
  coefficient: bigint;
  exponent: number; // value = coefficient × 10^exponent
}

function parseDecimal(value: unknown): Decimal | null {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === "string") {
    text = value.trim();
  } else if (value instanceof SafeString) {
    text = value.toString().trim();
  } else {
    return null;
  }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (!m[2] && !m[3])) return null;
  const fraction = m[3] ?? "";
  return {
    negative: m[1] === "-",
    coefficient: BigInt(`${m[2] ?? ""}${fraction}` || "0"),
    exponent: Number(m[4] ?? 0) - fraction.length,
  };
}

const TEN = BigInt(10);
const pow10 = (n: number) => TEN ** BigInt(n);

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * Django's floatformat: no argument → one decimal only when there is a fraction;
 * N → exactly N decimals; -N → N decimals only when there is a fraction; a "g" suffix
 * groups thousands. Rounds half up on the decimal value (1.005 → "1.01"), as Django's
 * Decimal arithmetic does, not on the binary float.
 */
export function floatformat(value: unknown, arg: number | string = -1): string {
  const d = parseDecimal(value);
  if (!d) return "";
  let spec = String(arg);
  let grouping = false;
  while (/[gu]$/.test(spec)) {
    if (spec.endsWith("g")) grouping = true;
    spec = spec.slice(0, -1);
  }
  const p = Number(spec);
  if (spec === "" || !Number.isInteger(p)) return String(value);
  const places = Math.abs(p);
  const integral = d.exponent >= 0 || d.coefficient % pow10(-d.exponent) === BigInt(0);
  if (integral && p <= 0) {
    const whole = d.exponent >= 0 ? d.coefficient * pow10(d.exponent) : d.coefficient / pow10(-d.exponent);
    const digits = grouping ? group(whole.toString()) : whole.toString();
    return d.negative && whole !== BigInt(0) ? `-${digits}` : digits;
  }
  let scaled: bigint; // value × 10^places, rounded half up
  if (d.exponent >= -places) {
    scaled = d.coefficient * pow10(d.exponent + places);
  } else {
    const divisor = pow10(-d.exponent - places);
    scaled = d.coefficient / divisor;
    if ((d.coefficient % divisor) * BigInt(2) >= divisor) scaled += BigInt(1);
  }
  const whole = (scaled / pow10(places)).toString();
  const fraction = places ? `.${(scaled % pow10(places)).toString().padStart(places, "0")}` : "";
  const sign = d.negative && scaled !== BigInt(0) ? "-" : "";
  return `${sign}${grouping ? group(whole) : whole}${fraction}`;
}

// ---- date ----------------------------------------------------------------------------

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function toDate(value: unknown): Date | null {
  const date =
    value instanceof Date
      ? value
      : typeof value === "string" || typeof value === "number"
        ? new Date(value)
        : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

function isoWeek(d: Date): { year: number; week: number } {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return { year: t.getUTCFullYear(), week: Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7) };
}

function ordinal(day: number): string {
  if (day >= 11 && day <= 13) return "th";
  return ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[day % 10] ?? "th";
}

/** Django's date/time format characters. Dates render in UTC (the monolith's TIME_ZONE). */
function formatChar(c: string, d: Date): string {
  const Y = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  const H = d.getUTCHours();
  const i = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  const weekday = d.getUTCDay();
  const g = H % 12 || 12;
  const leap = (Y % 4 === 0 && Y % 100 !== 0) || Y % 400 === 0;
  const f = i === 0 ? String(g) : `${g}:${pad(i)}`;
  switch (c) {
    case "a":
      return H < 12 ? "a.m." : "p.m.";
    case "A":
      return H < 12 ? "AM" : "PM";
    case "b":
      return MONTHS[month]!.slice(0, 3).toLowerCase();
    case "c":
      return d.toISOString().replace(/\.000Z$|Z$/, "") + "+00:00";
    case "d":
      return pad(day);
    case "D":
      return DAYS[weekday]!.slice(0, 3);
    case "e":
      return "UTC";
    case "E":
    case "F":
      return MONTHS[month]!;
    case "f":
      return f;
    case "g":
      return String(g);
    case "G":
      return String(H);
    case "h":
      return pad(g);
    case "H":
      return pad(H);
    case "i":
      return pad(i);
    case "I":
      return "0";
    case "j":
      return String(day);
    case "l":
      return DAYS[weekday]!;
    case "L":
      return leap ? "True" : "False";
    case "m":
      return pad(month + 1);
    case "M":
      return MONTHS[month]!.slice(0, 3);
    case "n":
      return String(month + 1);
    case "N":
      return MONTHS_AP[month]!;
    case "o":
      return String(isoWeek(d).year);
    case "O":
      return "+0000";
    case "P":
      if (i === 0 && H === 0) return "midnight";
      if (i === 0 && H === 12) return "noon";
      return `${f} ${H < 12 ? "a.m." : "p.m."}`;
    case "r":
      return `${DAYS[weekday]!.slice(0, 3)}, ${pad(day)} ${MONTHS[month]!.slice(0, 3)} ${Y} ${pad(H)}:${pad(i)}:${pad(s)} +0000`;
    case "s":
      return pad(s);
    case "S":
      return ordinal(day);
    case "t":
      return String(new Date(Date.UTC(Y, month + 1, 0)).getUTCDate());
    case "T":
      return "UTC";
    case "u":
      return pad(d.getUTCMilliseconds() * 1000, 6);
    case "U":
      return String(Math.floor(d.getTime() / 1000));
    case "w":
      return String(weekday);
    case "W":
      return String(isoWeek(d).week);
    case "y":
      return pad(Y % 100);
    case "Y":
      return String(Y);
    case "z":
      return String(Math.round((Date.UTC(Y, month, day) - Date.UTC(Y, 0, 1)) / 86_400_000) + 1);
    case "Z":
      return "0";
    default:
      return c;
  }
}

/** Django's date filter: `value|date("Y-m-d H:i")`; a backslash escapes a character. */
export function date(value: unknown, format = "N j, Y"): string {
  const d = toDate(value);
  if (!d) return "";
  let out = "";
  for (let k = 0; k < format.length; k++) {
    const c = format[k]!;
    if (c === "\\" && k + 1 < format.length) out += format[++k];
    else out += formatChar(c, d);
  }
  return out;
}

// ---- default, truncatewords, pluralize -------------------------------------------------

/** Python truthiness: None, False, 0, "", [] and {} are all empty. */
function falsy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return true;
  if (typeof value === "number") return Number.isNaN(value);
  if (Array.isArray(value)) return value.length === 0;
  if (value instanceof SafeString) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/** Django's default: the argument whenever the value is falsy (nunjucks' only for undefined). */
export function pyDefault(value: unknown, fallback: unknown = ""): unknown {
  return falsy(value) ? fallback : value;
}

/** Django's truncatewords: first N words, then " …"; whitespace collapses to single spaces. */
export function truncatewords(value: unknown, count: unknown): unknown {
  const length = Number.parseInt(String(count), 10);
  if (Number.isNaN(length)) return value;
  const text = truncateWords(String(value ?? ""), length);
  return value instanceof SafeString ? new SafeString(text) : text;
}

/** Django's pluralize: `n|pluralize`, `n|pluralize("es")`, `n|pluralize("y,ies")`. */
export function pluralize(value: unknown, arg = "s"): string {
  const bits = (arg.includes(",") ? arg : `,${arg}`).split(",");
  if (bits.length > 2) return "";
  const [singular = "", plural = ""] = bits;
  if (typeof value === "number") return value === 1 ? singular : plural;
  if (typeof value === "string") {
    const n = Number(value.trim());
    return value.trim() === "" || Number.isNaN(n) ? "" : n === 1 ? singular : plural;
  }
  if (Array.isArray(value)) return value.length === 1 ? singular : plural;
  return "";
}

// ---- json_script ---------------------------------------------------------------------

/**
 * Django's json_script: the value as JSON inside <script type="application/json">, with
 * <, > and & escaped so data can never close the script element or open a comment.
 * Pages read it with JSON.parse(el.textContent) — never with {{ }} inside <script>.
 */
export function jsonScript(value: unknown, elementId?: string): InstanceType<typeof SafeString> {
  const json = (JSON.stringify(value ?? null) ?? "null")
    .replace(/</g, "\\u003C")
    .replace(/>/g, "\\u003E")
    .replace(/&/g, "\\u0026")
    // Valid JSON but line terminators in older JavaScript parsers.
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  const id = elementId ? ` id="${escapeHtml(String(elementId))}"` : "";
  return new SafeString(`<script${id} type="application/json">${json}</script>`);
}
