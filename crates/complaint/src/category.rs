//! The China Consumers' Association (CCA) goods and service classification.
//!
//! Source: the 商品大类 and 服务大类 of the CCA's
//! published complaint statistics, and the specific items (小类) its reports name. The CCA
//! has not published a complete 小类 list; the minor categories here are the items its
//! reports name, with the parent inferred, and three service majors (金融服务, 卫生保健服务,
//! 农业生产技术服务) are not yet confirmed in a CCA table: [`MajorCategory::confirmed`] says so.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;
use crate::codes::vocabulary;
use crate::error::CodeKind;

vocabulary! {
    /// The top level: every complaint counts in exactly one of goods, services or other.
    TopCategory, CodeKind::Category, {
        /// 商品类.
        Goods = ("goods", "商品类", "goods"),
        /// 服务类.
        Services = ("services", "服务类", "services"),
        /// 其他类.
        Other = ("other", "其他类", "other"),
    }
}

vocabulary! {
    /// The major categories (大类): ten for goods, fourteen for services, and "other".
    MajorCategory, CodeKind::Category, {
        /// 日用商品类.
        DailyGoods = ("daily_goods", "日用商品类", "daily goods"),
        /// 家用电子电器类.
        HouseholdAppliances = ("household_appliances", "家用电子电器类", "household electronics and appliances"),
        /// 服装鞋帽类.
        ClothingFootwear = ("clothing_footwear", "服装鞋帽类", "clothing, footwear and hats"),
        /// 食品类.
        Food = ("food", "食品类", "food"),
        /// 交通工具类.
        Vehicles = ("vehicles", "交通工具类", "vehicles"),
        /// 房屋及建材类.
        HousingMaterials = ("housing_materials", "房屋及建材类", "housing and building materials"),
        /// 首饰及文体用品类.
        JewelleryStationerySports = ("jewellery_stationery_sports", "首饰及文体用品类", "jewellery, stationery and sports goods"),
        /// 烟、酒和饮料类.
        TobaccoAlcoholBeverages = ("tobacco_alcohol_beverages", "烟、酒和饮料类", "tobacco, alcohol and beverages"),
        /// 医药及医疗用品类.
        MedicineMedical = ("medicine_medical", "医药及医疗用品类", "medicines and medical supplies"),
        /// 农用生产资料类.
        AgriculturalInputs = ("agricultural_inputs", "农用生产资料类", "agricultural inputs"),
        /// 生活、社会服务类.
        LifeSocialServices = ("life_social_services", "生活、社会服务类", "living and social services"),
        /// 房屋装修及物业服务.
        DecorationProperty = ("decoration_property", "房屋装修及物业服务", "home decoration and property services"),
        /// 旅游服务.
        Tourism = ("tourism", "旅游服务", "tourism services"),
        /// 文化、娱乐、体育服务.
        CultureEntertainmentSports = ("culture_entertainment_sports", "文化、娱乐、体育服务", "culture, entertainment and sports services"),
        /// 邮政业服务.
        Postal = ("postal", "邮政业服务", "postal and courier services"),
        /// 电信服务.
        Telecom = ("telecom", "电信服务", "telecommunication services"),
        /// 互联网服务.
        Internet = ("internet", "互联网服务", "internet services"),
        /// 金融服务 (not yet confirmed in a CCA table).
        Finance = ("finance", "金融服务", "financial services"),
        /// 保险服务.
        Insurance = ("insurance", "保险服务", "insurance services"),
        /// 卫生保健服务 (not yet confirmed in a CCA table).
        HealthCare = ("health_care", "卫生保健服务", "health-care services"),
        /// 教育培训服务.
        EducationTraining = ("education_training", "教育培训服务", "education and training services"),
        /// 公共设施服务.
        PublicUtilities = ("public_utilities", "公共设施服务", "public utility services"),
        /// 销售服务.
        SalesServices = ("sales_services", "销售服务", "sales services"),
        /// 农业生产技术服务 (not yet confirmed in a CCA table).
        AgriculturalTechnical = ("agricultural_technical", "农业生产技术服务", "agricultural technical services"),
        /// 其他类.
        Other = ("other", "其他类", "other"),
    }
}

