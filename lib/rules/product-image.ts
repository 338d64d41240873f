// Every product's picture, drawn here rather than stored: an SVG from its category (the
// shape) and the colour in its name (the fill), the same for both page shapes. Pure: the
// legacy templates (`product_image_url` filter), the SPA cards and the image route
// (app/images/products/[file]/route.ts) all use these.

import {
  hash,
  PRODUCT_IMAGE_HEIGHT,
  PRODUCT_IMAGE_WIDTH,
  type ImageSubject,
} from "@/lib/rules/product-image-url";

const COLOURS: Record<string, string> = {
  black: "#1f2328",
  white: "#f4f5f7",
  graphite: "#4b5563",
  ocean: "#1d6fa5",
  forest: "#2f6b3a",
  sand: "#d8b98a",
  crimson: "#b4233c",
  silver: "#aeb6bf",
};

/** Background tints per category (anything else gets a neutral one). */
const TINTS: Record<string, string> = {
  laptops: "#e8eefc",
  phones: "#eae8fc",
  audio: "#fcefe6",
  cameras: "#e6f6f4",
  home: "#fbf5e3",
  books: "#f3ece4",
  toys: "#fde9ef",
  sports: "#e7f5e8",
};

function fillOf(name: string): string {
  for (const word of name.toLowerCase().split(/\s+/).reverse()) {
    if (Object.hasOwn(COLOURS, word)) return COLOURS[word]!;
  }
  return `hsl(${hash(name) % 360} 55% 45%)`;
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => `&${{ "<": "lt", ">": "gt", "&": "amp", '"': "quot", "'": "apos" }[c]};`);

/** One shape per category, drawn around the centre of a 400×300 canvas in `fill`. */
function glyph(slug: string, fill: string): string {
  const line = fill === COLOURS.white ? ' stroke="#9aa3ad" stroke-width="3"' : "";
  const f = `fill="${fill}"${line}`;
  switch (Object.hasOwn(TINTS, slug) ? slug : "") {
    case "laptops":
      return `<rect x="120" y="80" width="160" height="105" rx="8" ${f}/><rect x="95" y="190" width="210" height="16" rx="6" ${f}/>`;
    case "phones":
      return `<rect x="160" y="55" width="80" height="160" rx="14" ${f}/><circle cx="200" cy="198" r="6" fill="#fff" opacity=".7"/>`;
    case "audio":
      return `<path d="M130 170 v-30 a70 70 0 0 1 140 0 v30" fill="none" stroke="${fill}" stroke-width="14"/><rect x="112" y="160" width="40" height="60" rx="10" ${f}/><rect x="248" y="160" width="40" height="60" rx="10" ${f}/>`;
    case "cameras":
      return `<rect x="110" y="95" width="180" height="115" rx="14" ${f}/><rect x="140" y="78" width="50" height="22" rx="5" ${f}/><circle cx="200" cy="152" r="36" fill="#fff" opacity=".85"/><circle cx="200" cy="152" r="22" ${f}/>`;
    case "home":
      return `<path d="M200 70 L290 140 H110 Z" ${f}/><rect x="130" y="140" width="140" height="85" ${f}/><rect x="185" y="175" width="30" height="50" fill="#fff" opacity=".8"/>`;
    case "books":
      return `<rect x="120" y="85" width="45" height="140" rx="4" ${f}/><rect x="172" y="70" width="45" height="155" rx="4" ${f} opacity=".85"/><rect x="224" y="95" width="55" height="130" rx="4" ${f} opacity=".7"/>`;
    case "toys":
      return `<rect x="135" y="95" width="60" height="60" rx="6" ${f}/><rect x="205" y="95" width="60" height="60" rx="6" ${f} opacity=".8"/><rect x="170" y="160" width="60" height="60" rx="6" ${f} opacity=".65"/>`;
    case "sports":
      return `<circle cx="200" cy="150" r="70" ${f}/><path d="M130 150 h140 M200 80 v140" stroke="#fff" stroke-width="6" opacity=".8"/>`;
    default:
      return `<circle cx="200" cy="150" r="65" ${f}/>`;
  }
}

/** The picture itself (SVG, 400×300), with the product's name as its title. */
export function productImageSvg(product: ImageSubject): string {
  const slug = product.category?.slug ?? "";
  const tint = Object.hasOwn(TINTS, slug) ? TINTS[slug]! : "#eef0f3";
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${PRODUCT_IMAGE_WIDTH} ${PRODUCT_IMAGE_HEIGHT}" ` +
    `width="${PRODUCT_IMAGE_WIDTH}" height="${PRODUCT_IMAGE_HEIGHT}" role="img">` +
    `<title>${escapeXml(product.name)}</title>` +
    `<rect width="100%" height="100%" fill="${tint}"/>${glyph(slug, fillOf(product.name))}</svg>`
  );
}
