//! Reading and checking calendar CSV text (`date,kind,name`).
//!
//! A row belongs to the notice of the year of its date, except a December row named 元旦:
//! that is the start of the following year's New Year break and belongs to the following
//! year's notice (the embedded data has 2018-12-29..31, 2022-12-31 and 2023-12-30/31).
//! Years are loaded whole: a notice year is complete (every statutory holiday declared) and
//! appears in one file only.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::error::{
    CsvField, CsvProblem, CsvProblemKind, Error, MAX_CSV_PROBLEMS, RowKind, quoted,
};
use crate::statutory::{holiday_list, is_weekend};

/// The header every calendar file starts with.
pub const HEADER: &str = "date,kind,name";

/// Where a declared row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The embedded official data.
    Embedded,
    /// A file loaded with `with_csv` / `from_csv`.
    Loaded,
}

/// One declared day (a row of a notice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Declared {
    pub kind: RowKind,
    pub name: Box<str>,
    pub notice_year: i32,
    pub line: usize,
    pub origin: Origin,
}

/// The notice year a row belongs to (see the module docs).
pub(crate) fn notice_year(date: NaiveDate, name: &str) -> i32 {
    if date.month() == 12 && name.contains("元旦") {
        date.year().saturating_add(1)
    } else {
        date.year()
    }
}

struct Row<'a> {
    line: usize,
    date: NaiveDate,
    kind: RowKind,
    name: &'a str,
}

fn problem(line: usize, field: CsvField, kind: CsvProblemKind) -> CsvProblem {
    CsvProblem { line, field, kind }
}

/// The problems found, at most [`MAX_CSV_PROBLEMS`] of them: those of the lowest lines (a
/// file's first problems are the ones to fix first), and how many more there were. Memory
/// stays bounded whatever the file: 10 MB of bad lines yield 101 problems, not millions.
#[derive(Default)]
pub(crate) struct Problems {
    kept: Vec<CsvProblem>,
    more: usize,
    /// The lowest line among those left out.
    first_left_out: usize,
}

