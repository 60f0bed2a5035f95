// `npm start`: runs the compiled app (dist/main.js) in this process, compiling it first when src/ has
// changed since the last build. Importing rather than spawning keeps the process tree to npm → node.
import { compiled } from "./compiled.js";

await import(compiled("main"));
