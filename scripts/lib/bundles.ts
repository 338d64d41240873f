import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

// First-load JavaScript per route, from the production build itself: Next writes the chunks
// each route loads first to .next/diagnostics/route-bundle-stats.json. Sizes are as sent
// (gzip, as `next start` compresses) and raw. Chunk names are content hashes, so each chunk is
// also labelled with the libraries recognised in it by strings their code always contains.

export interface ChunkSize {
  file: string;
  rawKb: number;
  gzipKb: number;
  contains: string[];
}

export interface RouteBundle {
  route: string;
  rawKb: number;
  gzipKb: number;
  /** Largest first (by size as sent). */
  chunks: ChunkSize[];
}

/** A string each library's minified code keeps (error texts, protocol names, markers). */
const SIGNATURES: [string, string][] = [
  ["react-dom", "__reactFiber$"],
  ["react", "react.transitional.element"],
  ["scheduler", "unstable_scheduleCallback"],
  ["next router", "next-router-prefetch"],
  ["next-auth/react", "/api/auth/session"],
  ["swr", "$inf$"],
  ["zod", "ZodError"],
  ["polyfills", '"trimStart"in String.prototype'],
  ["app code", "data-parity"],
];

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

export function routeBundles(root = process.cwd()): RouteBundle[] {
  const statsFile = path.join(root, ".next/diagnostics/route-bundle-stats.json");
  let stats: { route: string; firstLoadChunkPaths: string[] }[];
  try {
    stats = JSON.parse(readFileSync(statsFile, "utf8")) as typeof stats;
  } catch {
    throw new Error(`${statsFile} is missing: run \`npm run build\` first`);
  }
  const sizes = new Map<string, ChunkSize>();
  const sizeOf = (file: string): ChunkSize => {
    let size = sizes.get(file);
    if (!size) {
      const bytes = readFileSync(path.join(root, file));
      const text = bytes.toString("utf8");
      size = {
        file: path.basename(file),
        rawKb: kb(bytes.length),
        gzipKb: kb(gzipSync(bytes).length),
        contains: SIGNATURES.filter(([, marker]) => text.includes(marker)).map(([name]) => name),
      };
      sizes.set(file, size);
    }
    return size;
  };
  return stats.map(({ route, firstLoadChunkPaths }) => {
    const chunks = firstLoadChunkPaths.map(sizeOf).sort((a, b) => b.gzipKb - a.gzipKb);
    return {
      route,
      rawKb: kb(chunks.reduce((s, c) => s + c.rawKb * 1024, 0)),
      gzipKb: kb(chunks.reduce((s, c) => s + c.gzipKb * 1024, 0)),
      chunks,
    };
  });
}
