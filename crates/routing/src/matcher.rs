//! The compiled form of a rule's conditions: bit sets and integers checked against the facts
//! of one complaint without allocating, and the logic the loader uses to find rules that
//! can never match or never be reached.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveTime};
use serde::Serialize;
use weiquan_complaint::{Category, Channel, DivisionCode, OnlineRole, TopCategory, Yuan};

/// Whose division a condition or a result is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The business complained about (its actual place of business or domicile).
    Business,
    /// The operator of the platform an in-platform seller sells on (its domicile).
    PlatformOperator,
    /// The consumer.
    Consumer,
}

impl Party {
    /// The code used in files: `business`, `platform_operator`, `consumer`.
    pub fn code(self) -> &'static str {
        match self {
            Party::Business => "business",
            Party::PlatformOperator => "platform_operator",
            Party::Consumer => "consumer",
        }
    }

    /// From its code.
    pub fn parse(s: &str) -> Option<Party> {
        [Party::Business, Party::PlatformOperator, Party::Consumer]
            .into_iter()
            .find(|p| p.code() == s)
    }

    /// The JSON pointer of the complaint field that gives the division.
    pub fn pointer(self) -> &'static str {
        match self {
            Party::Business => "/business/division",
            Party::PlatformOperator => "/business/online/platform_operator_division",
            Party::Consumer => "/consumer/division",
        }
    }

    pub(crate) fn en(self) -> &'static str {
        match self {
            Party::Business => "business",
            Party::PlatformOperator => "platform operator",
            Party::Consumer => "consumer",
        }
    }

    pub(crate) fn zh(self) -> &'static str {
        match self {
            Party::Business => "被投诉经营者",
            Party::PlatformOperator => "平台经营者",
            Party::Consumer => "消费者",
        }
    }
}

/// A division as a fact: the live code (after resolving abolished codes) and its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Div {
    pub idx: u32,
    pub code: DivisionCode,
}

/// What the rules look at, taken from a complaint once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Facts {
    /// Seconds since the epoch of the received instant.
    pub ts: i64,
    pub channel: Channel,
    pub business: Option<Div>,
    pub platform: Option<Div>,
    pub consumer: Option<Div>,
    pub role: Option<OnlineRole>,
    pub published: bool,
    pub reachable: bool,
    pub category: Category,
    pub amount: Yuan,
}

impl Facts {
    pub fn div(&self, p: Party) -> Option<Div> {
        match p {
            Party::Business => self.business,
            Party::PlatformOperator => self.platform,
            Party::Consumer => self.consumer,
        }
    }

    /// The received date in China Standard Time.
    pub fn received_date(&self) -> NaiveDate {
        DateTime::from_timestamp(self.ts.saturating_add(CST_SECONDS), 0)
            .map_or(NaiveDate::MIN, |d| d.date_naive())
    }
}

const CST_SECONDS: i64 = 8 * 3600;

/// The instant a date begins in China Standard Time, in seconds since the epoch.
pub(crate) fn cst_midnight(date: NaiveDate) -> i64 {
    date.and_time(NaiveTime::MIN).and_utc().timestamp() - CST_SECONDS
}

fn bit(n: u32) -> u64 {
    1u64.checked_shl(n).unwrap_or(0)
}

pub(crate) fn channel_bit(c: Channel) -> u64 {
    bit(c as u32)
}

pub(crate) fn role_bit(r: OnlineRole) -> u64 {
    bit(r as u32)
}

pub(crate) fn top_bit(t: TopCategory) -> u64 {
    bit(t as u32)
}

/// Whether `code` lies within `region` (or is it), by the shape of the codes.
pub(crate) fn within(code: DivisionCode, region: DivisionCode) -> bool {
    code.is_within(region)
}

/// Two regions share no territory.
fn disjoint(a: DivisionCode, b: DivisionCode) -> bool {
    !within(a, b) && !within(b, a)
}

/// A set of CCA categories: majors (with all their items) and single items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CatSet {
    pub majors: u64,
    pub minors: u64,
}

impl CatSet {
    pub fn add(&mut self, c: Category) {
        match c.minor() {
            Some(m) => self.minors |= bit(m as u32),
            None => self.majors |= bit(c.major() as u32),
        }
    }

