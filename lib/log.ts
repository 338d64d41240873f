import "server-only";
import { env } from "@/lib/env";

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof levels, "silent">;
type Fields = Record<string, unknown>;

function emit(level: Level, message: string, fields?: Fields) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), message, ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const LOG_REPEAT_WINDOW_MS = 10_000;
const MAX_KINDS = 1_000;

/**
 * Warnings and errors of one kind (level, message and error text) are written once per window
 * with all their fields; the repeats in that window are only counted, and one line at the
 * window's end says how many there were. A database outage then costs a few lines, not a
 * stack trace per failed request.
 */
export function repeatLimiter(options: {
  windowMs?: number;
  write: (level: Level, message: string, fields?: Fields) => void;
}) {
  const windowMs = options.windowMs ?? LOG_REPEAT_WINDOW_MS;
  const kinds = new Map<string, { level: Level; message: string; repeats: number; timer: NodeJS.Timeout }>();
  const close = (key: string) => {
    const kind = kinds.get(key);
    if (!kind) return;
    kinds.delete(key);
    clearTimeout(kind.timer);
    if (kind.repeats) {
      options.write(kind.level, kind.message, { repeated: kind.repeats, window_ms: windowMs });
    }
  };
  return {
    log(level: Level, message: string, fields?: Fields) {
      const key = `${level}\u0000${message}\u0000${String(fields?.error ?? "").slice(0, 200)}`;
      const kind = kinds.get(key);
      if (kind) {
        kind.repeats++;
        return;
      }
      if (kinds.size >= MAX_KINDS) close(kinds.keys().next().value!);
      const timer = setTimeout(() => close(key), windowMs);
      timer.unref?.();
      kinds.set(key, { level, message, repeats: 0, timer });
      options.write(level, message, fields);
    },
    /** Writes the pending counts now (tests, shutdown). */
    flush() {
      for (const key of [...kinds.keys()]) close(key);
    },
  };
}

const limiter = repeatLimiter({ write: emit });

// One JSON line per event; callers pass ids and messages, never secrets or request bodies.
function write(level: Level, message: string, fields?: Fields) {
  if (levels[level] < levels[env().LOG_LEVEL]) return;
  if (level === "error" || level === "warn") limiter.log(level, message, fields);
  else emit(level, message, fields);
}

export const log = {
  debug: (message: string, fields?: Fields) => write("debug", message, fields),
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};

export function errorFields(error: unknown): Fields {
  if (error instanceof Error) return { error: error.message, name: error.name, stack: error.stack };
  return { error: String(error) };
}
