//! Work in progress: weiquan as WebAssembly.
