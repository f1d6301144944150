//! The browser app's entry point (built by Trunk from index.html).

#[cfg(target_arch = "wasm32")]
fn main() {
    // The module is compiled and instantiated (bench/browser/first-load.mjs reads the marks).
    kehu::ui::browser::mark("kehu-main");
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(kehu::ui::App);
}

// The app only runs in the browser; natively this binary does nothing (the CLI is `kehu`).
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
