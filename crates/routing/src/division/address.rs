//! Reading the administrative part of an address (`河北省石家庄市正定县…`) with the
//! registry's own names, so that routing can tell when an address and a division code
//! disagree. No place-name data of its own: the keys are the registry's names, and the
//! names of provinces and prefectures without their 省/市 (`河北`, `石家庄`), which
//! addresses often leave out.

use smallvec::SmallVec;

use super::{DivisionKind, Registry};

/// The registry's names as keys an address is read with, built on first use.
#[derive(Debug, Clone, Default)]
pub(super) struct AddressIndex {
    /// Key → (indices of the divisions, whether the key is a name shortened by its 省/市),
    /// sorted by key and searched by halves: a few thousand keys, and a sorted vector is
    /// far less code in the WebAssembly module than a hash map with its own hasher, at
    /// about the same speed for keys looked up only where one can end.
    keys: Vec<(Box<str>, Hits)>,
    /// The last characters of the keys, sorted: a key is looked up only where one ends.
    ends: Vec<char>,
    /// For each first character of a key, the longest key starting with it, in bytes,
    /// sorted: how far a name at the start of the rest of an address can reach.
    firsts: Vec<(char, usize)>,
}

/// The divisions a key names, and whether the key is a name shortened by its 省/市.
type Hits = (SmallVec<[u32; 2]>, bool);

impl AddressIndex {
    fn find(&self, key: &str) -> Option<&Hits> {
        let i = self.keys.binary_search_by(|(k, _)| (**k).cmp(key)).ok()?;
        self.keys.get(i).map(|(_, hits)| hits)
    }
}

impl Registry {
    fn address_index(&self) -> &AddressIndex {
        self.address_index.get_or_init(|| {
            let mut ix = AddressIndex::default();
            let mut add = |key: &str, i: u32, short: bool| {
                ix.keys
                    .push((key.into(), (SmallVec::from_slice(&[i]), short)));
                if let (Some(first), Some(last)) = (key.chars().next(), key.chars().next_back()) {
                    ix.ends.push(last);
                    ix.firsts.push((first, key.len()));
                }
            };
            for (i, d) in self.divisions.iter().enumerate() {
                let name = d.name.as_str();
                // One-character names and groupings (县, 市辖区, 省直辖…) are not places.
                if name.chars().nth(1).is_none() || super::resolution::is_grouping_name(name) {
                    continue;
                }
                add(name, i as u32, false);
                if matches!(d.kind, DivisionKind::Province | DivisionKind::Prefecture)
                    && let Some(stem) = name.strip_suffix(['省', '市'])
                    && stem.chars().nth(1).is_some()
                {
                    add(stem, i as u32, true);
                }
            }
            // One entry per key, its divisions in registry order; a key that is a short
            // name for one division and a full name for another keeps the last one's mark,
            // as the map it replaces did.
            ix.keys.sort_by(|a, b| a.0.cmp(&b.0));
            ix.keys.dedup_by(|later, first| {
                if later.0 != first.0 {
                    return false;
                }
                first.1.0.extend_from_slice(&later.1.0);
                first.1.1 = later.1.1;
                true
            });
            ix.ends.sort_unstable();
            ix.ends.dedup();
            // By character, the longest first.
            ix.firsts
                .sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            ix.firsts.dedup_by_key(|f| f.0);
            ix
        })
    }

    /// Whether `address` starts with a county-level division's own name, after its
    /// province's and prefecture's (each with or without its 省/市): the usual address,
    /// which names the same place as the code, recognised without reading it. (A province's
    /// or prefecture's address may go on to name a county: it is read.)
    pub(crate) fn starts_with_own_name(&self, idx: u32, address: &str) -> bool {
        let Some(d) = self.at(idx).filter(|d| d.is_county_level()) else {
            return false;
        };
        let rest = address.trim_start();
        let mut rest = rest.strip_prefix("中国").unwrap_or(rest);
        for up in [Some(d.code.province()), d.code.prefecture()] {
            let Some(p) = up.filter(|u| *u != d.code).and_then(|u| self.get(u)) else {
                continue;
            };
            let name = p.name.as_str();
            if let Some(r) = rest.strip_prefix(name).or_else(|| {
                name.strip_suffix(['省', '市'])
                    .and_then(|stem| rest.strip_prefix(stem))
            }) {
                rest = r;
            }
        }
        rest.starts_with(d.name.as_str())
    }