    pub fn contains(&self, c: Category) -> bool {
        self.majors & bit(c.major() as u32) != 0
            || c.minor().is_some_and(|m| self.minors & bit(m as u32) != 0)
    }

    /// Every complaint category in `other` is in `self`.
    fn covers(&self, other: &CatSet) -> bool {
        let majors_ok = other.majors & !self.majors == 0;
        let minors_ok = weiquan_complaint::MinorCategory::ALL.iter().all(|m| {
            other.minors & bit(*m as u32) == 0
                || self.minors & bit(*m as u32) != 0
                || self.majors & bit(m.major() as u32) != 0
        });
        majors_ok && minors_ok
    }

    /// The top categories of its entries.
    fn tops(&self) -> u64 {
        let mut t = 0;
        for m in weiquan_complaint::MajorCategory::ALL {
            if self.majors & bit(*m as u32) != 0 {
                t |= top_bit(m.top());
            }
        }
        for m in weiquan_complaint::MinorCategory::ALL {
            if self.minors & bit(*m as u32) != 0 {
                t |= top_bit(m.major().top());
            }
        }
        t
    }
}

/// Conditions on one party's division.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DivCond {
    pub known: Option<bool>,
    pub within: Option<Vec<DivisionCode>>,
    pub outside: Vec<DivisionCode>,
}

impl DivCond {
    fn requires_known(&self) -> bool {
        self.known == Some(true) || self.within.is_some() || !self.outside.is_empty()
    }

    #[inline]
    fn check(&self, party: Party, d: Option<Div>) -> Result<(), Mismatch> {
        if self.known.is_none() && self.within.is_none() && self.outside.is_empty() {
            return Ok(());
        }
        match d {
            None => {
                if self.requires_known() {
                    return Err(Mismatch::DivisionUnknown { party });
                }
            }
            Some(d) => {
                if self.known == Some(false) {
                    return Err(Mismatch::DivisionKnown {
                        party,
                        code: d.code,
                    });
                }
                if let Some(list) = &self.within
                    && !list.iter().any(|r| within(d.code, *r))
                {
                    return Err(Mismatch::NotWithin {
                        party,
                        code: d.code,
                    });
                }
                if let Some(r) = self.outside.iter().find(|r| within(d.code, **r)) {
                    return Err(Mismatch::NotOutside {
                        party,
                        code: d.code,
                        region: *r,
                    });
                }
            }
        }
        Ok(())
    }

    /// `self ⇒ other` for every division.
    fn implies(&self, other: &DivCond) -> bool {
        let known_ok = match other.known {
            None => true,
            Some(true) => self.requires_known(),
            Some(false) => self.known == Some(false),
        };
        let within_ok = match (&other.within, &self.within) {
            (None, _) => true,
            (Some(a), Some(b)) => b.iter().all(|x| a.iter().any(|y| within(*x, *y))),
            (Some(_), None) => false,
        };
        let outside_ok = other.outside.iter().all(|x| {
            self.outside.iter().any(|y| within(*x, *y))
                || self
                    .within
                    .as_ref()
                    .is_some_and(|w| w.iter().all(|b| disjoint(*b, *x)))
        });
        known_ok && within_ok && outside_ok
    }

    fn contradiction(&self) -> Option<&'static str> {
        if self.known == Some(false) && (self.within.is_some() || !self.outside.is_empty()) {
            return Some("requires the division to be unknown and also places it");
        }
        if let Some(w) = &self.within {
            if w.is_empty() {
                return Some("an empty `within` list matches nothing");
            }
            if w.iter()
                .all(|x| self.outside.iter().any(|o| within(*x, *o)))
            {
                return Some("every `within` region lies inside an `outside` region");
            }
        }
        None
    }
}

/// A rule's conditions, compiled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Cond {
    pub channels: Option<u64>,
    pub business: DivCond,
    pub platform: DivCond,
    pub consumer: DivCond,
    pub online: Option<bool>,
    pub roles: Option<u64>,
    pub published: Option<bool>,
    pub reachable: Option<bool>,
    pub contactable: Option<bool>,
    pub cats: Option<CatSet>,
    pub tops: Option<u64>,
    pub amount_min: Option<Yuan>,
    pub amount_below: Option<Yuan>,
    pub from: Option<(NaiveDate, i64)>,
    pub before: Option<(NaiveDate, i64)>,
}

