//! The input of this crate: one complaint, reduced to what statistics may use, with its case
//! outcome when there is one.

use chrono::{Datelike, NaiveDate};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use weiquan_caseflow::{CaseSummary, Outcome};
use weiquan_complaint::{
    Category, Channel, Complaint, ConsumerGroup, DivisionCode, ProblemNature, Uscc, Yuan, cst,
};

use crate::Error;

/// What became of a case, as far as statistics care: the outcomes of `weiquan-caseflow`'s
/// case-state machine map onto these ([`OutcomeState::of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeState {
    /// Still being handled.
    Pending,
    /// Resolved: the parties agreed (调解成功), counted as 解决 in the CCA's tables.
    Resolved,
    /// Mediation failed or was ended without agreement (调解不成/终止调解).
    MediationFailed,
    /// The consumer withdrew the complaint.
    Withdrawn,
    /// Not accepted (不予受理).
    NotAccepted,
    /// Referred to another body.
    Referred,
}

impl OutcomeState {
    /// Every state, in a fixed order.
    pub const ALL: [OutcomeState; 6] = [
        OutcomeState::Pending,
        OutcomeState::Resolved,
        OutcomeState::MediationFailed,
        OutcomeState::Withdrawn,
        OutcomeState::NotAccepted,
        OutcomeState::Referred,
    ];

    /// The stable code used in JSON.
    pub fn code(self) -> &'static str {
        match self {
            OutcomeState::Pending => "pending",
            OutcomeState::Resolved => "resolved",
            OutcomeState::MediationFailed => "mediation_failed",
            OutcomeState::Withdrawn => "withdrawn",
            OutcomeState::NotAccepted => "not_accepted",
            OutcomeState::Referred => "referred",
        }
    }

    /// The state for a code.
    pub fn from_code(code: &str) -> Option<OutcomeState> {
        OutcomeState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Chinese name, as the CCA's tables write it.
    pub fn name_zh(self) -> &'static str {
        match self {
            OutcomeState::Pending => "处理中",
            OutcomeState::Resolved => "解决",
            OutcomeState::MediationFailed => "调解不成/终止调解",
            OutcomeState::Withdrawn => "撤回",
            OutcomeState::NotAccepted => "不予受理",
            OutcomeState::Referred => "移送",
        }
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            OutcomeState::Pending => "pending",
            OutcomeState::Resolved => "resolved",
            OutcomeState::MediationFailed => "mediation failed",
            OutcomeState::Withdrawn => "withdrawn",
            OutcomeState::NotAccepted => "not accepted",
            OutcomeState::Referred => "referred",
        }
    }

    /// The state of a case with this outcome (`None`: still being handled). A lawsuit the
    /// association supports follows a failed mediation, and counts as one; a transfer to
    /// another body is a referral.
    pub fn of(outcome: Option<&Outcome>) -> OutcomeState {
        match outcome {
            None => OutcomeState::Pending,
            Some(Outcome::Resolved { .. }) => OutcomeState::Resolved,
            Some(Outcome::MediationFailed { .. } | Outcome::LitigationSupported { .. }) => {
                OutcomeState::MediationFailed
            }
            Some(Outcome::Withdrawn) => OutcomeState::Withdrawn,
            Some(Outcome::NotAccepted { .. }) => OutcomeState::NotAccepted,
            Some(Outcome::Transferred { .. }) => OutcomeState::Referred,
        }
    }
}

/// The outcome of a case: its state, the amount recovered for the consumer and how long it took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseOutcome {
    /// The state.
    pub state: OutcomeState,
    /// Economic loss recovered for the consumer (挽回经济损失); zero unless resolved.
    #[serde(default)]
    pub recovered: Yuan,
    /// Working days from acceptance to closure, for a closed case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_days: Option<u16>,
}

impl CaseOutcome {
    /// An outcome, checked: money is recovered only in a resolved case, and an open case has no
    /// handling time yet.
    pub fn new(
        state: OutcomeState,
        recovered: Yuan,
        handling_days: Option<u16>,
    ) -> Result<CaseOutcome, Error> {
        let o = CaseOutcome {
            state,
            recovered,
            handling_days,
        };
        o.check()?;
        Ok(o)
    }

