//! The streaming, mergeable aggregator and its serialised partial state.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::dims::{CellKey, GroupBy};
use crate::measures::{Measures, MeasuresJson};
use crate::record::{CaseOutcome, ConsumerKey, Keyer, RecordKey, StatsRecord, parse_hex128};
use crate::{Error, Text};

/// The version of the partial document this crate writes and reads. Version 2 added the
/// consumer sets, the key fingerprint, the input digests and the complaint keys; a version 1
/// partial cannot say how many consumers its cells hold, so it is refused.
pub const PARTIAL_SCHEMA_VERSION: u32 = 2;

/// The number of distinct consumers [`Aggregator::new`] counts exactly up to: thresholds `k`
/// up to this are decided exactly. `weiquan stats` uses its `--k` instead.
pub const DEFAULT_CONSUMER_CAP: u64 = 100;

/// What an aggregator remembers of a complaint it counted, to recognise it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// Counted here: the cell, a hash of what else it contributed (consumer, outcome) and the
    /// outcome itself (to take a duplicate back when two aggregators merge).
    Local {
        cell: CellKey,
        content: u64,
        outcome: Option<CaseOutcome>,
        consumer: Option<ConsumerKey>,
    },
    /// Counted in a partial read from elsewhere: only its key is known.
    Elsewhere,
}

fn content_of(r: &StatsRecord) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    r.consumer.hash(&mut h);
    r.outcome
        .map(|o| (o.state, o.recovered.to_fen(), o.handling_days))
        .hash(&mut h);
    h.finish()
}

/// A multiplicative hasher for packed cell keys: keys are already well spread integers, and
/// SipHash would cost more than the rest of `Aggregator::add`.
#[derive(Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        self.0 ^= self.0 >> 29;
    }
}

pub(crate) type KeyMap<V> = HashMap<CellKey, V, BuildHasherDefault<KeyHasher>>;

/// Counts records into cells, one record at a time.
///
/// Memory grows with the number of distinct cells, the pseudonyms of consumers in cells
/// below the consumer cap, and the complaints counted (a keyed id each, so that an exact
/// duplicate counts once). Two aggregators with the same grouping, cap and key merge exactly,
/// in any order and any grouping of merges, and the partial state serialises to JSON and
/// back without loss: aggregating parts separately (per district, per month, per worker,
/// per machine) and merging gives exactly the aggregate of the whole. Partials read back
/// refuse to merge when they share an input or a complaint.
///
/// ```
/// use weiquan_stats::{Aggregator, GroupBy, StatsRecord, RecordOptions};
/// use weiquan_synth::generate::Generator;
/// let by: GroupBy = "period=quarter,region=county".parse()?;
/// let (mut a, mut b, mut whole) = (Aggregator::new(by.clone()), Aggregator::new(by.clone()),
///                                  Aggregator::new(by));
/// for (i, c) in Generator::new(3).take(200).enumerate() {
///     let r = StatsRecord::from_complaint(&c, None, RecordOptions::default());
///     whole.add(&r)?;
///     if i % 2 == 0 { a.add(&r)? } else { b.add(&r)? }
/// }
/// // b travels as JSON, as from another process.
/// let b = Aggregator::from_partial_json(&b.to_partial_json())?;
/// a.merge(b)?;
/// assert_eq!(a, whole);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Aggregator {
    by: GroupBy,
    cells: KeyMap<Measures>,
    records: u64,
    /// Distinct consumers are counted exactly up to this.
    cap: u64,
    /// The fingerprint of the key the pseudonyms were made with.
    key: Option<String>,
    /// SHA-256 digests of the inputs counted (hex).
    inputs: BTreeSet<String>,
    /// Every complaint counted, by keyed id.
    seen: HashMap<RecordKey, Seen>,
    /// Records counted without a complaint key (they cannot be recognised again).
    unidentified: u64,
    /// Exact duplicates seen and not counted again.
    duplicates: u64,
    /// Complaint keys seen with two different contents.
    conflicts: BTreeSet<RecordKey>,
}

impl PartialEq for Aggregator {
    fn eq(&self, other: &Self) -> bool {
        self.by == other.by
            && self.records == other.records
            && self.cells == other.cells
            && self.cap == other.cap
            && self.key == other.key
    }
}

