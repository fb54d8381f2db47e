//! A slow printer for log-follow tests and bench/log-latency: `ticker [count] [interval-ms] [delay-ms]`
//! waits delay-ms (default 0), then prints `tick <n> <unix-nanos>` (n from 0) every interval, then exits
//! 0. Each line carries the time it was written, so a reader can tell how long the line took to reach it;
//! the delay lets readers connect before the first line.

use std::io::Write;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn main() {
    // Numbers only: whether a runtime passes the program's name as argv[0] differs (wasm-node does not).
    let numbers: Vec<u64> = std::env::args().filter_map(|a| a.parse().ok()).collect();
    let count = numbers.first().copied().unwrap_or(20);
    let interval = Duration::from_millis(numbers.get(1).copied().unwrap_or(100));
    let delay = Duration::from_millis(numbers.get(2).copied().unwrap_or(0));
    let start = Instant::now() + delay;
    let stdout = std::io::stdout();
    for n in 0..count {
        // Ticks are scheduled from the start, so a slow write does not push every later line back.
        let due = start + interval * (n as u32);
        let now = Instant::now();
        if due > now {
            // WASI's poll_oneoff clock subscription; should a runtime wake early, spin the rest.
            std::thread::sleep(due - now);
            while Instant::now() < due {}
        }
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let mut out = stdout.lock();
        let _ = writeln!(out, "tick {} {}", n, nanos);
        let _ = out.flush();
    }
}