impl MajorCategory {
    /// The top-level category this major category belongs to.
    pub fn top(self) -> TopCategory {
        use MajorCategory::*;
        match self {
            DailyGoods
            | HouseholdAppliances
            | ClothingFootwear
            | Food
            | Vehicles
            | HousingMaterials
            | JewelleryStationerySports
            | TobaccoAlcoholBeverages
            | MedicineMedical
            | AgriculturalInputs => TopCategory::Goods,
            Other => TopCategory::Other,
            _ => TopCategory::Services,
        }
    }

    /// Whether the name was seen in a CCA or provincial report (`seen: true` in the reference).
    pub fn confirmed(self) -> bool {
        !matches!(
            self,
            MajorCategory::Finance
                | MajorCategory::HealthCare
                | MajorCategory::AgriculturalTechnical
        )
    }
}

vocabulary! {
    /// Specific goods and services (小类) that the CCA's reports name. Not a complete list.
    MinorCategory, CodeKind::Category, {
        /// 食品.
        FoodProducts = ("food_products", "食品", "food products"),
        /// 汽车及零部件.
        CarsAndParts = ("cars_and_parts", "汽车及零部件", "cars and parts"),
        /// 通讯类产品.
        CommunicationProducts = ("communication_products", "通讯类产品", "communication products"),
        /// 计算机类产品.
        ComputerProducts = ("computer_products", "计算机类产品", "computer products"),
        /// 服装.
        Clothing = ("clothing", "服装", "clothing"),
        /// 鞋.
        Shoes = ("shoes", "鞋", "shoes"),
        /// 医疗器械.
        MedicalDevices = ("medical_devices", "医疗器械", "medical devices"),
        /// 日用杂品.
        Sundries = ("sundries", "日用杂品", "household sundries"),
        /// 化妆品.
        Cosmetics = ("cosmetics", "化妆品", "cosmetics"),
        /// 首饰.
        Jewellery = ("jewellery", "首饰", "jewellery"),
        /// 经营性互联网服务.
        CommercialInternet = ("commercial_internet", "经营性互联网服务", "commercial internet services"),
        /// 网络接入服务.
        NetworkAccess = ("network_access", "网络接入服务", "network access"),
        /// 远程购物.
        RemoteShopping = ("remote_shopping", "远程购物", "remote shopping"),
        /// 餐饮服务.
        Catering = ("catering", "餐饮服务", "catering"),
        /// 住宿服务.
        Accommodation = ("accommodation", "住宿服务", "accommodation"),
        /// 美容、美发.
        BeautyHairdressing = ("beauty_hairdressing", "美容、美发", "beauty and hairdressing"),
        /// 保养和修理服务.
        MaintenanceRepair = ("maintenance_repair", "保养和修理服务", "maintenance and repair"),
        /// 交通运输服务.
        Transport = ("transport", "交通运输服务", "transport"),
        /// 培训服务.
        Training = ("training", "培训服务", "training"),
        /// 教育服务.
        Education = ("education", "教育服务", "education"),
        /// 移动电话服务.
        MobilePhoneService = ("mobile_phone_service", "移动电话服务", "mobile phone service"),
    }
}

impl MinorCategory {
    /// The major category the item belongs to (inferred by the reference, see module docs).
    pub fn major(self) -> MajorCategory {
        use MajorCategory as M;
        use MinorCategory::*;
        match self {
            FoodProducts => M::Food,
            CarsAndParts => M::Vehicles,
            CommunicationProducts | ComputerProducts => M::HouseholdAppliances,
            Clothing | Shoes => M::ClothingFootwear,
            MedicalDevices => M::MedicineMedical,
            Sundries | Cosmetics => M::DailyGoods,
            Jewellery => M::JewelleryStationerySports,
            CommercialInternet | NetworkAccess => M::Internet,
            RemoteShopping => M::SalesServices,
            Catering | Accommodation | BeautyHairdressing | MaintenanceRepair => {
                M::LifeSocialServices
            }
            Transport => M::PublicUtilities,
            Training | Education => M::EducationTraining,
            MobilePhoneService => M::Telecom,
        }
    }
}

