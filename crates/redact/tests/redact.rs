//! Redaction of hand-written narratives: what is replaced, what is left alone, and the spans.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use weiquan_redact::{
    KindSet, PiiKind, PiiSpan, RedactConfig, Redacted, Redactor, Replacement, find, placeholder,
    redact,
};

fn values(text: &str) -> Vec<(PiiKind, String)> {
    let chars: Vec<char> = text.chars().collect();
    find(text)
        .iter()
        .map(|s| (s.kind, chars[s.start..s.end].iter().collect()))
        .collect()
}

#[test]
fn a_full_narrative() {
    let text = "投诉人：李桂英女士，2025年5月3日在石家庄市长安区鑫源12商行购买了电动自行车，\
                使用不到一个月就出现故障。我的电话是138 0013 8000，座机0311-86001234，\
                身份证号130102199001011237，家住石家庄市长安区中山东路12号3单元502室，\
                退款请打到我的银行卡6228480402564890018，邮箱li.guiying@163.com，车牌号冀AD1234。";
    let r = redact(text);
    assert_eq!(
        r.text,
        "投诉人：[姓名]女士，2025年5月3日在石家庄市长安区鑫源12商行购买了电动自行车，\
         使用不到一个月就出现故障。我的电话是[手机号]，座机[固定电话]，\
         身份证号[身份证号]，家住[地址]，\
         退款请打到我的银行卡[银行卡号]，邮箱[邮箱]，车牌号[车牌号]。"
    );
    let kinds: Vec<PiiKind> = r.spans.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            PiiKind::PersonName,
            PiiKind::Mobile,
            PiiKind::Landline,
            PiiKind::ResidentId,
            PiiKind::Address,
            PiiKind::BankCard,
            PiiKind::Email,
            PiiKind::LicencePlate
        ]
    );
    assert_eq!(
        r.spans[0],
        PiiSpan {
            start: 4,
            end: 7,
            kind: PiiKind::PersonName
        }
    );
}

#[test]
fn tricky_negatives_are_left_alone() {
    for text in [
        "订单号：2025010113800138000，请尽快处理。",
        "商品价格13800元，实付12800.00元。",
        "购买日期20250101，发票日期2025-01-02。",
        "拨打12315热线，受理号1301002025060012345。",
        "型号iPhone 15 Pro Max 256GB，序列号F2LX1234ABCD。",
        "快递单号SF1234567890123，运单号773012345678901。",
        "客服热线400-820-8820，银行客服95588。",
        "金额：￥2,999.00，合计1,380,013元。",
        "空调型号KFR-35GW/(35592)FNhAa-B3，机身编码2101234567890。",
        "IMEI：861234567890123。",
        "统一社会信用代码91130100MA0ABCDE12。",
        "坐地铁3号线到店，5月3号购买，第2号柜台。",
        "三室两厅的房子，二楼客服。",
        "消费者协会、消费者权益保护法。",
        "本人于2025年5月在该店购买，本人曾经多次联系商家。",
        "这位先生说，一位女士也遇到了同样的问题。",
        "由于某种原因，于某日发货。",
        "在石家庄某4S店购买。",
        "被投诉人：石家庄市某某科技有限公司。",
        "新iPhone15京东自营。",
        "@所有人 请注意。",
        "车辆识别代号LSVAU2180N2123456。",
    ] {
        assert_eq!(values(text), vec![], "{text}");
    }
}

