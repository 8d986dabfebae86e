// The types of build.mjs, for the TypeScript that imports it (tests).
export function sourceState(): { files: string[]; key: string };
export function ensureBuilt(): Promise<string>;
