// Runs the runtime job in Node, Deno or Bun and prints its report as one JSON line.
//   node|deno run -A|bun test/runtimes/cli.js [build]
// `wasmlearn` resolves to this package itself through its package.json `exports` (self-reference),
// so this imports exactly what users import.
import * as wl from 'wasmlearn';
import { runJob } from './job.js';

const args = typeof Deno !== 'undefined' ? Deno.args : process.argv.slice(2);
const report = await runJob(wl, args[0] ? { build: args[0] } : {});
console.log(JSON.stringify(report));
