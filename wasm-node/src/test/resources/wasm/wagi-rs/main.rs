// The Rust WAGI test app: GET answers a greeting with the request path, POST /echo echoes the body,
// /status answers 201 with a header of its own.
use std::env;
use std::io::{self, Read, Write};

fn main() {
    let path = env::var("PATH_INFO").unwrap_or_default();
    let method = env::var("REQUEST_METHOD").unwrap_or_default();
    let mut out = io::stdout().lock();
    if path == "/echo" {
        let mut body = Vec::new();
        io::stdin().read_to_end(&mut body).unwrap();
        write!(out, "Content-Type: application/octet-stream\n\n").unwrap();
        out.write_all(&body).unwrap();
    } else if path == "/status" {
        write!(out, "Status: 201 Created\nX-Hearth: rust\nContent-Type: text/plain\n\ncreated\n").unwrap();
    } else {
        write!(out, "Content-Type: text/plain\n\nhello from wagi-rs at {} ({})\n", path, method).unwrap();
    }
}
