import { createSessionCookie } from "@/lib/auth/session";
import { clientIp } from "@/lib/auth/throttle";
import { AppError } from "@/lib/errors";
import { legacyForm, legacyView } from "@/lib/legacy/page";
import { safeNext, url } from "@/lib/legacy/urls";
import { renderLogin } from "@/lib/legacy/views";
import { authenticate } from "@/lib/auth/authenticate";
import { loginSchema } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return legacyView(request, (page) =>
    renderLogin(page, { next: safeNext(page.url.searchParams.get("next")) }),
  );
}

export async function POST(request: Request) {
  return legacyForm(request, async (page, form) => {
    const email = form.get("email")?.trim() ?? "";
    const next = safeNext(form.get("next"));
    const parsed = loginSchema.safeParse({ email, password: form.get("password") ?? "" });
    if (!parsed.success) {
      return renderLogin(page, { email, next, error: "Enter your email and password.", status: 422 });
    }
    try {
      const user = await authenticate({ ...parsed.data, ip: clientIp(request.headers) });
      // A new CSRF secret with the new session, so a token planted before sign-in is worthless.
      page.rotateCsrf();
      return page.redirect(next ?? url("product_list"), { cookies: [await createSessionCookie(user)] });
    } catch (error) {
      // 401 wrong email or password, 429 throttled (with Retry-After).
      if (!(error instanceof AppError) || (error.status !== 401 && error.status !== 429)) throw error;
      return renderLogin(page, {
        email,
        next,
        error: error.message,
        status: error.status,
        headers: error.headers,
      });
    }
  });
}
