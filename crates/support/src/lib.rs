//! # weiquan-support
//!
//! What every weiquan crate shares below the domain: the [`Diagnostic`] trait that each
//! crate's error implements (a stable code, a [`Kind`], English and Chinese messages, field
//! errors with JSON pointers), so the bindings — the CLI, the C ABI, WebAssembly, the service —
//! map every error through one function instead of one per crate and edge.
//!
//! Two modules are the workspace's plumbing rather than an API for embedders, kept here so
//! that the complaint model's public API is only the model: [`json_pointer`], the reader of
//! parsed JSON that reports where a value does not fit its type (what the WebAssembly edge and
//! the claim reader use), [`sort`], a stable sort small in WebAssembly code, and [`suggest`], the
//! "did you mean" of unknown fields and ids. Their items
//! may change in any release.
//!
//! ```
//! use weiquan_support::{Diagnostic, FieldError, Report};
//!
//! #[derive(Debug)]
//! struct TooOld { year: i32 }
//!
//! impl std::fmt::Display for TooOld {
//!     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
//!         write!(f, "no holiday data for {}", self.year)
//!     }
//! }
//! impl std::error::Error for TooOld {}
//! impl Diagnostic for TooOld {
//!     fn code(&self) -> &'static str { "calendar.year_not_covered" }
//!     fn message_zh(&self) -> String { format!("没有{}年的节假日数据", self.year) }
//! }
//!
//! let report = Report::from_diagnostic(&TooOld { year: 2031 });
//! assert_eq!(report.code, "calendar.year_not_covered");
//! assert_eq!(report.message_en, "no holiday data for 2031");
//! assert_eq!(report.message_zh, "没有2031年的节假日数据");
//! assert!(report.errors.is_empty());
//! ```

mod diagnostic;
pub mod json_pointer;
pub mod mask;
pub mod sort;
pub mod suggest;

pub use diagnostic::{Diagnostic, FieldError, Kind, Report};
