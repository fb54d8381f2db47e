//! Step 7 of Hearth's guided demo, "Make it a web app": the hello-world as a WAGI handler (docs/wasm-node.md,
//! "Web apps"). The WASI node runs it once per HTTP request: the request comes in environment variables
//! (REQUEST_METHOD, PATH_INFO, QUERY_STRING, HTTP_* headers) and the body on stdin; what it prints on
//! stdout is the response — headers, an empty line, then the page.

use std::env;

// Make it yours: change the greeting, then build and run again.
const GREETING: &str = "Hello from WebAssembly!";

fn main() {
    let path = env::var("PATH_INFO").unwrap_or_default();
    let method = env::var("REQUEST_METHOD").unwrap_or_default();
    let user = env::var("HEARTH_USER").unwrap_or_default();
    // stderr goes to the pod's log, beside the node's access-log line for this request.
    eprintln!("answering {} {}", method, path);
    println!("Content-Type: text/html; charset=utf-8");
    println!();
    println!("<!doctype html><title>{}</title>", escape(GREETING));
    println!("<h1>{}</h1>", escape(GREETING));
    println!("<p>You asked for <code>{}</code> ({}).</p>", escape(&path), escape(&method));
    println!("<p>Served by a WebAssembly module of {} on Hearth's WASI node.</p>", escape(&user));
}

/// The path is the visitor's text: escaped, so it cannot add markup to the page.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