    /// Checks the rules of [`CaseOutcome::new`] on a deserialised value.
    pub fn check(&self) -> Result<(), Error> {
        if !self.recovered.is_zero() && self.state != OutcomeState::Resolved {
            return Err(Error::parameter(
                "outcome.recovered",
                self.recovered,
                "money is recovered only in a resolved case",
                "只有已解决的案件才有挽回金额",
            ));
        }
        if self.state == OutcomeState::Pending && self.handling_days.is_some() {
            return Err(Error::parameter(
                "outcome.handling_days",
                self.handling_days.unwrap_or_default(),
                "a pending case has no handling time yet",
                "未办结的案件还没有处理时长",
            ));
        }
        Ok(())
    }
}

impl From<&CaseSummary> for CaseOutcome {
    /// The outcome of a case as statistics count it: its state ([`OutcomeState::of`]), the
    /// amount recovered when it was resolved (zero otherwise), and, once it has an outcome,
    /// its handling time in working days (capped at 65,535). The rules of
    /// [`CaseOutcome::new`] hold by construction.
    fn from(s: &CaseSummary) -> CaseOutcome {
        let state = OutcomeState::of(s.outcome.as_ref());
        let recovered = match state {
            OutcomeState::Resolved => s.amount_recovered.unwrap_or(Yuan::ZERO),
            _ => Yuan::ZERO,
        };
        let handling_days = (state != OutcomeState::Pending)
            .then(|| u16::try_from(s.handling_working_days).unwrap_or(u16::MAX));
        CaseOutcome {
            state,
            recovered,
            handling_days,
        }
    }
}

/// A set of consumer groups as a bit mask (elderly 1, minor 2, rural 4), so that every
/// record falls in exactly one cell of the group dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct GroupSet(u8);

impl GroupSet {
    /// No group.
    pub const NONE: GroupSet = GroupSet(0);

    fn bit(g: ConsumerGroup) -> u8 {
        match g {
            ConsumerGroup::Elderly => 1,
            ConsumerGroup::Minor => 2,
            ConsumerGroup::Rural => 4,
        }
    }

    /// The set of these groups.
    pub fn of(groups: &[ConsumerGroup]) -> GroupSet {
        GroupSet(groups.iter().fold(0, |m, g| m | GroupSet::bit(*g)))
    }

    /// Adds a group.
    pub fn insert(&mut self, g: ConsumerGroup) {
        self.0 |= GroupSet::bit(g);
    }

    /// The mask, 0..=7.
    pub fn mask(self) -> u8 {
        self.0
    }

    /// The set with this mask (bits above 7 are dropped).
    pub fn from_mask(mask: u8) -> GroupSet {
        GroupSet(mask & 7)
    }

    /// The groups, in the vocabulary's order.
    pub fn groups(self) -> Vec<ConsumerGroup> {
        ConsumerGroup::ALL
            .iter()
            .copied()
            .filter(|g| self.0 & GroupSet::bit(*g) != 0)
            .collect()
    }

    /// `none`, or the group codes joined by `+`, e.g. `elderly+rural`.
    pub fn code(self) -> String {
        if self.0 == 0 {
            "none".to_owned()
        } else {
            self.groups()
                .iter()
                .map(|g| g.code())
                .collect::<Vec<_>>()
                .join("+")
        }
    }

    /// Reads [`GroupSet::code`].
    pub fn from_code(s: &str) -> Option<GroupSet> {
        if s == "none" {
            return Some(GroupSet::NONE);
        }
        let mut set = GroupSet::NONE;
        for part in s.split('+') {
            set.insert(part.parse::<ConsumerGroup>().ok()?);
        }
        Some(set)
    }
}

/// The business a complaint is about, as named in surge alerts: its unified social credit code,
/// or its name normalised (full-width folded, spaces removed) when the code is unknown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BusinessKey {
    /// A unified social credit code.
    Uscc(Uscc),
    /// A normalised name.
    Name(String),
}

impl BusinessKey {
    /// The key for a business with this code or name.
    pub fn new(uscc: Option<Uscc>, name: &str) -> BusinessKey {
        match uscc {
            Some(u) => BusinessKey::Uscc(u),
            None => BusinessKey::Name(normalise_business_name(name)),
        }
    }
}

