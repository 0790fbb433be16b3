//! Every word the detectors look for, in one place, so that a reviewer can read the whole
//! vocabulary and a new form is one line here rather than a code change.
//!
//! Character sets are strings (each character is a member); word lists are slices.

/// Single-character surnames: the ~300 most frequent ones. Characters that are far more often
/// function words than surnames in complaint text (位, 区, 和, 班 …) are deliberately absent.
pub(crate) const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾\
肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段\
雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹\
申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻\
祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应\
臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南储原\
栗燕楚鄢劳谌奚皮粟冼蔺盘满闻厉伊仝郜海帅萧";

/// Two-character surnames.
pub(crate) const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "端木", "申屠", "澹台", "呼延", "独孤", "南宫", "西门", "百里", "东郭", "万俟",
    "闻人", "赫连", "拓跋", "轩辕",
];

/// Province abbreviations that open a licence plate (GA 36).
pub(crate) const PLATE_PROVINCES: &str =
    "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// Characters that end a plate whose fifth character is replaced by a use mark (学, 警, 挂 …).
pub(crate) const PLATE_USE_MARKS: &str = "学警挂港澳领试超";

/// Characters that never belong to a given name: particles, pronouns, common verbs, and the
/// address and number characters that follow names in complaints.
pub(crate) const NAME_STOP: &str = "的了在是于和与及或住到至往从自为我你他她它们这那买购卖送寄收给把被让\
向对说称请要想去来过个也都就还又很不没有已曾将会能但而并且则即再才只因所以等后其此每各该今男女省市\
区县镇乡路街巷村号某年月日时共约近找问由经跟";

/// Characters that end the run of place-name characters before an address, scanning left:
/// particles, pronouns and verbs that introduce a place (住, 在, 址, 到 …). Characters that
/// start common street names (和平路, 向阳路, 育才街, 自由路, 会展路, 成都市) are left out.
pub(crate) const ADDRESS_STOP: &str = "的了在是于与及或住址到至往从为我你他她它们这那买购卖送寄收给把被让\
对说称请想去过个也就还又很不没有已曾能可但而并且则即再只如若因所以等之其此每各该搬离";

/// Chinese numerals used in house and unit numbers (三单元, 十一号楼). `〇` is outside the
/// table's range and is tested separately.
pub(crate) const NUMERALS: &str = "一二三四五六七八九十零两百";

/// `家` is an ordinary word (我家, 家住) except in place names of these shapes (石家庄, 张家口).
pub(crate) const JIA_PLACE_FOLLOWERS: &str = "庄口湾营村屯坡镇寨堡沟窑河桥园坊峪台店铺洼";

/// The level of a named address component, from the suffix that closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    /// 省, 自治区.
    Province,
    /// 市, 州, 盟, 地区.
    City,
    /// 区, 县, 旗, development zones.
    County,
    /// 镇, 乡, 街道, 社区, 村.
    Township,
    /// 路, 街, 道, 巷 …
    Street,
    /// 小区, 花园, 大厦 … (a housing estate or building).
    Estate,
}

/// Suffixes that close a named address component. Matched longest first where several end at
/// the same character (街道 before 道).
pub(crate) const ADDRESS_SUFFIXES: &[(&str, Level)] = &[
    ("自治区", Level::Province),
    ("省", Level::Province),
    ("自治州", Level::City),
    ("地区", Level::City),
    ("市", Level::City),
    ("州", Level::City),
    ("盟", Level::City),
    ("开发区", Level::County),
    ("新区", Level::County),
    ("园区", Level::County),
    ("区", Level::County),
    ("县", Level::County),
    ("旗", Level::County),
    ("街道", Level::Township),
    ("社区", Level::Township),
    ("镇", Level::Township),
    ("乡", Level::Township),
    ("村", Level::Township),
    ("大街", Level::Street),
    ("大道", Level::Street),
    ("胡同", Level::Street),
    ("国道", Level::Street),
    ("省道", Level::Street),
    ("公路", Level::Street),
    ("路", Level::Street),
    ("街", Level::Street),
    ("道", Level::Street),
    ("巷", Level::Street),
    ("弄", Level::Street),
    ("环", Level::Street),
    ("里", Level::Street),
    ("小区", Level::Estate),
    ("花园", Level::Estate),
    ("家园", Level::Estate),
    ("公寓", Level::Estate),
    ("大厦", Level::Estate),
    ("广场", Level::Estate),
    ("新村", Level::Estate),
    ("公馆", Level::Estate),
    ("中心", Level::Estate),
    ("大楼", Level::Estate),
    ("宿舍", Level::Estate),
    ("苑", Level::Estate),
    ("园", Level::Estate),
    ("城", Level::Estate),
    ("院", Level::Estate),
    ("府", Level::Estate),
    ("湾", Level::Estate),
    ("郡", Level::Estate),
    ("坊", Level::Estate),
];

