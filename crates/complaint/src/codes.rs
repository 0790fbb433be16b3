//! Small closed vocabularies that serialise as snake_case codes: problem natures, channels,
//! consumer groups, claim and evidence kinds, the purpose of a purchase and who handled a
//! dispute before.

use crate::error::CodeKind;

/// Declares a closed vocabulary: a `Copy` enum with a stable code, a Chinese and an English
/// name, `ALL`, `FromStr`, serde as the code, and a JSON Schema `enum`.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $kind:expr, {
            $( $(#[$vmeta:meta])* $variant:ident = ($code:literal, $zh:literal, $en:literal), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the conventional order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese name.
            pub fn name_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// The English name.
            pub fn name_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let t = s.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code() == t || v.name_zh() == t)
                    .ok_or_else(|| crate::Error::UnknownCode { kind: $kind, value: weiquan_support::mask::echo(s) })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::serde_util::from_str_visitor(d, concat!("a ", stringify!($name), " code"))
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let codes: Vec<&str> = $name::ALL.iter().map(|v| v.code()).collect();
                schemars::json_schema!({ "type": "string", "enum": codes })
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// The nature of the problem complained about (投诉性质), the ten CCA categories in the
    /// conventional order of its tables (`cca_categories.json`).
    ProblemNature, CodeKind::ProblemNature, {
        /// 质量问题.
        Quality = ("quality", "质量", "quality"),
        /// 安全问题.
        Safety = ("safety", "安全", "safety"),
        /// 价格问题.
        Price = ("price", "价格", "price"),
        /// 计量问题.
        Metrology = ("metrology", "计量", "measurement"),
        /// 假冒问题.
        Counterfeit = ("counterfeit", "假冒", "counterfeit"),
        /// 合同问题.
        Contract = ("contract", "合同", "contract"),
        /// 虚假宣传问题.
        FalseAdvertising = ("false_advertising", "虚假宣传", "false advertising"),
        /// 人格尊严问题.
        PersonalDignity = ("personal_dignity", "人格尊严", "personal dignity"),
        /// 售后服务问题.
        AfterSales = ("after_sales", "售后服务", "after-sales service"),
        /// 其他问题.
        Other = ("other", "其他", "other"),
    }
}

vocabulary! {
    /// How the complaint reached the handling body.
    Channel, CodeKind::Channel, {
        /// The 12315 telephone hotline.
        Hotline12315 = ("hotline_12315", "12315热线", "12315 hotline"),
        /// The national 12315 platform on the web or its app.
        Web12315 = ("web_12315", "12315平台（网站/APP）", "12315 web or app"),
        /// The consumer association's app (e.g. i维权).
        AssociationApp = ("association_app", "消协投诉APP", "consumer-association app"),
        /// A WeChat mini-program or official account.
        Wechat = ("wechat", "微信", "WeChat"),
        /// A letter or fax.
        Letter = ("letter", "来信", "letter"),
        /// At a service window, in person.
        InPerson = ("in_person", "来访", "in person"),
    }
}

vocabulary! {
    /// Consumer groups the annual work plans single out for attention.
    ConsumerGroup, CodeKind::ConsumerGroup, {
        /// Aged 60 or over.
        Elderly = ("elderly", "老年人", "elderly"),
        /// Under 18.
        Minor = ("minor", "未成年人", "minor"),
        /// Rural consumers.
        Rural = ("rural", "农村消费者", "rural"),
    }
}

vocabulary! {
    /// What the consumer asks for (the claims listed on the registration form).
    ClaimKind, CodeKind::ClaimKind, {
        /// Refund of the price or fee (退款/退货).
        Refund = ("refund", "退款", "refund"),
        /// Replacement (更换).
        Replace = ("replace", "更换", "replace"),
        /// Repair or redo (修理/重作).
        Repair = ("repair", "修理", "repair"),
        /// Compensation, with an amount (赔偿).
        Compensation = ("compensation", "赔偿", "compensation"),
        /// An apology (赔礼道歉).
        Apology = ("apology", "赔礼道歉", "apology"),
        /// Anything else, described in text.
        Other = ("other", "其他", "other"),
    }
}

