/** See standalone.mjs. */
export const STANDALONE_DIR: string;
export const STANDALONE_SERVER: string;
export function copyAssets(root?: string): void;
