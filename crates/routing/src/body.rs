//! Bodies that handle complaints: market-regulation bureaus, consumer associations, sector
//! regulators — listed in the ruleset file — and the bodies generated for divisions the file
//! does not list (a business elsewhere is referred to its own county's bureau).

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use weiquan_caseflow::ProcedureSelection;
use weiquan_complaint::DivisionCode;

use crate::Router;

macro_rules! kinds {
    ($(#[$m:meta])* $name:ident { $( $(#[$vm:meta])* $v:ident = $code:literal ),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $( $(#[$vm])* $v ),+ }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The code used in files and JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$v => $code),+ }
            }

            /// From its code.
            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|k| k.code() == s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

kinds! {
    /// What a body is.
    BodyKind {
        /// A market-regulation department (市场监督管理局), the 12315 system.
        MarketRegulation = "market_regulation",
        /// A consumer association or consumer-rights committee (消费者协会/消费者权益保护委员会).
        ConsumerAssociation = "consumer_association",
        /// The banking and insurance regulator (国家金融监督管理总局 and its offices).
        FinancialRegulator = "financial_regulator",
        /// The central bank (中国人民银行): payment services, credit reporting.
        CentralBank = "central_bank",
        /// The telecommunications regulator (通信管理局, 工信部电信用户申诉受理中心).
        TelecomRegulator = "telecom_regulator",
        /// The health commission (卫生健康委员会): medical services.
        Health = "health",
        /// The education bureau (教育局).
        Education = "education",
        /// The transport bureau (交通运输局).
        Transport = "transport",
        /// The postal administration (邮政管理局): postal and courier services.
        Postal = "postal",
        /// The culture and tourism bureau (文化广电和旅游局).
        CultureTourism = "culture_tourism",
        /// Anything else.
        Other = "other",
    }
}

impl BodyKind {
    /// Whether a body of this kind can be generated for a division the file does not list:
    /// every county has a market-regulation department and, usually, a consumer association.
    pub fn generatable(self) -> bool {
        matches!(
            self,
            BodyKind::MarketRegulation | BodyKind::ConsumerAssociation
        )
    }

    fn suffix_zh(self) -> &'static str {
        match self {
            BodyKind::MarketRegulation => "市场监督管理局",
            BodyKind::ConsumerAssociation => "消费者协会",
            _ => "",
        }
    }

    /// What a generated body's English name starts with.
    fn title_en(self) -> &'static str {
        match self {
            BodyKind::MarketRegulation => "Administration for Market Regulation",
            BodyKind::ConsumerAssociation => "Consumers' Association",
            _ => "body",
        }
    }

    /// The kind's name in Chinese, e.g. `市场监管部门` (the name of the kind, not of a body).
    pub fn name_zh(self) -> &'static str {
        match self {
            BodyKind::MarketRegulation => "市场监管部门",
            BodyKind::ConsumerAssociation => "消费者协会",
            BodyKind::FinancialRegulator => "金融监管部门",
            BodyKind::CentralBank => "人民银行",
            BodyKind::TelecomRegulator => "通信管理部门",
            BodyKind::Health => "卫生健康部门",
            BodyKind::Education => "教育部门",
            BodyKind::Transport => "交通运输部门",
            BodyKind::Postal => "邮政管理部门",
            BodyKind::CultureTourism => "文化和旅游部门",
            BodyKind::Other => "其他",
        }
    }

    /// The kind's name in English, e.g. `market regulation`.
    pub fn name_en(self) -> &'static str {
        match self {
            BodyKind::MarketRegulation => "market regulation",
            BodyKind::ConsumerAssociation => "consumer association",
            BodyKind::FinancialRegulator => "financial regulator",
            BodyKind::CentralBank => "central bank",
            BodyKind::TelecomRegulator => "telecoms regulator",
            BodyKind::Health => "health commission",
            BodyKind::Education => "education bureau",
            BodyKind::Transport => "transport bureau",
            BodyKind::Postal => "postal administration",
            BodyKind::CultureTourism => "culture and tourism bureau",
            BodyKind::Other => "other",
        }
    }

    /// The procedure a case is opened under when a complaint is routed to a body of this
    /// kind. A consumer association runs its own procedure. Every other body — a
    /// market-regulation department, and a sector regulator, which a complaint reaches
    /// through the market-regulation intake (12315) that must refer it within its acceptance
    /// deadline — is the market-regulation procedure, whose version (SAMR Order No. 20 or
    /// No. 121) caseflow chooses by the date received.
    ///
    /// ```
    /// use weiquan_caseflow::ProcedureSelection;
    /// use weiquan_routing::BodyKind;
    ///
    /// assert_eq!(BodyKind::ConsumerAssociation.procedure_selection(),
    ///            ProcedureSelection::ConsumerAssociation);
    /// assert_eq!(BodyKind::TelecomRegulator.procedure_selection(),
    ///            ProcedureSelection::MarketRegulation);
    /// ```
    pub fn procedure_selection(self) -> ProcedureSelection {
        match self {
            BodyKind::ConsumerAssociation => ProcedureSelection::ConsumerAssociation,
            BodyKind::MarketRegulation
            | BodyKind::FinancialRegulator
            | BodyKind::CentralBank
            | BodyKind::TelecomRegulator
            | BodyKind::Health
            | BodyKind::Education
            | BodyKind::Transport
            | BodyKind::Postal
            | BodyKind::CultureTourism
            | BodyKind::Other => ProcedureSelection::MarketRegulation,
        }
    }
}

