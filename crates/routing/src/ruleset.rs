//! The ruleset file in TOML: reading and writing it with line numbers for every problem, the
//! embedded Shijiazhuang text, and the JSON Schema of the document. The document's types are
//! in `doc.rs`; reading TOML needs the `toml` feature (on by default).

use crate::doc::{RankingDoc, RulesetFile};
#[cfg(feature = "toml")]
use crate::error::{Problem, ProblemKind, Problems};

/// The embedded default's text: Shijiazhuang's bodies and rules. [`crate::Router::shijiazhuang`]
/// does not parse it at run time: the build script reads it into a [`RulesetFile`] and
/// stores that in the crate in a compact form (`packed.rs`; [`RulesetFile::shijiazhuang`]).
pub const SHIJIAZHUANG_TOML: &str = include_str!("../data/ruleset_shijiazhuang.toml");

impl RulesetFile {
    /// Reads the TOML text. Only the shape is checked here (a TOML error or a wrong key is
    /// reported with its line); [`crate::Router::from_toml`] checks the content.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<RulesetFile, Problems> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            Problems(vec![Problem {
                line,
                path: String::new(),
                kind: ProblemKind::Syntax,
                // TOML's words quote the offending value: identifiers masked, cut.
                message: weiquan_support::mask::parser_message(e.message()),
            }])
        })
    }

    /// The file as TOML text; [`RulesetFile::from_toml`] reads it back to an equal value.
    #[cfg(feature = "toml")]
    pub fn to_toml(&self) -> Result<String, Problems> {
        toml::to_string(self).map_err(|e| {
            Problems(vec![Problem {
                line: None,
                path: String::new(),
                kind: ProblemKind::Syntax,
                message: e.to_string(),
            }])
        })
    }

    /// The embedded Shijiazhuang ruleset: [`SHIJIAZHUANG_TOML`] as read at build time (the
    /// same value [`RulesetFile::from_toml`] reads from it, which a test checks). Only its
    /// shape is checked by then; [`crate::Router::shijiazhuang`] checks the content.
    ///
    /// Should the stored form not decode (a build fault the tests catch), this is a
    /// document with `schema_version` 0 and nothing else, which every router refuses;
    /// [`crate::Router::shijiazhuang`] reports the decoding error itself.
    pub fn shijiazhuang() -> RulesetFile {
        crate::packed::shijiazhuang().unwrap_or_else(|_| RulesetFile {
            schema_version: 0,
            id: String::new(),
            name: String::new(),
            city: String::new(),
            description: None,
            ranking: RankingDoc {
                basis: Vec::new(),
                note: None,
            },
            instruments: Vec::new(),
            bodies: Vec::new(),
            rules: Vec::new(),
        })
    }
}

/// The JSON Schema (draft 2020-12) of the ruleset file (TOML editors such as taplo use it),
/// pretty-printed with a final newline, exactly as committed under
/// `docs/schema/ruleset.schema.json`.
pub fn ruleset_schema_json() -> String {
    let schema = schemars::schema_for!(RulesetFile);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// One step of a path into the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(&'static str),
    Index(usize),
}

/// A path into the document, e.g. `rule[3].when.categories[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Path(pub Vec<Seg>);

impl Path {
    pub fn with(&self, seg: Seg) -> Path {
        let mut p = self.clone();
        p.0.push(seg);
        p
    }

    pub fn key(&self, k: &'static str) -> Path {
        self.with(Seg::Key(k))
    }

    pub fn index(&self, i: usize) -> Path {
        self.with(Seg::Index(i))
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (n, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if n == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// Finds the line of a path in the TOML text (the value's line, or the nearest enclosing
/// one that exists).
#[cfg(feature = "toml")]
pub(crate) struct Lines<'a> {
    text: &'a str,
    root: Option<toml::Spanned<toml::de::DeTable<'a>>>,
}

#[cfg(feature = "toml")]
impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            root: toml::de::DeTable::parse(text).ok(),
        }
    }

    pub fn line(&self, path: &Path) -> Option<usize> {
        let root = self.root.as_ref()?;
        let mut span = root.span();
        let mut table = Some(root.get_ref());
        let mut value: Option<&toml::de::DeValue<'a>> = None;
        for seg in &path.0 {
            let next = match (seg, table, value) {
                (Seg::Key(k), Some(t), _) => t
                    .iter()
                    .find(|(key, _)| key.get_ref().as_ref() == *k)
                    .map(|(_, v)| v),
                (Seg::Key(k), None, Some(v)) => v.get(*k),
                (Seg::Index(i), _, Some(v)) => v.get(*i),
                _ => None,
            };
            let Some(next) = next else { break };
            span = next.span();
            value = Some(next.get_ref());
            table = None;
        }
        Some(line_of(self.text, span.start))
    }
}

/// The 1-based line of a byte offset.
#[cfg(feature = "toml")]
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_schema_is_current() {
        let committed = include_str!("../../../docs/schema/ruleset.schema.json");
        assert_eq!(committed, ruleset_schema_json());
    }

    #[cfg(feature = "toml")]
    #[test]
    fn the_document_built_in_is_the_embedded_text() {
        // build.rs read the file; reading it now must give the same document.
        assert_eq!(
            RulesetFile::from_toml(SHIJIAZHUANG_TOML).unwrap(),
            RulesetFile::shijiazhuang()
        );
        assert_eq!(RulesetFile::shijiazhuang().rules.len(), 21);
        assert_eq!(RulesetFile::shijiazhuang().bodies.len(), 60);
    }

    #[test]
    fn paths_print_like_the_file() {
        let p = Path::default()
            .key("rule")
            .index(3)
            .key("when")
            .key("categories")
            .index(1);
        assert_eq!(p.to_string(), "rule[3].when.categories[1]");
    }
}
