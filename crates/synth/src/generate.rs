//! A seeded generator of realistic synthetic complaints, for tests, benchmarks and the demo.
//!
//! The same seed always gives the same complaints, on every platform and in every version
//! of this crate that keeps [`GENERATOR_VERSION`] (the random source is a SplitMix64 written
//! here, not a library whose stream may change).
//!
//! What it models, and where the weights come from:
//! - the consumer's division: Shijiazhuang's 22 county-level units weighted by resident
//!   population (7th national census, 2020, rounded to 10,000; `CONSUMER_DIVISIONS`);
//! - the business: a pool of businesses per generator, chosen with a heavy-tailed (Zipf-like)
//!   distribution so that some businesses draw many complaints, as in real data; 5% sit
//!   outside Shijiazhuang, some in the development zones, and 1% of records still carry a
//!   code abolished in 2014 (桥东区 130103, 藁城市 130182, 鹿泉市 130185, 栾城县 130124);
//! - the category: goods majors weighted by the CCA's 2022 H1 table (complete), services
//!   majors by the CCA's published ranking (the split within services is our assumption,
//!   written in `SERVICE_WEIGHTS`), and "other" by its 2022 H1 share;
//! - the problem nature: the CCA's 2020 H1 counts;
//! - the amount: log-normal with a long tail, scaled by category (cars, housing, tuition);
//! - timestamps: one year of received instants from [`GeneratorConfig::start`], office hours
//!   weighted, fewer at weekends;
//! - narratives: Chinese text that contains the consumer's mobile, landline, resident ID,
//!   bank card, e-mail, licence plate, address and name in the forms complaints use; every
//!   such item is recorded as a [`PiiSpan`] so redaction can be measured.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Weekday};

use weiquan_complaint::{
    Business, CST, Category, Channel, Claim, ClaimKind, Complaint, Consumer, ConsumerGroup,
    DivisionCode, Evidence, EvidenceKind, MajorCategory, MinorCategory, Mobile, Online, OnlineRole,
    ProblemNature, Purchase, ResidentId, SCHEMA_VERSION, Sha256, Uscc, Yuan,
};
// The redactor's own kinds and spans, so that planted and found items compare directly.
pub use weiquan_redact::{PiiKind, PiiSpan};

/// Bumped whenever the same seed would give different output.
pub const GENERATOR_VERSION: u32 = 1;

/// SplitMix64: small, fast, and stable forever, which is what a reproducible generator needs.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5EED_CAFE_F00D_D00D)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
        }
    }
    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// A standard normal deviate (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(1e-12);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
    /// An index chosen with the given weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            let w = u64::from(*w);
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }
    /// One element of a non-empty slice (the first for an empty one is impossible: callers
    /// pass constant tables).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }
}

/// Shijiazhuang's county-level units with their resident population in 10,000s (7th census,
/// 2020, rounded), and whether they are rural counties (县/县级市) rather than urban districts.
pub const CONSUMER_DIVISIONS: &[(u32, &str, u32, bool)] = &[
    (130102, "长安区", 88, false),
    (130104, "桥西区", 100, false),
    (130105, "新华区", 78, false),
    (130107, "井陉矿区", 8, false),
    (130108, "裕华区", 96, false),
    (130109, "藁城区", 79, false),
    (130110, "鹿泉区", 55, false),
    (130111, "栾城区", 37, false),
    (130121, "井陉县", 28, true),
    (130123, "正定县", 65, true),
    (130125, "行唐县", 42, true),
    (130126, "灵寿县", 31, true),
    (130127, "高邑县", 18, true),
    (130128, "深泽县", 25, true),
    (130129, "赞皇县", 27, true),
    (130130, "无极县", 49, true),
    (130131, "平山县", 45, true),
    (130132, "元氏县", 43, true),
    (130133, "赵县", 57, true),
    (130181, "辛集市", 61, true),
    (130183, "晋州市", 54, true),
    (130184, "新乐市", 49, true),
];

/// Business locations outside the 22 units: development zones, abolished codes (old records),
/// and other places (external referrals).
const OTHER_BUSINESS_DIVISIONS: &[(u32, &str)] = &[
    (130171, "石家庄高新技术产业开发区"),
    (130172, "石家庄循环化工园区"),
    (130103, "桥东区"),
    (130182, "藁城市"),
    (130185, "鹿泉市"),
    (130124, "栾城县"),
    (130203, "唐山市路北区"),
    (130602, "保定市竞秀区"),
    (130502, "邢台市襄都区"),
    (110105, "北京市朝阳区"),
    (120101, "天津市和平区"),
];

