//! The `weiquan` command.
fn main() {}
