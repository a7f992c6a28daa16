// The heap allocator the TypeScript side manages every block with.
//
// Runtime choice: `--runtime minimal` (see asconfig.json). Kernels never create managed objects,
// so a garbage collector has nothing to do; what we need is an allocator whose freed blocks are
// reused, and `minimal` brings AssemblyScript's TLSF allocator (O(1) alloc/free, coalescing)
// without the incremental GC. `stub` would be smaller but only bumps a pointer: freed memory is
// never reused. Blocks are 16-byte aligned, which suits v128 loads.

export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}

/** Which build this is: 2 relaxed SIMD, 1 SIMD, 0 scalar. Lets `init({ module })` report the build it was given. */
export function build_id(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 2 : ASC_FEATURE_SIMD ? 1 : 0;
}