/// E-commerce platforms with their operator's domicile division.
pub const PLATFORMS: &[(&str, u32, &str)] = &[
    ("淘宝", 330110, "浙江淘宝网络有限公司"),
    ("天猫", 330110, "浙江天猫网络有限公司"),
    ("京东", 110115, "北京京东叁佰陆拾度电子商务有限公司"),
    ("拼多多", 310105, "上海寻梦信息技术有限公司"),
    ("抖音", 110108, "北京抖音信息服务有限公司"),
    ("美团", 110105, "北京三快科技有限公司"),
];

/// Goods majors by the CCA 2022 H1 complaint counts (`cca_stats_2020.json`).
const GOODS_WEIGHTS: &[(MajorCategory, u32)] = &[
    (MajorCategory::DailyGoods, 58973),
    (MajorCategory::HouseholdAppliances, 54849),
    (MajorCategory::ClothingFootwear, 47466),
    (MajorCategory::Food, 44258),
    (MajorCategory::Vehicles, 29414),
    (MajorCategory::HousingMaterials, 18009),
    (MajorCategory::JewelleryStationerySports, 12991),
    (MajorCategory::TobaccoAlcoholBeverages, 9391),
    (MajorCategory::MedicineMedical, 7055),
    (MajorCategory::AgriculturalInputs, 2022),
];

/// Services majors: the 2022 H1 services total (249,153) split by the CCA's published ranking
/// (生活、社会服务 first, then 互联网, 销售, 教育培训, 文化娱乐体育 …). The split is our
/// assumption; the CCA table by service major was not found.
const SERVICE_WEIGHTS: &[(MajorCategory, u32)] = &[
    (MajorCategory::LifeSocialServices, 62000),
    (MajorCategory::Internet, 38000),
    (MajorCategory::SalesServices, 30000),
    (MajorCategory::EducationTraining, 24000),
    (MajorCategory::CultureEntertainmentSports, 20000),
    (MajorCategory::DecorationProperty, 16000),
    (MajorCategory::Telecom, 15000),
    (MajorCategory::Tourism, 11000),
    (MajorCategory::PublicUtilities, 10000),
    (MajorCategory::Postal, 8000),
    (MajorCategory::Finance, 6000),
    (MajorCategory::Insurance, 4000),
    (MajorCategory::HealthCare, 4000),
    (MajorCategory::AgriculturalTechnical, 1153),
];

/// "Other" by its 2022 H1 count.
const OTHER_WEIGHT: u32 = 18199;

/// Problem natures by the CCA 2020 H1 counts.
const NATURE_WEIGHTS: &[(ProblemNature, u32)] = &[
    (ProblemNature::AfterSales, 155004),
    (ProblemNature::Contract, 140182),
    (ProblemNature::Quality, 119068),
    (ProblemNature::Price, 57952),
    (ProblemNature::FalseAdvertising, 26065),
    (ProblemNature::Safety, 18412),
    (ProblemNature::Counterfeit, 7266),
    (ProblemNature::PersonalDignity, 6001),
    (ProblemNature::Metrology, 4390),
    (ProblemNature::Other, 27182),
];

/// Intake channels (our assumption: the 12315 platform and hotline carry most complaints).
const CHANNEL_WEIGHTS: &[(Channel, u32)] = &[
    (Channel::Web12315, 40),
    (Channel::Hotline12315, 35),
    (Channel::AssociationApp, 10),
    (Channel::Wechat, 10),
    (Channel::InPerson, 3),
    (Channel::Letter, 2),
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "文", "华", "红", "玉兰",
    "子涵",
];
const STREETS: &[&str] = &[
    "中山东路",
    "中山西路",
    "建设大街",
    "裕华路",
    "和平路",
    "槐安路",
    "北二环",
    "友谊大街",
    "胜利大街",
    "体育大街",
    "红旗大街",
    "石获路",
    "翟营大街",
    "东岗路",
    "平安大街",
    "育才街",
];
const SHOP_WORDS: &[&str] = &[
    "鑫源", "华联", "惠民", "佳美", "诚信", "恒达", "金凯", "天和", "百合", "东方", "瑞丰", "盛世",
];

/// A generated complaint and the personal data planted in its description.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The complaint (valid).
    pub complaint: Complaint,
    /// Every item of personal data in `complaint.description`.
    pub pii: Vec<PiiSpan>,
}

