//! The crate's one error type, with a stable machine code per variant, and [`Text`], the free
//! words an error carries in English and Chinese.

use std::fmt;

use weiquan_complaint::ValidationErrors;

use crate::dims::GroupBy;

/// Everything that can go wrong in this crate.
///
/// [`Error::code`] is a stable machine code (what the C ABI and the wasm API pass through);
/// `Display` names the parameter or the cell and the value in English, [`Error::message_zh`]
/// in Chinese. Free-text parts ([`Text`]) are written in both languages where the error is
/// made, never translated afterwards.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A dimension list such as `period=quarter,region=county` that cannot be read.
    #[error("group-by {value:?} is not valid: {reason}")]
    GroupBy {
        /// The text as given.
        value: String,
        /// What is wrong with it.
        reason: Text,
    },
    /// A parameter outside its allowed range.
    #[error("parameter {name} = {:?} is not valid: {reason}", value.en)]
    Parameter {
        /// The parameter's name.
        name: &'static str,
        /// The value as given (the same in both languages, unless it is a description).
        value: Text,
        /// What is wrong with it.
        reason: Text,
    },
    /// Two partial aggregates grouped differently cannot be merged.
    #[error("cannot merge partials grouped by {left:?} and {right:?}")]
    MergeMismatch {
        /// The first partial's group-by.
        left: String,
        /// The second partial's group-by.
        right: String,
    },
    /// A table asked for a grouping that the aggregate cannot provide.
    #[error(
        "table grouped by {:?} cannot be computed from data grouped by {:?}",
        table.en,
        data.en
    )]
    NotACoarsening {
        /// The table's group-by (and span or release, when they are the obstacle); in
        /// Chinese a phrase such as `按“region=county”分组`.
        table: Text,
        /// The aggregate's group-by (and what it lacks); in Chinese as `table`.
        data: Text,
    },
    /// A serialised partial aggregate or ledger that cannot be read.
    #[error("{what} is not valid: {reason}")]
    Format {
        /// What was being read (`partial`, `ledger`, `release`, `cell key`, `domain`,
        /// `audit`).
        what: &'static str,
        /// What is wrong.
        reason: Text,
    },
    /// A table with more cells than allowed.
    #[error("the table would have {cells} cells, more than the limit of {limit}")]
    TableTooLarge {
        /// Cells the table would have.
        cells: u128,
        /// The configured limit.
        limit: u64,
    },
    /// Exact arithmetic left the range of 128-bit integers.
    #[error("exact arithmetic overflowed in {operation}")]
    Overflow {
        /// Which computation.
        operation: &'static str,
    },
    /// No suppression pattern of this release protects a cell (a cell of an earlier release
    /// is disclosed by the earlier releases alone, or every candidate is withheld already).
    #[error("cell {cell} cannot be protected: {reason}")]
    Unprotectable {
        /// The cell, as `dimension=value` pairs (`total` for the grand total; `group ...` for
        /// a group of the data); in Chinese `单元格“...”`, `合计单元格` or `明细组“...”`.
        cell: Text,
        /// Why.
        reason: Text,
    },
    /// The data no longer gives what an earlier release published for a cell, so that release
    /// cannot be audited together with this one.
    #[error(
        "release {release:?} published {published} for {cell}, the data now gives {data}: audit \
         with the data the ledger's releases were computed from, or start a new ledger"
    )]
    LedgerRevised {
        /// The earlier release's identifier.
        release: String,
        /// The cell, as for [`Error::Unprotectable`].
        cell: Text,
        /// What was published.
        published: u64,
        /// What the data gives now.
        data: u64,
    },
    /// The audit's linear program is larger than allowed: the table is too sparse for its
    /// grouping.
    #[error(
        "the audit would have to solve a linear program of {variables} unknowns and {equations} \
         equations (limit {limit}): too many small cells are tied together; group the table \
         more coarsely (fewer dimensions, a higher level) or raise max_audit_variables"
    )]
    AuditTooLarge {
        /// Unknowns in the largest component.
        variables: usize,
        /// Its equations.
        equations: usize,
        /// The limit.
        limit: u32,
    },
    /// The audit did not finish within its time limit: the release is refused, never
    /// published unaudited.
    #[error(
        "the audit did not finish within {seconds} s (in round {round} of secondary \
         suppression): the release is refused; group the table more coarsely or allow more time"
    )]
    AuditTimeout {
        /// The limit, in seconds.
        seconds: u64,
        /// The round it was in.
        round: u32,
    },
    /// A differential-privacy query that would spend more than the remaining budget.
    #[error("privacy budget exceeded: the query needs epsilon {requested}, {remaining} remains")]
    BudgetExceeded {
        /// Epsilon the query asked for (exact, e.g. `1/3`).
        requested: String,
        /// Epsilon left (exact).
        remaining: String,
    },
    /// The operating system's secure random source failed.
    #[error("the secure random source failed: {reason}")]
    Randomness {
        /// The platform's message (in Chinese, its error number).
        reason: Text,
    },
    /// A ledger that does not hold together: an epsilon that is not positive where a
    /// differentially private release spent it (or not zero for suppression), a repeated or
    /// empty release id, a spent total that is not the sum of its releases or exceeds the
    /// limit. Such a ledger is refused, never repaired.
    #[error("ledger is not valid at {}: {reason}", entry.en)]
    LedgerInvalid {
        /// The entry, e.g. `release 3 ("2025-Q3")`, or `the ledger` for its totals.
        entry: Text,
        /// What is wrong with it.
        reason: Text,
    },
    /// The ledger (or its lock) could not be read or written; nothing was published.
    #[error("ledger {path}: cannot {}: {reason}", action.en)]
    LedgerIo {
        /// The file.
        path: String,
        /// What was being done (`lock`, `read`, `write`, ...).
        action: Text,
        /// The operating system's message (in Chinese, its error number).
        reason: Text,
    },
    /// Another release holds the ledger's lock.
    #[error("ledger {path} is locked by another release being made")]
    LedgerLocked {
        /// The ledger file.
        path: String,
    },
    /// A differentially private release without a privacy budget for its series.
    #[error(
        "ledger {ledger} has no privacy budget: a differentially private release needs one; \
         give --epsilon-budget B (the total epsilon of the series, kept in the ledger from then on)"
    )]
    BudgetMissing {
        /// The ledger file.
        ledger: String,
    },
    /// An epsilon outside the range this crate accepts.
    #[error("epsilon {value} is outside the accepted range {min}..={max}")]
    EpsilonOutOfRange {
        /// The value as given.
        value: String,
        /// The smallest accepted.
        min: String,
        /// The largest accepted.
        max: String,
    },
    /// Partials that count some input twice: the same partial given twice, or two partials
    /// with an input (file digest) or a complaint id in common.
    #[error("partials overlap: {reason}")]
    PartialOverlap {
        /// What they have in common.
        reason: Text,
    },
    /// Partials (or records) pseudonymised with different consumer keys cannot be merged:
    /// one consumer would count as two.
    #[error(
        "partials were made with different consumer keys (fingerprints {left} and {right}): \
         make them all with the same --consumer-key file"
    )]
    KeyMismatch {
        /// The first key's fingerprint.
        left: String,
        /// The second key's fingerprint.
        right: String,
    },
    /// Complaints that appear more than once with different contents: which one to count is
    /// not for statistics to guess.
    #[error(
        "{ids} complaint id(s) appear more than once with different contents: deduplicate the \
         input (keep one version of each complaint) and run again"
    )]
    DuplicateConflict {
        /// How many complaint ids.
        ids: u64,
    },
    /// A threshold above what the aggregate counted distinct consumers up to.
    #[error(
        "the threshold k = {k} is above {cap}, the number of distinct consumers the aggregate \
         counted exactly up to: aggregate again with a threshold of at least {k}"
    )]
    ConsumerCap {
        /// The threshold asked for.
        k: u64,
        /// The aggregate's cap.
        cap: u64,
    },
    /// A complaint line that cannot be aggregated.
    #[error("record is not valid: {0}")]
    Invalid(ValidationErrors),
}

