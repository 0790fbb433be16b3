//! The crate's one error type.

use weiquan_support::FieldError;

/// What can go wrong reading a programme or computing from it.
///
/// [`Error::code`] is a stable machine code; `Display` is the English message and
/// [`Error::message_zh`] the Chinese one. The problems of a document are all reported at
/// once, each a [`FieldError`] with the JSON pointer of the value at fault in the programme
/// (or complaint-count) file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not JSON.
    #[error("not JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// The document does not fit the format or breaks its rules; every problem is listed.
    #[error("the document has {} problem(s): {}", .0.len(), first(.0))]
    Invalid(Vec<FieldError>),
    /// A fact the computation turns on is not in the programme (a result, a rating); every
    /// missing fact is listed. Nothing is presumed in its place.
    #[error("{} fact(s) needed are missing: {}", .0.len(), first(.0))]
    Incomplete(Vec<FieldError>),
    /// A number too large for exact decimal arithmetic (28 significant digits).
    #[error("{pointer}: the number is too large for exact arithmetic")]
    Overflow {
        /// Where the number is.
        pointer: String,
    },
}

fn first(errors: &[FieldError]) -> String {
    errors.first().map_or_else(String::new, ToString::to_string)
}

impl Error {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Syntax { .. } => "testing.json_syntax",
            Error::Invalid(_) => "testing.invalid",
            Error::Incomplete(_) => "testing.incomplete",
            Error::Overflow { .. } => "testing.overflow",
        }
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        let first_zh = |e: &[FieldError]| {
            e.first()
                .map_or_else(String::new, |f| format!("{}：{}", f.pointer, f.message_zh))
        };
        match self {
            Error::Syntax { line, column, .. } => {
                format!("第{line}行第{column}列处不是有效的JSON")
            }
            Error::Invalid(e) => format!("文件有{}处问题：{}", e.len(), first_zh(e)),
            Error::Incomplete(e) => format!("缺少{}项所需事实：{}", e.len(), first_zh(e)),
            Error::Overflow { pointer } => format!("{pointer}：数值过大，无法精确计算"),
        }
    }

    /// Every problem as a field error (one at the root for a syntax error or overflow).
    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            Error::Invalid(e) | Error::Incomplete(e) => e.clone(),
            Error::Syntax { .. } => vec![FieldError::new(
                "",
                self.code(),
                None,
                self.to_string(),
                self.message_zh(),
            )],
            Error::Overflow { pointer } => vec![FieldError::new(
                pointer.clone(),
                self.code(),
                None,
                self.to_string(),
                self.message_zh(),
            )],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_messages_name_the_place() {
        let fe = FieldError::new("/items/0/weight", "testing.weight", None, "bad", "错");
        let all = [
            Error::Syntax {
                line: 3,
                column: 7,
                message: "x".into(),
            },
            Error::Invalid(vec![fe.clone()]),
            Error::Incomplete(vec![fe]),
            Error::Overflow {
                pointer: "/results/0/value".into(),
            },
        ];
        let mut codes: Vec<&str> = all.iter().map(Error::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        assert_eq!(all[0].message_zh(), "第3行第7列处不是有效的JSON");
        assert!(all[1].to_string().contains("/items/0/weight"));
        assert!(all[2].message_zh().contains("/items/0/weight：错"));
        assert_eq!(all[3].field_errors()[0].pointer, "/results/0/value");
    }
}