/// Settings of a generator.
#[derive(Debug, Clone, Copy)]
pub struct GeneratorConfig {
    /// The seed.
    pub seed: u64,
    /// The first day of the year of received timestamps.
    pub start: NaiveDate,
    /// How many distinct businesses complaints are spread over.
    pub businesses: u32,
}

impl GeneratorConfig {
    /// Twelve months from 2025-07-01 (so both SAMR procedures, before and after
    /// 2026-04-15, occur), 5,000 businesses.
    pub fn new(seed: u64) -> GeneratorConfig {
        GeneratorConfig {
            seed,
            start: NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default(),
            businesses: 5_000,
        }
    }
}

#[derive(Debug, Clone)]
struct PoolBusiness {
    name: String,
    uscc: Option<Uscc>,
    division: DivisionCode,
    address: String,
    online: Option<Online>,
}

/// The generator. It is an iterator of valid complaints; [`Generator::next_generated`] also
/// returns where personal data sits in the narrative.
///
/// ```
/// use weiquan_synth::generate::Generator;
/// let a: Vec<_> = Generator::new(7).take(3).collect();
/// let b: Vec<_> = Generator::new(7).take(3).collect();
/// assert_eq!(a, b);
/// for c in &a {
///     assert!(c.check().is_ok());
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Generator {
    rng: Rng,
    config: GeneratorConfig,
    seq: u64,
    pool: Vec<PoolBusiness>,
}

impl Generator {
    /// A generator with the default settings and this seed.
    pub fn new(seed: u64) -> Generator {
        Generator::with_config(GeneratorConfig::new(seed))
    }

    /// A generator with explicit settings.
    pub fn with_config(config: GeneratorConfig) -> Generator {
        let mut rng = Rng::new(config.seed);
        let pool = (0..config.businesses.max(1))
            .map(|i| pool_business(&mut rng, i))
            .collect();
        Generator {
            rng: Rng::new(config.seed.rotate_left(17) ^ 0xA5A5),
            config,
            seq: 0,
            pool,
        }
    }

