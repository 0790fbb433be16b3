//! The registry of administrative divisions (GB/T 2260): every province, prefecture and
//! county-level unit of the country, plus the detail of Hebei and Shijiazhuang with validity
//! dates and the successors of abolished and renamed codes.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use smallvec::SmallVec;
use weiquan_complaint::DivisionCode;

use crate::Error;
use crate::csv;
use crate::law::Reliability;

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

/// The kind of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DivisionKind {
    /// 省、自治区、直辖市、特别行政区.
    Province,
    /// 地级市、地区、自治州、盟 (and the "directly administered" groupings).
    Prefecture,
    /// 市辖区.
    District,
    /// 县、自治县、旗.
    County,
    /// 县级市.
    CountyCity,
    /// A county-level unit whose kind the national list does not say and its name does not
    /// show (e.g. 林区, 特区).
    CountyLevel,
    /// A development zone with a statistical code only (fifth digit 7); not a GB/T 2260 code
    /// and never part of an identity number.
    DevZone,
}

impl DivisionKind {
    /// The code used in the data files, e.g. `county_city`.
    pub fn code(self) -> &'static str {
        match self {
            DivisionKind::Province => "province",
            DivisionKind::Prefecture => "prefecture",
            DivisionKind::District => "district",
            DivisionKind::County => "county",
            DivisionKind::CountyCity => "county_city",
            DivisionKind::CountyLevel => "county_level",
            DivisionKind::DevZone => "dev_zone",
        }
    }

    /// Whether the kind is at county level (development zones included).
    pub fn is_county_level(self) -> bool {
        !matches!(self, DivisionKind::Province | DivisionKind::Prefecture)
    }

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

impl fmt::Display for DivisionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A date from the division data: exact where the approval date is known, otherwise only
/// the year the code entered or left the code list (then `date` is 1 January of that year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateBound {
    /// The date (1 January for a year-only bound).
    pub date: NaiveDate,
    /// Only the year is known.
    pub year_only: bool,
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

impl fmt::Display for DateBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `NaiveDate`'s own Display is `%Y-%m-%d`.
        if self.year_only {
            write!(f, "{:04}", self.date.year())
        } else {
            write!(f, "{}", self.date)
        }
    }
}

impl Serialize for DateBound {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A note on one code, with how reliable its source is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DivisionNote {
    /// How reliable the fact noted is.
    pub reliability: Reliability,
    /// The note in English.
    pub en: String,
    /// The note in Chinese.
    pub zh: String,
}

/// One division code with its name, kind, parent and validity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Division {
    /// The code.
    pub code: DivisionCode,
    /// The name, e.g. `长安区`.
    pub name: String,
    /// The kind.
    pub kind: DivisionKind,
    /// The division one level up (a province for a municipality's districts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<DivisionCode>,
    /// When the code came into use, where the detail data says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<DateBound>,
    /// When the code was abolished; `None` while it is in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<DateBound>,
    /// The codes that took over its territory, for an abolished code.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub successors: Vec<DivisionCode>,
    /// A note on the code, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<DivisionNote>,
}

impl Division {
    /// Whether the code has been abolished (at any date).
    pub fn is_abolished(&self) -> bool {
        self.valid_to.is_some()
    }

    /// Whether the code was still in use on `date` (it may not have been created yet: see
    /// [`Division::is_valid_on`]).
    pub fn is_unabolished_on(&self, date: NaiveDate) -> bool {
        self.valid_to.is_none_or(|t| date < t.date)
    }

    /// Whether the code was in use on `date`: created on or before it and not yet abolished.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f.date <= date) && self.is_unabolished_on(date)
    }

    /// Whether it is at county level (development zones included).
    pub fn is_county_level(&self) -> bool {
        self.kind.is_county_level()
    }
}

/// Where an abolished code's territory went, for one code and date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// The code asked about.
    pub code: DivisionCode,
    /// The codes in use on the date (the code itself when it was not abolished), in the
    /// order the data lists them.
    pub live: Vec<DivisionCode>,
    /// The chain of codes followed, from `code` to the first live one (`[code]` for a live
    /// code).
    pub path: Vec<DivisionCode>,
}