impl Eq for Aggregator {}

impl Aggregator {
    /// An empty aggregator, counting distinct consumers exactly up to
    /// [`DEFAULT_CONSUMER_CAP`].
    pub fn new(by: GroupBy) -> Aggregator {
        Aggregator {
            by,
            cells: KeyMap::default(),
            records: 0,
            cap: DEFAULT_CONSUMER_CAP,
            key: None,
            inputs: BTreeSet::new(),
            seen: HashMap::new(),
            unidentified: 0,
            duplicates: 0,
            conflicts: BTreeSet::new(),
        }
    }

    /// The same, counting distinct consumers exactly up to `cap` (at least 1): a release may
    /// then use any threshold `k ≤ cap`. A smaller cap keeps fewer pseudonyms per cell.
    pub fn with_consumer_cap(mut self, cap: u64) -> Aggregator {
        self.cap = cap.max(1);
        self
    }

    /// The same, recording the fingerprint of the key its records' pseudonyms are made with,
    /// so that only partials made with the same key merge.
    pub fn with_key(mut self, keyer: &Keyer) -> Aggregator {
        self.key = Some(keyer.fingerprint());
        self
    }

    /// Records the SHA-256 digest of an input counted into this aggregator (partials made
    /// from the same input are refused when merged).
    pub fn add_input(&mut self, digest: [u8; 32]) {
        self.inputs
            .insert(digest.iter().map(|b| format!("{b:02x}")).collect());
    }

    /// The SHA-256 of bytes, for [`Aggregator::add_input`].
    pub fn digest(bytes: &[u8]) -> [u8; 32] {
        Sha256::digest(bytes).into()
    }

    /// [`Aggregator::digest`] of everything `reader` gives, read in blocks: a partial of a
    /// file of many gigabytes names its input in constant memory.
    pub fn digest_reader(mut reader: impl std::io::Read) -> std::io::Result<[u8; 32]> {
        let mut hasher = Sha256::new();
        let mut block = vec![0u8; 1 << 20];
        loop {
            let n = match reader.read(&mut block) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            hasher.update(block.get(..n).unwrap_or_default());
        }
        Ok(hasher.finalize().into())
    }

    /// Distinct consumers are counted exactly up to this.
    pub fn consumer_cap(&self) -> u64 {
        self.cap
    }

    /// Exact duplicates seen and not counted again.
    pub fn duplicates(&self) -> u64 {
        self.duplicates
    }

    /// Complaint ids seen with different contents (a release refuses data with any).
    pub fn conflicts(&self) -> u64 {
        self.conflicts.len() as u64
    }

    /// Whether a release with threshold `k` can be made from this aggregate: `k` within the
    /// consumer cap, and no complaint seen with two contents.
    pub fn check_release(&self, k: u64) -> Result<(), Error> {
        if !self.conflicts.is_empty() {
            return Err(Error::DuplicateConflict {
                ids: self.conflicts(),
            });
        }
        if k > self.cap {
            return Err(Error::ConsumerCap { k, cap: self.cap });
        }
        Ok(())
    }

    /// The grouping.
    pub fn group_by(&self) -> &GroupBy {
        &self.by
    }

    /// Records added.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Non-empty cells.
    pub fn cell_count(&self) -> usize {
        self.cells.len()
    }

    /// Adds one record. A record whose complaint key was counted already is an exact
    /// duplicate when it falls in the same cell with the same consumer and outcome, and is
    /// not counted again; otherwise it is a conflict, not counted, and
    /// [`Aggregator::check_release`] refuses the data.
    pub fn add(&mut self, r: &StatsRecord) -> Result<(), Error> {
        let key = self.by.key_of(r);
        if let Some(id) = r.record_hash {
            let content = content_of(r);
            match self.seen.get(&id) {
                Some(Seen::Local {
                    cell, content: c, ..
                }) if *cell == key && *c == content => {
                    self.duplicates += 1;
                    return Ok(());
                }
                Some(Seen::Local { .. }) => {
                    self.conflicts.insert(id);
                    return Ok(());
                }
                Some(Seen::Elsewhere) => {
                    return Err(Error::PartialOverlap {
                        reason: Text::new(
                            "a record is a complaint counted in a merged partial",
                            "一条记录是已合并的部分汇总中已计入的投诉",
                        ),
                    });
                }
                None => {
                    self.seen.insert(
                        id,
                        Seen::Local {
                            cell: key,
                            content,
                            outcome: r.outcome,
                            consumer: r.consumer,
                        },
                    );
                }
            }
        } else {
            self.unidentified += 1;
        }
        let cap = self.cap;
        self.cells
            .entry(key)
            .or_insert_with(|| Measures::with_consumer_cap(cap))
            .add(r)?;
        self.records += 1;
        Ok(())
    }

