//! # weiquan-wasm
//!
//! weiquan as WebAssembly with a typed JavaScript API, so that a consumer app or a web page
//! gives the same answers as the back office: complaint validation with every problem and
//! its pointer, identifier checks, working days, case deadlines, the body that handles a
//! complaint, compensation with its computation, and redaction of personal data.
//!
//! The crate holds no domain logic. It translates: JSON values in (camelCase keys, as
//! JavaScript writes them) into the domain crates' types, their results out (camelCase
//! again), and their errors into `Error` objects with `code`, `pointer` and `message`.
//! Built with `cargo xtask ci` (wasm-bindgen for the web and for Node) as four modules, one
//! per crate feature — `form` for a complaint form, `follow` for a filed complaint's
//! deadlines, `tools` for the assessment, documents and working days, `redact` for the
//! redaction of free text — under one JavaScript API ([`package`]); the package is published
//! to npm as `weiquan`. The JavaScript API, its TypeScript types and the build are described
//! in `docs/wasm.md`.
//!
//! The same functions can be called natively by their JavaScript names, which is how the
//! Rust tests and the Node tests check the shared vectors in `crates/wasm/tests/vectors`:
//!
//! ```
//! use serde_json::json;
//!
//! let info = weiquan_wasm::call("checkResidentId", vec![json!("11010519491231002x"), json!("2026-03-01")])
//!     .ok_or("no such function")??;
//! assert_eq!(info["value"], "11010519491231002X");
//! assert_eq!(info["birthDate"], "1949-12-31");
//!
//! let err = weiquan_wasm::call("checkMobile", vec![json!("12345")]).ok_or("no such function")?
//!     .err().ok_or("expected an error")?;
//! assert_eq!(err.code(), "mobile.format");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod api;
mod calendar;
mod compensation;
mod complaint;
mod deadlines;
mod edge;
mod error;
mod identifiers;
mod names;
pub mod package;
mod redaction;
mod routing;
pub mod typescript;
mod writer;

pub use api::{EXPORTS, Export, FUNCTIONS, call, call_json};
pub use error::{Error, ErrorInfo};
pub use names::{camel_to_snake, snake_to_camel};

use wasm_bindgen::prelude::wasm_bindgen;

/// The size of the module's linear memory in bytes. It grows when a call needs more and never
/// shrinks, so a leak shows as growth over many calls (the Node tests check it stays flat
/// over thousands of bad calls).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        // Pages of 64 KiB; at most 65,536 of them, exact in an f64.
        (core::arch::wasm32::memory_size::<0>() as f64) * 65536.0
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}
