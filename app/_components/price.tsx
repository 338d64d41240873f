/** A price as both shop shapes print it: currency sign and exactly two decimals. */
export function formatPrice(value: number): string {
  return `¥${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function Price({ value, parity = true }: { value: number; parity?: boolean }) {
  return (
    <span className="price" {...(parity ? { "data-parity": "price" } : {})}>
      {formatPrice(value)}
    </span>
  );
}
