//! Loading the registry: the data files read (the national list from build.rs's compact
//! tables, the detail, split and note files as CSV), checked, and merged into a
//! [`Registry`].

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use smallvec::SmallVec;
use weiquan_complaint::DivisionCode;
use weiquan_law::Reliability;

use super::{CodeIndex, DateBound, Division, DivisionKind, DivisionNote, Registry, Split};
use crate::Error;
use crate::csv;

/// The national list (province, prefecture and county level, NBS-based; codes whose fifth
/// digit is 7 are development zones with statistical codes only) is `data/divisions_cn.csv`,
/// stored by build.rs as compact tables: see [`crate::national`].
const NATIONAL_FILE: &str = "divisions_cn.csv";
/// Hebei's province and prefectures.
const DIVISIONS_HEBEI: &str = include_str!("../../data/divisions_hebei.csv");
/// Shijiazhuang in detail, with validity dates, abolished codes and successors.
const DIVISIONS_SHIJIAZHUANG: &str = include_str!("../../data/divisions_shijiazhuang.csv");
/// Which successor of a split code an address belongs to, by place names in the address.
const DIVISION_SPLITS: &str = include_str!("../../data/division_splits.csv");
/// Notes on particular codes (a province-administered pilot, successors from one source).
const DIVISION_NOTES: &str = include_str!("../../data/division_notes.csv");

impl DivisionKind {
    fn parse(s: &str) -> Option<DivisionKind> {
        [
            DivisionKind::Province,
            DivisionKind::Prefecture,
            DivisionKind::District,
            DivisionKind::County,
            DivisionKind::CountyCity,
            DivisionKind::CountyLevel,
            DivisionKind::DevZone,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }

    /// The kind of a county-level unit of the national list, from its name: the list says
    /// only "county". 区 → district, 县/旗 → county, 市 → county-level city.
    fn from_county_name(name: &str) -> DivisionKind {
        if name.ends_with("林区") || name.ends_with("特区") {
            DivisionKind::CountyLevel
        } else if name.ends_with('区') {
            DivisionKind::District
        } else if name.ends_with('县') || name.ends_with('旗') {
            DivisionKind::County
        } else if name.ends_with('市') {
            DivisionKind::CountyCity
        } else {
            DivisionKind::CountyLevel
        }
    }
}

impl DateBound {
    fn parse(s: &str) -> Option<DateBound> {
        if s.len() == 4 {
            let year: i32 = s.parse().ok()?;
            Some(DateBound {
                date: NaiveDate::from_ymd_opt(year, 1, 1)?,
                year_only: true,
            })
        } else {
            Some(DateBound {
                date: parse_date(s)?,
                year_only: false,
            })
        }
    }
}

/// A date written `YYYY-MM-DD`, as chrono's `%Y-%m-%d` reads it (which, unlike `FromStr`,
/// refuses trailing white space), without chrono's format-string machinery: the
/// WebAssembly module would carry it for these few calls.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    if s.ends_with(char::is_whitespace) {
        return None;
    }
    s.parse().ok()
}

/// A row read from a file before merging.
struct RawRow {
    file: &'static str,
    line: usize,
    division: Division,
}

impl Registry {
    /// The embedded data: the whole country (`divisions_cn.csv`) with the Hebei and
    /// Shijiazhuang detail (`divisions_hebei.csv`, `divisions_shijiazhuang.csv`), the split
    /// table and the notes.
    pub fn embedded() -> Result<Registry, Error> {
        Registry::embedded_with(&[])
    }

