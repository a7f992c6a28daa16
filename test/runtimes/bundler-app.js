// A tiny app as an esbuild user writes it. esbuild does not rewrite `new URL('…', import.meta.url)`, so
// the loader's default .wasm location does not survive bundling: the app imports the .wasm through
// the package's exports map with esbuild's file loader (`--loader:.wasm=file`), which copies it to
// the output folder and gives its URL, and passes that to init({ url }).
import * as wl from 'wasmlearn';
import wasmUrl from 'wasmlearn/wasm/wasmlearn.simd.wasm';
import { runJob } from './job.js';

window.jobResult = await runJob(wl, { url: new URL(wasmUrl, import.meta.url) });