    /// The next complaint with the spans of personal data in its narrative.
    pub fn next_generated(&mut self) -> Generated {
        self.seq += 1;
        let r = &mut self.rng;
        let received_at = received_instant(r, self.config.start);
        let received_day = received_at.date_naive();

        let (div_code, div_name, rural) = {
            let weights: Vec<u32> = CONSUMER_DIVISIONS.iter().map(|d| d.2).collect();
            let d = CONSUMER_DIVISIONS
                .get(r.weighted(&weights))
                .copied()
                .unwrap_or((130102, "长安区", 88, false));
            (code(d.0), d.1, d.3)
        };
        let age = match r.below(100) {
            0 => 14 + r.below(4),
            1..=22 => 60 + r.below(26),
            _ => 18 + r.below(42),
        } as i64;
        let birth = received_day - Duration::days(age * 365 + r.below(360) as i64 + 5);
        let female = r.chance(0.52);
        let resident_id = resident_id(r, div_code, birth, female);
        let name = person_name(r);
        let mobile = mobile(r);
        let address = format!(
            "石家庄市{div_name}{}{}号{}单元{}室",
            pick(r, STREETS),
            1 + r.below(300),
            1 + r.below(6),
            101 + r.below(2500)
        );
        let mut groups = Vec::new();
        if age >= 60 {
            groups.push(ConsumerGroup::Elderly);
        }
        if age < 18 {
            groups.push(ConsumerGroup::Minor);
        }
        if rural && r.chance(0.4) {
            groups.push(ConsumerGroup::Rural);
        }

        let pool_len = self.pool.len() as u64;
        // Zipf-like: squaring a uniform concentrates complaints on the first businesses.
        let u = r.unit();
        let idx = ((u * u * u) * pool_len as f64) as usize;
        // The pool always has at least one business (`with_config`); the fallback is a fresh one.
        let b = match self.pool.get(idx).or(self.pool.first()) {
            Some(b) => b.clone(),
            None => pool_business(r, 0),
        };

        let category = category(r);
        let nature = NATURE_WEIGHTS
            .get(r.weighted(&NATURE_WEIGHTS.iter().map(|w| w.1).collect::<Vec<_>>()))
            .map_or(ProblemNature::Other, |w| w.0);
        let channel = CHANNEL_WEIGHTS
            .get(r.weighted(&CHANNEL_WEIGHTS.iter().map(|w| w.1).collect::<Vec<_>>()))
            .map_or(Channel::Web12315, |w| w.0);
        let (item, amount) = item_and_amount(r, category);
        let quantity = if r.chance(0.85) {
            1
        } else {
            2 + r.below(5) as u32
        };
        let days_before = if r.chance(0.02) {
            365 * 3 + r.below(400)
        } else {
            r.below(90)
        } as i64;
        let purchase_date = received_day - Duration::days(days_before);
        let distance_sale = b.online.is_some();
        let receipt_date = distance_sale.then(|| {
            let d = purchase_date + Duration::days(1 + r.below(4) as i64);
            d.min(received_day)
        });

        let mut claims = Vec::new();
        let claim_roll = r.below(100);
        claims.push(match claim_roll {
            0..=49 => Claim {
                kind: ClaimKind::Refund,
                amount: Some(amount),
                note: None,
            },
            50..=64 => Claim {
                kind: ClaimKind::Replace,
                amount: None,
                note: None,
            },
            65..=79 => Claim {
                kind: ClaimKind::Repair,
                amount: None,
                note: None,
            },
            _ => Claim {
                kind: ClaimKind::Refund,
                amount: None,
                note: None,
            },
        });
        if r.chance(0.3) {
            let mult = r.pick(&[1u64, 3, 3, 10]).copied().unwrap_or(1);
            let claimed = amount
                .checked_mul_int(mult)
                .unwrap_or(amount)
                .max(Yuan::from_yuan(500));
            claims.push(Claim {
                kind: ClaimKind::Compensation,
                amount: Some(claimed),
                note: None,
            });
        }
        if r.chance(0.05) {
            claims.push(Claim {
                kind: ClaimKind::Apology,
                amount: None,
                note: None,
            });
        }
        if r.chance(0.02) {
            claims.push(Claim {
                kind: ClaimKind::Other,
                amount: None,
                note: Some("要求商家出具书面说明".to_owned()),
            });
        }
        let evidence = (0..r.below(4))
            .map(|i| Evidence {
                kind: *r
                    .pick(&[
                        EvidenceKind::Receipt,
                        EvidenceKind::Photo,
                        EvidenceKind::ChatRecord,
                        EvidenceKind::Invoice,
                    ])
                    .unwrap_or(&EvidenceKind::Photo),
                name: format!("证据{}.jpg", i + 1),
                sha256: sha(r),
            })
            .collect();

        let (description, pii) = narrative(
            r,
            &Narrative {
                name: &name,
                mobile: mobile.as_str(),
                id: resident_id.as_str(),
                address: &address,
                business: &b.name,
                item: &item,
                nature,
                purchase_date,
            },
        );

        let complaint = Complaint {
            schema_version: SCHEMA_VERSION,
            id: format!("SJZ{}{:08}", received_day.year(), self.seq),
            received_at,
            channel,
            consumer: Consumer {
                name,
                resident_id: r.chance(0.7).then_some(resident_id),
                mobile,
                division: div_code,
                address,
                groups,
                on_behalf_of: None,
            },
            business: Business {
                name: b.name,
                uscc: b.uscc,
                division: Some(b.division),
                address: Some(b.address),
                online: b.online,
                // The generator states no operator status, purpose or dispute facts: a
                // complaint as most arrive, whose deciders report them missing.
                is_operator: None,
            },
            purchase: Purchase {
                item,
                category,
                amount_paid: amount,
                quantity,
                purchase_date,
                receipt_date,
                distance_sale,
                purpose: None,
            },
            problem_nature: nature,
            description,
            claims,
            evidence,
            consent_to_publication: r.chance(0.2),
            dispute: None,
        };
        Generated { complaint, pii }
    }

    /// A deliberately broken JSON record, for exercising rejects: one of several realistic
    /// mistakes (bad check character, bad phone, missing field, bad amount, not JSON …).
    pub fn broken_json(&mut self) -> String {
        let c = self.next_generated().complaint;
        let json = c.to_json();
        match self.rng.below(7) {
            0 => json.replace(&format!("\"{}\"", c.consumer.mobile), "\"1380013800\""),
            1 => json.replace(&format!("\"{}\"", c.purchase.amount_paid), "\"-12.345\""),
            2 => json.replace("\"problem_nature\"", "\"problem_natur\""),
            3 => json.replace(&format!("\"{}\"", c.consumer.division), "\"13A102\""),
            4 => json.replace("\"schema_version\":1", "\"schema_version\":\"one\""),
            5 => {
                // Cut mid-document (at a character boundary): not JSON any more.
                let cut = (json.len() / 2..json.len())
                    .find(|i| json.is_char_boundary(*i))
                    .unwrap_or(0);
                json.get(..cut).unwrap_or("{").to_owned()
            }
            _ => json.replace("\"claims\":[", "\"claims\":[{\"kind\":\"compensation\"},"),
        }
    }
}

