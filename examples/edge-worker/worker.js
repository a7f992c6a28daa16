// wasmlearn in a Cloudflare Worker (workerd). Workers forbid compiling WebAssembly from bytes at run
// time ("Wasm code generation disallowed by embedder"), so the .wasm is imported as a module — Wrangler
// compiles it at deploy time — and handed to init({ module }). The relaxed-SIMD build runs on workerd's
// V8; import 'wasmlearn/wasm/wasmlearn.simd.wasm' instead to use the plain SIMD build.
//
//   npx wrangler dev        (wrangler.toml in this folder)
//   curl 'http://localhost:8787/?n=4&seed=1'
import * as wl from 'wasmlearn';
import wasm from 'wasmlearn/wasm/wasmlearn.relaxed.wasm';

let ready;

export default {
  /** GET /?n=&seed= → which build runs, an n×3 seeded normal sample X and its Gram matrix XᵀX (3×3). */
  async fetch(request) {
    ready ??= wl.init({ module: wasm }); // once per isolate; every request shares the instance
    await ready;
    const params = new URL(request.url).searchParams;
    const n = Number(params.get('n') ?? 4);
    const seed = Number(params.get('seed') ?? 1);
    let X, G;
    try {
      X = wl.random.normal(n, 3, { seed });
      G = wl.linalg.matmul(X, X, { transA: true });
      return Response.json({ features: wl.features(), n, seed, X: X.toArray(), gram: G.toArray(), memory: wl.memory() });
    } catch (error) {
      // Typed errors (e.g. for n=1.5) name the argument: answer 400 with the message.
      const status = error instanceof wl.WasmlearnError ? 400 : 500;
      return Response.json({ error: error.name, message: error.message }, { status });
    } finally {
      // The heap outlives the request: free what the request allocated.
      X?.dispose();
      G?.dispose();
    }
  },
};