impl Cond {
    /// Whether the facts meet every condition, or the first that fails (in the order:
    /// channel, category, online, then [`Cond::check_dynamic`]).
    pub fn check(&self, f: &Facts) -> Result<(), Mismatch> {
        self.check_channel(f.channel)?;
        self.check_category(f.category)?;
        self.check_online(f.role, f.published, f.reachable)?;
        self.check_dynamic(f)
    }

    /// The channel condition.
    pub fn check_channel(&self, channel: Channel) -> Result<(), Mismatch> {
        match self.channels {
            Some(m) if m & channel_bit(channel) == 0 => Err(Mismatch::Channel { channel }),
            _ => Ok(()),
        }
    }

    /// The category conditions.
    pub fn check_category(&self, category: Category) -> Result<(), Mismatch> {
        if let Some(c) = self.cats
            && !c.contains(category)
        {
            return Err(Mismatch::Category { category });
        }
        if let Some(t) = self.tops
            && t & top_bit(category.top()) == 0
        {
            return Err(Mismatch::TopCategory {
                top: category.top(),
            });
        }
        Ok(())
    }

    /// The online conditions.
    pub fn check_online(
        &self,
        role: Option<OnlineRole>,
        published: bool,
        reachable: bool,
    ) -> Result<(), Mismatch> {
        if self.needs_online() {
            let Some(role) = role else {
                return Err(Mismatch::NotOnline);
            };
            if self.online == Some(false) {
                return Err(Mismatch::Online { role });
            }
            if let Some(m) = self.roles
                && m & role_bit(role) == 0
            {
                return Err(Mismatch::Role { role });
            }
            if let Some(want) = self.published
                && want != published
            {
                return Err(Mismatch::AddressPublished { actual: published });
            }
            if let Some(want) = self.reachable
                && want != reachable
            {
                return Err(Mismatch::Reachable { actual: reachable });
            }
            if let Some(want) = self.contactable
                && want != (published && reachable)
            {
                return Err(Mismatch::Contactable {
                    published,
                    reachable,
                });
            }
        } else if self.online == Some(false)
            && let Some(role) = role
        {
            return Err(Mismatch::Online { role });
        }
        Ok(())
    }

    /// The conditions on values with many possible values: dates, divisions, amounts.
    /// The router checks the others once per complaint through its prefilter tables.
    #[inline]
    pub fn check_dynamic(&self, f: &Facts) -> Result<(), Mismatch> {
        if let Some((date, ts)) = self.from
            && f.ts < ts
        {
            return Err(Mismatch::ReceivedBefore { from: date });
        }
        if let Some((date, ts)) = self.before
            && f.ts >= ts
        {
            return Err(Mismatch::ReceivedOnOrAfter { before: date });
        }
        self.business.check(Party::Business, f.business)?;
        self.platform.check(Party::PlatformOperator, f.platform)?;
        self.consumer.check(Party::Consumer, f.consumer)?;
        if let Some(min) = self.amount_min
            && f.amount < min
        {
            return Err(Mismatch::AmountBelow {
                amount: f.amount,
                min,
            });
        }
        if let Some(limit) = self.amount_below
            && f.amount >= limit
        {
            return Err(Mismatch::AmountNotBelow {
                amount: f.amount,
                limit,
            });
        }
        Ok(())
    }

    /// Whether the conditions only hold for a business selling online.
    fn needs_online(&self) -> bool {
        self.online == Some(true)
            || self.roles.is_some()
            || self.published.is_some()
            || self.reachable.is_some()
            || self.contactable.is_some()
    }

    /// Whether the conditions need this party's division to be known.
    pub fn requires_known(&self, p: Party) -> bool {
        match p {
            Party::Business => self.business.requires_known(),
            Party::PlatformOperator => self.platform.requires_known(),
            Party::Consumer => self.consumer.requires_known(),
        }
    }