impl Resolution {
    /// Whether the code was abolished and replaced.
    pub fn changed(&self) -> bool {
        self.live.as_slice() != [self.code]
    }

    /// Whether its territory went to more than one code (a split).
    pub fn is_split(&self) -> bool {
        self.live.len() > 1
    }
}

/// Which successor of a split code was chosen, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuccessorChoice<'r> {
    /// The code was not split: its only successor (or itself, when live).
    Only,
    /// The address named a place that went to this successor.
    Keyword(&'r str),
    /// No keyword matched: the first successor listed was taken.
    FirstListed,
}

/// A successor of a split code with the place names (streets, towns) that went to it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Split {
    successor: u32,
    keywords: Vec<String>,
}

/// The division registry. Build it once ([`Registry::embedded`]) and share it.
///
/// ```
/// use weiquan_routing::Registry;
/// let reg = Registry::embedded()?;
/// let d = reg.get("130182".parse()?).ok_or("missing")?;
/// assert_eq!(d.name, "藁城市");
/// assert!(d.is_abolished());
/// let r = reg.resolve("130182".parse()?, None)?;
/// assert_eq!(r.live, vec!["130109".parse()?]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Registry {
    /// Sorted by code.
    divisions: Vec<Division>,
    /// Code → index, an open-addressing hash table (the lookup every routing does).
    index: CodeIndex,
    /// Exact names to indices, built on first use.
    names: OnceLock<HashMap<String, SmallVec<[u32; 2]>>>,
    /// The live codes at the end of each abolished code's successor chain (empty when live).
    terminal: Vec<SmallVec<[u32; 2]>>,
    /// Keyword tables of split codes, by index.
    splits: HashMap<u32, Vec<Split>>,
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
        Registry::from_rows(
            national,
            &Sources {
                national: "",
                detail: &[
                    ("divisions_hebei.csv", DIVISIONS_HEBEI),
                    ("divisions_shijiazhuang.csv", DIVISIONS_SHIJIAZHUANG),
                ],
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

    /// Exact names to indices, built on first use.
    fn names(&self) -> &HashMap<String, SmallVec<[u32; 2]>> {
        self.names.get_or_init(|| {
            let mut names: HashMap<String, SmallVec<[u32; 2]>> =
                HashMap::with_capacity(self.divisions.len());
            for (i, d) in self.divisions.iter().enumerate() {
                names.entry(d.name.clone()).or_default().push(i as u32);
            }
            names
        })
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
            let reliability = Reliability::parse(row.get(1)).ok_or_else(|| {
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

    /// How many codes (live and abolished).
    pub fn len(&self) -> usize {
        self.divisions.len()
    }

    /// Whether the registry is empty.
    pub fn is_empty(&self) -> bool {
        self.divisions.is_empty()
    }

    /// Every division, by code.
    pub fn iter(&self) -> std::slice::Iter<'_, Division> {
        self.divisions.iter()
    }

    /// The division with this code (live or abolished).
    pub fn get(&self, code: DivisionCode) -> Option<&Division> {
        self.index_of(code).and_then(|i| self.at(i))
    }

    /// The division with this code, or [`Error::UnknownDivision`] naming `field`.
    pub fn lookup(&self, code: DivisionCode, field: &'static str) -> Result<&Division, Error> {
        self.get(code).ok_or(Error::UnknownDivision { field, code })
    }

    #[inline]
    pub(crate) fn index_of(&self, code: DivisionCode) -> Option<u32> {
        self.index.get(code.as_u32())
    }

    pub(crate) fn at(&self, idx: u32) -> Option<&Division> {
        self.divisions.get(idx as usize)
    }

    /// The live codes at the end of an abolished code's chain (empty for a live code).
    pub(crate) fn terminal(&self, idx: u32) -> &[u32] {
        self.terminal
            .get(idx as usize)
            .map_or(&[], |t| t.as_slice())
    }

    /// Divisions with exactly this name, or, failing that, whose name qualified by their
    /// ancestors' names is `name` (e.g. `石家庄市长安区`, `河北省石家庄市长安区`). Abolished codes
    /// are included; the order is by code.
    pub fn by_name(&self, name: &str) -> Vec<&Division> {
        let name = name.trim();
        if let Some(ix) = self.names().get(name) {
            return ix.iter().filter_map(|i| self.at(*i)).collect();
        }
        self.divisions
            .iter()
            .filter(|d| {
                name.len() > d.name.len()
                    && name.ends_with(d.name.as_str())
                    && self.qualified_names(d).iter().any(|q| q == name)
            })
            .collect()
    }

    /// The names a division may be written with: its own, then prefixed by each ancestor in
    /// turn (`长安区`, `石家庄市长安区`, `河北省石家庄市长安区`).
    fn qualified_names(&self, d: &Division) -> Vec<String> {
        let mut out = vec![d.name.clone()];
        let mut acc = d.name.clone();
        let mut parent = d.parent;
        while let Some(p) = parent.and_then(|p| self.get(p)) {
            if !is_grouping_name(&p.name) {
                acc = format!("{}{acc}", p.name);
                out.push(acc.clone());
            }
            parent = p.parent;
        }
        out
    }

    /// The full name from the province down, e.g. `河北省石家庄市长安区`; groupings such as
    /// 省直辖县级行政区划 are left out.
    pub fn full_name(&self, code: DivisionCode) -> Option<String> {
        let d = self.get(code)?;
        self.qualified_names(d).pop()
    }

    /// The name as offices are usually named after it: the prefecture's (or municipality's)
    /// name before a county-level unit's, e.g. `石家庄市长安区`, `北京市朝阳区`, `济源市`.
    pub fn office_name(&self, code: DivisionCode) -> Option<String> {
        let d = self.get(code)?;
        if !d.is_county_level() {
            return Some(d.name.clone());
        }
        match d.parent.and_then(|p| self.get(p)) {
            Some(p) if !is_grouping_name(&p.name) && !d.name.starts_with(p.name.as_str()) => {
                Some(format!("{}{}", p.name, d.name))
            }
            _ => Some(d.name.clone()),
        }
    }

    /// The divisions whose parent is `code`, by code.
    pub fn children(&self, code: DivisionCode) -> impl Iterator<Item = &Division> {
        self.divisions
            .iter()
            .filter(move |d| d.parent == Some(code))
    }

    /// The county-level units of a prefecture (or municipality) in use on `on_date` (today's
    /// list when `None`), development zones included.
    pub fn county_level_units(
        &self,
        parent: DivisionCode,
        on_date: Option<NaiveDate>,
    ) -> Vec<&Division> {
        self.children(parent)
            .filter(|d| d.is_county_level())
            .filter(|d| match on_date {
                Some(date) => d.is_valid_on(date),
                None => !d.is_abolished(),
            })
            .collect()
    }

    /// The code(s) in use on `on_date` for the territory of `code`: the code itself while it
    /// was not abolished, otherwise its successors, followed to the ones in use on that date
    /// (获鹿县 130122 → 鹿泉市 130185 → 鹿泉区 130110). `None` means today, i.e. the end of
    /// every chain. A split code (桥东区 130103) resolves to several codes: see
    /// [`Registry::choose_successor`] to pick one.
    pub fn resolve(
        &self,
        code: DivisionCode,
        on_date: Option<NaiveDate>,
    ) -> Result<Resolution, Error> {
        let idx = self
            .index_of(code)
            .ok_or(Error::UnknownDivision { field: "", code })?;
        let live_on = |d: &Division| match on_date {
            Some(date) => d.is_unabolished_on(date),
            None => !d.is_abolished(),
        };
        let mut live = Vec::new();
        let mut path = vec![code];
        let mut stack = vec![idx];
        let mut steps = 0;
        while let Some(i) = stack.pop() {
            steps += 1;
            let Some(d) = self.at(i) else { continue };
            if live_on(d) || steps > 64 {
                if !live.contains(&d.code) {
                    live.push(d.code);
                }
                continue;
            }
            if let Some(first) = d.successors.first()
                && live.is_empty()
                && !path.contains(first)
            {
                path.push(*first);
            }
            for s in d.successors.iter().rev() {
                if let Some(si) = self.index_of(*s) {
                    stack.push(si);
                }
            }
        }
        // `path` follows first successors; trim it at the first live code.
        if let Some(pos) = path.iter().position(|c| live.contains(c)) {
            path.truncate(pos + 1);
        }
        Ok(Resolution { code, live, path })
    }

    /// The one live code for `code` today: the code itself when live, the only successor, or
    /// for a split code the successor whose place names (streets, towns) appear in `address`,
    /// else the first listed ([`SuccessorChoice::FirstListed`]: callers should warn).
    pub fn choose_successor<'r>(
        &'r self,
        code: DivisionCode,
        address: Option<&str>,
    ) -> Result<(DivisionCode, SuccessorChoice<'r>), Error> {
        let idx = self
            .index_of(code)
            .ok_or(Error::UnknownDivision { field: "", code })?;
        let (i, choice) = self.choose_index(idx, address);
        let chosen = self.at(i).map_or(code, |d| d.code);
        Ok((chosen, choice))
    }

    /// [`Registry::choose_successor`] by index.
    pub(crate) fn choose_index<'r>(
        &'r self,
        idx: u32,
        address: Option<&str>,
    ) -> (u32, SuccessorChoice<'r>) {
        let terminal = self.terminal(idx);
        match terminal {
            [] => (idx, SuccessorChoice::Only),
            [only] => (*only, SuccessorChoice::Only),
            [first, ..] => {
                if let (Some(addr), Some(splits)) = (address, self.splits.get(&idx)) {
                    for s in splits {
                        if let Some(k) = s.keywords.iter().find(|k| addr.contains(k.as_str())) {
                            // The keyword names a direct successor; follow it to a live code.
                            let live = self
                                .terminal(s.successor)
                                .first()
                                .copied()
                                .unwrap_or(s.successor);
                            return (live, SuccessorChoice::Keyword(k));
                        }
                    }
                }
                (*first, SuccessorChoice::FirstListed)
            }
        }
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

/// Groupings that are not places: 省直辖县级行政区划, 自治区直辖县级行政区划, 市辖区 …
fn is_grouping_name(name: &str) -> bool {
    name.contains("直辖") || name == "市辖区" || name == "县"
}

fn data_err(file: &str, line: usize, message: String) -> Error {
    Error::DivisionData {
        file: file.to_owned(),
        line,
        message,
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
/// workspace's small stable sort (`weiquan_complaint::sort`: the standard library's, for
/// these rows, costs 4 KB in the WebAssembly module).
fn sort_by_code(rows: &mut [RawRow]) {
    if !rows.is_sorted_by_key(row_order) {
        weiquan_complaint::sort::by_key(rows, row_order);
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

/// Division code → index: open addressing with linear probing in a power-of-two table at
/// most half full, so a lookup is a multiply, a shift and one or two probes.
#[derive(Debug, Clone)]
struct CodeIndex {
    /// `(code, index)`; code 0 marks an empty slot (no division code is 0).
    slots: Vec<(u32, u32)>,
    shift: u32,
}

impl CodeIndex {
    fn new(codes: impl ExactSizeIterator<Item = u32>) -> CodeIndex {
        let bits = (codes.len().max(1) * 2)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let mut index = CodeIndex {
            slots: vec![(0, 0); 1usize << bits],
            shift: 32 - bits,
        };
        let mask = index.slots.len() - 1;
        for (i, code) in codes.enumerate() {
            let mut h = index.home(code);
            while let Some(slot) = index.slots.get_mut(h) {
                if slot.0 == 0 || slot.0 == code {
                    *slot = (code, i as u32);
                    break;
                }
                h = (h + 1) & mask;
            }
        }
        index
    }

    #[inline]
    fn home(&self, code: u32) -> usize {
        (code.wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, code: u32) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut h = self.home(code);
        loop {
            let (c, i) = *self.slots.get(h)?;
            if c == code {
                return Some(i);
            }
            if c == 0 {
                return None;
            }
            h = (h + 1) & mask;
        }
    }
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
        // 3,390 national rows plus the six historical Shijiazhuang codes.
        assert_eq!(reg.len(), 3390 + 6);
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
    fn resolves_abolished_codes() {
        let reg = Registry::embedded().unwrap();
        let r = |c: &str, d: Option<NaiveDate>| reg.resolve(code(c), d).unwrap();
        assert_eq!(r("130103", None).live, vec![code("130102"), code("130104")]);
        assert!(r("130103", None).is_split());
        assert_eq!(r("130182", None).live, vec![code("130109")]);
        assert_eq!(r("130185", None).live, vec![code("130110")]);
        assert_eq!(r("130124", None).live, vec![code("130111")]);
        assert_eq!(r("130106", None).live, vec![code("130108")]);
        let huolu = r("130122", None);
        assert_eq!(huolu.live, vec![code("130110")]);
        assert_eq!(
            huolu.path,
            vec![code("130122"), code("130185"), code("130110")]
        );
        // On a date between the two changes, 获鹿县 is 鹿泉市.
        assert_eq!(
            r("130122", NaiveDate::from_ymd_opt(2000, 6, 1)).live,
            vec![code("130185")]
        );
        // Before its abolition a code is itself.
        assert_eq!(
            r("130182", NaiveDate::from_ymd_opt(2014, 9, 8)).live,
            vec![code("130182")]
        );
        assert_eq!(
            r("130182", NaiveDate::from_ymd_opt(2014, 9, 9)).live,
            vec![code("130109")]
        );
        let live = r("130102", None);
        assert!(!live.changed());
        assert_eq!(live.path, vec![code("130102")]);
        assert_eq!(
            reg.resolve(code("130199"), None),
            Err(Error::UnknownDivision {
                field: "",
                code: code("130199")
            })
        );
    }

    #[test]
    fn chooses_a_successor_of_a_split_code_by_address() {
        let reg = Registry::embedded().unwrap();
        let c = |a: Option<&str>| reg.choose_successor(code("130103"), a).unwrap();
        assert_eq!(
            c(Some("石家庄市桥东区休门街道12号")),
            (code("130104"), SuccessorChoice::Keyword("休门"))
        );
        assert_eq!(
            c(Some("桥东区中山东路88号")),
            (code("130102"), SuccessorChoice::Keyword("中山东路"))
        );
        assert_eq!(
            c(Some("某地")),
            (code("130102"), SuccessorChoice::FirstListed)
        );
        assert_eq!(c(None), (code("130102"), SuccessorChoice::FirstListed));
        assert_eq!(
            reg.choose_successor(code("130122"), None).unwrap(),
            (code("130110"), SuccessorChoice::Only)
        );
        assert_eq!(
            reg.choose_successor(code("130105"), None).unwrap(),
            (code("130105"), SuccessorChoice::Only)
        );
    }

    #[test]
    fn names_full_names_and_office_names() {
        let reg = Registry::embedded().unwrap();
        let codes = |n: &str| {
            reg.by_name(n)
                .iter()
                .map(|d| d.code.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("桥东区"), vec!["130103", "130702"]);
        assert_eq!(codes("石家庄市长安区"), vec!["130102"]);
        assert_eq!(codes("河北省石家庄市长安区"), vec!["130102"]);
        assert!(codes("朝阳区").contains(&"110105".to_owned()));
        assert!(codes("朝阳区").len() >= 2);
        assert_eq!(codes("北京市朝阳区"), vec!["110105"]);
        assert_eq!(codes("不存在区"), Vec::<String>::new());
        assert_eq!(
            reg.full_name(code("130102")).unwrap(),
            "河北省石家庄市长安区"
        );
        assert_eq!(reg.full_name(code("419001")).unwrap(), "河南省济源市");
        assert_eq!(reg.office_name(code("130102")).unwrap(), "石家庄市长安区");
        assert_eq!(reg.office_name(code("110105")).unwrap(), "北京市朝阳区");
        assert_eq!(reg.office_name(code("419001")).unwrap(), "济源市");
        assert_eq!(reg.office_name(code("441900")).unwrap(), "东莞市");
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