impl Problems {
    pub(crate) fn push(&mut self, p: CsvProblem) {
        if self.kept.len() < MAX_CSV_PROBLEMS {
            self.kept.push(p);
            return;
        }
        // Full: the new problem replaces the kept one of the highest line (of those, the last
        // found), if it comes earlier in the file.
        let mut worst = 0;
        for (i, k) in self.kept.iter().enumerate() {
            if self.kept.get(worst).is_some_and(|w| k.line >= w.line) {
                worst = i;
            }
        }
        // Removed and the new one appended, so that the problems of a line stay in the order
        // they were found.
        let left_out = if self.kept.get(worst).is_some_and(|w| p.line < w.line) {
            let old = self.kept.remove(worst);
            self.kept.push(p);
            old
        } else {
            p
        };
        if self.more == 0 || left_out.line < self.first_left_out {
            self.first_left_out = left_out.line;
        }
        self.more += 1;
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// The problems kept so far, in the order found.
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, CsvProblem> {
        self.kept.iter()
    }

    /// The problems in line order (those of a line in the order found), then
    /// [`CsvProblemKind::TooMany`] when some were left out.
    pub(crate) fn into_sorted(self) -> Vec<CsvProblem> {
        let mut v = self.kept;
        // Insertion sort, stable: at most 100 items, and no standard-library sort in the
        // WebAssembly module for this one call.
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && v.get(j - 1).map(|p| p.line) > v.get(j).map(|p| p.line) {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        if self.more > 0 {
            v.push(problem(
                self.first_left_out,
                CsvField::Row,
                CsvProblemKind::TooMany { more: self.more },
            ));
        }
        v
    }
}

/// Parses the lines; syntax problems go to `problems`.
fn parse<'a>(text: &'a str, problems: &mut Problems) -> Vec<Row<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (index, raw) in text.split('\n').enumerate() {
        let line = index + 1;
        let content = raw.strip_suffix('\r').unwrap_or(raw);
        if content.trim().is_empty() {
            continue;
        }
        if !header_seen {
            header_seen = true;
            // Compared field by field, nothing collected: a header line of megabytes costs no
            // memory.
            if !content
                .split(',')
                .map(str::trim)
                .eq(["date", "kind", "name"])
            {
                problems.push(problem(
                    line,
                    CsvField::Header,
                    CsvProblemKind::BadHeader {
                        found: quoted(content),
                    },
                ));
            }
            continue;
        }
        let mut fields = content.split(',').map(str::trim);
        let (Some(date_text), Some(kind_text), Some(name), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            problems.push(problem(
                line,
                CsvField::Row,
                CsvProblemKind::FieldCount {
                    found: content.split(',').count(),
                },
            ));
            continue;
        };
        let date = parse_date(date_text);
        if date.is_none() {
            problems.push(problem(
                line,
                CsvField::Date,
                CsvProblemKind::BadDate {
                    value: quoted(date_text),
                },
            ));
        }
        let kind = match kind_text {
            "holiday" => Some(RowKind::Holiday),
            "workday" => Some(RowKind::Workday),
            other => {
                problems.push(problem(
                    line,
                    CsvField::Kind,
                    CsvProblemKind::BadKind {
                        value: quoted(other),
                    },
                ));
                None
            }
        };
        if name.is_empty() {
            problems.push(problem(line, CsvField::Name, CsvProblemKind::EmptyName));
        }
        if let (Some(date), Some(kind), false) = (date, kind, name.is_empty()) {
            rows.push(Row {
                line,
                date,
                kind,
                name,
            });
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(problem(1, CsvField::Header, CsvProblemKind::Empty));
    }
    rows
}

/// Strictly `YYYY-MM-DD`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return None;
    }
    // Shaped as YYYY-MM-DD above, so `FromStr` reads it exactly as the format `%Y-%m-%d`
    // would, without chrono's format-string machinery (which the WebAssembly module would
    // otherwise carry for this one call).
    text.parse::<NaiveDate>().ok()
}

/// The result of checking a file against the calendar it extends.
pub(crate) struct Loaded {
    pub rows: BTreeMap<NaiveDate, Declared>,
    pub years: (i32, i32),
}

