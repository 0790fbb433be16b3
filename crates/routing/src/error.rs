//! The crate's one error type, and the problems found when a ruleset file is loaded.

use std::fmt;

use serde::Serialize;
use weiquan_complaint::DivisionCode;

/// Every way loading data or routing a complaint can fail.
///
/// [`Error::code`] is a stable machine code (what the C ABI and the wasm API pass through);
/// `Display` is the English message and [`Error::message_zh`] the Chinese one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A division code of the complaint is well formed but not in the registry.
    #[error("{field}: division code {code} is not in the division registry (GB/T 2260)")]
    UnknownDivision {
        /// JSON pointer of the field, e.g. `/business/division`.
        field: &'static str,
        /// The code.
        code: DivisionCode,
    },
    /// No rule of the ruleset covers the complaint.
    #[error(
        "complaint {complaint_id:?}: no rule of ruleset {ruleset:?} covers it ({tried} rules tried)"
    )]
    NoRule {
        /// The complaint's id.
        complaint_id: String,
        /// The ruleset's id.
        ruleset: String,
        /// How many rules were tried.
        tried: usize,
    },
    /// A body id given to the router (e.g. the receiving body) is not known.
    #[error("body id {id:?} is not in ruleset {ruleset:?}")]
    UnknownBody {
        /// The id as given.
        id: String,
        /// The ruleset's id.
        ruleset: String,
    },
    /// A division data file is malformed.
    #[error("division data {file}, line {line}: {message}")]
    DivisionData {
        /// Which file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong, with the value.
        message: String,
    },
    /// A ruleset file has problems; every one is listed with its line.
    #[error("{0}")]
    Ruleset(Problems),
}

impl Error {
    /// The stable machine code, e.g. `routing.unknown_division`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::UnknownDivision { .. } => "routing.unknown_division",
            Error::NoRule { .. } => "routing.no_rule",
            Error::UnknownBody { .. } => "routing.unknown_body",
            Error::DivisionData { .. } => "routing.division_data",
            Error::Ruleset(_) => "routing.ruleset_invalid",
        }
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Error::UnknownDivision { field, code } => {
                format!("{field}：行政区划代码{code}不在区划代码库（GB/T 2260）中")
            }
            Error::NoRule {
                complaint_id,
                ruleset,
                tried,
            } => format!(
                "投诉“{complaint_id}”：规则集“{ruleset}”中没有适用的规则（已尝试{tried}条）"
            ),
            Error::UnknownBody { id, ruleset } => {
                format!("规则集“{ruleset}”中没有编号为“{id}”的机构")
            }
            Error::DivisionData {
                file,
                line,
                message,
            } => format!("区划数据{file}第{line}行：{message}"),
            Error::Ruleset(p) => format!("规则集文件有{}处问题", p.len()),
        }
    }
}

/// What is wrong with a ruleset file, by kind; each has a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// Not TOML, or not the shape of a ruleset file (wrong type, unknown or missing key).
    Syntax,
    /// `schema_version` is not one this crate reads.
    SchemaVersion,
    /// Two bodies, rules or instruments share an id.
    DuplicateId,
    /// A body id that no `[[body]]` defines.
    UnknownBody,
    /// A rule id (in `fallback`) that no `[[rule]]` defines.
    UnknownRule,
    /// An instrument id (in a citation) that neither the built-in registry nor an
    /// `[[instrument]]` of the file defines.
    UnknownInstrument,
    /// An `[[instrument]]` whose id is in the built-in registry: it is cited by id, never
    /// redefined, so that its dates live in one place.
    BuiltInInstrument,
    /// A citation whose parts do not fit: a `version` its instrument does not model, a
    /// paragraph or item without an article, a number 0.
    BadCitation,
    /// A rule's citation in force on no day the rule applies (its `received_from` and
    /// `received_before` against the cited text's dates).
    CitationOutOfForce,
    /// Not a six-digit division code.
    BadDivisionCode,
    /// A well-formed code that the division registry does not know.
    UnknownDivision,
    /// Not a CCA category code.
    UnknownCategory,
    /// Not an intake channel code.
    UnknownChannel,
    /// Not an online role code.
    UnknownOnlineRole,
    /// Not a body kind, channel kind, instrument kind, division source or reliability mark.
    UnknownValue,
    /// Not an ISO date `YYYY-MM-DD`.
    BadDate,
    /// Not an amount of yuan.
    BadAmount,
    /// A rule's result names neither a body nor a kind and division, or both.
    BadTarget,
    /// A rule cites no legal basis.
    NoBasis,
    /// A rule's own conditions can never all hold.
    Contradiction,
    /// A rule can never be reached: an earlier rule takes every complaint it would match.
    Unreachable,
    /// Fallbacks or superiors that go round in a circle.
    Cycle,
    /// More problems than are listed: only the first 100 are, this one (always last) counts
    /// the rest.
    TooMany,
}

