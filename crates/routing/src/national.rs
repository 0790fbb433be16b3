//! The national division list (`data/divisions_cn.csv`) as build.rs stores it in the crate:
//! compact tables instead of the 113 KB of CSV text (see `national` in build.rs for the
//! format). Decoded here into the rows [`crate::Registry::embedded`] starts from, which the
//! registry checks as it checks any other data.

mod data {
    include!(concat!(env!("OUT_DIR"), "/divisions_cn.rs"));
}

/// The levels of the two low bits of a row's flags (the order of build.rs's `LEVELS`).
const LEVELS: [&str; 4] = ["province", "prefecture", "county", "dev_zone"];
/// The name endings of bits 4-6 of the flags, 1-based (build.rs's `SUFFIXES`).
const SUFFIXES: [&str; 4] = ["县", "区", "市", "旗"];

/// One row of the national list as the CSV file has it.
pub(crate) struct Row {
    /// The row's line in `divisions_cn.csv` (the header is line 1).
    pub line: usize,
    pub code: u32,
    pub name: String,
    pub level: &'static str,
    pub parent: Option<u32>,
}

/// The rows in code order; `None` if the tables do not decode (they always do: build.rs
/// wrote them).
pub(crate) fn rows() -> Option<Vec<Row>> {
    let mut out = Vec::with_capacity(data::ROWS);
    let mut codes = data::CODES.iter();
    let mut parents = data::PARENTS.iter();
    let mut names = data::NAMES.split('|');
    let mut code = 0u32;
    for (i, flags) in data::FLAGS.iter().enumerate() {
        let mut delta = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = codes.next()?;
            delta |= u32::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
        }
        code = code.checked_add(delta)?;
        let stem = names.next()?;
        let mut name = String::with_capacity(stem.len() + 3);
        name.push_str(stem);
        if let Some(suffix) = usize::from(flags >> 4).checked_sub(1) {
            name.push_str(SUFFIXES.get(suffix)?);
        }
        let parent = match (flags >> 2) & 3 {
            0 => None,
            1 => Some(code / 100 * 100),
            2 => Some(code / 10000 * 10000),
            _ => Some(*parents.next()?),
        };
        out.push(Row {
            line: i + 2,
            code,
            name,
            level: LEVELS.get(usize::from(flags & 3))?,
            parent,
        });
    }
    Some(out)
}
