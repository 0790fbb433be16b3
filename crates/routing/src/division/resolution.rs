//! Looking the registry up: codes, names and children, and where an abolished code's
//! territory went (its successors on a date, and which of a split code's an address
//! belongs to).

use std::collections::HashMap;

use chrono::NaiveDate;
use smallvec::SmallVec;
use weiquan_complaint::DivisionCode;

use super::{Division, Registry, Resolution, SuccessorChoice};
use crate::Error;

impl Registry {
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

    /// Whether `code` lies within `ancestor`: by the code's digits, or by the registry's
    /// parents (公主岭市 keeps its code 220381 of 四平 but belongs to 长春, 220100).
    pub fn within(&self, code: DivisionCode, ancestor: DivisionCode) -> bool {
        if code.is_within(ancestor) {
            return true;
        }
        let mut at = code;
        // Four levels at most: county, prefecture, province, and one grouping between.
        for _ in 0..4 {
            match self.get(at).and_then(|d| d.parent) {
                Some(p) if p == ancestor => return true,
                Some(p) if p != at => at = p,
                _ => return false,
            }
        }
        false
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
                    // A place name written as a subdistrict (`东华街道`, `桃园镇`) decides
                    // first, wherever it stands; only then a bare place name, which may be
                    // part of a road's name (`中山东路`).
                    for subdistrict in [true, false] {
                        for s in splits {
                            for k in &s.keywords {
                                let Some(suffix) = named_as(addr, k, subdistrict) else {
                                    continue;
                                };
                                // The keyword names a direct successor; follow it to a live
                                // code.
                                let live = self
                                    .terminal(s.successor)
                                    .first()
                                    .copied()
                                    .unwrap_or(s.successor);
                                return (
                                    live,
                                    match suffix {
                                        "" => SuccessorChoice::Keyword(k),
                                        w => SuccessorChoice::Subdistrict(k, w),
                                    },
                                );
                            }
                        }
                    }
                }
                (*first, SuccessorChoice::FirstListed)
            }
        }
    }
}

/// Whether `address` names `place` followed by 街道, 镇 or 乡 (that word), or — when
/// `subdistrict` is false — anywhere (`""`).
fn named_as(address: &str, place: &str, subdistrict: bool) -> Option<&'static str> {
    if !subdistrict {
        return address.contains(place).then_some("");
    }
    address.match_indices(place).find_map(|(at, _)| {
        let after = address.get(at + place.len()..)?;
        ["街道", "镇", "乡"]
            .into_iter()
            .find(|w| after.starts_with(w))
    })
}

/// Groupings that are not places: 省直辖县级行政区划, 自治区直辖县级行政区划, 市辖区 …
pub(super) fn is_grouping_name(name: &str) -> bool {
    name.contains("直辖") || name == "市辖区" || name == "县"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> DivisionCode {
        s.parse().unwrap()
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
            (code("130104"), SuccessorChoice::Subdistrict("休门", "街道"))
        );
        assert_eq!(
            c(Some("桥东区中山东路88号")),
            (code("130102"), SuccessorChoice::Keyword("中山东路"))
        );
        // A road named 中山东路 in 东华街道: the named subdistrict decides, wherever it
        // stands in the address.
        assert_eq!(
            c(Some("石家庄市桥东区中山东路东华街道3号")),
            (code("130104"), SuccessorChoice::Subdistrict("东华", "街道"))
        );
        assert_eq!(
            c(Some("桥东区东风路桃园镇")),
            (code("130102"), SuccessorChoice::Subdistrict("桃园", "镇"))
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
}
