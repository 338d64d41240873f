"use client";

import { useState } from "react";

/**
 * Local state for an input whose committed value lives in the URL: typing changes only the
 * input; when the URL changes (apply, back/forward, a shared link) the input follows it.
 * Adjusting state while rendering is React's documented way to reset on a prop change.
 */
export function useUrlState(urlValue: string) {
  const [value, setValue] = useState(urlValue);
  const [seen, setSeen] = useState(urlValue);
  if (seen !== urlValue) {
    setSeen(urlValue);
    setValue(urlValue);
  }
  return [value, setValue] as const;
}
