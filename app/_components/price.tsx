import { formatMoney } from "@/lib/rules/money";

/** A price as both shop shapes print it (the legacy `money` filter is the same rule). */
export function formatPrice(value: number): string {
  return formatMoney(value);
}

export function Price({ value, parity = true }: { value: number; parity?: boolean }) {
  return (
    <span className="price" {...(parity ? { "data-parity": "price" } : {})}>
      {formatPrice(value)}
    </span>
  );
}
