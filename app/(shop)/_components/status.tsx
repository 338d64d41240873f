"use client";

import type { ReactNode } from "react";
import { errorMessage } from "@/lib/api-client/errors";

// The three states every data view has besides "here it is": loading, failed, empty.

export function Loading({ label, skeleton = 0 }: { label: string; skeleton?: number }) {
  return (
    <div className="loading">
      <p role="status">{label}</p>
      {skeleton > 0 && (
        <ul className="grid skeleton" aria-hidden="true">
          {Array.from({ length: skeleton }, (_, i) => (
            <li key={i} className="card skeleton-card" />
          ))}
        </ul>
      )}
    </div>
  );
}

export function LoadError({
  title,
  error,
  onRetry,
  children,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  return (
    <div role="alert" className="alert alert-error">
      <p>
        <strong>{title}</strong> {errorMessage(error)}
      </p>
      {children}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty-state">{children}</div>;
}
