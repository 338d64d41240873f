"use client";

// The last-resort boundary (the root layout itself failed). Kept tiny on purpose: it ships
// with every page, and Next's default one is larger than this whole component.
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main role="alert">
          <h1>Something went wrong</h1>
          <p>
            <button type="button" onClick={reset}>
              Try again
            </button>{" "}
            {/* A full page load on purpose: the app's own tree just failed. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
            or <a href="/products">browse the products</a>.
          </p>
        </main>
      </body>
    </html>
  );
}