    /// `self ⇒ other`: every complaint that meets `self` meets `other`. Sound but not
    /// complete: `false` means "not shown", never a wrong `true`.
    pub fn implies(&self, other: &Cond) -> bool {
        let set = |a: Option<u64>, b: Option<u64>| match (b, a) {
            (None, _) => true,
            (Some(b), Some(a)) => a & !b == 0,
            (Some(_), None) => false,
        };
        let flag = |a: Option<bool>, b: Option<bool>| b.is_none() || a == b;
        let online_ok = match other.online {
            None => true,
            Some(true) => self.needs_online() || self.platform.requires_known(),
            Some(false) => self.online == Some(false),
        };
        let contactable_ok = match other.contactable {
            None => true,
            Some(v) if self.contactable == Some(v) => true,
            Some(false) => self.published == Some(false) || self.reachable == Some(false),
            Some(true) => self.published == Some(true) && self.reachable == Some(true),
        };
        let cats_ok = match (&other.cats, &self.cats) {
            (None, _) => true,
            (Some(b), Some(a)) => b.covers(a),
            (Some(_), None) => false,
        };
        let tops_ok = match other.tops {
            None => true,
            Some(t) => {
                self.tops.is_some_and(|a| a & !t == 0)
                    || self.cats.is_some_and(|c| c.tops() & !t == 0)
            }
        };
        let min_ok = match (other.amount_min, self.amount_min) {
            (None, _) => true,
            (Some(b), Some(a)) => a >= b,
            (Some(_), None) => false,
        };
        let below_ok = match (other.amount_below, self.amount_below) {
            (None, _) => true,
            (Some(b), Some(a)) => a <= b,
            (Some(_), None) => false,
        };
        let from_ok = match (other.from, self.from) {
            (None, _) => true,
            (Some(b), Some(a)) => a.1 >= b.1,
            (Some(_), None) => false,
        };
        let before_ok = match (other.before, self.before) {
            (None, _) => true,
            (Some(b), Some(a)) => a.1 <= b.1,
            (Some(_), None) => false,
        };
        set(self.channels, other.channels)
            && set(self.roles, other.roles)
            && online_ok
            && flag(self.published, other.published)
            && flag(self.reachable, other.reachable)
            && contactable_ok
            && cats_ok
            && tops_ok
            && min_ok
            && below_ok
            && from_ok
            && before_ok
            && self.business.implies(&other.business)
            && self.platform.implies(&other.platform)
            && self.consumer.implies(&other.consumer)
    }

    /// Why the conditions can never all hold, if they cannot.
    pub fn contradiction(&self) -> Option<String> {
        let empty = |m: Option<u64>| m == Some(0);
        if empty(self.channels) || empty(self.roles) || empty(self.tops) {
            return Some("an empty list matches nothing".into());
        }
        if self.cats == Some(CatSet::default()) {
            return Some("an empty `categories` list matches nothing".into());
        }
        if self.online == Some(false) && (self.needs_online() || self.platform.requires_known()) {
            return Some(
                "`online = false` with conditions that only an online business meets".into(),
            );
        }
        if self.contactable == Some(true)
            && (self.published == Some(false) || self.reachable == Some(false))
        {
            return Some(
                "`seller_contactable = true` with an address not published or not reachable".into(),
            );
        }
        if self.contactable == Some(false)
            && self.published == Some(true)
            && self.reachable == Some(true)
        {
            return Some(
                "`seller_contactable = false` with an address published and reachable".into(),
            );
        }
        if let (Some(c), Some(t)) = (self.cats, self.tops)
            && c.tops() & t == 0
        {
            return Some("no category listed belongs to a top category listed".into());
        }
        if let (Some(min), Some(below)) = (self.amount_min, self.amount_below)
            && min >= below
        {
            return Some(format!(
                "`amount_at_least = {min}` is not below `amount_below = {below}`"
            ));
        }
        if let (Some(from), Some(before)) = (self.from, self.before)
            && from.1 >= before.1
        {
            return Some(format!(
                "`received_from = {}` is not before `received_before = {}`",
                from.0, before.0
            ));
        }
        for (name, d) in [
            ("business", &self.business),
            ("platform_operator", &self.platform),
            ("consumer", &self.consumer),
        ] {
            if let Some(why) = d.contradiction() {
                return Some(format!("{name}: {why}"));
            }
        }
        None
    }
}

