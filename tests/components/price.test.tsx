/** @jest-environment jsdom */
import { render, screen } from "@testing-library/react";
import { formatPrice, Price } from "@/app/_components/price";

describe("<Price>", () => {
  it("shows two decimals and thousands separators, marked for parity checks", () => {
    render(<Price value={14999} />);
    const price = screen.getByText("¥14,999.00");
    expect(price).toHaveAttribute("data-parity", "price");
  });

  it("rounds to cents", () => {
    expect(formatPrice(0.1 + 0.2)).toBe("¥0.30");
    expect(formatPrice(5999.5)).toBe("¥5,999.50");
  });
});
