// Money as both page shapes print it (the legacy `money` filter and the SPA's <Price>) and as
// the cart adds it up. Amounts are numbers with two decimals on the wire; arithmetic runs on
// whole cents so 0.1 + 0.2 stays 0.30.

export const CURRENCY_SIGN = "¥";

const TWO_DECIMALS = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * "¥5,999.00": the currency sign, thousands separators, exactly two decimals. Numeric text
 * ("5999.5", as a template may hold) prints too; anything else that is not a finite number
 * (blank text, null, NaN) prints as "", never as a made-up ¥0.00.
 */
export function formatMoney(value: unknown): string {
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && value.trim() !== ""
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(n)) return "";
  return `${CURRENCY_SIGN}${TWO_DECIMALS.format(n)}`;
}

/** 59.99 → 5999 (rounded to the nearest cent). */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/**
 * Whether an amount is a whole number of cents: at most two decimals in the shortest decimal
 * that reads back as this number (what JSON and String() write). 59.99 and 4999.5 are;
 * 1.005, 0.1 + 0.2 (0.30000000000000004) and 5e-324 (which would be stored as 0.00) are not.
 */
export function isWholeCents(amount: number): boolean {
  if (!Number.isFinite(amount)) return false;
  const text = String(Math.abs(amount));
  // Exponent form: 1e+21 and up are whole numbers; 5e-7 and below have more than two decimals.
  if (text.includes("e")) return Math.abs(amount) >= 1;
  return !/\.\d{3}/.test(text);
}

/** 5999 → 59.99 */
export function fromCents(cents: number): number {
  return cents / 100;
}

/** Amounts added up in whole cents: [0.1, 0.2] → 0.3, not 0.30000000000000004. */
export function sumMoney(amounts: readonly number[]): number {
  return fromCents(amounts.reduce((sum, amount) => sum + toCents(amount), 0));
}

/** An amount rounded to whole cents: 0.1 + 0.2 → 0.3. */
export function roundMoney(amount: number): number {
  return fromCents(toCents(amount));
}