/// Parses `text` and checks it against the rows and years it extends. On success returns the
/// merged rows and covered years.
pub(crate) fn load(
    base_rows: &BTreeMap<NaiveDate, Declared>,
    base_years: Option<(i32, i32)>,
    text: &str,
    origin: Origin,
) -> Result<Loaded, Error> {
    let mut problems = Problems::default();
    let rows = parse(text, &mut problems);

    // Within the file: each date once.
    let mut seen: BTreeMap<NaiveDate, (usize, RowKind)> = BTreeMap::new();
    let mut unique: Vec<&Row<'_>> = Vec::with_capacity(rows.len());
    for row in &rows {
        if let Some(&(first_line, first_kind)) = seen.get(&row.date) {
            let kind = if first_kind == row.kind {
                CsvProblemKind::DuplicateDate {
                    date: row.date,
                    first_line,
                }
            } else {
                CsvProblemKind::ContradictoryDate {
                    date: row.date,
                    first_line,
                    first_kind,
                    kind: row.kind,
                }
            };
            problems.push(problem(row.line, CsvField::Date, kind));
            continue;
        }
        seen.insert(row.date, (row.line, row.kind));
        unique.push(row);
    }

    // Each row on its own, and against the calendar being extended.
    for row in &unique {
        if row.kind == RowKind::Workday && !is_weekend(row.date) {
            problems.push(problem(
                row.line,
                CsvField::Kind,
                CsvProblemKind::WorkdayOnWeekday {
                    date: row.date,
                    weekday: row.date.weekday(),
                },
            ));
        }
        let year = notice_year(row.date, row.name);
        if let Some((first, last)) = base_years
            && (first..=last).contains(&year)
        {
            problems.push(problem(
                row.line,
                CsvField::Date,
                CsvProblemKind::YearAlreadyCovered { year, first, last },
            ));
        } else if let Some(existing) = base_rows.get(&row.date) {
            problems.push(problem(
                row.line,
                CsvField::Date,
                CsvProblemKind::AlreadyDeclared {
                    date: row.date,
                    existing: existing.kind,
                    notice_year: existing.notice_year,
                },
            ));
        }
    }

    // Notice years: new, whole, and adjacent to what is covered.
    let mut year_lines: BTreeMap<i32, usize> = BTreeMap::new();
    for row in &unique {
        let year = notice_year(row.date, row.name);
        let entry = year_lines.entry(year).or_insert(row.line);
        *entry = (*entry).min(row.line);
    }
    let new_years: Vec<i32> = year_lines
        .keys()
        .copied()
        .filter(|y| base_years.is_none_or(|(first, last)| !(first..=last).contains(y)))
        .collect();
    let mut all_years = new_years.clone();
    if let Some((first, last)) = base_years {
        all_years.extend([first, last]);
    }
    let years = match (all_years.iter().min(), all_years.iter().max()) {
        (Some(&min), Some(&max)) => Some((min, max)),
        _ => None,
    };
    if let Some((min, max)) = years {
        for missing in min..=max {
            let covered = base_years.is_some_and(|(f, l)| (f..=l).contains(&missing));
            if covered || year_lines.contains_key(&missing) {
                continue;
            }
            // Attach the gap to the loaded year nearest to it.
            let nearest = new_years
                .iter()
                .min_by_key(|y| (i64::from(**y) - i64::from(missing)).abs());
            let line = nearest
                .and_then(|y| year_lines.get(y))
                .copied()
                .unwrap_or(1);
            problems.push(problem(
                line,
                CsvField::Date,
                CsvProblemKind::CoverageGap { missing },
            ));
        }
    }

    // Whole years: every statutory holiday declared a holiday, under its own name.
    let lookup = |date: &NaiveDate| -> Option<(RowKind, &str, Option<usize>)> {
        if let Some(&(line, kind)) = seen.get(date) {
            let name = unique
                .iter()
                .find(|r| r.line == line)
                .map_or("", |r| r.name);
            return Some((kind, name, Some(line)));
        }
        base_rows.get(date).map(|d| (d.kind, &*d.name, None))
    };
    for &year in &new_years {
        let Some(list) = holiday_list(year) else {
            continue;
        };
        let year_line = year_lines.get(&year).copied().unwrap_or(1);
        for statutory in list.days {
            match statutory.date.in_year(year) {
                Some(date) => match lookup(&date) {
                    Some((RowKind::Holiday, name, line)) => {
                        if !name.contains(statutory.holiday) {
                            problems.push(problem(
                                line.unwrap_or(year_line),
                                CsvField::Name,
                                CsvProblemKind::HolidayNameMismatch {
                                    date,
                                    expected: statutory.holiday,
                                    found: quoted(name),
                                },
                            ));
                        }
                    }
                    found => problems.push(problem(
                        found.and_then(|f| f.2).unwrap_or(year_line),
                        CsvField::Date,
                        CsvProblemKind::StatutoryHolidayMissing {
                            year,
                            holiday: statutory.holiday,
                            date: Some(date),
                            found: found.map(|f| f.0),
                        },
                    )),
                },
                None => {
                    // No computable date (outside the lunar table): the holiday's name must at
                    // least appear on a holiday row of the year.
                    let named = unique.iter().any(|r| {
                        r.kind == RowKind::Holiday
                            && notice_year(r.date, r.name) == year
                            && r.name.contains(statutory.holiday)
                    });
                    let reported = problems.iter().any(|p| {
                        matches!(&p.kind, CsvProblemKind::StatutoryHolidayMissing { year: y, holiday, .. }
                            if *y == year && *holiday == statutory.holiday)
                    });
                    if !named && !reported {
                        problems.push(problem(
                            year_line,
                            CsvField::Name,
                            CsvProblemKind::StatutoryHolidayMissing {
                                year,
                                holiday: statutory.holiday,
                                date: None,
                                found: None,
                            },
                        ));
                    }
                }
            }
        }
    }

    if !problems.is_empty() {
        return Err(Error::Csv {
            problems: problems.into_sorted(),
        });
    }
    let Some(years) = years else {
        return Err(Error::Csv {
            problems: vec![problem(1, CsvField::Header, CsvProblemKind::Empty)],
        });
    };
    let mut merged = base_rows.clone();
    for row in unique {
        merged.insert(
            row.date,
            Declared {
                kind: row.kind,
                name: row.name.into(),
                notice_year: notice_year(row.date, row.name),
                line: row.line,
                origin,
            },
        );
    }
    Ok(Loaded {
        rows: merged,
        years,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Problems found in several passes come out in line order, with lines that have more
    /// than one (their order within a line: `problems_of_a_line_keep_their_order`).
    #[test]
    fn problems_from_several_passes_are_in_line_order() {
        let text = "date,kind,name\n2024-13-01,holiday,x\n2024-01-01,rest,\n2024-01-02,workday,元旦\n\
                    2024-01-02,holiday,元旦\nbad\n2023-12-31,workday,元旦\n";
        let Err(Error::Csv { problems }) = load(&BTreeMap::new(), None, text, Origin::Loaded)
        else {
            panic!("the file has problems");
        };
        let mut expected = problems.clone();
        expected.sort_by_key(|p| p.line);
        assert_eq!(problems, expected);
        assert!(problems.len() >= 5, "{problems:?}");
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert!(lines.windows(2).any(|w| w[0] == w[1]), "{lines:?}");
        assert_eq!(Problems::default().into_sorted(), Vec::new());
    }

    fn collect(found: Vec<CsvProblem>) -> Vec<CsvProblem> {
        let mut c = Problems::default();
        for p in found {
            c.push(p);
        }
        c.into_sorted()
    }

    /// Only the problems of the lowest lines are kept, then one saying how many more there
    /// were, from which line: the first hundred whatever order the passes find them in.
    #[test]
    fn problems_are_capped_at_the_first_hundred_lines() {
        let p = |line| problem(line, CsvField::Date, CsvProblemKind::EmptyName);
        let found: Vec<CsvProblem> = (0..500).rev().map(|k| p(k + 2)).chain([p(1)]).collect();
        let got = collect(found);
        assert_eq!(got.len(), MAX_CSV_PROBLEMS + 1);
        let lines: Vec<usize> = got.iter().take(MAX_CSV_PROBLEMS).map(|p| p.line).collect();
        assert_eq!(lines, (1..=100).collect::<Vec<_>>());
        assert_eq!(
            got.last(),
            Some(&problem(
                101,
                CsvField::Row,
                CsvProblemKind::TooMany { more: 401 }
            ))
        );
        assert_eq!(
            got.last().map(CsvProblem::code),
            Some("calendar.csv.too_many_problems")
        );
    }

    #[test]
    fn problems_of_a_line_keep_their_order() {
        let p = |line, field| problem(line, field, CsvProblemKind::EmptyName);
        let found = vec![
            p(3, CsvField::Date),
            p(1, CsvField::Kind),
            p(3, CsvField::Name),
            p(2, CsvField::Row),
            p(1, CsvField::Date),
        ];
        let expected = vec![
            p(1, CsvField::Kind),
            p(1, CsvField::Date),
            p(2, CsvField::Row),
            p(3, CsvField::Date),
            p(3, CsvField::Name),
        ];
        assert_eq!(collect(found), expected);
    }
}
