//! The small CSV subset the embedded data uses: a header line, comma-separated fields, fields
//! optionally in double quotes (with `""` for a quote), no line breaks inside fields.

/// A line's fields, inline for the files' widths (no allocation per line).
pub(crate) type Fields<'a> = smallvec::SmallVec<[std::borrow::Cow<'a, str>; 8]>;

/// One data line: its 1-based line number and its fields.
pub(crate) struct Row<'a> {
    pub line: usize,
    pub fields: Fields<'a>,
}

impl Row<'_> {
    /// Field `i`, or the empty string when the line is short.
    pub fn get(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.as_ref())
    }
}

/// The data lines of `text` after the header (blank lines skipped), each, or the line number
/// and message of a malformed one.
pub(crate) fn rows(text: &str) -> impl Iterator<Item = Result<Row<'_>, (usize, String)>> {
    text.lines().enumerate().skip(1).filter_map(|(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            return None;
        }
        Some(
            split(line)
                .map(|fields| Row {
                    line: i + 1,
                    fields,
                })
                .map_err(|m| (i + 1, m)),
        )
    })
}

/// Every data line, or the first malformed one.
#[cfg(test)]
fn all_rows(text: &str) -> Result<Vec<Row<'_>>, (usize, String)> {
    rows(text).collect()
}

fn split(line: &str) -> Result<Fields<'_>, String> {
    use std::borrow::Cow;
    let mut fields = Fields::new();
    let mut rest = line;
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            // A quoted field runs to the next quote that is not doubled.
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                if c == '"' {
                    if quoted.get(i + 1..).is_some_and(|r| r.starts_with('"')) {
                        value.push('"');
                        chars.next();
                    } else {
                        end = Some(i + 1);
                        break;
                    }
                } else {
                    value.push(c);
                }
            }
            let end = end.ok_or_else(|| format!("unterminated quoted field in {line:?}"))?;
            fields.push(Cow::Owned(value));
            rest = quoted.get(end..).unwrap_or("");
            match rest.strip_prefix(',') {
                Some(r) => rest = r,
                None if rest.is_empty() => return Ok(fields),
                None => return Err(format!("text after a quoted field in {line:?}")),
            }
        } else {
            match rest.split_once(',') {
                Some((field, r)) => {
                    fields.push(Cow::Borrowed(field));
                    rest = r;
                }
                None => {
                    fields.push(Cow::Borrowed(rest));
                    return Ok(fields);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_plain_and_quoted_fields() {
        let rows = all_rows("a,b,c\n1,,3\n\n\"x, y\",\"say \"\"hi\"\"\",z\r\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].fields.as_slice(), ["1", "", "3"]);
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].fields.as_slice(), ["x, y", "say \"hi\"", "z"]);
        assert_eq!(rows[1].get(7), "");
    }

    #[test]
    fn reports_the_malformed_line() {
        assert_eq!(
            all_rows("h\nok\n\"open,2\n").err(),
            Some((3, "unterminated quoted field in \"\\\"open,2\"".to_owned()))
        );
        assert!(all_rows("h\n\"a\"b\n").is_err());
    }
}
