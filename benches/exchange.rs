//! Branch exchange benchmarks (filled in below).
fn main() {}
