// The shop's one stylesheet (public/styles/shop.css), at one URL for both page shapes: the
// SPA's root layout and the legacy base.html link exactly this, so a visitor moving between
// shapes loads it once. The build id in the query makes a new build's copy a new URL, which
// lets the file be cached for a year (next.config.js).
export const SHOP_STYLESHEET = `/styles/shop.css?v=${process.env.CUTOVER_BUILD_ID ?? "dev"}`;
