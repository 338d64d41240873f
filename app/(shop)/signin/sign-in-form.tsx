"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { type FormEvent, useId, useState } from "react";
import { useAfterSignIn } from "@/app/(shop)/_components/use-after-sign-in";

/** next-auth's error codes (from authorize() in lib/auth/options.ts) as sentences. */
const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Incorrect email or password.",
  TooManyAttempts: "Too many attempts, try again later.",
};

export function signInMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return MESSAGES[code] ?? "Could not sign you in. Try again.";
}

export function SignInForm({
  callbackUrl,
  initialError,
}: {
  callbackUrl: string;
  initialError: string | null;
}) {
  const id = useId();
  const afterSignIn = useAfterSignIn();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(signInMessage(initialError));
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { redirect: false, email, password, callbackUrl });
      if (!result || result.error || !result.ok) {
        setError(signInMessage(result?.error ?? "unknown"));
        setPending(false);
        return;
      }
      await afterSignIn(callbackUrl);
    } catch {
      setError("Could not reach the shop. Check your connection and try again.");
      setPending(false);
    }
  };

  return (
    <form className="auth-form" onSubmit={(e) => void submit(e)} noValidate>
      <h1>Sign in</h1>
      <div role="alert" className="alert-slot">
        {error && <p className="alert alert-error">{error}</p>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-email`}>Email</label>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p>
        New here?{" "}
        <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create an account</Link>.
      </p>
    </form>
  );
}
