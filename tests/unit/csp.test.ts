import { createHash } from "node:crypto";
import { contentSecurityPolicy, inlineScriptHashes } from "@/lib/http/csp";

const sha = (body: string) => `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`;

describe("inline script hashes", () => {
  const page =
    '<script nonce="n0nce">self.__next_f.push([1])</script>' +
    '<script src="/_next/static/app.js" nonce="n0nce"></script>' +
    // As if a product description had slipped past escaping: no nonce, or a guessed one.
    "<p><script>alert(1)</script></p>" +
    '<script nonce="guess">alert(2)</script>';

  it("of a shared render: only the scripts that carried its nonce", () => {
    expect(inlineScriptHashes(page, "n0nce")).toEqual([sha("self.__next_f.push([1])")]);
  });

  it("of a page of our own text: every inline one, none loaded by src", () => {
    expect(inlineScriptHashes(page)).toEqual([
      sha("self.__next_f.push([1])"),
      sha("alert(1)"),
      sha("alert(2)"),
    ]);
  });

  it("go into script-src beside 'self', with nothing else inline", () => {
    const policy = contentSecurityPolicy(inlineScriptHashes(page, "n0nce"));
    expect(policy).toContain(`script-src 'self' ${sha("self.__next_f.push([1])")};`);
    expect(policy).not.toContain(sha("alert(1)"));
    expect(policy).toContain("object-src 'none'");
  });
});