vocabulary! {
    /// The kind of an evidence item.
    EvidenceKind, CodeKind::EvidenceKind, {
        /// A receipt or order record.
        Receipt = ("receipt", "购物凭证", "receipt"),
        /// An invoice (发票).
        Invoice = ("invoice", "发票", "invoice"),
        /// A contract.
        Contract = ("contract", "合同", "contract"),
        /// A photograph.
        Photo = ("photo", "照片", "photo"),
        /// A video.
        Video = ("video", "视频", "video"),
        /// A sound recording.
        Audio = ("audio", "录音", "audio"),
        /// A chat record.
        ChatRecord = ("chat_record", "聊天记录", "chat record"),
        /// A test or appraisal report.
        TestReport = ("test_report", "检测报告", "test report"),
        /// Anything else.
        Other = ("other", "其他", "other"),
    }
}

vocabulary! {
    /// How a business sells online, which decides jurisdiction (Order No. 20 Art. 12;
    /// Order No. 121).
    OnlineRole, CodeKind::OnlineRole, {
        /// A seller inside an e-commerce platform (平台内经营者).
        InPlatform = ("in_platform", "平台内经营者", "in-platform seller"),
        /// The e-commerce platform operator itself (电子商务平台经营者), including self-operated sales.
        PlatformOperator = ("platform_operator", "电子商务平台经营者", "platform operator"),
        /// A business selling through its own website or other network service.
        OwnSite = ("own_site", "自建网站经营者", "own website"),
    }
}

vocabulary! {
    /// Why the goods or service were bought. The consumer-protection regime covers purchases
    /// for living consumption only (CRPL Art. 2; SAMR Order No. 20 Art. 15 item (3), Order
    /// No. 121 Art. 16 item (3); SPC `Fa Shi [2024] No. 9` Art. 1).
    Purpose, CodeKind::Purpose, {
        /// For personal or household living consumption (生活消费需要).
        LivingConsumption = ("living_consumption", "生活消费", "living consumption"),
        /// Not for living consumption: production, business, resale (a restaurant buying its
        /// cooking oil).
        NotLivingConsumption = ("not_living_consumption", "非生活消费", "not living consumption"),
    }
}

vocabulary! {
    /// Who accepted or handled the same dispute before the complaint, or `none`. SAMR Order
    /// No. 20 Art. 15 item (2) bars a complaint handled by any of these; Order No. 121 Art. 16
    /// item (2) no longer lists other mediation organisations.
    EarlierHandler, CodeKind::EarlierHandler, {
        /// Nobody: the dispute was not accepted or handled elsewhere.
        None = ("none", "无", "none"),
        /// A people's court.
        Court = ("court", "人民法院", "court"),
        /// An arbitration body.
        Arbitration = ("arbitration", "仲裁机构", "arbitration body"),
        /// A market-regulation department.
        MarketRegulation = ("market_regulation", "市场监督管理部门", "market-regulation department"),
        /// Another administrative agency.
        OtherAdministrative = ("other_administrative", "其他行政机关", "other administrative agency"),
        /// A consumer association (on its own account, not as a department's delegate).
        ConsumerAssociation = ("consumer_association", "消费者协会", "consumer association"),
        /// Another lawfully established mediation organisation (a people's mediation
        /// committee, an industry mediation body).
        OtherMediationOrganisation = ("other_mediation_organisation", "依法成立的其他调解组织", "other mediation organisation"),
    }
}

vocabulary! {
    /// Whom the complainant files for, and as what.
    Relation, CodeKind::Relation, {
        /// The complainant is the guardian (监护人) of the person whose payment or purchase
        /// is complained of — a parent for a minor (Civil Code Arts. 23, 27).
        Guardian = ("guardian", "监护人", "guardian"),
    }
}
