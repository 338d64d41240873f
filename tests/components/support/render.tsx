import { configure, render } from "@testing-library/react";
import type { ReactElement } from "react";
import { SWRConfig } from "swr";

// Each answer comes from a real handler and database on a shared 2-core machine: give
// findBy*/waitFor more than the default second before calling something missing.
configure({ asyncUtilTimeout: 5_000 });

/**
 * Renders a view as the shop would, with a cache of its own: nothing leaks between tests.
 * No automatic retries or focus revalidation, so every request a test sees is one it caused.
 */
export function renderWithSWR(ui: ReactElement) {
  return render(
    <SWRConfig
      value={{
        provider: () => new Map(),
        dedupingInterval: 0,
        shouldRetryOnError: false,
        revalidateOnFocus: false,
        revalidateOnReconnect: false,
      }}
    >
      {ui}
    </SWRConfig>,
  );
}

/** The text of every element marked data-parity="field", in document order. */
export function parity(field: string, container: ParentNode = document): string[] {
  return Array.from(container.querySelectorAll(`[data-parity="${field}"]`), (el) => el.textContent ?? "");
}
