import Link from "next/link";

/** The shop's footer; legacy-templates/base.html has the same markup (compared by `cutover parity`). */
export function ShopFooter() {
  return (
    <footer className="shop-footer">
      <div className="shop-footer-inner">
        <p>Cutover shop · a demo store, one page shape at a time</p>
        <ul aria-label="More">
          <li>
            <Link href="/products">All products</Link>
          </li>
          <li>
            <a href="/docs">API reference</a>
          </li>
        </ul>
      </div>
    </footer>
  );
}