/// Units that follow a house, building, unit or room number, longest first, and whether one
/// alone marks an address (`true`: 号, 栋, 单元, 室 …) or only joins one (`false`: 层, 楼 …).
pub(crate) const NUMBER_UNITS: &[(&str, bool)] = &[
    ("号楼", true),
    ("号院", true),
    ("单元", true),
    ("号", true),
    ("栋", true),
    ("幢", true),
    ("室", true),
    ("户", true),
    ("座", false),
    ("层", false),
    ("楼", false),
    ("门", false),
    ("组", false),
];

/// Characters after `N号` that make it something other than a house number (3号线, 1号店,
/// 2号机位, 7号字).
pub(crate) const HAO_NOT_ADDRESS: &str = "线店码机位车池台字球";

/// Characters before a number that make `N号` something other than a house number (5月3号,
/// 第2号).
pub(crate) const HAO_NOT_ADDRESS_BEFORE: &str = "月第型编";

/// Words after which an address follows even without a house number (家住长安区 …).
pub(crate) const ADDRESS_TRIGGERS: &[&str] = &[
    "家庭住址",
    "收货地址",
    "送货地址",
    "居住在",
    "居住于",
    "居住地",
    "户籍地",
    "家住",
    "住在",
    "住址",
    "现住",
    "现居",
    "户籍",
    "住于",
    "家在",
    "我住",
    "地址",
    "住所",
];

/// Titles that follow a surname or full name (张先生, 王秀英女士).
pub(crate) const TITLES: &[&str] = &[
    "先生", "女士", "小姐", "老师", "同学", "师傅", "经理", "主任", "律师", "医生", "阿姨", "大爷",
    "大妈", "大姐", "大哥", "老板", "店长", "教练",
];

/// Role words: before a title they are the role, not a name (主任医生, 客服经理); before a
/// surname and title they are not part of the name (商家高老板, 店员吴女士).
pub(crate) const ROLE_WORDS: &[&str] = &[
    "主任",
    "客服",
    "店长",
    "经理",
    "老板",
    "医生",
    "律师",
    "老师",
    "师傅",
    "同学",
    "阿姨",
    "店员",
    "员工",
    "保安",
    "司机",
    "快递",
    "销售",
    "前台",
    "商家",
    "卖家",
    "店家",
    "厂家",
    "买家",
    "店主",
    "房东",
    "中介",
    "物业",
    "同事",
    "朋友",
    "邻居",
    "护士",
    "教师",
    "导购",
    "收银员",
    "业务员",
    "推销员",
    "快递员",
    "工作人员",
    "老板娘",
    "顾客",
];

/// Common words that start with a surname character (高兴, 马上, 方便): after a weak label
/// (本人, 我母亲) they are not a name.
pub(crate) const NOT_NAMES: &[&str] = &[
    "高兴", "高考", "高价", "高度", "高额", "马上", "方便", "方面", "常常", "金额", "余额", "周末",
    "周围", "黄金", "安全", "安装", "白天", "明天", "明白", "明显", "文化", "文件", "程序", "许多",
    "原来", "原因", "原价", "全部", "全额", "全家", "任何", "于是", "曾经", "江湖", "石家", "成功",
    "成本", "应该", "应当", "单位", "单独", "关于", "关系", "连续", "连忙", "车辆", "项目", "路上",
    "海外", "温度", "时间", "时候", "苏醒", "钱款", "谈话", "宁愿", "尚未", "向来", "乐意", "古董",
    "和平", "华为", "唐山", "田地", "管理", "简单", "计划", "梁上", "毛病", "包装", "付款", "付费",
    "范围", "邵阳", "严重", "孔子", "康复", "施工", "易碎", "柴油", "冷藏", "米饭", "牛奶", "房屋",
    "房子", "房间", "水果", "沙发", "燕麦", "党员", "宫廷", "景区", "卫生", "解决", "解释", "司机",
    "包括", "贾庄", "蓝牙", "游戏", "游泳", "吉他", "商品", "商家", "商场", "商户", "商量", "高中",
    "初中", "房东", "方式", "金融", "司法", "平台", "车主", "车行", "易购",
];
/// Words that end a name: what complaints write right after one (王伟购买, 张伟今年35岁).
pub(crate) const NAME_END_WORDS: &[&str] = &[
    "购买", "反映", "投诉", "家住", "住在", "身份", "电话", "手机", "联系", "今年", "现年", "年龄",
    "性别", "通过", "因为", "由于", "想要", "要求", "请求", "之前", "上午", "下午", "中午", "晚上",
    "昨天", "今天", "前天", "明天", "近日", "近期", "去年", "本月", "上月", "于是", "然后", "一直",
    "多次", "曾经", "已经", "一个", "发现", "认为", "表示", "女儿", "儿子", "母亲", "父亲", "丈夫",
    "妻子", "老公", "老婆", "爱人", "家的", "家里", "家中", "先生", "女士", "小姐", "老师", "同学",
    "师傅", "经理", "主任", "律师", "医生", "阿姨", "大爷", "大妈", "大姐", "大哥", "老板", "店长",
    "教练",
];

