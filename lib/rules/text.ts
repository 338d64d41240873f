// Text rules both page shapes show the same way (the legacy filters and the SPA components).

/** Django's truncatewords: the first `count` words, then " …"; whitespace collapses to one space. */
export function truncateWords(text: string, count: number): string {
  if (count <= 0) return "";
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > count ? `${words.slice(0, count).join(" ")} …` : words.join(" ");
}

/** A product card's description excerpt (the legacy card's `truncatewords(12)`). */
export const EXCERPT_WORDS = 12;
