//! The crate's one error type.

use weiquan_complaint::ValidationErrors;

/// Everything that can go wrong when reading a claim or a policy, or assessing.
///
/// [`Error::code`] is a stable machine code (what the C ABI and the wasm API pass through);
/// `Display` is the English message and [`Error::message_zh`] the Chinese one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not JSON.
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's description.
        message: String,
    },
    /// The claim document broke one or more rules, each with its JSON pointer.
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// A policy tried to change a verified statutory number.
    #[error("parameter {parameter} is verified against the statute and cannot be overridden")]
    VerifiedParameter {
        /// The parameter's code.
        parameter: &'static str,
    },
    /// A policy override is out of range (negative, or a fraction above 1 for a rate).
    #[error("override {value} for parameter {parameter} is out of range")]
    OverrideOutOfRange {
        /// The parameter's code.
        parameter: &'static str,
        /// The value given.
        value: String,
    },
    /// Arithmetic on amounts went out of range (cannot happen for checked claims).
    #[error("amount arithmetic overflowed in {operation}")]
    Overflow {
        /// Which operation.
        operation: &'static str,
    },
}

impl Error {
    /// The stable machine code, e.g. `claim.invalid`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Json { .. } => "claim.syntax",
            Error::Invalid(_) => "claim.invalid",
            Error::VerifiedParameter { .. } => "policy.verified_parameter",
            Error::OverrideOutOfRange { .. } => "policy.override_out_of_range",
            Error::Overflow { .. } => "compensation.overflow",
        }
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Error::Json {
                line,
                column,
                message,
            } => format!("JSON格式错误（第{line}行第{column}列）：{message}"),
            Error::Invalid(e) => format!("索赔材料有{}处问题", e.len()),
            Error::VerifiedParameter { parameter } => {
                format!("参数{parameter}已与法条核对，不能修改")
            }
            Error::OverrideOutOfRange { parameter, value } => {
                format!("参数{parameter}的设定值{value}超出范围")
            }
            Error::Overflow { operation } => format!("金额计算溢出（{operation}）"),
        }
    }
}

impl From<weiquan_complaint::Error> for Error {
    fn from(e: weiquan_complaint::Error) -> Error {
        match e {
            weiquan_complaint::Error::AmountOverflow { operation } => Error::Overflow { operation },
            // Only arithmetic reaches here: amounts were parsed and checked before assessing.
            _ => Error::Overflow {
                operation: "amount",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_messages() {
        let e = Error::VerifiedParameter {
            parameter: "crpl_2013_55_1_minimum",
        };
        assert_eq!(e.code(), "policy.verified_parameter");
        assert_eq!(
            e.to_string(),
            "parameter crpl_2013_55_1_minimum is verified against the statute and cannot be overridden"
        );
        assert_eq!(
            e.message_zh(),
            "参数crpl_2013_55_1_minimum已与法条核对，不能修改"
        );
        assert_eq!(
            weiquan_support::Diagnostic::problems(&e)[0].code,
            "policy.verified_parameter"
        );
        let o: Error = weiquan_complaint::Error::AmountOverflow { operation: "add" }.into();
        assert_eq!(o, Error::Overflow { operation: "add" });
        assert_eq!(o.code(), "compensation.overflow");
    }
}
