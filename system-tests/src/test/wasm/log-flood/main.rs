//! Writes 100 MB to stdout as fast as it can — 1,000,000 numbered lines of 100 bytes — then one line
//! on stderr, and exits 0. The node must keep its logs on disk bounded (rotation) and stay responsive.

use std::io::{self, BufWriter, Write};

const LINES: u32 = 1_000_000;

fn main() {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(64 << 10, stdout.lock());
    let filler = "x".repeat(80);
    for line in 0..LINES {
        // "flood " + 80 + " " + 12 digits + newline = 100 bytes.
        writeln!(out, "flood {} {:012}", filler, line).expect("stdout closed");
    }
    out.flush().expect("stdout closed");
    drop(out);
    eprintln!("flood done: {} lines", LINES);
}
