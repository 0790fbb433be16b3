//! Work in progress: an HTTP intake service embedding weiquan.
fn main() {}
