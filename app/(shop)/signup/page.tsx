import type { Metadata } from "next";
import { PAGE_DESCRIPTIONS } from "@/lib/rules/descriptions";
import { redirect } from "next/navigation";
import { serverMe } from "@/app/_lib/server-api";
import { SignUpForm } from "@/app/(shop)/signup/sign-up-form";
import { apiKeys } from "@/lib/api-client/keys";
import { safeCallbackUrl } from "@/lib/api-client/navigation";
import type { UserJson } from "@/lib/validation/user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create an account", description: PAGE_DESCRIPTIONS.signup };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).callbackUrl;
  const callbackUrl = safeCallbackUrl(Array.isArray(raw) ? raw[0] : raw);
  if (await serverMe<UserJson>(apiKeys.me)) redirect(callbackUrl);
  return <SignUpForm callbackUrl={callbackUrl} />;
}