impl Error {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::GroupBy { .. } => "stats.group_by",
            Error::Parameter { .. } => "stats.parameter",
            Error::MergeMismatch { .. } => "stats.merge_mismatch",
            Error::NotACoarsening { .. } => "stats.not_a_coarsening",
            Error::Format { .. } => "stats.format",
            Error::TableTooLarge { .. } => "stats.table_too_large",
            Error::Overflow { .. } => "stats.overflow",
            Error::Unprotectable { .. } => "suppress.unprotectable",
            Error::LedgerRevised { .. } => "ledger.revised",
            Error::AuditTooLarge { .. } => "audit.too_large",
            Error::AuditTimeout { .. } => "audit.timeout",
            Error::BudgetExceeded { .. } => "dp.budget_exceeded",
            Error::Randomness { .. } => "dp.randomness",
            Error::LedgerInvalid { .. } => "ledger.invalid",
            Error::LedgerIo { .. } => "ledger.io",
            Error::LedgerLocked { .. } => "ledger.locked",
            Error::BudgetMissing { .. } => "dp.budget_missing",
            Error::EpsilonOutOfRange { .. } => "dp.epsilon_range",
            Error::PartialOverlap { .. } => "partial.overlap",
            Error::KeyMismatch { .. } => "partial.key_mismatch",
            Error::DuplicateConflict { .. } => "record.duplicate_conflict",
            Error::ConsumerCap { .. } => "stats.consumer_cap",
            Error::Invalid(_) => "record.invalid",
        }
    }

    /// The message in Chinese, naming the same values as `Display`.
    pub fn message_zh(&self) -> String {
        match self {
            Error::GroupBy { value, reason } => format!("分组维度“{value}”无效：{}", reason.zh),
            Error::Parameter {
                name,
                value,
                reason,
            } => format!("参数 {name} 的值“{}”无效：{}", value.zh, reason.zh),
            Error::MergeMismatch { left, right } => {
                format!("按“{left}”分组与按“{right}”分组的部分汇总不能合并")
            }
            Error::NotACoarsening { table, data } => {
                format!("统计表（{}）不能由数据（{}）计算", table.zh, data.zh)
            }
            Error::Format { what, reason } => format!("{}无效：{}", what_zh(what), reason.zh),
            Error::TableTooLarge { cells, limit } => {
                format!("统计表将有{cells}个单元格，超过上限{limit}个")
            }
            Error::Overflow { operation } => {
                format!("精确运算超出128位整数的范围（{operation}）")
            }
            Error::Unprotectable { cell, reason } => {
                format!("{}无法保护：{}", cell.zh, reason.zh)
            }
            Error::LedgerRevised {
                release,
                cell,
                published,
                data,
            } => format!(
                "发布“{release}”为{}公布的数为{published}，现有数据为{data}：请用账本中各次发布\
                 所依据的数据审计，或新建账本",
                cell.zh
            ),
            Error::AuditTimeout { seconds, round } => format!(
                "审计未能在{seconds}秒内完成（第{round}轮补充隐匿）：本次发布被拒绝；\
                 请按更粗的粒度分组，或放宽时限"
            ),
            Error::AuditTooLarge {
                variables,
                equations,
                limit,
            } => format!(
                "审计须求解有{variables}个未知数、{equations}个方程的线性规划（上限{limit}）：\
                 相互关联的小单元格过多；请按更粗的粒度分组（减少维度或用更高层级），\
                 或调高 max_audit_variables"
            ),
            Error::BudgetExceeded {
                requested,
                remaining,
            } => format!("差分隐私预算不足：本次查询需要ε = {requested}，仅剩{remaining}"),
            Error::Randomness { reason } => format!("系统安全随机源出错：{}", reason.zh),
            Error::LedgerInvalid { entry, reason } => {
                format!("账本无效（{}）：{}", entry.zh, reason.zh)
            }
            Error::LedgerIo {
                path,
                action,
                reason,
            } => format!("账本 {path} 无法{}：{}", action.zh, reason.zh),
            Error::LedgerLocked { path } => {
                format!("账本 {path} 已被另一次正在进行的发布锁定")
            }
            Error::BudgetMissing { ledger } => format!(
                "账本 {ledger} 没有隐私预算：差分隐私发布须有预算；请用 --epsilon-budget B \
                 设定本系列的总ε（此后记在账本中）"
            ),
            Error::EpsilonOutOfRange { value, min, max } => {
                format!("ε = {value} 超出可接受的范围 {min}..={max}")
            }
            Error::PartialOverlap { reason } => format!("部分汇总有重叠：{}", reason.zh),
            Error::KeyMismatch { left, right } => format!(
                "部分汇总使用了不同的消费者密钥（指纹 {left} 与 {right}）：请全部使用同一个 \
                 --consumer-key 密钥文件生成"
            ),
            Error::DuplicateConflict { ids } => format!(
                "有{ids}个投诉编号重复出现且内容不同：请先去重（每件投诉只保留一个版本）再运行"
            ),
            Error::ConsumerCap { k, cap } => format!(
                "阈值 k = {k} 超过了汇总精确计数不同消费者的上限{cap}：请以不低于{k}的阈值重新汇总"
            ),
            Error::Invalid(errors) => match errors.0.as_slice() {
                [] => "记录无效".to_owned(),
                [only] => format!("记录无效：{}", only.message_zh),
                [first, rest @ ..] => format!(
                    "记录无效，共{}处问题；第一处：{}",
                    rest.len() + 1,
                    first.message_zh
                ),
            },
        }
    }

    pub(crate) fn overflow(operation: &'static str) -> Error {
        Error::Overflow { operation }
    }

    /// A parameter error whose value is data (the same in both languages).
    pub(crate) fn parameter(
        name: &'static str,
        value: impl ToString,
        reason_en: &str,
        reason_zh: &str,
    ) -> Error {
        Error::Parameter {
            name,
            value: Text::same(value),
            reason: Text::new(reason_en, reason_zh),
        }
    }

    /// A failure of the operating system's random source.
    pub(crate) fn randomness(e: getrandom::Error) -> Error {
        let zh = match e.raw_os_error() {
            Some(n) => format!("操作系统错误号{n}"),
            None => "本平台无法提供安全随机数".to_owned(),
        };
        Error::Randomness {
            reason: Text::new(e.to_string(), zh),
        }
    }
}

