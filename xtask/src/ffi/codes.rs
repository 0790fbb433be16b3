//! The promises of the C ABI's documentation checked against the code: every error code that
//! `crates/ffi/include/weiquan.h` or `docs/ffi.md` names is one the library can return, and
//! every `weiquan_*`/`WEIQUAN_*` name they use is declared in the header.
//!
//! The codes the library can return: no crate keeps a list (each error enum's `code()` is a
//! `match` of string literals, and field problems carry codes written where they are found),
//! so the list is built from the source. Every string literal of the code of the crates
//! libweiquan links — the six domain crates and the FFI crate itself, from `src/lib.rs`
//! through its `mod` declarations, without items under `#[cfg(test)]` and without doc
//! comments — that has the shape of a code (`word.word`, lower case, e.g.
//! `caseflow.log.altered`) counts as one. That is generous (a literal of that shape that is not
//! a code would pass), but it cannot miss a code the crates write as a literal, and it catches
//! what went wrong before: a code nobody writes (`case.transition_not_allowed`).
//!
//! Three codes of the domain crates never reach a C caller, and naming them is an error too:
//! [`NOT_RETURNED`]. The tests of `crates/ffi/tests/abi.rs` show the library returning the
//! first problem's code instead.
//!
//! The names: every `weiquan_…` and `WEIQUAN_…` identifier in the two documents (prose, code
//! blocks and comments) must be declared by the header's code (not its comments); a `*` in a
//! name (`weiquan_last_error_*`, `weiquan_*_free`) must match at least one declared name. Rust
//! paths (`weiquan_caseflow::Case`) are not C names and are skipped, as are the few names in
//! [`NOT_C_NAMES`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use syn::buffer::Cursor;

use super::coverage::DOMAIN_CRATES;

/// Summary codes of the domain crates that the C ABI replaces, with why. For a document that
/// breaks rules the last error's code and pointer are the first problem's (every problem is in
/// `weiquan_last_error_details`), as for a complaint since the first version; the domain
/// crate's code for "the document is invalid" is not passed on.
pub const NOT_RETURNED: &[(&str, &str)] = &[
    (
        "complaint.invalid",
        "a complaint's code is its first problem's (`FfiError::diagnostic`, `FIRST_PROBLEM` in `crates/ffi/src/error.rs`)",
    ),
    (
        "claim.invalid",
        "a claim's code is its first problem's (`FfiError::diagnostic`, `FIRST_PROBLEM` in `crates/ffi/src/error.rs`)",
    ),
    (
        "record.invalid",
        "a statistics record's code is its first problem's (`FfiError::diagnostic`, `FIRST_PROBLEM` in `crates/ffi/src/error.rs`)",
    ),
];

/// Names with the library's prefix that the documents use for something other than a C
/// declaration, with what each is.
pub const NOT_C_NAMES: &[(&str, &str)] = &[(
    "WEIQUAN_LIB",
    "the environment variable the Python client reads the library's path from",
)];

/// The documents whose promises are checked, relative to the workspace root.
const DOCUMENTS: &[&str] = &[super::HEADER, "docs/ffi.md"];

/// File extensions: a backticked `weiquan.h` or `complaint_demo.c` is a file, not a code.
const FILE_EXTENSIONS: &[&str] = &[
    "a", "c", "csv", "h", "in", "jar", "java", "js", "json", "jsonl", "md", "mjs", "pc", "py",
    "rs", "so", "toml", "ts", "txt", "wasm",
];