    /// The embedded data with more detail files (file name, text) read after the embedded
    /// ones, in the format of `divisions_shijiazhuang.csv`
    /// (`code,name,level,parent,valid_from,valid_to,successor`): another city's abolished
    /// and renamed codes with their successors, so that its old codes route (`weiquan route
    /// --divisions FILE`). A row for a code the embedded data has must give the same name
    /// and parent. Every problem is an [`Error::DivisionData`] with the line.
    ///
    /// ```
    /// use weiquan_routing::Registry;
    /// let baoding = "code,name,level,parent,valid_from,valid_to,successor\n\
    ///                130603,北市区,district,130600,1983,2015,130606\n";
    /// let reg = Registry::embedded_with(&[("baoding.csv", baoding)])?;
    /// assert_eq!(reg.resolve("130603".parse()?, None)?.live, vec!["130606".parse()?]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn embedded_with(detail: &[(&str, &str)]) -> Result<Registry, Error> {
        let national = crate::national::rows()
            .ok_or_else(|| data_err(NATIONAL_FILE, 0, "the compact tables do not decode".into()))?
            .into_iter()
            .map(|r| {
                let bad =
                    |what: &str, v: u32| data_err(NATIONAL_FILE, r.line, format!("bad {what} {v}"));
                let code = DivisionCode::new(r.code).ok_or_else(|| bad("code", r.code))?;
                let parent = match r.parent {
                    None => None,
                    Some(p) => Some(DivisionCode::new(p).ok_or_else(|| bad("parent", p))?),
                };
                national_row(r.line, code, r.name, r.level, parent)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut files = vec![
            ("divisions_hebei.csv", DIVISIONS_HEBEI),
            ("divisions_shijiazhuang.csv", DIVISIONS_SHIJIAZHUANG),
        ];
        files.extend_from_slice(detail);
        Registry::from_rows(
            national,
            &Sources {
                national: "",
                detail: &files,
                splits: DIVISION_SPLITS,
                notes: DIVISION_NOTES,
            },
        )
    }

    /// A registry from data in the embedded files' formats (see `docs/routing.md`). Every
    /// problem is an [`Error::DivisionData`] naming the file and line.
    pub fn from_sources(src: &Sources<'_>) -> Result<Registry, Error> {
        let rows = parse_file(NATIONAL_FILE, src.national, false)?;
        Registry::from_rows(rows, src)
    }

    /// The registry from the national list's rows and `src`'s other data (its `national`
    /// text is not read).
    fn from_rows(mut rows: Vec<RawRow>, src: &Sources<'_>) -> Result<Registry, Error> {
        sort_by_code(&mut rows);
        if let Some(r) = duplicate(&rows) {
            return Err(data_err(
                r.file,
                r.line,
                format!("code {} appears twice", r.division.code),
            ));
        }
        for (file, text) in src.detail {
            let file: &'static str = detail_name(file);
            let mut detail = parse_file(file, text, true)?;
            sort_by_code(&mut detail);
            if let Some(r) = duplicate(&detail) {
                return Err(data_err(
                    r.file,
                    r.line,
                    format!("code {} appears twice", r.division.code),
                ));
            }
            let mut added = Vec::new();
            for row in detail {
                match rows.binary_search_by_key(&row.division.code, |r| r.division.code) {
                    Ok(i) => {
                        if let Some(existing) = rows.get_mut(i) {
                            merge(existing, row)?;
                        }
                    }
                    Err(_) => added.push(row),
                }
            }
            if !added.is_empty() {
                rows.extend(added);
                sort_by_code(&mut rows);
            }
        }
        let mut reg = Registry {
            index: CodeIndex::new(rows.iter().map(|r| r.division.code.as_u32())),
            divisions: Vec::with_capacity(rows.len()),
            names: OnceLock::new(),
            terminal: Vec::new(),
            splits: HashMap::new(),
            address_index: OnceLock::new(),
        };
        // Parents and successors must be known codes; abolished codes need successors.
        for row in &rows {
            let d = &row.division;
            if let Some(p) = d.parent
                && reg.index_of(p).is_none()
            {
                return Err(data_err(
                    row.file,
                    row.line,
                    format!("{}: parent {p} is not a known code", d.code),
                ));
            }
            for s in &d.successors {
                if reg.index_of(*s).is_none() {
                    return Err(data_err(
                        row.file,
                        row.line,
                        format!("{}: successor {s} is not a known code", d.code),
                    ));
                }
            }
            if d.is_abolished() && d.successors.is_empty() {
                return Err(data_err(
                    row.file,
                    row.line,
                    format!("{}: abolished without a successor", d.code),
                ));
            }
            if !d.is_abolished() && !d.successors.is_empty() {
                return Err(data_err(
                    row.file,
                    row.line,
                    format!("{}: has successors but no abolition date", d.code),
                ));
            }
        }
        let lines: Vec<(&'static str, usize)> = rows.iter().map(|r| (r.file, r.line)).collect();
        reg.divisions = rows.into_iter().map(|r| r.division).collect();
        let mut terminal = Vec::with_capacity(reg.divisions.len());
        for (i, d) in reg.divisions.iter().enumerate() {
            terminal.push(if d.is_abolished() {
                let (file, line) = lines.get(i).copied().unwrap_or(("", 0));
                reg.compute_terminal(i as u32, file, line)?
            } else {
                SmallVec::new()
            });
        }
        reg.terminal = terminal;
        reg.load_splits(src.splits)?;
        reg.load_notes(src.notes)?;
        Ok(reg)
    }

    fn compute_terminal(
        &self,
        idx: u32,
        file: &str,
        line: usize,
    ) -> Result<SmallVec<[u32; 2]>, Error> {
        let mut out = SmallVec::new();
        let mut stack: Vec<(u32, usize)> = vec![(idx, 0)];
        while let Some((i, depth)) = stack.pop() {
            if depth > 16 {
                let code = self.at(idx).map(|d| d.code.to_string()).unwrap_or_default();
                return Err(data_err(
                    file,
                    line,
                    format!("{code}: successors go round in a circle"),
                ));
            }
            let Some(d) = self.at(i) else { continue };
            if !d.is_abolished() {
                if !out.contains(&i) {
                    out.push(i);
                }
                continue;
            }
            // Reverse so that the first listed successor is visited first.
            for s in d.successors.iter().rev() {
                if let Some(si) = self.index_of(*s) {
                    stack.push((si, depth + 1));
                }
            }
        }
        if out.as_slice() == [idx] {
            out.clear();
        }
        Ok(out)
    }

    fn load_splits(&mut self, text: &str) -> Result<(), Error> {
        let file = "division_splits.csv";
        for row in csv::rows(text) {
            let row = row.map_err(|(l, m)| data_err(file, l, m))?;
            let code = parse_code(row.get(0))
                .ok_or_else(|| data_err(file, row.line, format!("bad code {:?}", row.get(0))))?;
            let succ = parse_code(row.get(1))
                .ok_or_else(|| data_err(file, row.line, format!("bad code {:?}", row.get(1))))?;
            let (Some(ci), Some(si)) = (self.index_of(code), self.index_of(succ)) else {
                return Err(data_err(
                    file,
                    row.line,
                    format!("{code} or {succ} is not a known code"),
                ));
            };
            if !self.at(ci).is_some_and(|d| d.successors.contains(&succ)) {
                return Err(data_err(
                    file,
                    row.line,
                    format!("{succ} is not a successor of {code}"),
                ));
            }
            let keywords: Vec<String> = row
                .get(2)
                .split(';')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect();
            self.splits.entry(ci).or_default().push(Split {
                successor: si,
                keywords,
            });
        }
        Ok(())
    }

    fn load_notes(&mut self, text: &str) -> Result<(), Error> {
        let file = "division_notes.csv";
        for row in csv::rows(text) {
            let row = row.map_err(|(l, m)| data_err(file, l, m))?;
            let code = parse_code(row.get(0))
                .ok_or_else(|| data_err(file, row.line, format!("bad code {:?}", row.get(0))))?;
            let reliability = row.get(1).parse::<Reliability>().map_err(|_| {
                data_err(
                    file,
                    row.line,
                    format!("reliability {:?} is not V, S or U", row.get(1)),
                )
            })?;
            let i = self
                .index_of(code)
                .ok_or_else(|| data_err(file, row.line, format!("{code} is not a known code")))?;
            if let Some(d) = self.divisions.get_mut(i as usize) {
                d.note = Some(DivisionNote {
                    reliability,
                    en: row.get(2).to_owned(),
                    zh: row.get(3).to_owned(),
                });
            }
        }
        Ok(())
    }
}

/// Division data in the embedded files' formats.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// The national list: `code,name,level,parent`.
    pub national: &'a str,
    /// Detail files (file name, text): `code,name,level,parent,valid_from,valid_to,successor`;
    /// they add codes and override the national list's rows for the same code.
    pub detail: &'a [(&'a str, &'a str)],
    /// `code,successor,address_keywords` (keywords separated by `;`).
    pub splits: &'a str,
    /// `code,reliability,note_en,note_zh`.
    pub notes: &'a str,
}

fn detail_name(file: &str) -> &'static str {
    match file {
        "divisions_hebei.csv" => "divisions_hebei.csv",
        "divisions_shijiazhuang.csv" => "divisions_shijiazhuang.csv",
        _ => "detail file",
    }
}

