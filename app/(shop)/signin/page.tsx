import type { Metadata } from "next";
import { PAGE_DESCRIPTIONS } from "@/lib/rules/descriptions";
import { redirect } from "next/navigation";
import { serverMe } from "@/app/_lib/server-api";
import { SignInForm } from "@/app/(shop)/signin/sign-in-form";
import { apiKeys } from "@/lib/api-client/keys";
import { safeCallbackUrl } from "@/lib/api-client/navigation";
import type { UserJson } from "@/lib/validation/user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in", description: PAGE_DESCRIPTIONS.signin };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** next-auth's sign-in page (pages.signIn in lib/auth/options.ts); also its error page. */
export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  // Only a path on this site: an open redirect would make this page a phishing tool.
  const callbackUrl = safeCallbackUrl(first(params.callbackUrl));
  if (await serverMe<UserJson>(apiKeys.me)) redirect(callbackUrl);
  return <SignInForm callbackUrl={callbackUrl} initialError={first(params.error) ?? null} />;
}
