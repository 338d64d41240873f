import { readFile } from "node:fs/promises";
import path from "node:path";

const INIT = `window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: true,
  persistAuthorization: true,
  withCredentials: true,
});`;

const FILES: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  const headers = { "Cache-Control": "public, max-age=86400" };
  if (file === "init.js") {
    return new Response(INIT, { headers: { ...headers, "Content-Type": "text/javascript; charset=utf-8" } });
  }
  const type = FILES[file];
  if (!type) return new Response("Not Found", { status: 404 });
  const body = await readFile(
    /*turbopackIgnore: true*/ path.join(process.cwd(), "node_modules", "swagger-ui-dist", file),
  );
  return new Response(body, { headers: { ...headers, "Content-Type": type } });
}
