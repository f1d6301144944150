//! The command line of branch exchange: `kehu demo`, `kehu check`, `kehu merge`, run as a user
//! would (the built binary, files in a temporary folder).

use std::path::{Path, PathBuf};
use std::process::Command;

fn kehu(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kehu")).args(args).env_remove("KEHU_PASSPHRASE").output().unwrap()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kehu-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn demo(seed: &str, branch: &str, out: &Path) {
    let o = kehu(&["demo", "--customers", "60", "--lines", "700", "--seed", seed, "--branch", branch, "-o", p(out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn demo_is_deterministic_check_prints_counts_merge_is_order_independent() {
    let (a, a2, b) = (temp("a.json"), temp("a2.json"), temp("b.json"));
    demo("11", "杭州", &a);
    demo("11", "杭州", &a2);
    demo("12", "宁波", &b);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&a2).unwrap(), "same seed, same bytes");

    let check = kehu(&["check", p(&a)]);
    assert!(check.status.success());
    let text = String::from_utf8(check.stdout).unwrap();
    assert!(text.contains("branch 杭州"), "{text}");
    assert!(text.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["customer", "60"]), "{text}");
    assert!(text.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["sale", "700"]), "{text}");

    let (ab, ba) = (temp("ab.json"), temp("ba.json"));
    for (files, out) in [([&a, &b], &ab), ([&b, &a], &ba)] {
        let o = kehu(&["merge", p(files[0]), p(files[1]), p(files[0]), "-o", p(out), "--created-ms", "5"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert!(std::fs::read(&ab).unwrap() == std::fs::read(&ba).unwrap(), "any order, same bundle");
    let text = String::from_utf8(kehu(&["check", p(&ab)]).stdout).unwrap();
    assert!(text.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["customer", "120"]), "{text}");
    assert!(text.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["sale", "1400"]), "{text}");
}

#[test]
fn check_fails_with_the_reason_on_bad_files() {
    let bad = temp("bad.json");
    std::fs::write(&bad, b"{\"format\":\"kehu-bundle\",\"version\":9}").unwrap();
    let o = kehu(&["check", p(&bad)]);
    assert!(!o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("newer version of Kehu"), "{err}");
    let missing = kehu(&["check", p(&temp("missing.json"))]);
    assert!(!missing.status.success());
    assert!(String::from_utf8(missing.stderr).unwrap().contains("cannot read"));
}

#[test]
fn merge_encrypts_and_check_opens_with_the_passphrase() {
    let (a, sealed) = (temp("e-a.json"), temp("e-sealed.json"));
    demo("21", "总部", &a);
    let o = kehu(&["merge", p(&a), "-o", p(&sealed), "--encrypt", "--passphrase", "口令 pass"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read(&sealed).unwrap().starts_with(b"KEHU-ENC"));
    let without = kehu(&["check", p(&sealed)]);
    assert!(!without.status.success());
    assert!(String::from_utf8(without.stderr).unwrap().contains("passphrase is needed"));
    let wrong = kehu(&["check", p(&sealed), "--passphrase", "口令"]);
    assert!(String::from_utf8(wrong.stderr).unwrap().contains("wrong passphrase"));
    let right = Command::new(env!("CARGO_BIN_EXE_kehu"))
        .args(["check", p(&sealed)])
        .env("KEHU_PASSPHRASE", "口令 pass")
        .output()
        .unwrap();
    assert!(right.status.success(), "{}", String::from_utf8_lossy(&right.stderr));
    let no_pass = kehu(&["merge", p(&a), "-o", p(&temp("x.json")), "--encrypt"]);
    assert!(!no_pass.status.success());
}
