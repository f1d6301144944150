//! Tidy checks of the pure core: the scoring engine imports nothing from the web layer, reads no clock and
//! draws no random numbers (STYLE.md 1–2), so it runs the same natively, in wasm and in tests.

use std::path::Path;

const FORBIDDEN: [&str; 10] = [
    "leptos",
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "std::time",
    "SystemTime",
    "Instant::",
    "fastrand",
    "rand::",
    "getrandom",
];

#[test]
fn the_engine_has_no_web_clock_or_randomness_dependency() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/analytics");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            files += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            for (number, line) in text.lines().enumerate() {
                // Comments may name what the code avoids.
                let code = line.split("//").next().unwrap_or("");
                for word in FORBIDDEN {
                    assert!(
                        !code.contains(word),
                        "{}:{}: `{word}` in the pure core: {line}",
                        path.display(),
                        number + 1
                    );
                }
            }
        }
    }
    assert!(files >= 15, "found only {files} files in src/analytics");
}