    /// Adds everything another aggregator with the same grouping, consumer cap and key has
    /// counted. A complaint counted on both sides is counted once when both counted it here
    /// (in this process) the same way; when either side is a partial read from elsewhere,
    /// or the input digests overlap, the merge is refused ([`Error::PartialOverlap`]) and
    /// `self` is left unchanged.
    pub fn merge(&mut self, mut other: Aggregator) -> Result<(), Error> {
        if self.by != other.by {
            return Err(Error::MergeMismatch {
                left: self.by.to_string(),
                right: other.by.to_string(),
            });
        }
        if self.cap != other.cap {
            return Err(Error::MergeMismatch {
                left: format!("{} (consumers counted up to {})", self.by, self.cap),
                right: format!("{} (consumers counted up to {})", other.by, other.cap),
            });
        }
        if self.key != other.key {
            let name = |k: &Option<String>| k.clone().unwrap_or_else(|| "none".to_owned());
            return Err(Error::KeyMismatch {
                left: name(&self.key),
                right: name(&other.key),
            });
        }
        if self.records > 0
            && other.records > 0
            && let Some(d) = self.inputs.intersection(&other.inputs).next()
        {
            return Err(Error::PartialOverlap {
                reason: Text::new(
                    format!("both were made from the input with SHA-256 {d}"),
                    format!("两者来自同一输入（SHA-256 {d}）"),
                ),
            });
        }
        // Duplicates to take back from `other`, found before anything changes.
        let mut dups: Vec<(CellKey, Option<CaseOutcome>, Option<ConsumerKey>)> = Vec::new();
        let mut overlap = 0u64;
        let mut conflicts = Vec::new();
        for (id, theirs) in &other.seen {
            match (self.seen.get(id), theirs) {
                (None, _) => {}
                (
                    Some(Seen::Local { cell, content, .. }),
                    Seen::Local {
                        cell: c2,
                        content: t2,
                        outcome,
                        consumer,
                    },
                ) => {
                    if cell == c2 && content == t2 {
                        dups.push((*c2, *outcome, *consumer));
                    } else {
                        conflicts.push(*id);
                    }
                }
                _ => overlap += 1,
            }
        }
        if overlap > 0 {
            return Err(Error::PartialOverlap {
                reason: Text::new(
                    format!("{overlap} complaint(s) are counted in both"),
                    format!("有{overlap}件投诉在两者中都已计入"),
                ),
            });
        }
        self.records
            .checked_add(other.records)
            .ok_or(Error::overflow("merge"))?;
        for (cell, outcome, consumer) in &dups {
            if let Some(m) = other.cells.get_mut(cell) {
                m.remove_duplicate(outcome.as_ref(), *consumer);
            }
        }
        for id in &conflicts {
            other.seen.remove(id);
            self.conflicts.insert(*id);
        }
        self.records += other.records - dups.len() as u64;
        self.duplicates += other.duplicates + dups.len() as u64;
        self.unidentified += other.unidentified;
        self.conflicts.extend(other.conflicts);
        self.inputs.extend(other.inputs);
        for (id, s) in other.seen {
            self.seen.entry(id).or_insert(s);
        }
        for (k, m) in other.cells {
            match self.cells.get_mut(&k) {
                Some(mine) => mine.merge(&m)?,
                None => {
                    self.cells.insert(k, m);
                }
            }
        }
        Ok(())
    }