fn data_err(file: &str, line: usize, message: String) -> Error {
    Error::DivisionData {
        file: file.to_owned(),
        line,
        // The message quotes the file's values: identifiers masked, each quote cut to 200.
        message: weiquan_support::mask::parser_message(&message),
    }
}

/// Six ASCII digits (the data files' form; no full-width or spaced input to normalise).
fn parse_code(s: &str) -> Option<DivisionCode> {
    let s = s.trim();
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    DivisionCode::new(s.bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')))
}

fn parse_file(file: &'static str, text: &str, detail: bool) -> Result<Vec<RawRow>, Error> {
    let mut out = Vec::with_capacity(text.len() / 32);
    for row in csv::rows(text) {
        let row = row.map_err(|(l, m)| data_err(file, l, m))?;
        let bad = |what: &str, v: &str| data_err(file, row.line, format!("bad {what} {v:?}"));
        let code = parse_code(row.get(0)).ok_or_else(|| bad("code", row.get(0)))?;
        let name = row.get(1).trim();
        if name.is_empty() {
            return Err(bad("name", name));
        }
        let level = row.get(2).trim();
        let kind = row_kind(file, row.line, code, name, level, detail)?;
        let parent = match row.get(3).trim() {
            "" => None,
            p => Some(parse_code(p).ok_or_else(|| bad("parent", p))?),
        };
        let (valid_from, valid_to, successors) = if detail {
            let date = |s: &str| -> Result<Option<DateBound>, Error> {
                match s.trim() {
                    "" => Ok(None),
                    t => DateBound::parse(t).map(Some).ok_or_else(|| bad("date", t)),
                }
            };
            let successors = row
                .get(6)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| parse_code(s).ok_or_else(|| bad("successor", s)))
                .collect::<Result<Vec<_>, _>>()?;
            (date(row.get(4))?, date(row.get(5))?, successors)
        } else {
            (None, None, Vec::new())
        };
        out.push(RawRow {
            file,
            line: row.line,
            division: Division {
                code,
                name: name.to_owned(),
                kind,
                parent,
                valid_from,
                valid_to,
                successors,
                note: None,
            },
        });
    }
    Ok(out)
}