/// What [`Error::Format`] was reading, in Chinese.
fn what_zh(what: &str) -> &str {
    match what {
        "partial" => "部分汇总",
        "ledger" => "账本",
        "release" => "发布结果",
        "cell key" => "单元格键",
        "domain" => "维度取值",
        "audit" => "审计数据",
        other => other,
    }
}

/// Free words of an error, in English (what `Display` writes) and in Chinese (what
/// [`Error::message_zh`] writes), both written where the error is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The English text.
    pub en: String,
    /// The Chinese text.
    pub zh: String,
}

impl Text {
    ///
    /// The words may quote input (a value of a record, an id of a ledger, a parser's
    /// message): any identifier in them is masked and each quoted value cut to 200
    /// characters ([`weiquan_support::mask::parser_message`]).
    pub(crate) fn new(en: impl Into<String>, zh: impl Into<String>) -> Text {
        Text {
            en: weiquan_support::mask::parser_message(&en.into()),
            zh: weiquan_support::mask::parser_message(&zh.into()),
        }
    }

    /// Data (a value as given, a code), the same in both languages.
    pub(crate) fn same(value: impl ToString) -> Text {
        // A value as given: identifiers masked, cut to 200 characters.
        let s = weiquan_support::mask::echo(&value.to_string());
        Text {
            zh: s.clone(),
            en: s,
        }
    }