/// Folds full-width forms and removes white space, so that two spellings of a name compare
/// equal.
pub fn normalise_business_name(name: &str) -> String {
    name.chars()
        .map(weiquan_complaint::normalize::fold_alnum_width)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A consumer's pseudonym: a keyed hash (HMAC-SHA-256, truncated to 128 bits) of the
/// normalised resident ID, else of the mobile number, else of the name and address
/// ([`Keyer::consumer_of`]). It lets disclosure control count distinct consumers and bound
/// each one's contribution; it has no `Serialize`, and leaves the process only inside
/// partial aggregates (which are not published), as 32 hexadecimal digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConsumerKey(u128);

impl ConsumerKey {
    /// A key from raw bits (tests of the bounding logic).
    #[cfg(test)]
    pub(crate) fn from_raw(bits: u128) -> ConsumerKey {
        ConsumerKey(bits)
    }

    /// The key as 32 hexadecimal digits (partials).
    pub(crate) fn to_hex(self) -> String {
        format!("{:032x}", self.0)
    }

    /// Reads [`ConsumerKey::to_hex`].
    pub(crate) fn from_hex(s: &str) -> Option<ConsumerKey> {
        parse_hex128(s).map(ConsumerKey)
    }
}

/// 32 lower-case hexadecimal digits as a number.
pub(crate) fn parse_hex128(s: &str) -> Option<u128> {
    if s.len() != 32 || !s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    u128::from_str_radix(s, 16).ok()
}

impl std::fmt::Debug for ConsumerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConsumerKey(..)")
    }
}

/// A complaint's keyed identity: HMAC-SHA-256 of its id, truncated to 128 bits. Two records
/// with the same key are the same complaint (an exact duplicate when they count the same,
/// a conflict otherwise); partials carry these keys so that merging refuses to count a
/// complaint twice.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordKey(pub(crate) u128);

impl RecordKey {
    /// 64 bits of the key, to order a consumer's records when contributions are bounded.
    pub fn low64(self) -> u64 {
        // Truncation is the point: any 64 bits of a uniform hash are uniform.
        (self.0 & u128::from(u64::MAX)) as u64
    }

    /// A key from raw bits (tests).
    pub fn from_raw(bits: u128) -> RecordKey {
        RecordKey(bits)
    }
}

impl std::fmt::Debug for RecordKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecordKey(..)")
    }
}

type HmacSha256 = Hmac<Sha256>;

/// Makes [`ConsumerKey`]s and [`RecordKey`]s with a secret key (HMAC-SHA-256, RFC 2104, the
/// `hmac` crate).
///
/// Key handling: [`Keyer::random`] draws a 256-bit secret from the operating system's
/// secure random source; it lives only in memory, so the pseudonyms of two runs cannot be
/// linked and nobody (the operator included) can test a known ID number against them. That
/// is what a single run needs (`weiquan stats` without `--consumer-key`). Partial results
/// made in separate processes must recognise the same consumer, so they share a key file
/// (`--consumer-key FILE`, [`Keyer::with_secret`]): it must then be handled like a password
/// (mode 0600, a secrets store, never beside the data or the partials) and rotated per
/// release. [`Keyer::fingerprint`] names a key without revealing it.
#[derive(Clone)]
pub struct Keyer {
    mac: HmacSha256,
}

impl std::fmt::Debug for Keyer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyer(..)")
    }
}

/// Folds full-width forms and removes white space and common separators, so that two
/// spellings of a name or an address compare equal.
fn normalise_text(s: &str) -> String {
    s.chars()
        .map(weiquan_complaint::normalize::fold_alnum_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '－' | '·' | '.' | ',' | '，'))
        .flat_map(char::to_lowercase)
        .collect()
}

