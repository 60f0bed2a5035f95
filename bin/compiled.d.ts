// Types for bin/compiled.js, which stays JavaScript so that it runs before anything is compiled.
/** The path of dist/<name>.js, compiled first when any input is newer than it. */
export function compiled(name: string): string;