    /// A JSON document that cannot be read (or written): serde's message, and in Chinese
    /// where and what kind of problem.
    pub(crate) fn json(e: &serde_json::Error) -> Text {
        use serde_json::error::Category;
        let at = format!("第{}行第{}列", e.line(), e.column());
        let zh = match e.classify() {
            Category::Io => "读写失败".to_owned(),
            _ if e.line() == 0 => "无法写成JSON".to_owned(),
            Category::Syntax => format!("JSON语法错误（{at}）"),
            Category::Eof => format!("JSON不完整（{at}）"),
            Category::Data => format!("内容不符合文档格式（{at}）"),
        };
        Text::new(e.to_string(), zh)
    }

    /// A grouping: `region=county`, in Chinese `按“region=county”分组`.
    pub(crate) fn grouping(by: &GroupBy) -> Text {
        Text::new(by.to_string(), format!("按“{by}”分组"))
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

#[cfg(test)]
mod tests {
    use weiquan_complaint::FieldError;

    use super::*;
    use crate::dims::GroupBy;

    /// Runs of three or more ASCII letters in `s`, minus the data words the error names.
    fn english_words(s: &str, data: &[&str]) -> Vec<String> {
        let mut rest = s.to_owned();
        for d in data {
            rest = rest.replace(d, " ");
        }
        rest.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3)
            .map(str::to_owned)
            .collect()
    }

    fn t(en: &str, zh: &str) -> Text {
        Text::new(en, zh)
    }

    /// One error of every variant, its English and Chinese messages, and the data words (codes,
    /// values as given) that the Chinese message may show in Latin letters.
    fn every_variant() -> Vec<(Error, &'static str, &'static str, Vec<&'static str>)> {
        let invalid = |n: usize| {
            Error::Invalid(ValidationErrors(
                (0..n)
                    .map(|i| {
                        FieldError::new(
                            format!("/f{i}"),
                            "x.bad",
                            None,
                            format!("f{i} is bad"),
                            format!("字段{i}有误"),
                        )
                    })
                    .collect(),
            ))
        };
        vec![
            (
                Error::GroupBy {
                    value: "region=city".into(),
                    reason: t(
                        "region is county, prefecture or province",
                        "region 的层级为 county、prefecture 或 province",
                    ),
                },
                "group-by \"region=city\" is not valid: region is county, prefecture or province",
                "分组维度“region=city”无效：region 的层级为 county、prefecture 或 province",
                vec!["region", "city", "county", "prefecture", "province"],
            ),
            (
                Error::parameter("k", 0, "must be at least 1", "至少为1"),
                "parameter k = \"0\" is not valid: must be at least 1",
                "参数 k 的值“0”无效：至少为1",
                vec![],
            ),
            (
                Error::Parameter {
                    name: "record",
                    value: t("without pseudonym", "没有消费者假名"),
                    reason: t(
                        "differential privacy needs records made with a keyer",
                        "差分隐私须用带假名的记录（生成记录时须提供假名密钥）",
                    ),
                },
                "parameter record = \"without pseudonym\" is not valid: differential privacy \
                 needs records made with a keyer",
                "参数 record 的值“没有消费者假名”无效：差分隐私须用带假名的记录（生成记录时须提供\
                 假名密钥）",
                vec!["record"],
            ),
            (
                Error::MergeMismatch {
                    left: "region=county".into(),
                    right: "category=top".into(),
                },
                "cannot merge partials grouped by \"region=county\" and \"category=top\"",
                "按“region=county”分组与按“category=top”分组的部分汇总不能合并",
                vec!["region", "county", "category", "top"],
            ),
            (
                Error::NotACoarsening {
                    table: t(
                        "category=top over 2025-01..2025-03",
                        "按“category=top”分组，期间 2025-01..2025-03",
                    ),
                    data: t("data without months", "不含月份"),
                },
                "table grouped by \"category=top over 2025-01..2025-03\" cannot be computed from \
                 data grouped by \"data without months\"",
                "统计表（按“category=top”分组，期间 2025-01..2025-03）不能由数据（不含月份）计算",
                vec!["category", "top"],
            ),
            (
                Error::Format {
                    what: "partial",
                    reason: t("cell {} is empty", "单元格 {} 为空"),
                },
                "partial is not valid: cell {} is empty",
                "部分汇总无效：单元格 {} 为空",
                vec![],
            ),
            (
                Error::TableTooLarge {
                    cells: 2_000_000,
                    limit: 1_000_000,
                },
                "the table would have 2000000 cells, more than the limit of 1000000",
                "统计表将有2000000个单元格，超过上限1000000个",
                vec![],
            ),
            (
                Error::overflow("laplace"),
                "exact arithmetic overflowed in laplace",
                "精确运算超出128位整数的范围（laplace）",
                vec!["laplace"],
            ),
            (
                Error::Unprotectable {
                    cell: t("group region=130102", "明细组“region=130102”"),
                    reason: t("it is disclosed", "已泄露"),
                },
                "cell group region=130102 cannot be protected: it is disclosed",
                "明细组“region=130102”无法保护：已泄露",
                vec!["region"],
            ),
            (
                Error::LedgerRevised {
                    release: "2025Q1".into(),
                    cell: t("total", "合计单元格"),
                    published: 12,
                    data: 13,
                },
                "release \"2025Q1\" published 12 for total, the data now gives 13: audit with the \
                 data the ledger's releases were computed from, or start a new ledger",
                "发布“2025Q1”为合计单元格公布的数为12，现有数据为13：请用账本中各次发布所依据的\
                 数据审计，或新建账本",
                vec![],
            ),
            (
                Error::AuditTooLarge {
                    variables: 700,
                    equations: 90,
                    limit: 600,
                },
                "the audit would have to solve a linear program of 700 unknowns and 90 equations \
                 (limit 600): too many small cells are tied together; group the table more \
                 coarsely (fewer dimensions, a higher level) or raise max_audit_variables",
                "审计须求解有700个未知数、90个方程的线性规划（上限600）：相互关联的小单元格过多；\
                 请按更粗的粒度分组（减少维度或用更高层级），或调高 max_audit_variables",
                vec!["max_audit_variables"],
            ),
            (
                Error::AuditTimeout {
                    seconds: 60,
                    round: 3,
                },
                "the audit did not finish within 60 s (in round 3 of secondary suppression): the \
                 release is refused; group the table more coarsely or allow more time",
                "审计未能在60秒内完成（第3轮补充隐匿）：本次发布被拒绝；请按更粗的粒度分组，\
                 或放宽时限",
                vec![],
            ),
            (
                Error::BudgetExceeded {
                    requested: "1/2".into(),
                    remaining: "1/3".into(),
                },
                "privacy budget exceeded: the query needs epsilon 1/2, 1/3 remains",
                "差分隐私预算不足：本次查询需要ε = 1/2，仅剩1/3",
                vec![],
            ),
            (
                Error::Randomness {
                    reason: t("No such device (os error 19)", "操作系统错误号19"),
                },
                "the secure random source failed: No such device (os error 19)",
                "系统安全随机源出错：操作系统错误号19",
                vec![],
            ),
            (
                Error::LedgerInvalid {
                    entry: t("release 2 (\"q3\")", "第2次发布（“q3”）"),
                    reason: t("the id appears more than once", "发布标识重复出现"),
                },
                "ledger is not valid at release 2 (\"q3\"): the id appears more than once",
                "账本无效（第2次发布（“q3”））：发布标识重复出现",
                vec!["q3"],
            ),
            (
                Error::LedgerIo {
                    path: "/l.json".into(),
                    action: t("write", "写入"),
                    reason: t("File too large (os error 27)", "操作系统错误号27"),
                },
                "ledger /l.json: cannot write: File too large (os error 27)",
                "账本 /l.json 无法写入：操作系统错误号27",
                vec!["json"],
            ),
            (
                Error::LedgerLocked {
                    path: "/l.json".into(),
                },
                "ledger /l.json is locked by another release being made",
                "账本 /l.json 已被另一次正在进行的发布锁定",
                vec!["json"],
            ),
            (
                Error::BudgetMissing {
                    ledger: "/l.json".into(),
                },
                "ledger /l.json has no privacy budget: a differentially private release needs \
                 one; give --epsilon-budget B (the total epsilon of the series, kept in the ledger \
                 from then on)",
                "账本 /l.json 没有隐私预算：差分隐私发布须有预算；请用 --epsilon-budget B 设定本系列\
                 的总ε（此后记在账本中）",
                vec!["json", "epsilon-budget"],
            ),
            (
                Error::EpsilonOutOfRange {
                    value: "1000".into(),
                    min: "1/1000".into(),
                    max: "10".into(),
                },
                "epsilon 1000 is outside the accepted range 1/1000..=10",
                "ε = 1000 超出可接受的范围 1/1000..=10",
                vec![],
            ),
            (
                Error::PartialOverlap {
                    reason: t(
                        "2 complaint(s) are counted in both",
                        "有2件投诉在两者中都已计入",
                    ),
                },
                "partials overlap: 2 complaint(s) are counted in both",
                "部分汇总有重叠：有2件投诉在两者中都已计入",
                vec![],
            ),
            (
                Error::KeyMismatch {
                    left: "ab".into(),
                    right: "cd".into(),
                },
                "partials were made with different consumer keys (fingerprints ab and cd): make \
                 them all with the same --consumer-key file",
                "部分汇总使用了不同的消费者密钥（指纹 ab 与 cd）：请全部使用同一个 --consumer-key \
                 密钥文件生成",
                vec!["consumer-key"],
            ),
            (
                Error::DuplicateConflict { ids: 3 },
                "3 complaint id(s) appear more than once with different contents: deduplicate the \
                 input (keep one version of each complaint) and run again",
                "有3个投诉编号重复出现且内容不同：请先去重（每件投诉只保留一个版本）再运行",
                vec![],
            ),
            (
                Error::ConsumerCap { k: 20, cap: 10 },
                "the threshold k = 20 is above 10, the number of distinct consumers the aggregate \
                 counted exactly up to: aggregate again with a threshold of at least 20",
                "阈值 k = 20 超过了汇总精确计数不同消费者的上限10：请以不低于20的阈值重新汇总",
                vec![],
            ),
            (
                invalid(0),
                "record is not valid: 0 problem(s):",
                "记录无效",
                vec![],
            ),
            (
                invalid(1),
                "record is not valid: 1 problem(s): /f0: f0 is bad [x.bad];",
                "记录无效：字段0有误",
                vec![],
            ),
            (
                invalid(3),
                "record is not valid: 3 problem(s): /f0: f0 is bad [x.bad]; /f1: f1 is bad \
                 [x.bad]; /f2: f2 is bad [x.bad];",
                "记录无效，共3处问题；第一处：字段0有误",
                vec![],
            ),
        ]
    }

    #[test]
    fn every_variant_has_its_chinese_message() {
        let cases = every_variant();
        let mut codes: Vec<&str> = cases.iter().map(|(e, ..)| e.code()).collect();
        codes.dedup();
        assert_eq!(codes.len(), 23, "one case per variant: {codes:?}");
        for (e, en, zh, data) in &cases {
            assert_eq!(e.to_string(), *en, "{}", e.code());
            assert_eq!(e.message_zh(), *zh, "{}", e.code());
            assert_eq!(english_words(zh, data), Vec::<String>::new(), "{zh}");
        }
    }

    #[test]
    fn errors_from_the_api_keep_their_english_and_speak_chinese() {
        use crate::{Aggregator, Ledger, PrivacyBudget, Ratio, RecordOptions, parse_line};

        let e = "region=city".parse::<GroupBy>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "group-by \"region=city\" is not valid: region is county, prefecture or province"
        );
        assert_eq!(
            e.message_zh(),
            "分组维度“region=city”无效：region 的层级为 county、prefecture 或 province"
        );

        let e = "1/0".parse::<Ratio>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "parameter ratio = \"1/0\" is not valid: zero denominator"
        );
        assert_eq!(e.message_zh(), "参数 ratio 的值“1/0”无效：分母为零");

