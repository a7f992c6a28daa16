// The heap allocator the TypeScript side manages every block with.
//
// Runtime choice: `--runtime minimal` (see asconfig.json). Kernels never create managed objects,
// so a garbage collector has nothing to do; what we need is an allocator whose freed blocks are
// reused, and `minimal` brings AssemblyScript's TLSF allocator (O(1) alloc/free, coalescing)
// without the incremental GC. `stub` would be smaller but only bumps a pointer: freed memory is
// never reused. Blocks are 16-byte aligned, which suits v128 loads.

// TLSF's good-fit search rounds a request up to the next size class before it looks (so that any
// block on the list it picks fits without a scan). The price: a freed block of exactly the size
// being requested (≥ 256 bytes) is one class too small to be found, so the memory grows next to a
// hole that fits, and fails once it cannot grow. alloc() therefore first asks for a block of the
// request's own class (a request of its lower bound minus the 4-byte header, which rounds up into
// that class) and, when that block together with the free remainder split off it holds the
// request, grows it in place with realloc. Block layout (std/assembly/rt/tlsf.ts): a 4-byte
// mmInfo before the payload, size in its upper bits, FREE = bit 0.
const SB_SIZE: usize = 256;
const FREE: u32 = 1;
const TAGS: u32 = 3;

export function alloc(bytes: usize): usize {
  const payload = ((bytes + 4 + 15) & ~15) - 4;
  if (payload >= SB_SIZE && payload < (1 << 29)) {
    const fl = <usize>(31 - clz<u32>(<u32>payload));
    const step: usize = 1 << (fl - 4);
    const lower = payload & ~(step - 1);
    const probe = heap.alloc(lower - 4);
    const size = <usize>(load<u32>(probe - 4) & ~TAGS);
    const right = load<u32>(probe + size);
    const room = size >= payload ? size : right & FREE ? size + 4 + <usize>(right & ~TAGS) : 0;
    if (room >= payload) return heap.realloc(probe, bytes);
    heap.free(probe);
  }
  return heap.alloc(bytes);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}

/** Which build this is: 2 relaxed SIMD, 1 SIMD, 0 scalar. Lets `init({ module })` report the build it was given. */
export function build_id(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 2 : ASC_FEATURE_SIMD ? 1 : 0;
}
