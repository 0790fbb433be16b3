//! The crate's one error type.

/// What can go wrong in this crate. Redaction itself never fails (every text has an answer);
/// only reading the marked-corpus format of [`parse_marked`](crate::measure::parse_marked)
/// does.
///
/// [`Error::code`] is a stable machine code; `Display` is the English message and
/// [`Error::message_zh`] the Chinese one. Neither quotes the text being read: a corpus line
/// holds personal data, so the messages give only the character offset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A mark opened inside another mark.
    #[error("bad mark at character {at}: nested mark")]
    NestedMark {
        /// The character offset of the inner `⟦` in the marked text.
        at: usize,
    },
    /// A `⟦` not followed by a kind code (`m`, `l`, `i`, `c`, `e`, `p`, `a`, `n`) and `:`.
    #[error("bad mark at character {at}: expected a kind code and ':'")]
    BadMarkKind {
        /// The character offset of the `⟦`.
        at: usize,
    },
    /// A `⟧` that closes an empty mark or no mark at all.
    #[error("bad mark at character {at}: closing an empty or unopened mark")]
    BadMarkClose {
        /// The character offset of the `⟧`.
        at: usize,
    },
    /// A mark still open at the end of the text.
    #[error("bad mark at character {at}: mark not closed")]
    UnclosedMark {
        /// The character offset of its `⟦`.
        at: usize,
    },
}

impl Error {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NestedMark { .. } => "redact.mark_nested",
            Error::BadMarkKind { .. } => "redact.mark_kind",
            Error::BadMarkClose { .. } => "redact.mark_close",
            Error::UnclosedMark { .. } => "redact.mark_unclosed",
        }
    }

    /// The message in Chinese, naming the same offset as `Display`.
    pub fn message_zh(&self) -> String {
        match self {
            Error::NestedMark { at } => format!("第{at}个字符处的标记有误：标记嵌套"),
            Error::BadMarkKind { at } => {
                format!("第{at}个字符处的标记有误：“⟦”后应为类别代码和“:”")
            }
            Error::BadMarkClose { at } => {
                format!("第{at}个字符处的标记有误：关闭了空标记或未打开的标记")
            }
            Error::UnclosedMark { at } => format!("第{at}个字符处的标记有误：标记未关闭"),
        }
    }

    /// The character offset in the marked text where the problem is.
    pub fn at(&self) -> usize {
        match self {
            Error::NestedMark { at }
            | Error::BadMarkKind { at }
            | Error::BadMarkClose { at }
            | Error::UnclosedMark { at } => *at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_messages_name_the_offset() {
        let all = [
            Error::NestedMark { at: 3 },
            Error::BadMarkKind { at: 3 },
            Error::BadMarkClose { at: 3 },
            Error::UnclosedMark { at: 3 },
        ];
        let mut codes: Vec<&str> = all.iter().map(Error::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        for e in &all {
            assert!(e.code().starts_with("redact."));
            assert!(e.to_string().contains("character 3"), "{e}");
            assert!(e.message_zh().contains("第3个字符"), "{}", e.message_zh());
            assert_eq!(e.at(), 3);
        }
    }
}