/// A row of the national list (no dates, successors or note).
fn national_row(
    line: usize,
    code: DivisionCode,
    name: String,
    level: &str,
    parent: Option<DivisionCode>,
) -> Result<RawRow, Error> {
    if name.is_empty() {
        return Err(data_err(NATIONAL_FILE, line, format!("bad name {name:?}")));
    }
    Ok(RawRow {
        file: NATIONAL_FILE,
        line,
        division: Division {
            code,
            kind: row_kind(NATIONAL_FILE, line, code, &name, level, false)?,
            name,
            parent,
            valid_from: None,
            valid_to: None,
            successors: Vec::new(),
            note: None,
        },
    })
}

/// The kind a row's level says; it must agree with the code (a development zone's fifth
/// digit is 7).
fn row_kind(
    file: &str,
    line: usize,
    code: DivisionCode,
    name: &str,
    level: &str,
    detail: bool,
) -> Result<DivisionKind, Error> {
    let kind = match (detail, level) {
        // The national list says only "county" for county-level units.
        (false, "county") => DivisionKind::from_county_name(name),
        _ => DivisionKind::parse(level)
            .ok_or_else(|| data_err(file, line, format!("bad level {level:?}")))?,
    };
    if (kind == DivisionKind::DevZone)
        != (code.as_u32() / 10 % 10 == 7 && !code.as_u32().is_multiple_of(100))
    {
        return Err(data_err(
            file,
            line,
            format!(
                "{code}: level {level:?} does not match the code (fifth digit 7 marks a development zone)"
            ),
        ));
    }
    Ok(kind)
}

