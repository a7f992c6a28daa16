// The edge-worker example plus a /job route that runs the runtime job in workerd. Bundled by
// runtimes.test.ts the way Wrangler bundles a Worker (the .wasm import stays a CompiledWasm module).
import * as wl from 'wasmlearn';
import example from '../../examples/edge-worker/worker.js';
import { runJob } from './job.js';

export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname !== '/job') return example.fetch(request, env, ctx);
    // The example's first request calls init({ module }); init() is idempotent and shares that instance.
    await example.fetch(new Request(new URL('/?n=2', request.url)), env, ctx);
    return Response.json(await runJob(wl));
  },
};
