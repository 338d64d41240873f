import { readCookie } from "@/lib/auth/session";

describe("readCookie (lib/auth/session.ts)", () => {
  it("finds a cookie by name among several, decoding percent-escapes", () => {
    const header = "cutover_bucket=42.abc; cutover_cart=7f3e; next-auth.csrf-token=a%7Cb";
    expect(readCookie(header, "cutover_cart")).toBe("7f3e");
    expect(readCookie(header, "next-auth.csrf-token")).toBe("a|b");
    expect(readCookie("  spaced = value  ;x=1", "spaced")).toBe("value");
    expect(readCookie("jwt=a.b=c", "jwt")).toBe("a.b=c");
  });

  it("takes the first of two cookies with the same name, as browsers send the most specific first", () => {
    expect(readCookie("cutover_cart=first; cutover_cart=second", "cutover_cart")).toBe("first");
  });

  it("answers null when the header or the cookie is missing", () => {
    expect(readCookie(null, "cutover_cart")).toBeNull();
    expect(readCookie("", "cutover_cart")).toBeNull();
    expect(readCookie("other=1", "cutover_cart")).toBeNull();
    expect(readCookie("xcutover_cart=1", "cutover_cart")).toBeNull();
    expect(readCookie("a=1", "constructor")).toBeNull();
  });

  it("answers null for a value that is not valid percent-encoding", () => {
    expect(readCookie("cutover_cart=%E0%A4%A", "cutover_cart")).toBeNull();
    expect(readCookie("cutover_cart=%zz; other=1", "other")).toBe("1");
  });
});
