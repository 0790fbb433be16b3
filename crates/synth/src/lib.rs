//! # weiquan-synth
//!
//! Synthetic data for tests, benchmarks and the demo: a seeded generator of realistic
//! Shijiazhuang complaints ([`generate`]), whose narratives carry personal data at recorded
//! positions so that redaction can be measured, and a player of realistic case lifecycles
//! ([`simulate`]). The same seed gives the same output on every platform and in every version
//! that keeps [`generate::GENERATOR_VERSION`]: the random source is a SplitMix64 written here,
//! not a library whose stream may change.
//!
//! Nothing here is needed to handle a real complaint, which is why it is a crate of its own:
//! the model (`weiquan-complaint`) and the case-state machine (`weiquan-caseflow`) hold no
//! generator, and a service or the WebAssembly module does not build one.
//!
//! ```
//! use weiquan_caseflow::ProcedureSelection;
//! use weiquan_redact::PiiKind;
//! use weiquan_synth::generate::Generator;
//! use weiquan_synth::simulate::Lifecycle;
//!
//! // A valid complaint, and where its narrative holds personal data.
//! let g = Generator::new(7).next_generated();
//! assert!(g.complaint.check().is_ok());
//! let chars: Vec<char> = g.complaint.description.chars().collect();
//! for item in g.pii.iter().filter(|p| p.kind == PiiKind::Mobile) {
//!     let text: String = chars[item.start..item.end].iter().collect();
//!     assert_eq!(text, g.complaint.consumer.mobile.as_str());
//! }
//!
//! // Its case, played to the end under the market-regulation procedure.
//! let c = &g.complaint;
//! let case = Lifecycle::new(7).play(&c.id, c.received_at, ProcedureSelection::MarketRegulation,
//!                                   c.purchase.amount_paid)?;
//! assert!(!case.state().is_open());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Errors: the generator cannot fail (every value is built valid, with a valid fallback the
//! compiler insists on), so the crate has no error type of its own; [`simulate`] returns the
//! [`weiquan_caseflow::Error`] of the event the case refused, with its code unchanged.

pub mod generate;
pub mod simulate;