/// Why a rule's conditions did not hold for a complaint: the first condition that failed,
/// with the complaint's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mismatch {
    /// The channel is not listed.
    Channel {
        /// The complaint's channel.
        channel: Channel,
    },
    /// The category is not listed.
    Category {
        /// The complaint's category.
        category: Category,
    },
    /// The top category is not listed.
    TopCategory {
        /// The complaint's top category.
        top: TopCategory,
    },
    /// The rule is for businesses selling online; this one does not.
    NotOnline,
    /// The rule is for businesses not selling online; this one does.
    Online {
        /// How it sells online.
        role: OnlineRole,
    },
    /// The online role is not listed.
    Role {
        /// The complaint's online role.
        role: OnlineRole,
    },
    /// `address_published` differs.
    AddressPublished {
        /// The complaint's value.
        actual: bool,
    },
    /// `reachable_at_address` differs.
    Reachable {
        /// The complaint's value.
        actual: bool,
    },
    /// `seller_contactable` differs.
    Contactable {
        /// Whether the seller published its address.
        published: bool,
        /// Whether it can be reached there.
        reachable: bool,
    },
    /// The party's division is not known.
    DivisionUnknown {
        /// Whose.
        party: Party,
    },
    /// The rule wants the party's division unknown; it is known.
    DivisionKnown {
        /// Whose.
        party: Party,
        /// The division.
        code: DivisionCode,
    },
    /// The division lies in none of the rule's regions.
    NotWithin {
        /// Whose.
        party: Party,
        /// The division (after resolving an abolished code).
        code: DivisionCode,
    },
    /// The division lies in a region the rule excludes.
    NotOutside {
        /// Whose.
        party: Party,
        /// The division.
        code: DivisionCode,
        /// The excluded region it lies in.
        region: DivisionCode,
    },
    /// The amount is below the rule's minimum.
    AmountBelow {
        /// The amount paid.
        amount: Yuan,
        /// The minimum.
        min: Yuan,
    },
    /// The amount is not below the rule's limit.
    AmountNotBelow {
        /// The amount paid.
        amount: Yuan,
        /// The limit.
        limit: Yuan,
    },
    /// Received before the rule's first day.
    ReceivedBefore {
        /// The rule's first day.
        from: NaiveDate,
    },
    /// Received on or after the rule's end.
    ReceivedOnOrAfter {
        /// The day the rule stops applying.
        before: NaiveDate,
    },
}

