// The types of scripts/bundle-options.js, for the benchmark's TypeScript.
import type { BuildOptions } from "esbuild";

export declare const BUNDLE_OPTIONS: BuildOptions;
