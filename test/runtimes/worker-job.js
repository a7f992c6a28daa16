// The edge-worker example plus a /job route that runs the runtime job in workerd. Bundled by
// runtimes.test.ts the way Wrangler bundles a Worker (the .wasm import stays a CompiledWasm module).
import * as wl from 'wasmlearn';
import example from '../../examples/edge-worker/worker.js';
import { runJob } from './job.js';

export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === '/codegen') {
      // Whether this runtime lets code compile Wasm bytes (workerd does not; the probes in
      // features.ts must fail quietly here and init({ module }) must not compile anything).
      try {
        new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
        return Response.json({ compiles: true });
      } catch (error) {
        return Response.json({ compiles: false, error: `${error.name}: ${error.message}` });
      }
    }
    if (path !== '/job') return example.fetch(request, env, ctx);
    // The example's first request calls init({ module }); init() is idempotent and shares that instance.
    await example.fetch(new Request(new URL('/?n=2', request.url)), env, ctx);
    return Response.json(await runJob(wl));
  },
};