    /// The cells in key order.
    pub fn cells(&self) -> Vec<(CellKey, &Measures)> {
        let mut v: Vec<_> = self.cells.iter().map(|(k, m)| (*k, m)).collect();
        v.sort_by_key(|(k, _)| *k);
        v
    }

    /// The measures of one cell, if it has any record.
    pub fn get(&self, key: CellKey) -> Option<&Measures> {
        self.cells.get(&key)
    }

    /// The partial state as a serialisable document.
    pub fn to_partial(&self) -> Partial {
        let mut complaints: Vec<RecordKey> = self.seen.keys().copied().collect();
        complaints.sort();
        Partial {
            schema_version: PARTIAL_SCHEMA_VERSION,
            kind: PartialKind::WeiquanStatsPartial,
            group_by: self.by.clone(),
            records: self.records,
            consumer_cap: self.cap,
            key_fingerprint: self.key.clone(),
            inputs: self.inputs.iter().cloned().collect(),
            complaints: complaints.iter().map(|k| format!("{:032x}", k.0)).collect(),
            unidentified: self.unidentified,
            duplicates: self.duplicates,
            cells: self
                .cells()
                .into_iter()
                .map(|(k, m)| PartialCell {
                    key: self
                        .by
                        .labels(k)
                        .into_iter()
                        .map(|(n, v)| (n.to_owned(), v))
                        .collect(),
                    measures: m.into(),
                })
                .collect(),
        }
    }

    /// The partial state as compact JSON (cells in key order, so equal aggregates give equal
    /// text).
    pub fn to_partial_json(&self) -> String {
        serde_json::to_string(&self.to_partial()).unwrap_or_default()
    }

    /// An aggregator from its partial state, checked.
    pub fn from_partial(p: Partial) -> Result<Aggregator, Error> {
        let bad = |en: String, zh: String| Error::Format {
            what: "partial",
            reason: Text::new(en, zh),
        };
        if p.schema_version != PARTIAL_SCHEMA_VERSION {
            return Err(bad(
                format!(
                    "schema_version {} is not supported (expected {PARTIAL_SCHEMA_VERSION})",
                    p.schema_version
                ),
                format!(
                    "不支持 schema_version {}（应为 {PARTIAL_SCHEMA_VERSION}）",
                    p.schema_version
                ),
            ));
        }
        if p.consumer_cap == 0 {
            return Err(bad(
                "consumer_cap must be at least 1".into(),
                "consumer_cap 至少为1".into(),
            ));
        }
        let mut a = Aggregator::new(p.group_by.clone()).with_consumer_cap(p.consumer_cap);
        a.key = p.key_fingerprint.clone();
        for d in &p.inputs {
            if d.len() != 64 || !d.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                return Err(bad(
                    format!("input digest {d:?} is not a SHA-256 in hex"),
                    format!("输入摘要“{d}”不是十六进制的SHA-256"),
                ));
            }
            a.inputs.insert(d.clone());
        }
        let mut last = None;
        for h in &p.complaints {
            let k = parse_hex128(h).map(RecordKey).ok_or_else(|| {
                bad(
                    format!("complaint key {h:?} is not 32 hexadecimal digits"),
                    format!("投诉键“{h}”不是32位十六进制数"),
                )
            })?;
            if last.is_some_and(|l| l >= k) {
                return Err(bad(
                    "complaints must be sorted and distinct".into(),
                    "complaints 须按序排列且互不相同".into(),
                ));
            }
            last = Some(k);
            a.seen.insert(k, Seen::Elsewhere);
        }
        if (p.complaints.len() as u64).checked_add(p.unidentified) != Some(p.records) {
            return Err(bad(
                format!(
                    "{} complaint keys and {} unidentified records for {} records",
                    p.complaints.len(),
                    p.unidentified,
                    p.records
                ),
                format!(
                    "{}个投诉键加{}条无编号记录，与记录数{}不符",
                    p.complaints.len(),
                    p.unidentified,
                    p.records
                ),
            ));
        }
        a.unidentified = p.unidentified;
        a.duplicates = p.duplicates;
        let mut total = 0u64;
        for cell in p.cells {
            let key = p
                .group_by
                .parse_labels(cell.key.iter().map(|(n, v)| (n.as_str(), v.as_str())))?;
            if !key.is_inner(&p.group_by) {
                return Err(bad(
                    format!("cell {:?} does not give every grouped dimension", cell.key),
                    format!("单元格 {:?} 未给出每个分组维度的取值", cell.key),
                ));
            }
            let m = cell.measures.into_measures(p.consumer_cap)?;
            if m.count == 0 {
                return Err(bad(
                    format!("cell {:?} is empty", cell.key),
                    format!("单元格 {:?} 为空", cell.key),
                ));
            }
            total = total
                .checked_add(m.count)
                .ok_or(Error::overflow("partial"))?;
            if a.cells.insert(key, m).is_some() {
                return Err(bad(
                    format!("cell {:?} appears twice", cell.key),
                    format!("单元格 {:?} 重复出现", cell.key),
                ));
            }
        }
        if total != p.records {
            return Err(bad(
                format!(
                    "cells count {total} records, the partial says {}",
                    p.records
                ),
                format!("各单元格合计{total}条记录，部分汇总记为{}条", p.records),
            ));
        }
        a.records = p.records;
        Ok(a)
    }

    /// An aggregator from partial JSON.
    pub fn from_partial_json(text: &str) -> Result<Aggregator, Error> {
        let p: Partial = serde_json::from_str(text).map_err(|e| Error::Format {
            what: "partial",
            reason: Text::json(&e),
        })?;
        Aggregator::from_partial(p)
    }

    /// The data re-aggregated at a coarser grouping (exact).
    pub fn coarsened(&self, by: &GroupBy) -> Result<Aggregator, Error> {
        if !by.is_coarsening_of(&self.by) {
            return Err(Error::NotACoarsening {
                table: Text::grouping(by),
                data: Text::grouping(&self.by),
            });
        }
        let mut out = Aggregator::new(by.clone()).with_consumer_cap(self.cap);
        out.records = self.records;
        out.key = self.key.clone();
        for (k, m) in &self.cells {
            let c = by.coarsen(*k);
            match out.cells.get_mut(&c) {
                Some(mine) => mine.merge(m)?,
                None => {
                    out.cells.insert(c, m.clone());
                }
            }
        }
        Ok(out)
    }
}