impl Keyer {
    /// A keyer with a fresh 256-bit secret from the operating system.
    pub fn random() -> Result<Keyer, Error> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(Error::randomness)?;
        Ok(Keyer::with_secret(&secret))
    }

    /// A keyer with a given secret (any length; HMAC hashes a secret longer than 64 bytes).
    pub fn with_secret(secret: &[u8]) -> Keyer {
        let mac = <HmacSha256 as hmac::digest::KeyInit>::new_from_slice(secret)
            .unwrap_or_else(|_| <HmacSha256 as hmac::digest::KeyInit>::new(&Default::default()));
        Keyer { mac }
    }

    /// HMAC-SHA-256 of `domain`, a zero byte and `message`.
    fn mac(&self, domain: &[u8], message: &[u8]) -> [u8; 32] {
        let mut m = self.mac.clone();
        m.update(domain);
        m.update(&[0u8]);
        m.update(message);
        m.finalize().into_bytes().into()
    }

    fn u128_of(&self, domain: &[u8], message: &[u8]) -> u128 {
        let m = self.mac(domain, message);
        let mut b = [0u8; 16];
        for (d, s) in b.iter_mut().zip(m.iter()) {
            *d = *s;
        }
        u128::from_le_bytes(b)
    }

    /// The pseudonym of the consumer with this identifier, already normalised (18
    /// characters for a resident ID, 11 digits for a mobile). Kept for callers that have
    /// one identifier; [`Keyer::consumer_of`] chooses among the three.
    pub fn consumer(&self, identifier: &str) -> ConsumerKey {
        ConsumerKey(self.u128_of(b"weiquan-stats consumer", identifier.as_bytes()))
    }

    /// The pseudonym of a consumer: of the normalised resident ID when there is one, else of
    /// the mobile number, else of the name and the address (width-folded, white space and
    /// separators removed, lower case). Each kind is hashed in its own domain, so an ID
    /// never equals a mobile. `None` when none is given.
    pub fn consumer_of(
        &self,
        resident_id: Option<&str>,
        mobile: Option<&str>,
        name_address: Option<(&str, &str)>,
    ) -> Option<ConsumerKey> {
        if let Some(id) = resident_id {
            return Some(self.consumer(id));
        }
        if let Some(m) = mobile {
            return Some(ConsumerKey(
                self.u128_of(b"weiquan-stats consumer mobile", m.as_bytes()),
            ));
        }
        let (name, address) = name_address?;
        let (n, a) = (normalise_text(name), normalise_text(address));
        if n.is_empty() || a.is_empty() {
            return None;
        }
        let text = format!("{n}\u{0}{a}");
        Some(ConsumerKey(self.u128_of(
            b"weiquan-stats consumer name+address",
            text.as_bytes(),
        )))
    }

    /// The keyed identity of a complaint id.
    pub fn record(&self, id: &str) -> RecordKey {
        RecordKey(self.u128_of(b"weiquan-stats record", id.as_bytes()))
    }

    /// A public name for the key: HMAC of a fixed text, 128 bits in hex. Two partials made
    /// with the same key have the same fingerprint; it reveals nothing of the key.
    pub fn fingerprint(&self) -> String {
        format!(
            "{:032x}",
            self.u128_of(b"weiquan-stats key fingerprint", b"")
        )
    }
}

/// One complaint as statistics see it: quasi-identifiers and public fields only.
///
/// Direct identifiers (name, ID number, mobile, address, the complaint's id, evidence names —
/// see `weiquan_complaint::FIELD_CLASSES`) are not fields of this type; the consumer appears
/// only as an optional keyed pseudonym, which no output of this crate contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsRecord {
    /// The legal day of receipt (its date in China Standard Time).
    pub received: NaiveDate,
    /// The consumer's county-level division.
    pub region: DivisionCode,
    /// The CCA category.
    pub category: Category,
    /// The nature of the problem.
    pub problem_nature: ProblemNature,
    /// How the complaint was received.
    pub channel: Channel,
    /// The consumer groups.
    pub groups: GroupSet,
    /// The consumer's age in whole years on the day of receipt, when the resident ID was given
    /// (for k-anonymous microdata; it is generalised to bands before release).
    pub age: Option<u8>,
    /// The business complained about (public; used by surge alerts).
    pub business: Option<BusinessKey>,
    /// The consumer's pseudonym, for contribution bounding and distinct-consumer counts.
    pub consumer: Option<ConsumerKey>,
    /// The keyed identity of the complaint's id: exact duplicates count once, partials with a
    /// complaint in common are not merged, and contribution bounding is deterministic.
    pub record_hash: Option<RecordKey>,
    /// The case outcome, when known.
    pub outcome: Option<CaseOutcome>,
}

/// What to compute when a [`StatsRecord`] is made: the costly parts are optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordOptions<'k> {
    /// Keep the business key (surge alerts need it).
    pub business: bool,
    /// Pseudonymise the consumer with this keyer (differential privacy, microdata).
    pub keyer: Option<&'k Keyer>,
    /// Work out the consumer's age from the resident ID (k-anonymous microdata).
    pub age: bool,
}

/// Whole years from `birth` to `on` (0 if `on` is before `birth`), capped at 255.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u8 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u8::try_from(years.max(0)).unwrap_or(u8::MAX)
}

