//! A runaway module: one line, then a CPU-bound loop that never ends and never calls WASI again. Only
//! the node can stop it — by `activeDeadlineSeconds` or when the pod is deleted — and it must not
//! wedge the node while it spins.

fn main() {
    println!("spinning forever");
    // An xorshift state is never zero, but the compiler cannot know: the loop does real work each turn
    // and cannot be optimised away or into a sleep.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    loop {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if x == 0 {
            println!("unreachable");
        }
    }
}