impl Iterator for Generator {
    type Item = Complaint;
    fn next(&mut self) -> Option<Complaint> {
        Some(self.next_generated().complaint)
    }
}

/// Writes `count` complaints as JSON Lines, with about `broken_per_mille` deliberately broken
/// records per thousand among them (chosen by a second stream from the same seed). The same
/// arguments always give the same bytes: `weiquan generate` and the shipped sample file use it.
pub fn write_jsonl(
    w: &mut impl std::io::Write,
    count: u64,
    seed: u64,
    broken_per_mille: u32,
    mut progress: impl FnMut(u64),
) -> std::io::Result<()> {
    let mut g = Generator::new(seed);
    let mut picker = Rng::new(seed ^ 0x0B0B);
    for i in 0..count {
        let line = if broken_per_mille > 0 && picker.below(1000) < u64::from(broken_per_mille) {
            g.broken_json()
        } else {
            g.next_generated().complaint.to_json()
        };
        w.write_all(line.as_bytes())?;
        w.write_all(b"\n")?;
        if i % 4096 == 0 {
            progress(i);
        }
    }
    Ok(())
}

/// The sample file shipped as `examples/data/complaints.jsonl`: 200 complaints of seed 2026,
/// about 2% of them broken on purpose.
pub fn sample_jsonl() -> String {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_jsonl(&mut buf, 200, 2026, 20, |_| {});
    String::from_utf8_lossy(&buf).into_owned()
}

/// One deterministic, valid complaint as JSON: the first complaint of seed 1.
pub fn sample_json() -> String {
    Generator::new(1).next_generated().complaint.to_json()
}

fn code(n: u32) -> DivisionCode {
    DivisionCode::new(n).unwrap_or(DivisionCode::MIN)
}

