import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { sessionUserIdFromCookies } from "@/lib/auth/session";
import { getUser } from "@/lib/services/users";
import { MigrationDashboard } from "./dashboard";
import "./dashboard.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Migration dashboard" };

/** Admin only: checked here on the server; every API call it makes is checked again. */
export default async function MigrationPage() {
  const userId = await sessionUserIdFromCookies((await headers()).get("cookie"));
  const user = userId ? await getUser(userId).catch(() => null) : null;
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
  return <MigrationDashboard adminName={user.name || user.email} />;
}
