//! Grows its linear memory 4 MiB at a time (each chunk kept and written, so every `memory.grow` is
//! needed) up to 1 GiB, printing the memory size after each step. Under a pod memory limit the grow
//! past it must fail inside the module: the allocator reports it and the module aborts (a trap), so
//! the pod fails while the node carries on. Reaching 1 GiB means no limit was applied: it says so
//! and exits 0, which the test treats as the failure it is.

use std::arch::wasm32::memory_size;

const CHUNK: usize = 4 << 20;
const CEILING: usize = 1 << 30;
const PAGE: usize = 64 << 10;

fn main() {
    let mut kept: Vec<Vec<u8>> = Vec::new();
    let mut total = 0;
    while total < CEILING {
        let mut chunk = vec![0u8; CHUNK];
        // Write every page so the memory is really used, whatever the allocator does with zeroes.
        for i in (0..CHUNK).step_by(PAGE) {
            chunk[i] = (i / PAGE) as u8 | 1;
        }
        kept.push(chunk);
        total += CHUNK;
        println!("allocated {} MiB, memory {} MiB", total >> 20, memory_size(0) * PAGE >> 20);
    }
    println!("no memory limit stopped me at {} MiB", total >> 20);
}
