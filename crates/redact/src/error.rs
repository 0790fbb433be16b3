//! The crate's one error type.

/// What can go wrong in this crate. Redaction itself never fails (every text has an answer);
/// reading the marked-corpus format of [`parse_marked`](crate::measure::parse_marked) does,
/// and a byte stream that is not UTF-8 ([`Error::NotUtf8`], which `weiquan redact` reports
/// for each line it leaves out).
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
    /// A line of a byte stream that is not UTF-8, left out of the redacted output.
    #[error("line {line} is not valid UTF-8 (byte {byte} of the line): left out")]
    NotUtf8 {
        /// The line number (from 1).
        line: u64,
        /// The offset of the first invalid byte within the line (from 0).
        byte: u64,
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
            Error::NotUtf8 { .. } => "redact.not_utf8",
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
            Error::NotUtf8 { line, byte } => {
                format!("第{line}行不是有效的UTF-8（该行第{byte}字节）：已略去")
            }
        }
    }

    /// The character offset in the marked text where the problem is (for
    /// [`Error::NotUtf8`], the byte offset within the line).
    pub fn at(&self) -> usize {
        match self {
            Error::NestedMark { at }
            | Error::BadMarkKind { at }
            | Error::BadMarkClose { at }
            | Error::UnclosedMark { at } => *at,
            Error::NotUtf8 { byte, .. } => usize::try_from(*byte).unwrap_or(usize::MAX),
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
        let e = Error::NotUtf8 { line: 2, byte: 0 };
        assert_eq!(e.code(), "redact.not_utf8");
        assert_eq!(
            e.to_string(),
            "line 2 is not valid UTF-8 (byte 0 of the line): left out"
        );
        assert_eq!(
            e.message_zh(),
            "第2行不是有效的UTF-8（该行第0字节）：已略去"
        );
    }
}