    /// The divisions an address's administrative part names, most specific last read: the
    /// names at its start, each within the one before (`石家庄市长安区` → 长安区 130102, not
    /// 西安's 610116). Several when the name alone is ambiguous (`长安区…`), none when the
    /// address does not start with a division's name or names only a province or prefecture
    /// without its 省/市 (`北京路12号` is a road, not Beijing).
    pub(crate) fn read_address(&self, address: &str) -> SmallVec<[u32; 2]> {
        let ix = self.address_index();
        let rest = address.trim_start();
        let mut rest = rest.strip_prefix("中国").unwrap_or(rest);
        let (mut found, mut named): (SmallVec<[u32; 2]>, SmallVec<[u32; 2]>) = Default::default();
        loop {
            // The longest key at the start of `rest`.
            let mut best = None;
            let reach = rest.chars().next().map_or(0, |c| {
                ix.firsts
                    .binary_search_by_key(&c, |f| f.0)
                    .ok()
                    .and_then(|i| ix.firsts.get(i))
                    .map_or(0, |f| f.1)
            });
            for (at, ch) in rest.char_indices() {
                let end = at + ch.len_utf8();
                if end > reach {
                    break;
                }
                if ix.ends.binary_search(&ch).is_ok()
                    && let Some(hit) = rest.get(..end).and_then(|k| ix.find(k))
                {
                    best = Some((end, hit));
                }
            }
            let Some((end, (hits, short))) = best else {
                break;
            };
            let within = |i: &u32| {
                found.is_empty()
                    || found.iter().any(|a| match (self.at(*i), self.at(*a)) {
                        (Some(d), Some(p)) => i != a && self.within(d.code, p.code),
                        _ => false,
                    })
            };
            let next: SmallVec<[u32; 2]> = hits.iter().copied().filter(within).collect();
            if next.is_empty() {
                break;
            }
            found = next;
            if !short {
                named.clone_from(&found);
            }
            rest = rest.get(end..).unwrap_or_default();
        }
        named
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(reg: &Registry, address: &str) -> Vec<String> {
        reg.read_address(address)
            .iter()
            .filter_map(|i| reg.at(*i))
            .map(|d| d.code.to_string())
            .collect()
    }

    #[test]
    fn reads_the_administrative_part_of_an_address() {
        let reg = Registry::embedded().unwrap();
        assert_eq!(read(&reg, "河北省石家庄市正定县恒山路1号"), ["130123"]);
        assert_eq!(read(&reg, "石家庄正定县常山路"), ["130123"]);
        assert_eq!(read(&reg, "石家庄市长安区建设大街"), ["130102"]);
        assert_eq!(read(&reg, "中国北京市朝阳区建国路"), ["110105"]);
        // Within its city by the registry's parent, not by its code's digits: 公主岭市 kept
        // 四平's 220381 when it moved to 长春 (220100).
        assert_eq!(read(&reg, "吉林省长春市公主岭市岭东街"), ["220381"]);
        // Ambiguous alone: 石家庄's and 西安's 长安区.
        assert_eq!(read(&reg, "长安区建设大街"), ["130102", "610116"]);
        // Only the city.
        assert_eq!(read(&reg, "石家庄市中山东路88号"), ["130100"]);
        // Abolished names are read too.
        assert_eq!(read(&reg, "石家庄市桥东区休门街道"), ["130103"]);
        // Nothing administrative at the start; a road named after a city; a district of
        // another city after 石家庄 stops the reading at the city.
        assert!(read(&reg, "中山东路88号").is_empty());
        assert!(read(&reg, "北京路12号").is_empty());
        assert_eq!(read(&reg, "石家庄市朝阳区"), ["130100"]);
        assert!(read(&reg, "").is_empty());
    }

    #[test]
    fn recognises_an_address_that_starts_with_the_codes_own_names() {
        let reg = Registry::embedded().unwrap();
        let starts = |code: &str, address: &str| {
            let idx = reg.index_of(code.parse().unwrap()).unwrap();
            reg.starts_with_own_name(idx, address)
        };
        assert!(starts("130102", "河北省石家庄市长安区建设北大街"));
        assert!(starts("130102", "河北石家庄长安区"));
        assert!(starts("130102", "中国石家庄市长安区"));
        assert!(starts("130102", "长安区建设北大街"));
        assert!(starts("110105", "北京市朝阳区建国路"));
        // Another city's district of the same name, another county, only the city.
        assert!(!starts("130102", "西安市长安区"));
        assert!(!starts("130102", "石家庄市正定县"));
        assert!(!starts("130102", "石家庄市中山东路"));
        assert!(!starts("130100", "石家庄市正定县"));
    }
}
