//! The crate's one error type, with a stable machine code per variant.

use weiquan_complaint::ValidationErrors;

/// Everything that can go wrong in this crate.
///
/// [`Error::code`] is a stable machine code (what the C ABI and the wasm API pass through);
/// `Display` names the parameter or the cell and the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A dimension list such as `period=quarter,region=county` that cannot be read.
    #[error("group-by {value:?} is not valid: {reason}")]
    GroupBy {
        /// The text as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A parameter outside its allowed range.
    #[error("parameter {name} = {value:?} is not valid: {reason}")]
    Parameter {
        /// The parameter's name.
        name: &'static str,
        /// The value as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Two partial aggregates grouped differently cannot be merged.
    #[error("cannot merge partials grouped by {left:?} and {right:?}")]
    MergeMismatch {
        /// The first partial's group-by.
        left: String,
        /// The second partial's group-by.
        right: String,
    },
    /// A table asked for a grouping that the aggregate cannot provide.
    #[error("table grouped by {table:?} cannot be computed from data grouped by {data:?}")]
    NotACoarsening {
        /// The table's group-by.
        table: String,
        /// The aggregate's group-by.
        data: String,
    },
    /// A serialised partial aggregate or ledger that cannot be read.
    #[error("{what} is not valid: {reason}")]
    Format {
        /// What was being read (`partial`, `ledger`).
        what: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A table with more cells than allowed.
    #[error("the table would have {cells} cells, more than the limit of {limit}")]
    TableTooLarge {
        /// Cells the table would have.
        cells: u128,
        /// The configured limit.
        limit: u64,
    },
    /// Exact arithmetic left the range of 128-bit integers.
    #[error("exact arithmetic overflowed in {operation}")]
    Overflow {
        /// Which computation.
        operation: &'static str,
    },
    /// No suppression pattern of this release protects a cell (a cell of an earlier release
    /// is disclosed by the earlier releases alone, or every candidate is withheld already).
    #[error("cell {cell} cannot be protected: {reason}")]
    Unprotectable {
        /// The cell, as `dimension=value` pairs.
        cell: String,
        /// Why.
        reason: String,
    },
    /// The data no longer gives what an earlier release published for a cell, so that release
    /// cannot be audited together with this one.
    #[error(
        "release {release:?} published {published} for {cell}, the data now gives {data}: audit \
         with the data the ledger's releases were computed from, or start a new ledger"
    )]
    LedgerRevised {
        /// The earlier release's identifier.
        release: String,
        /// The cell.
        cell: String,
        /// What was published.
        published: u64,
        /// What the data gives now.
        data: u64,
    },
    /// The audit's linear program is larger than allowed: the table is too sparse for its
    /// grouping.
    #[error(
        "the audit would have to solve a linear program of {variables} unknowns and {equations} \
         equations (limit {limit}): too many small cells are tied together; group the table \
         more coarsely (fewer dimensions, a higher level) or raise max_audit_variables"
    )]
    AuditTooLarge {
        /// Unknowns in the largest component.
        variables: usize,
        /// Its equations.
        equations: usize,
        /// The limit.
        limit: u32,
    },
    /// A differential-privacy query that would spend more than the remaining budget.
    #[error("privacy budget exceeded: the query needs epsilon {requested}, {remaining} remains")]
    BudgetExceeded {
        /// Epsilon the query asked for (exact, e.g. `1/3`).
        requested: String,
        /// Epsilon left (exact).
        remaining: String,
    },
    /// The operating system's secure random source failed.
    #[error("the secure random source failed: {reason}")]
    Randomness {
        /// The platform's message.
        reason: String,
    },
    /// A complaint line that cannot be aggregated.
    #[error("record is not valid: {0}")]
    Invalid(ValidationErrors),
}

impl Error {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::GroupBy { .. } => "stats.group_by",
            Error::Parameter { .. } => "stats.parameter",
            Error::MergeMismatch { .. } => "stats.merge_mismatch",
            Error::NotACoarsening { .. } => "stats.not_a_coarsening",
            Error::Format { .. } => "stats.format",
            Error::TableTooLarge { .. } => "stats.table_too_large",
            Error::Overflow { .. } => "stats.overflow",
            Error::Unprotectable { .. } => "suppress.unprotectable",
            Error::LedgerRevised { .. } => "ledger.revised",
            Error::AuditTooLarge { .. } => "audit.too_large",
            Error::BudgetExceeded { .. } => "dp.budget_exceeded",
            Error::Randomness { .. } => "dp.randomness",
            Error::Invalid(_) => "record.invalid",
        }
    }

    pub(crate) fn overflow(operation: &'static str) -> Error {
        Error::Overflow { operation }
    }

    pub(crate) fn parameter(name: &'static str, value: impl ToString, reason: &str) -> Error {
        Error::Parameter {
            name,
            value: value.to_string(),
            reason: reason.to_owned(),
        }
    }
}
