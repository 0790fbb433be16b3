//! Work in progress: the C ABI of weiquan.
