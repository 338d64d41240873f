import type { Metadata } from "next";
import Link from "next/link";
import { SWRFallback } from "@/app/(shop)/_components/swr-fallback";
import { fallbackOf, serverData, serverMe } from "@/app/_lib/server-api";
import { apiKeys } from "@/lib/api-client/keys";
import type { UserJson } from "@/lib/validation/user";
import { MigrationDashboard } from "./dashboard";
import "./dashboard.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Migration dashboard" };

/**
 * Admin only: checked here on the server (who is signed in, asked of the API in-process like
 * every server page); every API call the dashboard makes is checked again.
 */
export default async function MigrationPage() {
  const user = await serverMe<UserJson>(apiKeys.me);
  if (!user || user.role !== "admin") {
    return (
      <main>
        <h1>Migration dashboard</h1>
        <p role="alert">
          {user ? "You need the admin role to see this page." : "Sign in as an admin to see this page."}{" "}
          <Link href="/signin?callbackUrl=/admin/migration">Sign in</Link>
        </p>
      </main>
    );
  }
  // The first paint has the data (no loading state, nothing shifts when it arrives).
  const [status, rollouts] = await Promise.all([
    serverData<unknown>("/api/migration/routes"),
    serverData<unknown>("/api/migration/rollouts"),
  ]);
  return (
    <SWRFallback
      fallback={fallbackOf({ "/api/migration/routes": status, "/api/migration/rollouts": rollouts })}
    >
      <MigrationDashboard adminName={user.name || user.email} />
    </SWRFallback>
  );
}
