// A jsdom window for component tests whose fetch reaches the real route handlers in-process
// (tests/helpers/app.ts) over a real database (PGlite, or PostgreSQL with DATABASE_URL).
// jsdom alone has no fetch/Request/Response, no streams, no WebCrypto subtle, no
// setImmediate; the handlers, next-auth's JWT helpers, Prisma and PGlite need Node's.
// Select it per file: /** @jest-environment ./tests/setup/jsdom-with-node-globals.js */
const { pathToFileURL } = require("node:url");
const { TestEnvironment } = require("jest-environment-jsdom");

// Node's own implementations, copied onto the window. They must travel together: Node's
// Request rejects a jsdom AbortSignal, Response bodies are Node streams, and so on.
const NODE_GLOBALS = [
  "fetch",
  "Request",
  "Response",
  "Headers",
  "FormData",
  "File",
  "Blob",
  "AbortController",
  "AbortSignal",
  "TextEncoder",
  "TextDecoder",
  "TextEncoderStream",
  "TextDecoderStream",
  "ReadableStream",
  "ReadableStreamDefaultReader",
  "ReadableByteStreamController",
  "WritableStream",
  "TransformStream",
  "CompressionStream",
  "DecompressionStream",
  "structuredClone",
  "crypto",
  "Crypto",
  "CryptoKey",
  "SubtleCrypto",
  "setImmediate",
  "clearImmediate",
  "BroadcastChannel",
];

class JsdomWithNodeGlobals extends TestEnvironment {
  constructor(config, context) {
    // The page's origin is the one the in-process router answers as (tests/helpers/app.ts
    // BASE), so same-origin checks and relative URLs behave as in the browser.
    const projectConfig = {
      ...config.projectConfig,
      testEnvironmentOptions: {
        url: "http://localhost:3000/",
        ...config.projectConfig.testEnvironmentOptions,
      },
    };
    super({ ...config, projectConfig }, context);
    for (const name of NODE_GLOBALS) {
      if (globalThis[name] === undefined) continue;
      Object.defineProperty(this.global, name, {
        value: globalThis[name],
        configurable: true,
        writable: true,
        enumerable: false,
      });
    }
    // As jest-environment-node does: Node's TextEncoder, Buffer and crypto hand out Node's
    // Uint8Array, and `instanceof Uint8Array` checks (jose signing tokens) must accept it.
    this.global.ArrayBuffer = ArrayBuffer;
    this.global.Uint8Array = Uint8Array;
    pretendNodeModulesAreScripts(this.global.document);
  }

  // The server half (handlers, Prisma, PGlite, jose) must load its Node builds, not the
  // browser ones the plain jsdom environment would pick; the React half has no such split.
  exportConditions() {
    return ["node", "node-addons"];
  }
}

/**
 * PGlite's CommonJS build finds its .wasm and .data files next to itself through a shim of
 * import.meta.url: `typeof document > "u" ? file:__filename : document.currentScript?.src
 * ?? new URL("main.js", document.baseURI)`. Under jsdom `document` exists, so it would look
 * for them at http://localhost:3000/ and fail. For reads coming from PGlite's own files,
 * answer as a browser would for a <script src> loaded from that file; everyone else gets
 * jsdom's real currentScript.
 */
function pretendNodeModulesAreScripts(document) {
  const original =
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(document), "currentScript") ??
    Object.getOwnPropertyDescriptor(document.constructor.prototype, "currentScript");
  Object.defineProperty(document, "currentScript", {
    configurable: true,
    get() {
      // The nearest frames are the shim itself (source-mapped to tsup's cjs_shims.js), then
      // the PGlite file that asked.
      const frames = (new Error().stack ?? "").split("\n").slice(2, 6);
      for (const frame of frames) {
        const file = /((?:\/|[A-Za-z]:\\)[^():]+\.cjs):\d+:\d+\)?\s*$/.exec(frame)?.[1];
        if (file && /[\\/]node_modules[\\/]@electric-sql[\\/]pglite[\\/]/.test(file)) {
          return { tagName: "SCRIPT", src: pathToFileURL(file).href };
        }
      }
      return original?.get ? original.get.call(this) : null;
    },
  });
}

module.exports = JsdomWithNodeGlobals;
module.exports.TestEnvironment = JsdomWithNodeGlobals;
