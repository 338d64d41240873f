// Dates as the legacy monolith shows them (Django, TIME_ZONE UTC), for both page shapes.

export const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Django's "N": month abbreviations in Associated Press style. */
export const MONTHS_AP = [
  "Jan.",
  "Feb.",
  "March",
  "April",
  "May",
  "June",
  "July",
  "Aug.",
  "Sept.",
  "Oct.",
  "Nov.",
  "Dec.",
];

/** `date("N j, Y")` in UTC: "2025-09-24T10:00:00Z" → "Sept. 24, 2025"; "" for no date. */
export function formatShortDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${MONTHS_AP[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}