kinds! {
    /// How a body can be reached.
    ContactKind {
        /// A telephone hotline.
        Hotline = "hotline",
        /// A web site.
        Web = "web",
        /// A mobile app or mini-program.
        App = "app",
        /// A service window, in person.
        Window = "window",
        /// Post.
        Mail = "mail",
    }
}

/// One way to reach a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactChannel {
    /// Which kind of channel.
    pub kind: ContactKind,
    /// The number, address or name.
    pub value: String,
}

/// A body listed in the ruleset file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Body {
    /// Its id, e.g. `samr.130102`.
    pub id: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// What it is.
    pub kind: BodyKind,
    /// The division it serves (`None` for a national body).
    pub division: Option<DivisionCode>,
    /// The id of the body above it.
    pub superior: Option<String>,
    /// How to reach it.
    pub channels: Vec<ContactChannel>,
    /// A note (e.g. what is unconfirmed).
    pub note: Option<String>,
}

/// A body a decision names: listed in the file, or generated for a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyRef {
    /// The listed body at this index of [`Router::bodies`].
    Listed(u32),
    /// A body of this kind generated for the division at this index of the registry.
    Generated(BodyKind, u32),
}

/// A body together with the router that knows its names.
#[derive(Clone, Copy)]
pub struct BodyView<'r> {
    router: &'r Router,
    body: BodyRef,
}

impl fmt::Debug for BodyView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BodyView({})", self.id())
    }
}

impl PartialEq for BodyView<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.router, other.router) && self.body == other.body
    }
}

impl<'r> BodyView<'r> {
    pub(crate) fn new(router: &'r Router, body: BodyRef) -> BodyView<'r> {
        BodyView { router, body }
    }

    /// The reference, for comparing and for [`Router::body_view`].
    pub fn body_ref(&self) -> BodyRef {
        self.body
    }

    /// The listed body, when it is one.
    pub fn listed(&self) -> Option<&'r Body> {
        match self.body {
            BodyRef::Listed(i) => self.router.bodies().get(i as usize),
            BodyRef::Generated(..) => None,
        }
    }

    fn generated_division(&self) -> Option<DivisionCode> {
        match self.body {
            BodyRef::Generated(_, d) => self.router.registry().at(d).map(|d| d.code),
            BodyRef::Listed(_) => None,
        }
    }

