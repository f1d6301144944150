//! The scoring web worker (built by Trunk as a worker next to the app).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    kehu::worker::register();
}

// Only the browser runs the worker.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