fn pick<'a>(r: &mut Rng, items: &'a [&'a str]) -> &'a str {
    r.pick(items).copied().unwrap_or("")
}

fn received_instant(r: &mut Rng, start: NaiveDate) -> chrono::DateTime<chrono::FixedOffset> {
    loop {
        let day = start + Duration::days(r.below(365) as i64);
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        if weekend && !r.chance(0.45) {
            continue;
        }
        let hour = if r.chance(0.85) {
            8 + r.below(10)
        } else {
            r.below(24)
        } as u32;
        let t = NaiveTime::from_hms_opt(hour, r.below(60) as u32, r.below(60) as u32)
            .unwrap_or_default();
        if let chrono::LocalResult::Single(dt) = CST.from_local_datetime(&day.and_time(t)) {
            return dt;
        }
    }
}

fn resident_id(r: &mut Rng, region: DivisionCode, birth: NaiveDate, female: bool) -> ResidentId {
    let seq = r.below(500) * 2 + u64::from(!female);
    let body = format!("{}{}{:03}", region, birth.format("%Y%m%d"), seq % 1000);
    let check = ResidentId::check_char_for(&body).unwrap_or('0');
    ResidentId::parse_structure(&format!("{body}{check}"))
        // The body is built valid (real date, province prefix, computed check); the fallback is
        // GB 11643's worked example (`ResidentId::EXAMPLE`).
        .unwrap_or(ResidentId::EXAMPLE)
}

fn mobile(r: &mut Rng) -> Mobile {
    let prefixes = [
        "138", "139", "135", "136", "150", "151", "152", "157", "158", "159", "186", "187", "188",
        "130", "131", "132", "155", "156", "133", "153", "177", "180", "181", "189", "199",
    ];
    let p = r.pick(&prefixes).copied().unwrap_or("138");
    format!("{p}{:08}", r.below(100_000_000))
        .parse()
        .unwrap_or(Mobile::EXAMPLE)
}

fn person_name(r: &mut Rng) -> String {
    let mut s = pick(r, SURNAMES).to_owned();
    s.push_str(pick(r, GIVEN));
    if r.chance(0.4) {
        s.push_str(pick(r, GIVEN));
    }
    s
}

fn sha(r: &mut Rng) -> Sha256 {
    let hex = format!(
        "{:016x}{:016x}{:016x}{:016x}",
        r.next_u64(),
        r.next_u64(),
        r.next_u64(),
        r.next_u64()
    );
    // 64 hex digits always parse; the fallback is a valid digest all the same.
    hex.parse().unwrap_or(Sha256::EMPTY)
}

/// A valid USCC for a market-regulation registration in `division`.
pub fn uscc_for(r: &mut Rng, division: DivisionCode) -> Option<Uscc> {
    const ORG_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let org: String = (0..8)
        .map(|i| {
            let pool = if i < 2 && r.chance(0.5) {
                ORG_CHARS.get(10..).unwrap_or(ORG_CHARS)
            } else {
                ORG_CHARS.get(..10).unwrap_or(ORG_CHARS)
            };
            char::from(*r.pick(pool).unwrap_or(&b'0'))
        })
        .collect();
    let org_check = Uscc::org_check_char_for(&org)?;
    let entity = if r.chance(0.7) { '1' } else { '2' };
    let body = format!("9{entity}{division}{org}{org_check}");
    let check = Uscc::check_char_for(&body)?;
    format!("{body}{check}").parse().ok()
}

fn pool_business(r: &mut Rng, i: u32) -> PoolBusiness {
    let roll = r.below(100);
    let (division, place) = if roll < 88 {
        let weights: Vec<u32> = CONSUMER_DIVISIONS.iter().map(|d| d.2).collect();
        let d = CONSUMER_DIVISIONS
            .get(r.weighted(&weights))
            .copied()
            .unwrap_or((130102, "长安区", 88, false));
        (code(d.0), format!("石家庄市{}", d.1))
    } else {
        let d = r
            .pick(OTHER_BUSINESS_DIVISIONS)
            .copied()
            .unwrap_or((130171, "石家庄高新技术产业开发区"));
        let place = if d.0 / 100 == 1301 {
            format!("石家庄市{}", d.1)
        } else {
            d.1.to_owned()
        };
        (code(d.0), place)
    };
    let kind = [
        "商行",
        "超市",
        "电器城",
        "服装店",
        "餐饮店",
        "汽车销售服务有限公司",
        "教育科技有限公司",
        "健身会所",
        "美容美发店",
        "装饰工程有限公司",
        "药房",
        "通讯器材店",
    ];
    let name = format!(
        "{place}{}{}{}",
        pick(r, SHOP_WORDS),
        i % 97,
        r.pick(&kind).copied().unwrap_or("商行")
    );
    let online = if r.chance(0.3) {
        let role_roll = r.below(10);
        let (platform, op_div, _) = r.pick(PLATFORMS).copied().unwrap_or(("淘宝", 330110, ""));
        Some(if role_roll < 7 {
            Online {
                role: OnlineRole::InPlatform,
                platform: Some(platform.to_owned()),
                platform_operator_uscc: None,
                platform_operator_division: Some(code(op_div)),
                address_published: !r.chance(0.03),
                reachable_at_address: !r.chance(0.03),
            }
        } else if role_roll < 9 {
            Online {
                role: OnlineRole::OwnSite,
                platform: None,
                platform_operator_uscc: None,
                platform_operator_division: None,
                address_published: true,
                reachable_at_address: true,
            }
        } else {
            Online {
                role: OnlineRole::InPlatform,
                platform: Some(platform.to_owned()),
                platform_operator_uscc: None,
                platform_operator_division: Some(code(op_div)),
                address_published: true,
                reachable_at_address: true,
            }
        })
    } else {
        None
    };
    PoolBusiness {
        uscc: if r.chance(0.8) {
            uscc_for(
                r,
                division.at_level(weiquan_complaint::DivisionLevel::Prefecture),
            )
        } else {
            None
        },
        address: format!("{place}{}{}号", pick(r, STREETS), 1 + r.below(400)),
        name,
        division,
        online,
    }
}

fn category(r: &mut Rng) -> Category {
    let goods: u32 = GOODS_WEIGHTS.iter().map(|w| w.1).sum();
    let services: u32 = SERVICE_WEIGHTS.iter().map(|w| w.1).sum();
    let major = match r.weighted(&[goods, services, OTHER_WEIGHT]) {
        0 => GOODS_WEIGHTS
            .get(r.weighted(&GOODS_WEIGHTS.iter().map(|w| w.1).collect::<Vec<_>>()))
            .map(|w| w.0),
        1 => SERVICE_WEIGHTS
            .get(r.weighted(&SERVICE_WEIGHTS.iter().map(|w| w.1).collect::<Vec<_>>()))
            .map(|w| w.0),
        _ => Some(MajorCategory::Other),
    }
    .unwrap_or(MajorCategory::Other);
    let minors: Vec<MinorCategory> = MinorCategory::ALL
        .iter()
        .copied()
        .filter(|m| m.major() == major)
        .collect();
    match r.pick(&minors) {
        Some(m) if r.chance(0.6) => Category::item(*m),
        _ => Category::major_only(major),
    }
}

fn item_and_amount(r: &mut Rng, c: Category) -> (String, Yuan) {
    use MajorCategory as M;
    let (items, median): (&[&str], f64) = match c.major() {
        M::DailyGoods => (
            &["洗发水", "电动牙刷", "化妆品套装", "保温杯", "床上四件套"],
            120.0,
        ),
        M::HouseholdAppliances => (
            &["手机", "笔记本电脑", "冰箱", "空调", "洗衣机", "电视机"],
            2200.0,
        ),
        M::ClothingFootwear => (&["羽绒服", "运动鞋", "连衣裙", "皮鞋"], 380.0),
        M::Food => (
            &["进口奶粉", "月饼礼盒", "预包装熟食", "保健食品", "生鲜水果"],
            150.0,
        ),
        M::Vehicles => (
            &["新能源汽车", "电动自行车", "汽车轮胎", "燃油汽车"],
            9000.0,
        ),
        M::HousingMaterials => (&["商品房", "木地板", "瓷砖", "定制橱柜"], 8000.0),
        M::JewelleryStationerySports => (&["黄金手镯", "跑步机", "钻石戒指", "文具套装"], 900.0),
        M::TobaccoAlcoholBeverages => (&["白酒", "葡萄酒", "饮料"], 300.0),
        M::MedicineMedical => (&["血压计", "中成药", "助听器", "口罩"], 260.0),
        M::AgriculturalInputs => (&["化肥", "种子", "农药"], 600.0),
        M::EducationTraining => (&["英语培训课程", "职业技能培训", "少儿编程课"], 6000.0),
        M::LifeSocialServices => (
            &["健身卡", "美容服务", "餐饮服务", "家电维修", "婚纱摄影"],
            800.0,
        ),
        M::DecorationProperty => (&["家装工程", "物业服务"], 5000.0),
        M::Tourism => (&["跟团游", "酒店预订"], 3000.0),
        M::Telecom => (&["宽带套餐", "手机话费"], 200.0),
        M::Internet => (&["网络游戏充值", "视频会员", "网络直播打赏"], 150.0),
        M::Finance | M::Insurance => (&["理财产品", "信用卡年费", "意外保险"], 2000.0),
        M::HealthCare => (&["口腔诊疗", "体检套餐"], 1500.0),
        _ => (&["快递服务", "停车服务", "其他商品"], 200.0),
    };
    let item = match c.minor() {
        Some(m) => m.name_zh().to_owned(),
        None => pick(r, items).to_owned(),
    };
    // Log-normal around the median with sigma 1.0: a long right tail.
    let value = (median * (r.normal() * 1.0).exp()).clamp(1.0, 2_000_000.0);
    let fen = (value * 100.0).round() as u64;
    (item, Yuan::from_fen(fen))
}

struct Narrative<'a> {
    name: &'a str,
    mobile: &'a str,
    id: &'a str,
    address: &'a str,
    business: &'a str,
    item: &'a str,
    nature: ProblemNature,
    purchase_date: NaiveDate,
}