    /// Its id: the listed id, or `generated.<kind>.<division>` (e.g.
    /// `generated.market_regulation.330110`).
    pub fn id(&self) -> Cow<'r, str> {
        match (self.listed(), self.body) {
            (Some(b), _) => Cow::Borrowed(b.id.as_str()),
            (None, BodyRef::Generated(kind, _)) => Cow::Owned(format!(
                "generated.{kind}.{}",
                self.generated_division()
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            )),
            (None, BodyRef::Listed(i)) => Cow::Owned(format!("listed.{i}")),
        }
    }

    /// Its name in Chinese; a generated body's name is built from the division's name, e.g.
    /// `杭州市余杭区市场监督管理局`.
    pub fn name_zh(&self) -> Cow<'r, str> {
        match (self.listed(), self.body) {
            (Some(b), _) => Cow::Borrowed(b.name_zh.as_str()),
            (None, BodyRef::Generated(kind, _)) => {
                let place = self
                    .generated_division()
                    .and_then(|d| self.router.registry().office_name(d))
                    .unwrap_or_default();
                Cow::Owned(format!("{place}{}", kind.suffix_zh()))
            }
            (None, BodyRef::Listed(_)) => Cow::Borrowed(""),
        }
    }

    /// Its name in English; a generated body's says what it is and where.
    pub fn name_en(&self) -> Cow<'r, str> {
        match (self.listed(), self.body) {
            (Some(b), _) => Cow::Borrowed(b.name_en.as_str()),
            (None, BodyRef::Generated(kind, _)) => {
                let d = self.generated_division();
                let place = d
                    .and_then(|d| self.router.registry().office_name(d))
                    .unwrap_or_default();
                Cow::Owned(format!(
                    "{} of {place} ({})",
                    kind.title_en(),
                    d.map(|d| d.to_string()).unwrap_or_default()
                ))
            }
            (None, BodyRef::Listed(_)) => Cow::Borrowed(""),
        }
    }

    /// What it is.
    pub fn kind(&self) -> BodyKind {
        match (self.listed(), self.body) {
            (Some(b), _) => b.kind,
            (None, BodyRef::Generated(kind, _)) => kind,
            (None, BodyRef::Listed(_)) => BodyKind::Other,
        }
    }

    /// The division it serves (`None` for a national body).
    pub fn division(&self) -> Option<DivisionCode> {
        match self.listed() {
            Some(b) => b.division,
            None => self.generated_division(),
        }
    }

    /// The name of its division, e.g. `长安区`.
    pub fn division_name(&self) -> Option<&'r str> {
        let d = self.division()?;
        self.router.registry().get(d).map(|d| d.name.as_str())
    }

    /// Whether the body was generated rather than listed in the file.
    pub fn is_generated(&self) -> bool {
        matches!(self.body, BodyRef::Generated(..))
    }

    /// Whether it is a generated body outside the ruleset's city: an external referral.
    pub fn is_external(&self) -> bool {
        self.is_generated()
            && self
                .division()
                .is_some_and(|d| !d.is_within(self.router.city()))
    }

    /// How to reach it (nothing is known for a generated body).
    pub fn channels(&self) -> &'r [ContactChannel] {
        self.listed().map_or(&[], |b| b.channels.as_slice())
    }

    /// The body above it, if the file says.
    pub fn superior(&self) -> Option<BodyView<'r>> {
        let id = self.listed()?.superior.as_deref()?;
        self.router.body_by_id(id)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chrono::NaiveDate;
    use weiquan_caseflow::Procedure;

    use super::*;

    #[test]
    fn every_kind_has_its_own_names_in_both_languages() {
        let zh: BTreeSet<&str> = BodyKind::ALL.iter().map(|k| k.name_zh()).collect();
        let en: BTreeSet<&str> = BodyKind::ALL.iter().map(|k| k.name_en()).collect();
        assert_eq!(
            (zh.len(), en.len()),
            (BodyKind::ALL.len(), BodyKind::ALL.len())
        );
        for k in BodyKind::ALL {
            assert!(!k.name_zh().is_ascii(), "{k}");
            assert!(k.name_en().is_ascii() && !k.name_en().is_empty(), "{k}");
        }
    }

    #[test]
    fn an_association_runs_its_own_procedure_and_every_other_body_the_bureaus() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap_or_default();
        for k in BodyKind::ALL {
            let on = |d| k.procedure_selection().resolve(day(d)).ok();
            if *k == BodyKind::ConsumerAssociation {
                assert_eq!(on("2026-04-14"), Some(Procedure::ConsumerAssociation));
                assert_eq!(on("2026-04-15"), Some(Procedure::ConsumerAssociation));
            } else {
                // The bureaus' procedure by the date received: Order No. 20, then No. 121.
                assert_eq!(on("2026-04-14"), Some(Procedure::SamrOrder20), "{k}");
                assert_eq!(on("2026-04-15"), Some(Procedure::SamrOrder121), "{k}");
            }
        }
    }
}