        let e = Ledger::from_json("{").unwrap_err();
        assert_eq!(
            e.to_string(),
            "ledger is not valid: EOF while parsing an object at line 1 column 1"
        );
        assert_eq!(e.message_zh(), "账本无效：JSON不完整（第1行第1列）");
        let e = Ledger::from_json("{\"schema_version\": \"one\"}").unwrap_err();
        assert_eq!(
            e.message_zh(),
            "账本无效：内容不符合文档格式（第1行第24列）"
        );

        let by = |s: &str| s.parse::<GroupBy>().unwrap();
        let mut a = Aggregator::new(by("region=county"));
        let e = a.merge(Aggregator::new(by("category=top"))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot merge partials grouped by \"region=county\" and \"category=top\""
        );
        assert_eq!(
            e.message_zh(),
            "按“region=county”分组与按“category=top”分组的部分汇总不能合并"
        );
        let e = a.coarsened(&by("category=top")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "table grouped by \"category=top\" cannot be computed from data grouped by \
             \"region=county\""
        );
        assert_eq!(
            e.message_zh(),
            "统计表（按“category=top”分组）不能由数据（按“region=county”分组）计算"
        );

        let mut b = PrivacyBudget::new(Ratio::ONE).unwrap();
        let e = b.spend(Ratio::from_int(2)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "privacy budget exceeded: the query needs epsilon 2, 1 remains"
        );
        assert_eq!(e.message_zh(), "差分隐私预算不足：本次查询需要ε = 2，仅剩1");

        let e = parse_line("{\"a\":", RecordOptions::default()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("record is not valid: 1 problem(s): ")
        );
        let Error::Invalid(errs) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(
            e.message_zh(),
            format!("记录无效：{}", errs.0[0].message_zh)
        );
    }
}