impl ProblemKind {
    /// Every kind.
    pub const ALL: &'static [ProblemKind] = &[
        ProblemKind::Syntax,
        ProblemKind::SchemaVersion,
        ProblemKind::DuplicateId,
        ProblemKind::UnknownBody,
        ProblemKind::UnknownRule,
        ProblemKind::UnknownInstrument,
        ProblemKind::BuiltInInstrument,
        ProblemKind::BadCitation,
        ProblemKind::CitationOutOfForce,
        ProblemKind::BadDivisionCode,
        ProblemKind::UnknownDivision,
        ProblemKind::UnknownCategory,
        ProblemKind::UnknownChannel,
        ProblemKind::UnknownOnlineRole,
        ProblemKind::UnknownValue,
        ProblemKind::BadDate,
        ProblemKind::BadAmount,
        ProblemKind::BadTarget,
        ProblemKind::NoBasis,
        ProblemKind::Contradiction,
        ProblemKind::Unreachable,
        ProblemKind::Cycle,
        ProblemKind::TooMany,
    ];

    /// The stable machine code, e.g. `ruleset.unknown_body`.
    pub fn code(self) -> &'static str {
        match self {
            ProblemKind::Syntax => "ruleset.syntax",
            ProblemKind::SchemaVersion => "ruleset.schema_version",
            ProblemKind::DuplicateId => "ruleset.duplicate_id",
            ProblemKind::UnknownBody => "ruleset.unknown_body",
            ProblemKind::UnknownRule => "ruleset.unknown_rule",
            ProblemKind::UnknownInstrument => "ruleset.unknown_instrument",
            ProblemKind::BuiltInInstrument => "ruleset.built_in_instrument",
            ProblemKind::BadCitation => "ruleset.bad_citation",
            ProblemKind::CitationOutOfForce => "ruleset.citation_out_of_force",
            ProblemKind::BadDivisionCode => "ruleset.bad_division_code",
            ProblemKind::UnknownDivision => "ruleset.unknown_division",
            ProblemKind::UnknownCategory => "ruleset.unknown_category",
            ProblemKind::UnknownChannel => "ruleset.unknown_channel",
            ProblemKind::UnknownOnlineRole => "ruleset.unknown_online_role",
            ProblemKind::UnknownValue => "ruleset.unknown_value",
            ProblemKind::BadDate => "ruleset.bad_date",
            ProblemKind::BadAmount => "ruleset.bad_amount",
            ProblemKind::BadTarget => "ruleset.bad_target",
            ProblemKind::NoBasis => "ruleset.no_basis",
            ProblemKind::Contradiction => "ruleset.contradiction",
            ProblemKind::Unreachable => "ruleset.unreachable",
            ProblemKind::Cycle => "ruleset.cycle",
            ProblemKind::TooMany => "ruleset.too_many_problems",
        }
    }

    /// What the kind of problem is, in Chinese: the Chinese message of a [`Problem`], whose
    /// English detail (which quotes the offending value) it adds in brackets.
    pub fn name_zh(self) -> &'static str {
        match self {
            ProblemKind::Syntax => "不是规则集文件的TOML格式（类型错误、未知或缺少的键）",
            ProblemKind::SchemaVersion => "schema_version不是本库能读取的版本",
            ProblemKind::DuplicateId => "机构、规则或法律文件的编号重复",
            ProblemKind::UnknownBody => "引用了未定义的机构编号",
            ProblemKind::UnknownRule => "引用了未定义的规则编号",
            ProblemKind::UnknownInstrument => {
                "引用的法律文件既不在内置登记表中，也未在本文件中定义"
            }
            ProblemKind::BuiltInInstrument => {
                "内置登记表中已有该法律文件，只能按编号引用，不能重新定义"
            }
            ProblemKind::BadCitation => "法条引用不完整或不一致（版本、条、款、项）",
            ProblemKind::CitationOutOfForce => "所引法条在规则适用的任何一天都不在施行期内",
            ProblemKind::BadDivisionCode => "不是六位行政区划代码",
            ProblemKind::UnknownDivision => "行政区划代码不在区划登记表中",
            ProblemKind::UnknownCategory => "不是投诉分类代码",
            ProblemKind::UnknownChannel => "不是受理渠道代码",
            ProblemKind::UnknownOnlineRole => "不是网络交易角色代码",
            ProblemKind::UnknownValue => "不是可接受的取值",
            ProblemKind::BadDate => "日期无效（应为YYYY-MM-DD，且先后次序正确）",
            ProblemKind::BadAmount => "不是有效的人民币金额",
            ProblemKind::BadTarget => {
                "规则的处理结果须指定机构，或指定机构类型和区划，二者只能选一"
            }
            ProblemKind::NoBasis => "规则没有引用法律依据",
            ProblemKind::Contradiction => "规则自身的条件不可能同时成立",
            ProblemKind::Unreachable => "规则永远不会被用到：前面的规则已处理它能匹配的所有投诉",
            ProblemKind::Cycle => "兜底规则或上级机构形成循环",
            ProblemKind::TooMany => "问题过多，其余未逐条列出",
        }
    }
}

/// One problem in a ruleset file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based line of the offending value in the file, when the file text is known.
    pub line: Option<usize>,
    /// Where in the document, e.g. `rule[3].when.categories[1]`.
    pub path: String,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// What is wrong, naming the value.
    pub message: String,
}

impl Problem {
    /// What is wrong, in Chinese: the kind of problem and where, with the English detail
    /// (which quotes the offending value) in brackets.
    pub fn message_zh(&self) -> String {
        let line = self.line.map_or_else(String::new, |l| format!("第{l}行 "));
        format!(
            "{line}{}：{}（{}）",
            self.path,
            self.kind.name_zh(),
            self.message
        )
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(l) = self.line {
            write!(f, "line {l}: ")?;
        }
        write!(f, "{}: {} [{}]", self.path, self.message, self.kind.code())
    }
}

/// Every problem found in a ruleset file, in the order of the file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// How many problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// No problems.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The problems.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ruleset file has {} problem(s):", self.0.len())?;
        for p in &self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}