/// Whether a name label is followed by a name for sure (`true`), or only sometimes (`false`:
/// 本人 is followed by 于2025年 as often as by a name, 我女儿 by 高兴地). After a weak label the
/// name must end at a clear boundary, its first character must not be a particle and its first
/// two characters must not be a common word ([`NOT_NAMES`]).
pub(crate) const NAME_LABELS: &[(&str, bool)] = &[
    ("姓名", true),
    ("姓 名", true),
    ("姓  名", true),
    ("名字", true),
    ("我叫", true),
    ("名叫", true),
    ("投诉人", true),
    ("申诉人", true),
    ("举报人", true),
    ("联系人", true),
    ("申请人", true),
    ("收货人", true),
    ("收件人", true),
    ("寄件人", true),
    ("持卡人", true),
    ("开户人", true),
    ("开户名", true),
    ("户名", true),
    ("委托人", true),
    ("代理人", true),
    ("当事人", true),
    ("签收人", true),
    ("本人", false),
    ("消费者", false),
    ("车主", false),
    ("业主", false),
    ("客户", false),
    ("用户", false),
    ("患者", false),
    ("学员", false),
    ("家长", false),
    ("我是", false),
    ("联系", false),
    ("原告", false),
    ("被告", false),
    ("母亲", false),
    ("父亲", false),
    ("爱人", false),
    ("丈夫", false),
    ("妻子", false),
    ("老公", false),
    ("老婆", false),
    ("女儿", false),
    ("儿子", false),
    ("孙子", false),
    ("孙女", false),
    ("孩子", false),
];

/// Characters after `X某` that make `某` a determiner (于某日, 某种, 某公司), not a name.
pub(crate) const MOU_DETERMINED: &str =
    "日天时年月些种个家地处公店商品款位件次事物样方面类项条部台名批";

/// What the words just before a number say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberLabel {
    /// No label recognised.
    None,
    /// 电话, 手机, 座机 …
    Phone,
    /// 卡号, 银行卡, 账号 …
    Card,
    /// 身份证, 证件号 …
    Id,
    /// An order, tracking, invoice or model number: not personal data.
    Other,
}

/// Labels before numbers, matched as suffixes of the text before the number once fillers
/// (`：`, `是`, spaces) and a trailing 号/号码/码 are skipped. The longest match wins, so
/// 快递员电话 is a phone and 快递单 an order document. A one-character label counts only
/// before 号 (卡号, 单号, 学号), since alone it ends too many words (同学, 员工).
pub(crate) const NUMBER_LABELS: &[(&str, NumberLabel)] = &[
    ("电话", NumberLabel::Phone),
    ("手机", NumberLabel::Phone),
    ("联系方式", NumberLabel::Phone),
    ("座机", NumberLabel::Phone),
    ("固话", NumberLabel::Phone),
    ("分机", NumberLabel::Phone),
    ("微信", NumberLabel::Phone),
    ("致电", NumberLabel::Phone),
    ("拨打", NumberLabel::Phone),
    ("tel", NumberLabel::Phone),
    ("phone", NumberLabel::Phone),
    ("卡", NumberLabel::Card),
    ("银行卡", NumberLabel::Card),
    ("储蓄卡", NumberLabel::Card),
    ("信用卡", NumberLabel::Card),
    ("借记卡", NumberLabel::Card),
    ("账", NumberLabel::Card),
    ("帐", NumberLabel::Card),
    ("账户", NumberLabel::Card),
    ("帐户", NumberLabel::Card),
    ("身份证", NumberLabel::Id),
    ("证件", NumberLabel::Id),
    ("身份", NumberLabel::Id),
    ("单", NumberLabel::Other),
    ("订单", NumberLabel::Other),
    ("物流", NumberLabel::Other),
    ("快递", NumberLabel::Other),
    ("编", NumberLabel::Other),
    ("型", NumberLabel::Other),
    ("序列", NumberLabel::Other),
    ("串", NumberLabel::Other),
    ("imei", NumberLabel::Other),
    ("sn", NumberLabel::Other),
    ("发票", NumberLabel::Other),
    ("流水", NumberLabel::Other),
    ("交易", NumberLabel::Other),
    ("批", NumberLabel::Other),
    ("批次", NumberLabel::Other),
    ("条码", NumberLabel::Other),
    ("货", NumberLabel::Other),
    ("受理", NumberLabel::Other),
    ("投诉", NumberLabel::Other),
    ("案", NumberLabel::Other),
    ("合同", NumberLabel::Other),
    ("验证", NumberLabel::Other),
    ("金额", NumberLabel::Other),
    ("价格", NumberLabel::Other),
    ("航班", NumberLabel::Other),
    ("车次", NumberLabel::Other),
    ("学", NumberLabel::Other),
    ("工", NumberLabel::Other),
    ("会员", NumberLabel::Other),
    ("版本", NumberLabel::Other),
];

/// Characters skipped between a label and its number (电话：, 手机号是 …).
pub(crate) const LABEL_FILLERS: &str = " :：是为#(（\"“「【[";

/// Characters after a number that make it an amount, not a phone or card number
/// (`13800138000元`, `6万`).
pub(crate) const AMOUNT_UNITS: &str = "元块圆万亿角%％";

/// Currency signs before a number (`¥13800138000`).
pub(crate) const CURRENCY_BEFORE: &str = "¥￥$€£";
