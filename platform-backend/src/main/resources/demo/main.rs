//! Hearth's guided-demo hello-world for WASI, after Krustlet's demos/wasi/hello-world-rust: a greeting
//! on stdout, a line on stderr, its arguments, a few environment variables the pod manifest sets, and
//! the file the manifest mounts from a ConfigMap at /config/message.

use std::env;
use std::fs;
use std::thread;
use std::time::Duration;

// Make it yours: change the greeting, then build and run again.
const GREETING: &str = "Hello from WebAssembly!";

/// The variables the demo's pod manifest sets (POD_NAME through the downward API).
const SHOWN_VARS: [&str; 3] = ["POD_NAME", "GREETING_FROM", "HEARTH_USER"];

fn main() {
    println!("{}", GREETING);
    eprintln!("this line goes to stderr");
    let args: Vec<String> = env::args().skip(1).collect();
    println!("args: {:?}", args);
    for name in SHOWN_VARS {
        match env::var(name) {
            Ok(value) => println!("{}={}", name, value),
            Err(_) => println!("{} is not set", name),
        }
    }
    match fs::read_to_string("/config/message") {
        Ok(message) => println!("/config/message: {}", message.trim_end()),
        Err(error) => eprintln!("cannot read /config/message: {}", error),
    }
    tick(&args);
}

/// `--ticks N` prints N numbered lines, one every 200 ms, so a follower can watch a log grow.
fn tick(args: &[String]) {
    let count = args
        .iter()
        .position(|a| a == "--ticks")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0);
    for n in 1..=count {
        thread::sleep(Duration::from_millis(200));
        println!("tick {}", n);
    }
}