impl StatsRecord {
    /// The record of a validated complaint and its outcome.
    ///
    /// ```
    /// use weiquan_stats::{StatsRecord, RecordOptions, CaseOutcome, OutcomeState};
    /// use weiquan_complaint::{Complaint, Yuan};
    /// let c = Complaint::from_json(&weiquan_synth::generate::sample_json())?;
    /// let outcome = CaseOutcome::new(OutcomeState::Resolved, "120".parse::<Yuan>()?, Some(6))?;
    /// let r = StatsRecord::from_complaint(&c, Some(outcome), RecordOptions::default());
    /// assert_eq!(r.region, c.consumer.division);
    /// assert!(r.consumer.is_none()); // no keyer, no pseudonym
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_complaint(
        c: &Complaint,
        outcome: Option<CaseOutcome>,
        options: RecordOptions<'_>,
    ) -> StatsRecord {
        let received = c.received_at.with_timezone(&cst()).date_naive();
        let (consumer, record_hash) = match options.keyer {
            Some(k) => {
                let id = c.consumer.resident_id.as_ref().map(ToString::to_string);
                let mobile = c.consumer.mobile.to_string();
                let consumer = k.consumer_of(
                    id.as_deref(),
                    Some(&mobile),
                    Some((&c.consumer.name, &c.consumer.address)),
                );
                (consumer, Some(k.record(&c.id)))
            }
            None => (None, None),
        };
        StatsRecord {
            received,
            region: c.consumer.division,
            category: c.purchase.category,
            problem_nature: c.problem_nature,
            channel: c.channel,
            groups: GroupSet::of(&c.consumer.groups),
            age: c
                .consumer
                .resident_id
                .as_ref()
                .filter(|_| options.age)
                .map(|id| age_on(id.birth_date(), received)),
            business: options
                .business
                .then(|| BusinessKey::new(c.business.uscc, &c.business.name)),
            consumer,
            record_hash,
            outcome,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let k = Keyer::with_secret(b"Jefe");
        let mut m = k.mac.clone();
        m.update(b"what do ya want for nothing?");
        let mac: [u8; 32] = m.finalize().into_bytes().into();
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn consumers_are_keyed_by_id_else_mobile_else_name_and_address() {
        let k = Keyer::with_secret(b"k");
        let id = Some("13010219900307123X");
        let by_id = k.consumer_of(id, Some("13800138000"), Some(("王伟", "育才街1号")));
        assert_eq!(by_id, k.consumer_of(id, None, None));
        let by_mobile = k.consumer_of(None, Some("13800138000"), Some(("王伟", "育才街1号")));
        assert_ne!(by_id, by_mobile);
        // Name and address, spelled two ways.
        let a = k.consumer_of(None, None, Some(("王 伟", "育才街１２号")));
        let b = k.consumer_of(None, None, Some(("王伟", "育才街 12 号")));
        assert!(a.is_some());
        assert_eq!(a, b);
        assert_eq!(k.consumer_of(None, None, Some((" ", "x"))), None);
        assert_eq!(k.consumer_of(None, None, None), None);
        // The fingerprint names the key and only the key.
        assert_eq!(k.fingerprint(), Keyer::with_secret(b"k").fingerprint());
        assert_ne!(k.fingerprint(), Keyer::with_secret(b"j").fingerprint());
        assert_eq!(k.fingerprint().len(), 32);
    }

    #[test]
    fn pseudonyms_depend_on_the_secret() {
        let a = Keyer::with_secret(b"one");
        let b = Keyer::with_secret(b"two");
        assert_eq!(a.consumer("13800138000"), a.consumer("13800138000"));
        assert_ne!(a.consumer("13800138000"), b.consumer("13800138000"));
        assert_ne!(a.consumer("13800138000"), a.consumer("13800138001"));
        assert_eq!(format!("{:?}", a.consumer("x")), "ConsumerKey(..)");
    }

    #[test]
    fn groups_and_ages() {
        let s = GroupSet::of(&[ConsumerGroup::Rural, ConsumerGroup::Elderly]);
        assert_eq!(s.code(), "elderly+rural");
        assert_eq!(GroupSet::from_code("elderly+rural"), Some(s));
        assert_eq!(GroupSet::from_code("none"), Some(GroupSet::NONE));
        assert_eq!(GroupSet::from_code("young"), None);
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(age_on(d(1990, 3, 1), d(2025, 2, 28)), 34);
        assert_eq!(age_on(d(1990, 3, 1), d(2025, 3, 1)), 35);
        assert_eq!(age_on(d(2030, 1, 1), d(2025, 3, 1)), 0);
    }

    #[test]
    fn outcome_rules() {
        let y = Yuan::from_yuan(5);
        assert!(CaseOutcome::new(OutcomeState::Resolved, y, Some(3)).is_ok());
        assert_eq!(
            CaseOutcome::new(OutcomeState::Withdrawn, y, None)
                .unwrap_err()
                .code(),
            "stats.parameter"
        );
        assert!(CaseOutcome::new(OutcomeState::Pending, Yuan::ZERO, Some(2)).is_err());
    }

    fn summary(outcome: Option<Outcome>, recovered: Option<Yuan>, days: u32) -> CaseSummary {
        CaseSummary {
            complaint_id: "SJZ-2024-000123".to_owned(),
            procedure: weiquan_caseflow::Procedure::SamrOrder20,
            state: weiquan_caseflow::StateKind::Closed,
            resolved: matches!(outcome, Some(Outcome::Resolved { .. })),
            outcome,
            amount_recovered: recovered,
            received_on: NaiveDate::from_ymd_opt(2024, 5, 10).unwrap(),
            outcome_on: None,
            closed_on: None,
            handling_working_days: days,
            paused_working_days: 0,
            deadlines_met: 0,
            deadlines_missed: 0,
            deadlines_pending: 0,
            satisfaction: None,
            delegated_to: None,
            events: 1,
        }
    }

    #[test]
    fn a_case_summary_gives_the_outcome_statistics_count() {
        use weiquan_caseflow::{NonAcceptanceGround, Settlement, TerminationGround, TransferBasis};
        let paid = Yuan::from_yuan(1299);
        let failed = TerminationGround::AbsentOrRefused;
        let cases = [
            (None, OutcomeState::Pending),
            (
                Some(Outcome::Resolved {
                    amount_recovered: paid,
                    settlement: Settlement::Mediation,
                }),
                OutcomeState::Resolved,
            ),
            (
                Some(Outcome::MediationFailed { ground: failed }),
                OutcomeState::MediationFailed,
            ),
            // A supported lawsuit follows a failed mediation.
            (
                Some(Outcome::LitigationSupported { ground: failed }),
                OutcomeState::MediationFailed,
            ),
            (Some(Outcome::Withdrawn), OutcomeState::Withdrawn),
            (
                Some(Outcome::NotAccepted {
                    ground: NonAcceptanceGround::OutOfScope,
                }),
                OutcomeState::NotAccepted,
            ),
            (
                Some(Outcome::Transferred {
                    to: "石家庄市长安区市场监督管理局".to_owned(),
                    basis: TransferBasis::DispatchedToCompetent,
                }),
                OutcomeState::Referred,
            ),
        ];
        for (outcome, state) in cases {
            let recovered = outcome.as_ref().and_then(Outcome::amount_recovered);
            let o = CaseOutcome::from(&summary(outcome, recovered, 12));
            assert_eq!(o.state, state);
            assert_eq!(o.state.code(), state.code());
            let expected = if state == OutcomeState::Resolved {
                paid
            } else {
                Yuan::ZERO
            };
            assert_eq!(o.recovered, expected, "{state:?}");
            let days = (state != OutcomeState::Pending).then_some(12);
            assert_eq!(o.handling_days, days, "{state:?}");
            assert!(o.check().is_ok(), "{state:?}");
        }
    }

    #[test]
    fn a_summary_that_breaks_the_outcome_rules_still_gives_a_valid_outcome() {
        // Money on an open case, and a handling time beyond u16: neither reaches the outcome.
        let o = CaseOutcome::from(&summary(None, Some(Yuan::from_yuan(5)), 1));
        assert_eq!(
            (o.state, o.recovered, o.handling_days),
            (OutcomeState::Pending, Yuan::ZERO, None)
        );
        let o = CaseOutcome::from(&summary(Some(Outcome::Withdrawn), None, 70_000));
        assert_eq!(o.handling_days, Some(u16::MAX));
        assert!(o.check().is_ok());
    }

    #[test]
    fn outcome_states_have_names_in_both_languages() {
        for s in OutcomeState::ALL {
            assert!(!s.name_zh().is_empty() && !s.name_zh().is_ascii(), "{s:?}");
            assert!(!s.name_en().is_empty() && s.name_en().is_ascii(), "{s:?}");
        }
        assert_eq!(OutcomeState::Pending.name_zh(), "处理中");
        assert_eq!(OutcomeState::Referred.name_en(), "referred");
    }
}
