//! Hearth's rebuild of Krustlet's `demos/wasi/hello-world-rust` for `wasm32-wasi`: a line on stdout,
//! one on stderr, the environment, the arguments, then every file of the ConfigMap volume mounted at
//! `/config` — what `kubectl logs hello-world-wasi-rust` must show on a WASI node.
//! Built by ../build.sh with Debian's rustc (no Cargo: the demo needs nothing but std).

use std::env;
use std::fs;

/// Where k8s.yaml mounts the `hello-world-wasi-rust` ConfigMap.
const CONFIG_DIR: &str = "/config";

fn main() {
    println!("hello from stdout!");
    eprintln!("hello from stderr!");
    for (key, value) in env::vars() {
        println!("{}={}", key, value);
    }
    let args: Vec<String> = env::args().collect();
    println!("Args are: {:?}", args);
    print_config_files();
}

/// Prints `<path>: <content>` for each regular file of the volume, by name; kubelet-style hidden
/// entries (`..data`) are skipped, so the output is the same on any node layout.
fn print_config_files() {
    let entries = match fs::read_dir(CONFIG_DIR) {
        Ok(entries) => entries,
        Err(error) => {
            eprintln!("cannot list {}: {}", CONFIG_DIR, error);
            return;
        }
    };
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .map(|entry| entry.path())
        .collect();
    paths.sort();
    for path in paths {
        match fs::read_to_string(&path) {
            Ok(content) => println!("{}: {}", path.display(), content.trim_end()),
            Err(error) => eprintln!("cannot read {}: {}", path.display(), error),
        }
    }
}
