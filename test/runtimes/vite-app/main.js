// A tiny app as a Vite user writes it: nothing about the .wasm at all. Vite rewrites the loader's
// `new URL('../../wasm/wasmlearn.<build>.wasm', import.meta.url)` and emits all three builds as
// assets, so init() still picks the best build the engine runs.
import * as wl from 'wasmlearn';
import { runJob } from '../job.js';

window.jobResult = await runJob(wl);