/// Runs the check; a one-line summary, or every problem found.
pub fn check(root: &Path) -> Result<String, String> {
    let mut dirs: Vec<PathBuf> = DOMAIN_CRATES.iter().map(|(_, d)| root.join(d)).collect();
    dirs.push(root.join("crates/ffi"));
    let mut known = BTreeSet::new();
    for dir in &dirs {
        known.extend(crate_codes(dir)?);
    }
    let header = read(&root.join(super::HEADER))?;
    let declared = declared_names(&header);
    let mut problems = Vec::new();
    let (mut codes, mut names) = (0, 0);
    for doc in DOCUMENTS {
        let text = read(&root.join(doc))?;
        for code in named_codes(&text) {
            codes += 1;
            if let Some((_, why)) = NOT_RETURNED.iter().find(|(c, _)| *c == code) {
                problems.push(format!(
                    "{doc} names `{code}`, which libweiquan never returns: {why}"
                ));
            } else if !known.contains(&code) {
                problems.push(format!(
                    "{doc} names `{code}`, which no crate libweiquan links can return"
                ));
            }
        }
        for name in named_identifiers(&text) {
            names += 1;
            if NOT_C_NAMES.iter().any(|(n, _)| *n == name) {
                continue;
            }
            if !declared.iter().any(|d| glob(&name, d)) {
                problems.push(format!(
                    "{doc} names `{name}`, which {} declares",
                    if name.contains('*') {
                        "matches nothing the header"
                    } else {
                        "the header never"
                    }
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(format!(
            "documented codes and names: {codes} codes and {names} names in {} documents, \
             all real ({} codes in the crates, {} declarations in the header)",
            DOCUMENTS.len(),
            known.len(),
            declared.len()
        ))
    } else {
        Err(format!(
            "the C ABI's documentation promises what the library does not do:\n  {}",
            problems.join("\n  ")
        ))
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Whether `s` has the shape of an error code: lower-case words joined by dots, at least two.
pub fn is_code(s: &str) -> bool {
    let mut parts = 0;
    for part in s.split('.') {
        let mut chars = part.chars();
        let starts = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        if !starts || !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// The code-shaped backticked spans of a document, outside fenced code blocks, in order
/// (repeats kept, so that the count says how many promises were checked). A span whose last
/// part is a file extension (`weiquan.h`) is a file name, one that starts with `weiquan_` a
/// struct field.
pub fn named_codes(text: &str) -> Vec<String> {
    let mut prose = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    prose
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::trim)
        .filter(|s| is_code(s))
        // `weiquan_calendar_info.provisional` is a struct field; its type is checked as a name.
        .filter(|s| !s.starts_with("weiquan_"))
        .filter(|s| {
            s.rsplit('.')
                .next()
                .is_none_or(|ext| !FILE_EXTENSIONS.contains(&ext))
        })
        .map(str::to_owned)
        .collect()
}

/// Every `weiquan_…`/`WEIQUAN_…` identifier of a text (a `*` may stand for part of it), except
/// Rust paths (followed by `::`) and placeholders (`weiquan_<type>_<verb>`).
pub fn named_identifiers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        let rest = text.get(i..).unwrap_or_default();
        let starts = (rest.starts_with("weiquan_") || rest.starts_with("WEIQUAN_"))
            && (i == 0 || bytes.get(i - 1).is_none_or(|b| !word(*b)));
        if !starts {
            i += 1;
            continue;
        }
        let len = rest.bytes().take_while(|b| word(*b) || *b == b'*').count();
        let name = rest.get(..len).unwrap_or_default();
        let after = rest.get(len..).unwrap_or_default();
        let path = after.starts_with("::");
        let placeholder = after.starts_with('<') || name.ends_with('_');
        if !path && !placeholder {
            out.push(name.to_owned());
        }
        i += len.max(1);
    }
    out
}

/// The identifiers the header declares: every `weiquan_…`/`WEIQUAN_…` name on its lines of
/// code (functions, types, enumerators, macros), not in its comments.
pub fn declared_names(header: &str) -> BTreeSet<String> {
    let code: String = header
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("//") || t.starts_with("/*") || t.starts_with('*'))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    named_identifiers(&code)
        .into_iter()
        .filter(|n| !n.contains('*'))
        .collect()
}

/// Whether `name` (where `*` stands for any run of characters) matches `declared`.
pub fn glob(name: &str, declared: &str) -> bool {
    let mut parts = name.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = declared.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = rest.get(at + part.len()..).unwrap_or_default(),
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// The code-shaped string literals of a crate's code (see the module's documentation).
fn crate_codes(dir: &Path) -> Result<BTreeSet<String>, String> {
    let mut codes = BTreeSet::new();
    let mut pending = vec![dir.join("src/lib.rs")];
    while let Some(file) = pending.pop() {
        let text = read(&file)?;
        let found = scan_source(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        codes.extend(found.literals.into_iter().filter(|l| is_code(l)));
        for module in found.modules {
            if let Some(child) = super::coverage::module_file(&file, &module) {
                pending.push(child);
            }
        }
    }
    Ok(codes)
}

/// What one source file holds outside `#[cfg(test)]` items and doc comments.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Source {
    /// Every string literal, in order.
    pub literals: Vec<String>,
    /// The modules declared with `mod name;` (their code is in another file).
    pub modules: Vec<String>,
}

/// Reads the tokens of Rust source text (comments are not tokens; doc comments are `doc`
/// attributes, skipped here).
pub fn scan_source(text: &str) -> Result<Source, String> {
    let parser = |input: syn::parse::ParseStream<'_>| {
        input.step(|cursor| {
            let mut found = Source::default();
            let end = walk(*cursor, &mut found);
            Ok((found, end))
        })
    };
    syn::parse::Parser::parse_str(parser, text).map_err(|e| e.to_string())
}

fn delimiter(d: impl std::fmt::Debug) -> String {
    // proc-macro2's `Delimiter` is not nameable without depending on proc-macro2.
    format!("{d:?}")
}

/// Walks a token sequence to its end, collecting into `found`; returns the end.
fn walk<'a>(mut c: Cursor<'a>, found: &mut Source) -> Cursor<'a> {
    while !c.eof() {
        if let Some((hash, next)) = c.punct()
            && hash.as_char() == '#'
        {
            let after_bang = match next.punct() {
                Some((bang, n)) if bang.as_char() == '!' => n,
                _ => next,
            };
            if let Some((inside, _, _, after)) = after_bang.any_group() {
                let attr: String = inside
                    .token_stream()
                    .to_string()
                    .chars()
                    .filter(|ch| !ch.is_whitespace())
                    .collect();
                if attr.starts_with("doc") {
                    c = after;
                } else if attr == "cfg(test)" || attr.starts_with("cfg(all(test") {
                    c = skip_item(after);
                } else {
                    // Other attributes may hold codes (`#[validate(..., code = "...")]`).
                    walk(inside, found);
                    c = after;
                }
                continue;
            }
        }
        if let Some((ident, next)) = c.ident()
            && ident == "mod"
            && let Some((name, next2)) = next.ident()
            && let Some((semi, next3)) = next2.punct()
            && semi.as_char() == ';'
        {
            found.modules.push(name.to_string());
            c = next3;
            continue;
        }
        if let Some((inside, _, _, next)) = c.any_group() {
            walk(inside, found);
            c = next;
        } else if let Some((lit, next)) = c.literal() {
            if let Ok(s) = syn::parse_str::<syn::LitStr>(&lit.to_string()) {
                found.literals.push(s.value());
            }
            c = next;
        } else if let Some((_, next)) = c.token_tree() {
            c = next;
        } else {
            break;
        }
    }
    c
}

/// Skips the item after a `#[cfg(test)]`: its other attributes, then everything up to and
/// including its body (`{...}`) or its `;`.
fn skip_item(mut c: Cursor<'_>) -> Cursor<'_> {
    while !c.eof() {
        if let Some((p, next)) = c.punct() {
            if p.as_char() == ';' {
                return next;
            }
            if p.as_char() == '#'
                && let Some((_, _, _, after)) = next.any_group()
            {
                c = after;
                continue;
            }
            c = next;
        } else if let Some((_, delim, _, next)) = c.any_group() {
            if delimiter(delim) == "Brace" {
                return next;
            }
            c = next;
        } else if let Some((_, next)) = c.token_tree() {
            c = next;
        } else {
            break;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_lower_case_words_joined_by_dots() {
        for yes in [
            "ffi.null_pointer",
            "caseflow.log.altered",
            "calendar.csv.bad_date",
        ] {
            assert!(is_code(yes), "{yes}");
        }
        for no in [
            "ffi",
            "ffi.",
            ".ffi",
            "Ffi.null",
            "rule[3].when",
            "libweiquan.so.0",
            "a.b c",
            "ffi.null-pointer",
        ] {
            assert!(!is_code(no), "{no}");
        }
    }

    #[test]
    fn the_literals_of_code_are_found_and_those_of_tests_and_docs_are_not() {
        let src = r####"
            //! Crate docs: "doc.comment" is not a literal.
            /// `doc.code` and "doc.literal"
            mod a;
            #[cfg(test)]
            mod encode;
            #[validate(length(min = 1, code = "attr.code"))]
            pub struct S;
            impl E {
                pub fn code(&self) -> &'static str {
                    match self { E::A => "real.code", E::B => r#"raw.code"# }
                }
            }
            fn f() { let c = '"'; format!("{c} macro.code"); g("call.code", 'x') }
            #[cfg(test)]
            mod tests { fn t() { assert_eq!(x, "test.code"); } }
            #[cfg(test)]
            const T: [&str; 1] = ["test.const"];
            #[cfg(not(test))]
            const N: &str = "not_test.code";
            // "line.comment"
            /* "block.comment" */
            mod b { #[cfg(test)] mod inner { const X: &str = "nested.test"; } const Y: &str = "nested.code"; }
        "####;
        let found = scan_source(src).unwrap();
        assert_eq!(found.modules, ["a"]);
        assert_eq!(
            found.literals,
            [
                "attr.code",
                "real.code",
                "raw.code",
                "{c} macro.code",
                "call.code",
                "not_test.code",
                "nested.code"
            ]
        );
    }

    #[test]
    fn backticked_codes_outside_code_blocks_are_the_promises() {
        let doc = "Fails with `WEIQUAN_INVALID` (`claim.invalid`) or `caseflow.log.altered`;\n\
                   see `weiquan.h`, `docs/ffi.md`, `weiquan_uscc.org_code_check_ok` and `rule[3].when.x`.\n\
                   ```c\n/* `in.fence` */\n```\n`last.one`\n";
        assert_eq!(
            named_codes(doc),
            ["claim.invalid", "caseflow.log.altered", "last.one"]
        );
    }

    #[test]
    fn names_are_c_identifiers_not_rust_paths_or_placeholders() {
        let doc = "`weiquan_case_open` and weiquan_last_error_* (see weiquan_caseflow::Case, \
                   `weiquan_<type>_<verb>`, libweiquan.so, WEIQUAN_OK, weiquan_*_free).";
        assert_eq!(
            named_identifiers(doc),
            [
                "weiquan_case_open",
                "weiquan_last_error_*",
                "WEIQUAN_OK",
                "weiquan_*_free"
            ]
        );
        let header = "// weiquan_only_in_a_comment\n#define WEIQUAN_OK 0\n\
                      enum weiquan_status weiquan_case_free(struct weiquan_case *c);\n";
        let declared: Vec<String> = declared_names(header).into_iter().collect();
        assert_eq!(
            declared,
            [
                "WEIQUAN_OK",
                "weiquan_case",
                "weiquan_case_free",
                "weiquan_status"
            ]
        );
    }

    #[test]
    fn a_star_stands_for_any_run_of_characters() {
        assert!(glob("weiquan_case_free", "weiquan_case_free"));
        assert!(!glob("weiquan_case_fre", "weiquan_case_free"));
        assert!(glob("weiquan_last_error_*", "weiquan_last_error_code"));
        assert!(glob("weiquan_*_free", "weiquan_router_free"));
        assert!(!glob("weiquan_*_free", "weiquan_router_new"));
        assert!(glob("WEIQUAN_*", "WEIQUAN_OK"));
        assert!(glob("weiquan_*_x_*", "weiquan_a_x_b"));
    }

    /// The real documents against the real code: fails when the header or docs/ffi.md names a
    /// code the library cannot return or a function it does not have.
    #[test]
    fn the_documents_promise_only_what_the_library_does() {
        let root = super::super::root();
        match check(&root) {
            Ok(summary) => eprintln!("{summary}"),
            Err(e) => panic!("{e}"),
        }
    }
}
