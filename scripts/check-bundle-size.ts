// npm run size — after `npm run build`. The SPA's product pages must stay within their
// JavaScript budget (first load, compressed as sent); CI runs this after the build.
import { routeBundles } from "./lib/bundles";

const BUDGET_KB = 150;
const ROUTES = ["/products", "/products/[id]"];

function main() {
  const bundles = routeBundles();
  let over = false;
  for (const route of ROUTES) {
    const bundle = bundles.find((b) => b.route === route);
    if (!bundle) {
      console.error(
        `${route}: not in the build's route stats (renamed? update scripts/check-bundle-size.ts)`,
      );
      over = true;
      continue;
    }
    const ok = bundle.gzipKb <= BUDGET_KB;
    over ||= !ok;
    console.log(
      `${ok ? "ok  " : "OVER"} ${route}: ${bundle.gzipKb} KB compressed (${bundle.rawKb} KB raw), budget ${BUDGET_KB} KB`,
    );
    for (const c of bundle.chunks.slice(0, 4)) {
      console.log(`       ${c.gzipKb.toFixed(1).padStart(6)} KB  ${c.file}  ${c.contains.join(", ") || "-"}`);
    }
  }
  if (over) {
    console.error(
      `\nThe SPA product pages' first-load JavaScript is over ${BUDGET_KB} KB: see what grew above.`,
    );
    process.exit(1);
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
