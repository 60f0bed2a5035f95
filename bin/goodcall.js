#!/usr/bin/env node
// The `goodcall` command line (`npx goodcall …`, `npm run cli -- …`): runs the compiled dist/cli.js,
// compiling it first when src/ has changed since the last build.
import { compiled } from "./compiled.js";

await import(compiled("cli"));
