//! `kehu`: the native command line.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kehu: no command yet");
    std::process::exit(2);
}

// The CLI is native only; on wasm this binary is an empty stub so `cargo test --target wasm32` builds.
#[cfg(target_arch = "wasm32")]
fn main() {}
