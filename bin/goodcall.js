#!/usr/bin/env node
// The `goodcall` command line: runs src/cli.ts through tsx, so there is no build step to forget.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