impl Mismatch {
    /// A stable code, e.g. `category`, `not_within`.
    pub fn code(&self) -> &'static str {
        match self {
            Mismatch::Channel { .. } => "channel",
            Mismatch::Category { .. } => "category",
            Mismatch::TopCategory { .. } => "top_category",
            Mismatch::NotOnline => "not_online",
            Mismatch::Online { .. } => "online",
            Mismatch::Role { .. } => "online_role",
            Mismatch::AddressPublished { .. } => "address_published",
            Mismatch::Reachable { .. } => "reachable_at_address",
            Mismatch::Contactable { .. } => "seller_contactable",
            Mismatch::DivisionUnknown { .. } => "division_unknown",
            Mismatch::DivisionKnown { .. } => "division_known",
            Mismatch::NotWithin { .. } => "not_within",
            Mismatch::NotOutside { .. } => "not_outside",
            Mismatch::AmountBelow { .. } => "amount_below_minimum",
            Mismatch::AmountNotBelow { .. } => "amount_not_below_limit",
            Mismatch::ReceivedBefore { .. } => "received_before_rule",
            Mismatch::ReceivedOnOrAfter { .. } => "received_after_rule",
        }
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::Channel { channel } => {
                write!(f, "channel {channel} is not one the rule lists")
            }
            Mismatch::Category { category } => {
                write!(f, "category {category} is not one the rule lists")
            }
            Mismatch::TopCategory { top } => {
                write!(f, "top category {top} is not one the rule lists")
            }
            Mismatch::NotOnline => f.write_str("the business does not sell online"),
            Mismatch::Online { role } => write!(f, "the business sells online ({role})"),
            Mismatch::Role { role } => write!(f, "online role {role} is not one the rule lists"),
            Mismatch::AddressPublished { actual } => write!(f, "address_published is {actual}"),
            Mismatch::Reachable { actual } => write!(f, "reachable_at_address is {actual}"),
            Mismatch::Contactable {
                published,
                reachable,
            } => write!(
                f,
                "the seller's address is {} and it {} be reached there",
                if *published {
                    "published"
                } else {
                    "not published"
                },
                if *reachable { "can" } else { "cannot" }
            ),
            Mismatch::DivisionUnknown { party } => {
                write!(f, "the {}'s division is not known", party.en())
            }
            Mismatch::DivisionKnown { party, code } => {
                write!(f, "the {}'s division is known ({code})", party.en())
            }
            Mismatch::NotWithin { party, code } => write!(
                f,
                "the {}'s division {code} lies in none of the rule's regions",
                party.en()
            ),
            Mismatch::NotOutside {
                party,
                code,
                region,
            } => {
                write!(
                    f,
                    "the {}'s division {code} lies within {region}, which the rule excludes",
                    party.en()
                )
            }
            Mismatch::AmountBelow { amount, min } => write!(f, "amount {amount} is below {min}"),
            Mismatch::AmountNotBelow { amount, limit } => {
                write!(f, "amount {amount} is not below {limit}")
            }
            Mismatch::ReceivedBefore { from } => {
                write!(f, "received before {from}, when the rule starts")
            }
            Mismatch::ReceivedOnOrAfter { before } => {
                write!(f, "received on or after {before}, when the rule stops")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use weiquan_complaint::{MajorCategory, MinorCategory};

    fn code(s: &str) -> DivisionCode {
        s.parse().unwrap()
    }

    fn cats(list: &[Category]) -> CatSet {
        let mut s = CatSet::default();
        for c in list {
            s.add(*c);
        }
        s
    }

    #[test]
    fn category_sets() {
        let finance = Category::major_only(MajorCategory::Finance);
        let education = Category::item(MinorCategory::Education);
        let s = cats(&[finance, education]);
        assert!(s.contains(finance));
        assert!(s.contains(education));
        assert!(!s.contains(Category::item(MinorCategory::Training)));
        assert!(!s.contains(Category::major_only(MajorCategory::EducationTraining)));
        let wide = cats(&[Category::major_only(MajorCategory::EducationTraining)]);
        assert!(wide.covers(&cats(&[education])));
        assert!(!cats(&[education]).covers(&wide));
    }

    #[test]
    fn division_implication() {
        let within = |l: &[&str]| DivCond {
            within: Some(l.iter().map(|c| code(c)).collect()),
            ..DivCond::default()
        };
        let outside = |l: &[&str]| DivCond {
            outside: l.iter().map(|c| code(c)).collect(),
            ..DivCond::default()
        };
        assert!(within(&["130102"]).implies(&within(&["130100"])));
        assert!(!within(&["130100"]).implies(&within(&["130102"])));
        assert!(within(&["110105"]).implies(&outside(&["130100"])));
        assert!(!within(&["130000"]).implies(&outside(&["130100"])));
        assert!(outside(&["130000"]).implies(&outside(&["130100"])));
        assert!(within(&["130100"]).implies(&DivCond {
            known: Some(true),
            ..DivCond::default()
        }));
        assert!(DivCond::default().implies(&DivCond::default()));
        assert_eq!(
            DivCond {
                within: Some(vec![code("130102")]),
                outside: vec![code("130100")],
                known: None
            }
            .contradiction(),
            Some("every `within` region lies inside an `outside` region")
        );
    }

    #[test]
    fn cst_boundaries() {
        let d = NaiveDate::from_ymd_opt(2026, 4, 15).unwrap();
        // 2026-04-15T00:00+08:00 is 2026-04-14T16:00Z.
        assert_eq!(cst_midnight(d), 1_776_182_400);
        let f = |ts| Facts {
            ts,
            channel: Channel::Hotline12315,
            business: None,
            platform: None,
            consumer: None,
            role: None,
            published: true,
            reachable: true,
            category: Category::major_only(MajorCategory::Food),
            amount: Yuan::from_yuan(1),
        };
        assert_eq!(f(1_776_182_400).received_date(), d);
        assert_eq!(f(1_776_182_399).received_date(), d.pred_opt().unwrap());
    }
}