#[test]
fn positives_in_other_forms() {
    use PiiKind::*;
    let cases: &[(&str, &[(PiiKind, &str)])] = &[
        (
            "手机：+86 138-0013-8000。",
            &[(Mobile, "+86 138-0013-8000")],
        ),
        ("手机（+86）13800138000", &[(Mobile, "（+86）13800138000")]),
        (
            "电话：１３８００１３８０００",
            &[(Mobile, "１３８００１３８０００")],
        ),
        (
            "电话13800138000、13900139000",
            &[(Mobile, "13800138000"), (Mobile, "13900139000")],
        ),
        (
            "座机（0311）8600-1234转801",
            &[(Landline, "（0311）8600-1234转801")],
        ),
        ("办公电话：86001234", &[(Landline, "86001234")]),
        (
            "身份证号码：130102 19900101 1237",
            &[(ResidentId, "130102 19900101 1237")],
        ),
        (
            "身份证：１１０１０５１９４９１２３１００２ｘ",
            &[(ResidentId, "１１０１０５１９４９１２３１００２ｘ")],
        ),
        (
            "老身份证130102900101123",
            &[(ResidentId, "130102900101123")],
        ),
        (
            "卡号 6228 4804 0256 4890 018",
            &[(BankCard, "6228 4804 0256 4890 018")],
        ),
        (
            "邮箱：ZhangSan@Example.com.cn。",
            &[(Email, "ZhangSan@Example.com.cn")],
        ),
        ("车牌：粤B·D12345", &[(LicencePlate, "粤B·D12345")]),
        ("车牌：冀a12345", &[(LicencePlate, "冀a12345")]),
        (
            "住址：阳光小区5号楼2单元301",
            &[(Address, "阳光小区5号楼2单元301")],
        ),
        ("家住辛集市幸福路附近", &[(Address, "辛集市幸福路")]),
        (
            "送到藁城区廉州镇东街村5组12号",
            &[(Address, "藁城区廉州镇东街村5组12号")],
        ),
        ("姓名：欧阳娜娜 性别：女", &[(PersonName, "欧阳娜娜")]),
        ("客服刘伟女士说", &[(PersonName, "刘伟")]),
        ("联系张先生", &[(PersonName, "张")]),
        ("原告王某某诉称", &[(PersonName, "王某某")]),
        ("我母亲刘秀兰今年72岁", &[(PersonName, "刘秀兰")]),
    ];
    for (text, want) in cases {
        let want: Vec<(PiiKind, String)> =
            want.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        assert_eq!(values(text), want, "{text}");
    }
}

#[test]
fn spans_count_characters_and_serialise() {
    let r = redact("我叫王伟，电话13800138000");
    assert_eq!(
        r,
        Redacted {
            text: "我叫[姓名]，电话[手机号]".to_owned(),
            spans: vec![
                PiiSpan {
                    start: 2,
                    end: 4,
                    kind: PiiKind::PersonName
                },
                PiiSpan {
                    start: 7,
                    end: 18,
                    kind: PiiKind::Mobile
                },
            ],
        }
    );
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"text":"我叫[姓名]，电话[手机号]","spans":[{"start":2,"end":4,"kind":"person_name"},{"start":7,"end":18,"kind":"mobile"}]}"#
    );
}

#[test]
fn replacement_policies() {
    let text = "我叫张伟，手机13800138000，家住石家庄市长安区中山东路12号";
    let with = |replacement, kinds| {
        Redactor::new(RedactConfig { replacement, kinds })
            .redact(text)
            .text
    };
    assert_eq!(
        with(Replacement::Label, KindSet::ALL),
        "我叫[姓名]，手机[手机号]，家住[地址]"
    );
    assert_eq!(
        with(Replacement::Mask, KindSet::ALL),
        "我叫**，手机***********，家住**************"
    );
    assert_eq!(
        with(Replacement::Partial, KindSet::ALL),
        "我叫张*，手机138****8000，家住石家庄市长安区***"
    );
    assert_eq!(
        with(Replacement::Label, KindSet::STRUCTURED),
        "我叫张伟，手机[手机号]，家住石家庄市长安区中山东路12号"
    );
    assert_eq!(with(Replacement::Label, KindSet::NONE), text);
    assert_eq!(placeholder(PiiKind::ResidentId), "[身份证号]");
}

#[test]
fn empty_and_plain_text() {
    assert_eq!(
        redact(""),
        Redacted {
            text: String::new(),
            spans: vec![]
        }
    );
    let plain = "商家未按合同约定履行，拒绝退还预付款。请求有关部门依法处理。";
    assert_eq!(redact(plain).text, plain);
}
