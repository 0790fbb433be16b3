//! Identifier checks for single form fields: resident ID, credit code, mobile number,
//! division code, amount. Each returns the normalised value and what it encodes, or throws
//! the complaint crate's error (pointer empty: the argument itself is wrong).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;
use weiquan_complaint::{DivisionCode, DivisionLevel, Mobile, ResidentId, Sex, Uscc, Yuan};

use crate::Error;

fn wrong(source: weiquan_complaint::Error) -> Error {
    Error::at("", source)
}

/// What a valid resident identity number encodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ResidentIdInfo {
    /// The normalised 18 characters (full-width digits folded, spaces removed, `x` → `X`).
    pub value: String,
    /// The date of birth.
    pub birth_date: NaiveDate,
    /// From the sequence code: `male` or `female`.
    #[schemars(with = "SexSchema")]
    pub sex: Sex,
    /// The division code where the number was first issued.
    pub region: String,
    /// Age in whole years on the reference date.
    pub age: u32,
}

/// `male` or `female` (the sequence code's last digit, odd or even).
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Sex")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
enum SexSchema {
    /// Odd sequence digit.
    Male,
    /// Even sequence digit.
    Female,
}

/// `checkResidentId`: a GB 11643 resident identity number, with a birth date not after
/// `today` (default: today in China Standard Time).
pub fn resident_id(value: String, today: Option<NaiveDate>) -> Result<ResidentIdInfo, Error> {
    let today = today.unwrap_or_else(crate::edge::today);
    let id = ResidentId::parse_on(&value, today).map_err(wrong)?;
    Ok(ResidentIdInfo {
        value: id.to_string(),
        birth_date: id.birth_date(),
        sex: id.sex(),
        region: id.region().to_string(),
        age: id.age_on(today),
    })
}

/// What a valid unified social credit code encodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct UsccInfo {
    /// The normalised 18 characters.
    pub value: String,
    /// Position 1: the registration authority (`9` market regulation, `5` civil affairs...).
    pub registration_authority: String,
    /// Position 2: the entity type within the authority.
    pub entity_type: String,
    /// Positions 3-8: the registering authority's division code, when it has that shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<String>,
    /// Positions 9-17: the embedded organisation code (GB 11714).
    pub org_code: String,
    /// Whether the organisation code's own check character is right (not all codes in use
    /// satisfy it; `strict` makes it an error).
    pub org_code_check_ok: bool,
}

/// `checkUscc`: a GB 32100 unified social credit code; `strict` also requires the embedded
/// organisation code's check character.
pub fn uscc(value: String, strict: Option<bool>) -> Result<UsccInfo, Error> {
    let code = if strict.unwrap_or(false) {
        Uscc::parse_strict(&value)
    } else {
        value.parse::<Uscc>()
    }
    .map_err(wrong)?;
    Ok(UsccInfo {
        value: code.to_string(),
        registration_authority: code.registration_authority().to_string(),
        entity_type: code.entity_type().to_string(),
        division: code.division().map(|d| d.to_string()),
        org_code: code.org_code().to_owned(),
        org_code_check_ok: code.org_code_check_ok(),
    })
}

/// A valid mainland mobile number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct MobileInfo {
    /// The 11 digits (`+86`, spaces and dashes removed).
    pub value: String,
}

/// `checkMobile`: a mainland mobile number.
pub fn mobile(value: String) -> Result<MobileInfo, Error> {
    let m: Mobile = value.parse().map_err(wrong)?;
    Ok(MobileInfo {
        value: m.to_string(),
    })
}

/// What the shape of a division code says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DivisionInfo {
    /// The six digits.
    pub value: String,
    /// `province`, `prefecture` or `county`.
    #[schemars(with = "LevelSchema")]
    pub level: DivisionLevel,
    /// The province-level code.
    pub province: String,
    /// The prefecture-level code, below province level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefecture: Option<String>,
}

/// The level of a division code, read from its shape.
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "DivisionLevel")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
enum LevelSchema {
    /// `PP0000`.
    Province,
    /// `PPCC00`.
    Prefecture,
    /// `PPCCXX`.
    County,
}

/// `checkDivisionCode`: the shape of a GB/T 2260 code (whether it exists is the routing
/// registry's business).
pub fn division(value: String) -> Result<DivisionInfo, Error> {
    let d: DivisionCode = value.parse().map_err(wrong)?;
    Ok(DivisionInfo {
        value: d.to_string(),
        level: d.level(),
        province: d.province().to_string(),
        prefecture: d.prefecture().map(|p| p.to_string()),
    })
}

/// A valid amount of yuan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct AmountInfo {
    /// With exactly two decimals, e.g. `1299.00`.
    pub value: String,
    /// With thousands separators, e.g. `1,299.00`.
    pub grouped: String,
}

/// `checkAmount`: an amount of yuan (not negative, at most two decimals; `1,299` and
/// full-width digits are accepted).
pub fn amount(value: String) -> Result<AmountInfo, Error> {
    let y: Yuan = value.parse().map_err(wrong)?;
    Ok(AmountInfo {
        value: y.to_string(),
        grouped: y.grouped(),
    })
}