/// A CCA category: a major category and, optionally, a specific item within it.
///
/// In JSON it is the major code, or `major/minor`, e.g. `"household_appliances"` or
/// `"household_appliances/communication_products"`; the Chinese names are accepted on input.
///
/// ```
/// use weiquan_complaint::{Category, MajorCategory, TopCategory};
/// let c: Category = "家用电子电器类/通讯类产品".parse()?;
/// assert_eq!(c.to_string(), "household_appliances/communication_products");
/// assert_eq!(c.major(), MajorCategory::HouseholdAppliances);
/// assert_eq!(c.top(), TopCategory::Goods);
/// # Ok::<(), weiquan_complaint::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Category {
    major: MajorCategory,
    minor: Option<MinorCategory>,
}

impl Category {
    /// A major category with no specific item.
    pub fn major_only(major: MajorCategory) -> Category {
        Category { major, minor: None }
    }

    /// A specific item, with its major category.
    pub fn item(minor: MinorCategory) -> Category {
        Category {
            major: minor.major(),
            minor: Some(minor),
        }
    }

    /// The major category (大类).
    pub fn major(self) -> MajorCategory {
        self.major
    }

    /// The specific item (小类), when known.
    pub fn minor(self) -> Option<MinorCategory> {
        self.minor
    }

    /// Goods, services or other.
    pub fn top(self) -> TopCategory {
        self.major.top()
    }

    /// The category one level up: the item's major category, or the major category itself.
    pub fn generalised(self) -> Category {
        Category::major_only(self.major)
    }

    /// The Chinese name, e.g. `家用电子电器类/通讯类产品`.
    pub fn name_zh(self) -> String {
        match self.minor {
            Some(m) => format!("{}/{}", self.major.name_zh(), m.name_zh()),
            None => self.major.name_zh().to_owned(),
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.minor {
            Some(m) => write!(f, "{}/{}", self.major.code(), m.code()),
            None => f.write_str(self.major.code()),
        }
    }
}

impl FromStr for Category {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unknown = || Error::UnknownCode {
            kind: CodeKind::Category,
            value: weiquan_support::mask::echo(s),
        };
        match s.split_once('/') {
            None => s
                .parse::<MajorCategory>()
                .map(Category::major_only)
                .or_else(|_| s.parse::<MinorCategory>().map(Category::item))
                .map_err(|_| unknown()),
            Some((major, minor)) => {
                let major: MajorCategory = major.parse().map_err(|_| unknown())?;
                let minor: MinorCategory = minor.parse().map_err(|_| unknown())?;
                if minor.major() != major {
                    return Err(unknown());
                }
                Ok(Category {
                    major,
                    minor: Some(minor),
                })
            }
        }
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Category {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::serde_util::from_str_visitor(
            d,
            "a CCA category code such as \"food\" or \"food/food_products\"",
        )
    }
}

impl schemars::JsonSchema for Category {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Category".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut codes: Vec<String> = MajorCategory::ALL
            .iter()
            .map(|m| m.code().to_owned())
            .collect();
        codes.extend(
            MinorCategory::ALL
                .iter()
                .map(|m| format!("{}/{}", m.major().code(), m.code())),
        );
        schemars::json_schema!({
            "type": "string",
            "description": "A CCA category: the major category code, or major/minor.",
            "enum": codes
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_names_and_items() {
        assert_eq!(
            "food".parse::<Category>().unwrap(),
            Category::major_only(MajorCategory::Food)
        );
        assert_eq!(
            "食品类".parse::<Category>().unwrap(),
            Category::major_only(MajorCategory::Food)
        );
        assert_eq!(
            "catering".parse::<Category>().unwrap().to_string(),
            "life_social_services/catering"
        );
        assert!(matches!(
            "food/catering".parse::<Category>(),
            Err(Error::UnknownCode { .. })
        ));
        assert!(matches!(
            "cars".parse::<Category>(),
            Err(Error::UnknownCode { .. })
        ));
    }

    #[test]
    fn counts_match_the_reference() {
        let goods = MajorCategory::ALL
            .iter()
            .filter(|m| m.top() == TopCategory::Goods)
            .count();
        let services = MajorCategory::ALL
            .iter()
            .filter(|m| m.top() == TopCategory::Services)
            .count();
        assert_eq!((goods, services), (10, 14));
        assert_eq!(
            MajorCategory::ALL.iter().filter(|m| !m.confirmed()).count(),
            3
        );
    }
}