/// Merges a detail row over the national one: the detail adds dates and successors and says
/// the exact kind; the name and the parent must agree.
fn merge(existing: &mut RawRow, row: RawRow) -> Result<(), Error> {
    let (old, new) = (&existing.division, &row.division);
    if old.name != new.name || old.parent != new.parent {
        return Err(data_err(
            row.file,
            row.line,
            format!(
                "{}: {} (parent {}) disagrees with {} line {}: {} (parent {})",
                new.code,
                new.name,
                parent_text(new.parent),
                existing.file,
                existing.line,
                old.name,
                parent_text(old.parent)
            ),
        ));
    }
    *existing = row;
    Ok(())
}

/// Sorts rows by code, rows with the same code (which are an error) in the order of their
/// lines. The data is nearly always in order already, which returns at once; otherwise the
/// workspace's small stable sort (`weiquan_support::sort`: the standard library's, for
/// these rows, costs 4 KB in the WebAssembly module).
fn sort_by_code(rows: &mut [RawRow]) {
    if !rows.is_sorted_by_key(row_order) {
        weiquan_support::sort::by_key(rows, row_order);
    }
}

/// The order of rows: code, then line.
fn row_order(r: &RawRow) -> (DivisionCode, usize) {
    (r.division.code, r.line)
}

/// The second of two rows with the same code, in rows sorted by code.
fn duplicate(rows: &[RawRow]) -> Option<&RawRow> {
    rows.windows(2).find_map(|w| match w {
        [a, b] if a.division.code == b.division.code => Some(b),
        _ => None,
    })
}

