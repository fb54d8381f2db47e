//! sa-token: what a module does with the files of a projected volume and its service-account token.
//! Rebuild sa-token.wasm with ../build.sh (Debian's rustc, target wasm32-wasi). argv is the
//! container's args only (wasm-node passes no program name).
//!
//!   check DIR AUDIENCE FILE...  print each DIR/FILE as `FILE=<content>`, the token's (DIR/token) JWT
//!                               payload as `payload=<json>`, and whether AUDIENCE is among its `aud`;
//!                               exit 1 if a file is missing or the audience is not there
//!   watch FILE COUNT            print `token <n> iat=<iat>` for the token in FILE, then again each time
//!                               the file holds a new token, until COUNT tokens were seen; exit 0

use std::fs;
use std::process::exit;
use std::thread::sleep;
use std::time::Duration;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.first().map(String::as_str) {
        Some("check") if args.len() >= 3 => check(&args[1], &args[2], &args[3..]),
        Some("watch") if args.len() == 3 => watch(&args[1], args[2].parse().unwrap_or(2)),
        _ => {
            eprintln!("usage: check DIR AUDIENCE FILE... | watch FILE COUNT");
            exit(2);
        }
    }
}

fn check(dir: &str, audience: &str, files: &[String]) {
    let mut ok = true;
    for file in files {
        match fs::read_to_string(format!("{}/{}", dir, file)) {
            Ok(content) => println!("{}={}", file, content.trim_end()),
            Err(e) => {
                println!("{}: {}", file, e);
                ok = false;
            }
        }
    }
    match fs::read_to_string(format!("{}/token", dir)).ok().and_then(|token| payload(&token)) {
        Some(json) => {
            println!("payload={}", json);
            let audiences = field(&json, "\"aud\":").unwrap_or_default();
            if audiences.contains(&format!("\"{}\"", audience)) {
                println!("audience {}: ok", audience);
            } else {
                println!("audience {}: missing from {}", audience, audiences);
                ok = false;
            }
        }
        None => {
            println!("token: missing or not a JWT");
            ok = false;
        }
    }
    exit(if ok { 0 } else { 1 });
}

fn watch(file: &str, count: usize) {
    let mut seen = 0;
    let mut last = String::new();
    while seen < count {
        let token = fs::read_to_string(file).unwrap_or_default();
        if !token.is_empty() && token != last {
            let iat = payload(&token).and_then(|json| field(&json, "\"iat\":")).unwrap_or_default();
            println!("token {} iat={}", seen, iat);
            seen += 1;
            last = token;
        } else {
            sleep(Duration::from_millis(200));
        }
    }
}

/// The JSON payload of a JWT (its middle, base64url without padding).
fn payload(token: &str) -> Option<String> {
    let middle = token.trim().split('.').nth(1)?;
    String::from_utf8(base64url(middle)?).ok()
}

/// The raw value after `key` in flat-enough JSON: an array, a string or a number.
fn field(json: &str, key: &str) -> Option<String> {
    let rest = &json[json.find(key)? + key.len()..];
    let end = match rest.chars().next()? {
        '[' => rest.find(']')? + 1,
        '"' => rest[1..].find('"')? + 2,
        _ => rest.find(|c: char| c == ',' || c == '}')?,
    };
    Some(rest[..end].to_string())
}

fn base64url(text: &str) -> Option<Vec<u8>> {
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
}