/// The `kind` tag of a partial document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartialKind {
    /// A partial aggregate of weiquan statistics.
    WeiquanStatsPartial,
}

/// The serialised state of an [`Aggregator`] (what `weiquan stats --partial` writes).
///
/// It holds cell measures, the keyed pseudonyms of the consumers of every cell with fewer
/// than `consumer_cap` of them, and the keyed hash of every complaint id counted — no
/// record, no identifier, no key — so it may travel between machines of the handling body.
/// It is not itself safe to publish (cells are not yet suppressed), and whoever holds the
/// consumer key can test a known ID number against its pseudonyms: keep the key apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partial {
    /// Always 1 for this version.
    pub schema_version: u32,
    /// Always `weiquan_stats_partial`.
    pub kind: PartialKind,
    /// The grouping.
    pub group_by: GroupBy,
    /// Records counted.
    pub records: u64,
    /// Distinct consumers are counted exactly up to this (thresholds `k` up to it are exact).
    pub consumer_cap: u64,
    /// The fingerprint of the consumer key ([`Keyer::fingerprint`]); `None` without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_fingerprint: Option<String>,
    /// SHA-256 (hex) of each input counted; sorted.
    #[serde(default)]
    pub inputs: Vec<String>,
    /// The keyed hash of every complaint id counted (32 hex digits), sorted: merging refuses
    /// partials with one in common.
    #[serde(default)]
    pub complaints: Vec<String>,
    /// Records counted without a complaint key (library use without a keyer).
    #[serde(default)]
    pub unidentified: u64,
    /// Exact duplicates seen and counted once.
    #[serde(default)]
    pub duplicates: u64,
    /// The non-empty cells, in key order.
    pub cells: Vec<PartialCell>,
}

/// One cell of a partial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialCell {
    /// The value of each grouped dimension.
    key: BTreeMap<String, String>,
    /// The measures.
    #[serde(flatten)]
    measures: MeasuresJson,
}
