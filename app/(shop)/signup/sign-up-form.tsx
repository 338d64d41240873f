"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { type FormEvent, useId, useState } from "react";
import { Field, fieldMessage } from "@/app/(shop)/_components/field";
import { useAfterSignIn } from "@/app/(shop)/_components/use-after-sign-in";
import { api } from "@/lib/api-client/client";
import { type FieldErrors, isApiError } from "@/lib/api-client/errors";
import type { UserJson } from "@/lib/validation/user";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const id = useId();
  const afterSignIn = useAfterSignIn();
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const signInHref = `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`;

  const set = (field: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      await api.post<UserJson>("/api/users", {
        email: form.email,
        password: form.password,
        ...(form.name.trim() ? { name: form.name.trim() } : {}),
      });
    } catch (e) {
      if (isApiError(e) && Object.keys(e.fieldErrors).length) {
        setFieldErrors(e.fieldErrors);
        setError("Check the fields marked below.");
      } else {
        setError(isApiError(e) ? e.userMessage : "Could not create your account. Try again.");
      }
      setPending(false);
      return;
    }
    try {
      const result = await signIn("credentials", {
        redirect: false,
        email: form.email,
        password: form.password,
        callbackUrl,
      });
      if (result?.ok && !result.error) {
        await afterSignIn(callbackUrl);
        return;
      }
    } catch {
      // Fall through: the account exists, signing in can be done by hand.
    }
    setError("Your account was created, but signing you in failed. Sign in to continue.");
    setPending(false);
  };

  return (
    <form className="auth-form" onSubmit={(e) => void submit(e)} noValidate>
      <h1>Create an account</h1>
      <div role="alert" className="alert-slot">
        {error && (
          <p className="alert alert-error">
            {error} {error.startsWith("Your account was created") && <Link href={signInHref}>Sign in</Link>}
          </p>
        )}
      </div>
      <Field id={`${id}-name`} label="Name" hint="Optional" error={fieldMessage("Name", fieldErrors.name)}>
        {(props) => (
          <input {...props} type="text" autoComplete="name" value={form.name} onChange={set("name")} />
        )}
      </Field>
      <Field id={`${id}-email`} label="Email" error={fieldMessage("Email", fieldErrors.email)}>
        {(props) => (
          <input
            {...props}
            type="email"
            autoComplete="email"
            required
            value={form.email}
            onChange={set("email")}
          />
        )}
      </Field>
      <Field
        id={`${id}-password`}
        label="Password"
        hint="At least 8 characters"
        error={fieldMessage("Password", fieldErrors.password)}
      >
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="new-password"
            required
            value={form.password}
            onChange={set("password")}
          />
        )}
      </Field>
      <button type="submit" disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
      <p>
        Already have an account? <Link href={signInHref}>Sign in</Link>.
      </p>
    </form>
  );
}
