//! Exits with status 3 after one line: `kubectl get pod` must show `ExitCode:3`, and with
//! `restartPolicy: OnFailure` the node must run it again after a growing back-off.

use std::process;

fn main() {
    println!("exiting with status 3");
    process::exit(3);
}
