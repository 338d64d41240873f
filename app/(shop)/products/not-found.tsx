import Link from "next/link";

/** notFound() from a product page or its layout: an id the API does not know, or not an id at all. Status 404. */
export default function ProductNotFound() {
  return (
    <div className="empty-state">
      <h1>Product not found</h1>
      <p>
        There is no such product; it may have been removed. <Link href="/products">Browse all products</Link>.
      </p>
    </div>
  );
}