fn parent_text(p: Option<DivisionCode>) -> String {
    p.map_or_else(|| "none".to_owned(), |p| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> DivisionCode {
        s.parse().unwrap()
    }

    #[test]
    fn reads_dates_as_the_format_y_m_d_does() {
        for s in [
            "2026-01-01",
            "2026-1-1",
            " 2026-01-01",
            "2026-01-01 ",
            "2026-01-01x",
            "+2026-01-01",
            "02026-01-01",
            "20260101",
            "2026-02-30",
            "2026-001-01",
            "",
        ] {
            assert_eq!(
                parse_date(s),
                NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
                "{s:?}"
            );
        }
        let bound = |s: &str| DateBound::parse(s).map(|b| b.to_string());
        assert_eq!(bound("2016").as_deref(), Some("2016"));
        assert_eq!(bound("2016-09-05").as_deref(), Some("2016-09-05"));
    }

    #[test]
    fn rows_are_sorted_by_code_then_line() {
        let row = |c: &str, line| RawRow {
            file: "f",
            line,
            division: Division {
                code: code(c),
                name: String::new(),
                kind: DivisionKind::County,
                parent: None,
                valid_from: None,
                valid_to: None,
                successors: Vec::new(),
                note: None,
            },
        };
        let keys = |rows: &[RawRow]| {
            rows.iter()
                .map(|r| (r.division.code.to_string(), r.line))
                .collect::<Vec<_>>()
        };
        // Every order of five rows, two of them with the same code.
        let codes = ["130102", "110101", "130102", "650000", "120000"];
        let mut expected: Vec<(String, usize)> = codes
            .iter()
            .enumerate()
            .map(|(i, c)| ((*c).to_owned(), i + 2))
            .collect();
        expected.sort();
        let mut order = [0usize, 1, 2, 3, 4];
        let mut seen = 0;
        loop {
            let mut rows: Vec<RawRow> = order.iter().map(|&i| row(codes[i], i + 2)).collect();
            sort_by_code(&mut rows);
            assert_eq!(keys(&rows), expected, "{order:?}");
            seen += 1;
            // The next permutation in lexicographic order.
            let Some(i) = (0..4).rev().find(|&i| order[i] < order[i + 1]) else {
                break;
            };
            let j = (i + 1..5).rev().find(|&j| order[j] > order[i]).unwrap();
            order.swap(i, j);
            order[i + 1..].reverse();
        }
        assert_eq!(seen, 120);
        let mut none: Vec<RawRow> = Vec::new();
        sort_by_code(&mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn embedded_counts_and_shijiazhuang() {
        let reg = Registry::embedded().unwrap();
        // 3,390 national rows plus the six historical Shijiazhuang codes and 辛集市's old
        // statistical code 139002.
        assert_eq!(reg.len(), 3390 + 7);
        let units = reg.county_level_units(code("130100"), None);
        assert_eq!(units.len(), 24); // 22 units and the two development zones
        assert_eq!(
            units
                .iter()
                .filter(|d| d.kind != DivisionKind::DevZone)
                .count(),
            22
        );
        let kinds = |k| units.iter().filter(|d| d.kind == k).count();
        assert_eq!(
            (
                kinds(DivisionKind::District),
                kinds(DivisionKind::County),
                kinds(DivisionKind::CountyCity)
            ),
            (8, 11, 3)
        );
        assert_eq!(
            reg.get(code("130103"))
                .unwrap()
                .valid_to
                .unwrap()
                .to_string(),
            "2014-09-09"
        );
        assert_eq!(
            reg.get(code("130106"))
                .unwrap()
                .valid_to
                .unwrap()
                .to_string(),
            "2001"
        );
        assert_eq!(
            reg.get(code("130181"))
                .unwrap()
                .note
                .as_ref()
                .unwrap()
                .reliability,
            Reliability::Secondary
        );
        assert_eq!(
            reg.get(code("110105")).unwrap().kind,
            DivisionKind::District
        );
        assert_eq!(
            reg.get(code("429021")).unwrap().kind,
            DivisionKind::CountyLevel
        );
        assert_eq!(reg.get(code("130171")).unwrap().kind, DivisionKind::DevZone);
        assert_eq!(reg.get(code("130199")), None);
        // Units of 2010 include the four codes abolished in 2014 and not their successors.
        let units_2010 =
            reg.county_level_units(code("130100"), NaiveDate::from_ymd_opt(2010, 1, 1));
        assert!(units_2010.iter().any(|d| d.code == code("130103")));
        assert!(!units_2010.iter().any(|d| d.code == code("130109")));
    }

    /// The compact tables build.rs writes give the registry the CSV text gives, row for
    /// row, with the same file lines.
    #[test]
    fn compact_national_list_reads_as_the_csv() {
        let csv = include_str!("../../data/divisions_cn.csv");
        let src = Sources {
            national: csv,
            detail: &[
                ("divisions_hebei.csv", DIVISIONS_HEBEI),
                ("divisions_shijiazhuang.csv", DIVISIONS_SHIJIAZHUANG),
            ],
            splits: DIVISION_SPLITS,
            notes: DIVISION_NOTES,
        };
        let from_text = Registry::from_sources(&src).unwrap();
        let compact = Registry::embedded().unwrap();
        assert_eq!(
            compact.iter().collect::<Vec<_>>(),
            from_text.iter().collect::<Vec<_>>()
        );
        assert_eq!(compact.terminal, from_text.terminal);
        assert_eq!(compact.splits, from_text.splits);
        let lines = |rows: Vec<RawRow>| {
            rows.iter()
                .map(|r| (r.division.code, r.line))
                .collect::<Vec<_>>()
        };
        let decoded = crate::national::rows().unwrap();
        assert_eq!(decoded.len(), 3390);
        let compact_rows = decoded
            .into_iter()
            .map(|r| {
                national_row(
                    r.line,
                    DivisionCode::new(r.code).unwrap(),
                    r.name,
                    r.level,
                    r.parent.map(|p| DivisionCode::new(p).unwrap()),
                )
                .unwrap()
            })
            .collect();
        assert_eq!(
            lines(compact_rows),
            lines(parse_file(NATIONAL_FILE, csv, false).unwrap())
        );
    }

    #[test]
    fn malformed_data_is_reported_with_file_and_line() {
        let src = |national: &'static str, detail: &'static str| Sources {
            national,
            detail: Box::leak(Box::new([("divisions_shijiazhuang.csv", detail)])),
            splits: "code,successor,address_keywords\n",
            notes: "code,reliability,note_en,note_zh\n",
        };
        let head = "code,name,level,parent,valid_from,valid_to,successor\n";
        let nat =
            "code,name,level,parent\n130000,河北省,province,\n130100,石家庄市,prefecture,130000\n";
        let err = |n, d| Registry::from_sources(&src(n, d)).unwrap_err();
        assert_eq!(
            err(
                nat,
                Box::leak(
                    format!("{head}130103,桥东区,district,130100,1983,2014-09-09,130199\n")
                        .into_boxed_str()
                )
            ),
            data_err(
                "divisions_shijiazhuang.csv",
                2,
                "130103: successor 130199 is not a known code".into()
            )
        );
        assert_eq!(
            err(
                nat,
                Box::leak(
                    format!("{head}130103,桥东区,district,130100,1983,2014-13-09,\n")
                        .into_boxed_str()
                )
            ),
            data_err(
                "divisions_shijiazhuang.csv",
                2,
                "bad date \"2014-13-09\"".into()
            )
        );
        assert_eq!(
            err(
                nat,
                Box::leak(
                    format!("{head}130103,桥东区,district,130100,1983,2014,\n").into_boxed_str()
                )
            ),
            data_err(
                "divisions_shijiazhuang.csv",
                2,
                "130103: abolished without a successor".into()
            )
        );
        assert_eq!(
            err(nat, Box::leak(format!("{head}130100,石家庄,prefecture,130000,,,\n").into_boxed_str())),
            data_err("divisions_shijiazhuang.csv", 2, "130100: 石家庄 (parent 130000) disagrees with divisions_cn.csv line 3: 石家庄市 (parent 130000)".into())
        );
        assert_eq!(
            err("code,name,level,parent\n130000,河北省,province,\n130171,某区,county,130000\n", head),
            data_err("divisions_cn.csv", 3, "130171: level \"county\" does not match the code (fifth digit 7 marks a development zone)".into())
        );
        let cyc = format!(
            "{head}130101,甲,district,130100,1983,1990,130102\n130102,乙,district,130100,1983,1990,130101\n"
        );
        assert_eq!(
            err(nat, Box::leak(cyc.into_boxed_str())),
            data_err(
                "divisions_shijiazhuang.csv",
                2,
                "130101: successors go round in a circle".into()
            )
        );
    }
}
