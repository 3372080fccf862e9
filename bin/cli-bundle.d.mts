/** Types of bin/cli-bundle.mjs (plain JavaScript: the launcher runs before any TypeScript can). */
export declare const REPO_ROOT: string;
export declare const TSX_ENTRY: string;
export declare function defaultCacheDir(): string;
/** The bundle's entry file when every file it was built from is unchanged, else null. */
export declare function freshBundle(cacheDir: string, root?: string): string | null;
/** Builds a new bundle under `cacheDir` and makes it current; its entry file. */
export declare function buildBundle(cacheDir: string, root?: string): Promise<string>;
/** The file URL of an up-to-date bundle (built if need be), or null where none can be made. */
export declare function bundledCli(cacheDir?: string): Promise<string | null>;
