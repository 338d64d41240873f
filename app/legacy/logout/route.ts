import { clearSessionCookies } from "@/lib/auth/session";
import { legacyForm } from "@/lib/legacy/page";
import { url } from "@/lib/legacy/urls";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return legacyForm(request, async (page) =>
    page.redirect(url("product_list"), { cookies: clearSessionCookies() }),
  );
}
