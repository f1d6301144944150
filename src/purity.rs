//! A test helper for the pure core (ARCHITECTURE.md: no web crate, no clock, no randomness): it
//! reads a module's source files and fails on any line, outside comments and tests, naming one.

/// What a pure module's code never names.
const BANNED: &[&str] =
    &["leptos", "web_sys", "js_sys", "wasm_bindgen", "Utc::now", "Local::now", "SystemTime", "fastrand"];

/// Checks every file of `src/<dir>`; `min_files` guards against reading the wrong folder.
pub(crate) fn assert_module_is_pure(dir: &str, min_files: usize) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // The code, not its tests (a test may name what it looks for).
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for banned in BANNED {
            let found = code.lines().any(|l| !l.trim_start().starts_with("//") && l.contains(banned));
            assert!(!found, "{} uses {banned}", path.display());
        }
        files += 1;
    }
    assert!(files >= min_files, "{} holds {files} files", dir.display());
}