/// Builds text while recording character offsets of the personal data it inserts.
struct Text {
    s: String,
    chars: usize,
    spans: Vec<PiiSpan>,
}

impl Text {
    fn plain(&mut self, t: &str) {
        self.s.push_str(t);
        self.chars += t.chars().count();
    }
    fn pii(&mut self, t: &str, kind: PiiKind) {
        let start = self.chars;
        self.plain(t);
        self.spans.push(PiiSpan {
            start,
            end: self.chars,
            kind,
        });
    }
}

fn luhn_card(r: &mut Rng) -> String {
    let mut digits: Vec<u32> = vec![6, 2, 2, 8, 4, 8];
    while digits.len() < 18 {
        digits.push(r.below(10) as u32);
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                *d
            }
        })
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits
        .iter()
        .filter_map(|d| char::from_digit(*d, 10))
        .collect()
}

fn narrative(r: &mut Rng, n: &Narrative<'_>) -> (String, Vec<PiiSpan>) {
    let mut t = Text {
        s: String::with_capacity(400),
        chars: 0,
        spans: Vec::new(),
    };
    match r.below(3) {
        0 => {
            t.plain("我叫");
            t.pii(n.name, PiiKind::PersonName);
            t.plain("，");
        }
        1 => {
            t.plain("投诉人：");
            t.pii(n.name, PiiKind::PersonName);
            t.plain(if r.chance(0.5) {
                "女士，"
            } else {
                "先生，"
            });
        }
        _ => {}
    }
    t.plain(&format!(
        "{}在{}购买了{}，",
        n.purchase_date.format("%Y年%-m月%-d日"),
        n.business,
        n.item
    ));
    let problem = match n.nature {
        ProblemNature::Quality => "使用不到一个月就出现故障，多次维修仍未解决。",
        ProblemNature::Safety => "使用过程中发生冒烟，存在严重安全隐患。",
        ProblemNature::Price => "结账时实际收费高于标价，商家拒不退还差价。",
        ProblemNature::Metrology => "复秤发现短斤少两。",
        ProblemNature::Counterfeit => "经鉴定为假冒产品，商家拒绝退货。",
        ProblemNature::Contract => "商家未按合同约定履行，拒绝退还预付款。",
        ProblemNature::FalseAdvertising => "宣传的功效与实际严重不符，涉嫌虚假宣传。",
        ProblemNature::PersonalDignity => "店员对我进行辱骂，侵犯人格尊严。",
        ProblemNature::AfterSales => "联系售后多次无人处理，一直推诿。",
        ProblemNature::Other => "与商家协商未果。",
    };
    t.plain(problem);
    if r.chance(0.6) {
        t.plain("我的电话是");
        t.pii(n.mobile, PiiKind::Mobile);
        t.plain("，");
    }
    if r.chance(0.2) {
        t.plain("座机");
        let landline = format!("0311-{}", 80_000_000 + r.below(9_999_999));
        t.pii(&landline, PiiKind::Landline);
        t.plain("，");
    }
    if r.chance(0.35) {
        t.plain("身份证号");
        t.pii(n.id, PiiKind::ResidentId);
        t.plain("，");
    }
    if r.chance(0.3) {
        t.plain("家住");
        t.pii(n.address, PiiKind::Address);
        t.plain("，");
    }
    if r.chance(0.15) {
        t.plain("退款请打到我的银行卡");
        let card = luhn_card(r);
        t.pii(&card, PiiKind::BankCard);
        t.plain("，");
    }
    if r.chance(0.15) {
        t.plain("邮箱");
        let user: String = (0..6 + r.below(5))
            .map(|_| char::from(b'a' + r.below(26) as u8))
            .collect();
        let email = format!(
            "{user}{}@{}",
            r.below(1000),
            pick(r, &["qq.com", "163.com", "126.com", "sina.com"])
        );
        t.pii(&email, PiiKind::Email);
        t.plain("，");
    }
    if r.chance(0.1) {
        t.plain("车牌号");
        let letters = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
        let plate = format!(
            "冀{}{}{:04}",
            char::from(*r.pick(b"ABCDEFGHJR").unwrap_or(&b'A')),
            char::from(*r.pick(letters).unwrap_or(&b'D')),
            r.below(10_000)
        );
        t.pii(&plate, PiiKind::LicencePlate);
        t.plain("，");
    }
    t.plain("请求有关部门依法处理。");
    (t.s, t.spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_complaints_are_valid_and_round_trip() {
        for g in Generator::new(42).take(2000) {
            assert_eq!(g.check(), Ok(()), "{}", g.to_json());
            let back = Complaint::from_json(&g.to_json()).unwrap();
            assert_eq!(back, g);
        }
    }

    #[test]
    fn spans_point_at_the_planted_values() {
        let mut g = Generator::new(3);
        for _ in 0..500 {
            let x = g.next_generated();
            let chars: Vec<char> = x.complaint.description.chars().collect();
            for s in &x.pii {
                let text: String = chars[s.start..s.end].iter().collect();
                match s.kind {
                    PiiKind::Mobile => assert_eq!(text, x.complaint.consumer.mobile.as_str()),
                    PiiKind::PersonName => assert_eq!(text, x.complaint.consumer.name),
                    PiiKind::Address => assert_eq!(text, x.complaint.consumer.address),
                    _ => assert!(!text.is_empty()),
                }
            }
        }
    }

    #[test]
    fn broken_records_are_rejected() {
        let mut g = Generator::new(9);
        for _ in 0..200 {
            let bad = g.broken_json();
            assert!(Complaint::from_json(&bad).is_err(), "{bad}");
        }
    }
}
