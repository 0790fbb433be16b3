//! The embedded official calendar (State Council General Office notices, `data/holidays_cn.csv`)
//! as the table build.rs writes: the rows are taken as they are, without parsing CSV text at
//! run time. The notice checks are the loader's: the test below loads the same file with it
//! and requires exactly these rows.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::csv::{Declared, Origin, notice_year};
use crate::error::RowKind;

include!(concat!(env!("OUT_DIR"), "/official.rs"));

/// The declared days of the embedded data and the notice years they cover; `None` if a row
/// is not a date (which the test below rules out).
pub(crate) fn rows() -> Option<(BTreeMap<NaiveDate, Declared>, (i32, i32))> {
    let mut rows = BTreeMap::new();
    let mut years: Option<(i32, i32)> = None;
    for &(year, month, day, kind, name, line) in OFFICIAL_ROWS {
        let date = NaiveDate::from_ymd_opt(year.into(), month.into(), day.into())?;
        let name = *OFFICIAL_NAMES.get(usize::from(name))?;
        let notice_year = notice_year(date, name);
        years = Some(match years {
            Some((first, last)) => (first.min(notice_year), last.max(notice_year)),
            None => (notice_year, notice_year),
        });
        rows.insert(
            date,
            Declared {
                kind,
                name: name.into(),
                notice_year,
                line: line.into(),
                origin: Origin::Embedded,
            },
        );
    }
    Some((rows, years?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::OFFICIAL_CSV;
    use crate::csv::load;

    #[test]
    fn the_table_is_what_the_loader_reads_from_the_file() {
        let loaded = load(&BTreeMap::new(), None, OFFICIAL_CSV, Origin::Embedded)
            .expect("the embedded file passes the loader's checks");
        let (rows, years) = rows().expect("every row of the table is a date");
        assert_eq!(years, loaded.years);
        assert_eq!(rows.len(), loaded.rows.len());
        assert_eq!(rows, loaded.rows);
        // One table entry per data line of the file: none dropped, none doubled.
        let data_lines = OFFICIAL_CSV
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty());
        assert_eq!(OFFICIAL_ROWS.len(), data_lines.count());
    }
}
