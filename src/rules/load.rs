//! Reads rule files, through `config::yaml`: a fork that replaces serde_yaml changes
//! that file alone (and the serde derives here, which any serde format reads).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Deserializer};

use super::{Action, Examples, Level, Origin, Rule, RuleSet, Scope};
use crate::checks::{
    AcronymDefined, Across, Arithmetic, Capitalization, CaptionSource, Case, CheckKind, Conditional, Consistency,
    DEFAULT_ALLOW, DateConsistency, Existence, FigureConsistency, FootnoteDefined, FutureDate, Group, HeadingStyle,
    JudgementSupport, KeyJudgementsFirst, Locale, Metric, NumberFormat, Occurrence, Repetition, Sequence, Spelling,
    SpellingConsistency, Step, Substitution, TextCase, Within, metric, spelling,
};
use crate::config::yaml::from_str;
use crate::error::{LoadError, find_key};
use crate::rules::pattern::Pattern;

/// The shipped rule pack, embedded at build time (see build.rs).
const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum KindName {
    Existence,
    Substitution,
    JudgementSupport,
    CaptionSource,
    FootnoteDefined,
    HeadingStyle,
    KeyJudgementsFirst,
    FutureDate,
    FigureConsistency,
    DateConsistency,
    AcronymDefined,
    SpellingConsistency,
    NumberFormat,
    Arithmetic,
    Occurrence,
    Repetition,
    Consistency,
    Conditional,
    Capitalization,
    Metric,
    Readability,
    Sequence,
    Spelling,
    Script,
}

/// First pass: only the kind (Vale's `extends`), so the second pass can be strict about the rest.
#[derive(Deserialize)]
struct Probe {
    #[serde(alias = "extends")]
    kind: KindName,
}

/// What a rule file is read with, besides its text.
#[derive(Debug, Clone, Default)]
pub struct ReadWith {
    /// `Style.Rule` for a Vale rule file, whose id comes from its path.
    pub id: Option<String>,
    /// Vale's accepted vocabulary: exceptions of every rule that keeps `vocab` on.
    pub accept: Arc<Vec<String>>,
    /// Folders where `spelling` word lists and dictionaries are looked for, in order.
    pub search: Vec<std::path::PathBuf>,
}

/// A regex (or literal token) checked when the file is read, so errors point at it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct RegexText(String);

impl<'de> Deserialize<'de> for RegexText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        // A regex that parses compiles (short of size limits, met when the rule's pattern
        // is built): only one that does not is compiled here, for its error.
        if regex_syntax::Parser::new().parse(&text).is_err() {
            super::pattern::Pattern::new(&text).map_err(serde::de::Error::custom)?;
        }
        Ok(RegexText(text))
    }
}

#[derive(Debug, Clone)]
struct ScopeSpec(Scope);

impl<'de> Deserialize<'de> for ScopeSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        let items = match OneOrMany::deserialize(d)? {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        };
        Scope::parse(&items).map(ScopeSpec).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone)]
struct RuleId(String);

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        let ok = id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
        if !ok {
            return Err(serde::de::Error::custom(format!(
                "rule id `{id}` must start with a letter or digit and use only letters, digits, `-`, `_`, `.` and `/`"
            )));
        }
        Ok(RuleId(id))
    }
}

fn yes() -> bool {
    true
}

/// Kinds that report several problems pass the problem as `%s`.
fn whole_message() -> String {
    "%s".into()
}

/// Declares a rule-file shape: the keys every rule has (ours and Vale's) plus the kind's own.
macro_rules! rule_file {
    ($name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        struct $name {
            /// Required, except in Vale rule files (the path names them).
            #[serde(default)]
            id: Option<RuleId>,
            #[allow(dead_code)]
            #[serde(alias = "extends")]
            kind: KindName,
            #[serde(default)]
            level: Level,
            #[serde(default = "whole_message")]
            message: String,
            #[serde(default)]
            help: Option<String>,
            #[serde(default)]
            description: Option<String>,
            #[serde(default)]
            link: Option<String>,
            #[serde(default)]
            scope: Option<ScopeSpec>,
            #[serde(default = "yes")]
            enabled: bool,
            #[serde(default)]
            examples: Examples,
            /// Vale: at most this many findings per file.
            #[serde(default)]
            limit: Option<usize>,
            /// Vale: what an editor may do about a finding.
            #[serde(default)]
            action: Option<Action>,
            /// Vale: whether the accepted vocabulary adds exceptions (default yes).
            #[serde(default)]
            vocab: Option<bool>,
            /// Vale 1: whether code is read; code is never prose here.
            #[allow(dead_code)]
            #[serde(default)]
            code: Option<bool>,
            $(#[serde(default)] $field: $ty,)*
        }

        impl $name {
            fn into_rule(self, check: CheckKind, origin: Origin, with: &ReadWith) -> Result<Rule, LoadError> {
                let id = match (self.id, &with.id) {
                    (Some(id), _) => id.0,
                    (None, Some(id)) => id.clone(),
                    (None, None) => {
                        let message = "a rule needs an `id` (Vale rule files take it from their path)".to_string();
                        return Err(LoadError::at_key(&origin.path, &origin.text, "kind", message));
                    }
                };
                Ok(Rule {
                    id: Arc::from(id),
                    level: self.level,
                    message: self.message,
                    help: self.help.map(std::sync::Arc::from),
                    description: self.description,
                    link: self.link,
                    scope: self.scope.map(|s| s.0).unwrap_or_default(),
                    enabled: self.enabled,
                    check,
                    examples: self.examples,
                    origin,
                    limit: self.limit,
                    action: self.action,
                })
            }

            /// The rule's exceptions plus the accepted vocabulary, unless `vocab: false`.
            #[allow(dead_code)]
            fn with_vocab(&self, exceptions: &[RegexText], with: &ReadWith) -> Vec<String> {
                let mut all = strings(exceptions);
                if self.vocab != Some(false) {
                    all.extend(with.accept.iter().cloned());
                }
                all
            }
        }
    };
}

rule_file!(ExistenceFile {
    tokens: Vec<RegexText>,
    raw: Vec<RegexText>,
    append: bool,
    ignorecase: bool,
    nonword: bool,
    exceptions: Vec<RegexText>,
});

rule_file!(SubstitutionFile {
    swap: BTreeMap<RegexText, String>,
    ignorecase: bool,
    nonword: bool,
    exceptions: Vec<RegexText>,
    capitalize: bool,
});

rule_file!(OccurrenceFile { token: Option<RegexText>, max: Option<usize>, min: Option<usize>, ignorecase: bool });

rule_file!(RepetitionFile {
    tokens: Vec<RegexText>,
    max: usize,
    alpha: bool,
    ignorecase: bool,
    exceptions: Vec<RegexText>,
});

rule_file!(ConsistencyFile {
    either: BTreeMap<RegexText, RegexText>,
    profiles: BTreeMap<String, Vec<RegexText>>,
    profile: Option<String>,
    ignorecase: bool,
    nonword: bool,
    across: Option<Across>,
});

rule_file!(ConditionalFile {
    first: Option<RegexText>,
    second: Option<RegexText>,
    ignorecase: bool,
    exceptions: Vec<RegexText>,
    across: Option<Across>,
});

rule_file!(CapitalizationFile {
    r#match: Option<String>,
    style: Option<String>,
    exceptions: Vec<RegexText>,
    indicators: Vec<String>,
    threshold: Option<f64>,
    prefix: Option<RegexText>,
});

rule_file!(MetricFile { formula: Option<String>, condition: Option<String> });

rule_file!(ReadabilityFile { metrics: Vec<String>, grade: Option<f64> });

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SequenceToken {
    #[serde(default)]
    pattern: Option<RegexText>,
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    negate: bool,
    #[serde(default)]
    skip: usize,
}

rule_file!(SequenceFile { tokens: Vec<SequenceToken>, ignorecase: bool });

#[derive(Deserialize, Default)]
#[serde(untagged)]
enum Paths {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl Paths {
    fn items(&self) -> Vec<&str> {
        match self {
            Paths::None => Vec::new(),
            Paths::One(p) => vec![p.as_str()],
            Paths::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

rule_file!(SpellingFile {
    custom: bool,
    filters: Vec<RegexText>,
    ignore: Paths,
    dicpath: Option<String>,
    dictionaries: Vec<String>,
    append: bool,
    words: Vec<String>,
});

rule_file!(JudgementSupportFile {
    within: Within,
    bold_lead: bool,
    threshold: Option<f64>,
    min_terms: Option<usize>,
});

rule_file!(CaptionSourceFile {
    tables: bool,
    source_pattern: Option<RegexText>,
    source_format: Option<RegexText>,
    caption_before: Option<RegexText>,
});

rule_file!(FootnoteDefinedFile { order: Option<bool> });

rule_file!(HeadingStyleFile {
    case: Option<Case>,
    case_levels: Vec<u8>,
    single_h1: Option<bool>,
    no_skipped_levels: Option<bool>,
    no_empty_sections: Option<bool>,
});

rule_file!(KeyJudgementsFirstFile {
    min: Option<usize>,
    max: Option<usize>,
    preamble: Option<RegexText>,
});

/// A source line naming one or more `Name (Agency)`, separated by `;` or `,`.
const DEFAULT_SOURCE_FORMAT: &str = r"^Sources?:\s*[^()\s][^()]*\([^()]+\)(?:\s*[;,]\s*[^()\s][^()]*\([^()]+\))*\.?$";

rule_file!(FutureDateFile {});

rule_file!(SpellingConsistencyFile { pairs: BTreeMap<String, String>, locale: Locale, across: Option<Across> });

rule_file!(NumberFormatFile { across: Option<Across> });

rule_file!(ArithmeticFile {});

rule_file!(AcronymDefinedFile { allow: Option<Vec<String>>, also_allow: Vec<String> });

rule_file!(FigureConsistencyFile { across: Across });

rule_file!(DateConsistencyFile { across: Across });

/// Lines that may stand between the title and the key judgements.
const DEFAULT_PREAMBLE: &str =
    r"^(?i:(?:assessment |publication |report )?date|published|classification|prepared by|distribution|reference)\s*:";

/// Compiles an optional pattern from the rule file, or the default.
fn pattern_or(given: &Option<RegexText>, default: &str) -> Result<Pattern, String> {
    Pattern::new(given.as_ref().map_or(default, |r| r.0.as_str()))
}

fn strings(items: &[RegexText]) -> Vec<String> {
    items.iter().map(|r| r.0.clone()).collect()
}

/// serde_yaml places errors raised inside sequences at the previous item; for the
/// values we validate ourselves, find the value in the text instead.
fn relocate(text: &str, message: &str) -> Option<(usize, usize)> {
    let value = ["invalid regex `", "unknown scope `"].iter().find_map(|marker| {
        let rest = &message[message.find(marker)? + marker.len()..];
        Some(&rest[..rest.find('`')?])
    })?;
    let key = message.split(':').next().filter(|k| !k.contains(' ')).unwrap_or("");
    let from = find_key(text, key).unwrap_or(0);
    let at = text[from..].find(value).map(|i| from + i);
    Some(at.map_or((from, 0), |at| (at, value.len())))
}

/// Parses one rule file of ours.
pub fn parse_rule(path: &str, text: &str) -> Result<Rule, LoadError> {
    parse_rule_with(path, text, &ReadWith::default())
}

/// Parses one rule file, ours or Vale's.
pub fn parse_rule_with(path: &str, text: &str, with: &ReadWith) -> Result<Rule, LoadError> {
    let text: Arc<str> = Arc::from(text);
    let yaml_error = |(message, offset): (String, usize)| {
        let (offset, len) = relocate(&text, &message).unwrap_or((offset, 0));
        let mut error = LoadError::new(path, &text, message, offset);
        if len > 0 {
            error.len = len;
        }
        error
    };
    let origin = Origin { path: path.to_string(), text: text.clone() };
    let kind_error = |message: String, key: &str| LoadError::at_key(path, &text, key, message);
    let probe: Probe = from_str(&text).map_err(yaml_error)?;
    match probe.kind {
        KindName::Existence => {
            let f: ExistenceFile = from_str(&text).map_err(yaml_error)?;
            let exceptions = f.with_vocab(&f.exceptions, with);
            let check =
                Existence::new(&strings(&f.tokens), &strings(&f.raw), f.append, f.ignorecase, f.nonword, &exceptions)
                    .map_err(|m| kind_error(m, if f.tokens.is_empty() { "kind" } else { "tokens" }))?;
            f.into_rule(CheckKind::Existence(check), origin, with)
        }
        KindName::Substitution => {
            let f: SubstitutionFile = from_str(&text).map_err(yaml_error)?;
            let swap: Vec<(String, String)> = f.swap.iter().map(|(k, v)| (k.0.clone(), v.clone())).collect();
            let check =
                Substitution::new(&swap, f.ignorecase, f.nonword, f.capitalize, &f.with_vocab(&f.exceptions, with))
                    .map_err(|m| kind_error(m, if swap.is_empty() { "kind" } else { "swap" }))?;
            f.into_rule(CheckKind::Substitution(check), origin, with)
        }
        KindName::JudgementSupport => {
            let f: JudgementSupportFile = from_str(&text).map_err(yaml_error)?;
            let threshold = f.threshold.unwrap_or(0.2);
            if !(0.0..=1.0).contains(&threshold) {
                return Err(kind_error("`threshold` is a share between 0 and 1".into(), "threshold"));
            }
            let check = JudgementSupport {
                within: f.within,
                bold_lead: f.bold_lead,
                threshold,
                min_terms: f.min_terms.unwrap_or(3),
            };
            f.into_rule(CheckKind::JudgementSupport(check), origin, with)
        }
        KindName::CaptionSource => {
            let f: CaptionSourceFile = from_str(&text).map_err(yaml_error)?;
            let pattern = |given: &Option<RegexText>, default: &str, key: &str| {
                pattern_or(given, default).map_err(|m| kind_error(m, key))
            };
            let check = CaptionSource {
                tables: f.tables,
                source: pattern(&f.source_pattern, r"^Sources?:", "source-pattern")?,
                format: Some(pattern(&f.source_format, DEFAULT_SOURCE_FORMAT, "source-format")?),
                caption_before: pattern(&f.caption_before, r"^(?:Table|Figure|Chart|Map)\s+\d+", "caption-before")?,
            };
            f.into_rule(CheckKind::CaptionSource(check), origin, with)
        }
        KindName::FootnoteDefined => {
            let f: FootnoteDefinedFile = from_str(&text).map_err(yaml_error)?;
            let check = FootnoteDefined { order: f.order.unwrap_or(true) };
            f.into_rule(CheckKind::FootnoteDefined(check), origin, with)
        }
        KindName::HeadingStyle => {
            let f: HeadingStyleFile = from_str(&text).map_err(yaml_error)?;
            if let Some(bad) = f.case_levels.iter().find(|l| !(1..=6).contains(*l)) {
                return Err(kind_error(format!("`case-levels` holds heading levels 1 to 6, not {bad}"), "case-levels"));
            }
            let check = HeadingStyle {
                case: f.case,
                case_levels: f.case_levels.clone(),
                single_h1: f.single_h1.unwrap_or(true),
                no_skipped_levels: f.no_skipped_levels.unwrap_or(true),
                no_empty_sections: f.no_empty_sections.unwrap_or(true),
            };
            f.into_rule(CheckKind::HeadingStyle(check), origin, with)
        }
        KindName::KeyJudgementsFirst => {
            let f: KeyJudgementsFirstFile = from_str(&text).map_err(yaml_error)?;
            let (min, max) = (f.min.unwrap_or(1), f.max.unwrap_or(5));
            if min > max {
                return Err(kind_error(format!("`min` ({min}) is larger than `max` ({max})"), "min"));
            }
            let preamble = pattern_or(&f.preamble, DEFAULT_PREAMBLE).map_err(|m| kind_error(m, "preamble"))?;
            f.into_rule(CheckKind::KeyJudgementsFirst(KeyJudgementsFirst { min, max, preamble }), origin, with)
        }
        KindName::FutureDate => {
            let f: FutureDateFile = from_str(&text).map_err(yaml_error)?;
            f.into_rule(CheckKind::FutureDate(FutureDate), origin, with)
        }
        KindName::FigureConsistency => {
            let f: FigureConsistencyFile = from_str(&text).map_err(yaml_error)?;
            let check = FigureConsistency { across: f.across };
            f.into_rule(CheckKind::FigureConsistency(check), origin, with)
        }
        KindName::DateConsistency => {
            let f: DateConsistencyFile = from_str(&text).map_err(yaml_error)?;
            let check = DateConsistency { across: f.across };
            f.into_rule(CheckKind::DateConsistency(check), origin, with)
        }
        KindName::AcronymDefined => {
            let f: AcronymDefinedFile = from_str(&text).map_err(yaml_error)?;
            let mut allow: rustc_hash::FxHashSet<String> = f
                .allow
                .clone()
                .unwrap_or_else(|| DEFAULT_ALLOW.iter().map(|s| s.to_string()).collect())
                .into_iter()
                .collect();
            allow.extend(f.also_allow.iter().cloned());
            f.into_rule(CheckKind::AcronymDefined(AcronymDefined { allow }), origin, with)
        }
        KindName::SpellingConsistency => {
            let f: SpellingConsistencyFile = from_str(&text).map_err(yaml_error)?;
            let pairs = f.pairs.iter().map(|(b, a)| (b.to_lowercase(), a.to_lowercase())).collect();
            let across = f.across.unwrap_or(Across::Document);
            let check = SpellingConsistency::new(pairs, f.locale, across).map_err(|m| kind_error(m, "pairs"))?;
            f.into_rule(CheckKind::SpellingConsistency(check), origin, with)
        }
        KindName::NumberFormat => {
            let f: NumberFormatFile = from_str(&text).map_err(yaml_error)?;
            let check = NumberFormat { across: f.across.unwrap_or(Across::Document) };
            f.into_rule(CheckKind::NumberFormat(check), origin, with)
        }
        KindName::Arithmetic => {
            let f: ArithmeticFile = from_str(&text).map_err(yaml_error)?;
            f.into_rule(CheckKind::Arithmetic(Arithmetic), origin, with)
        }
        KindName::Occurrence => {
            let f: OccurrenceFile = from_str(&text).map_err(yaml_error)?;
            let Some(token) = &f.token else {
                return Err(kind_error("an `occurrence` rule needs a `token`".into(), "kind"));
            };
            // Vale reads 0 as "not set".
            let (max, min) = (f.max.filter(|&m| m > 0), f.min.filter(|&m| m > 0));
            if max.is_none() && min.is_none() {
                return Err(kind_error("an `occurrence` rule needs `max` or `min`".into(), "kind"));
            }
            let flags = if f.ignorecase { "(?i)" } else { "" };
            let pattern = Pattern::new(&format!("{flags}{}", token.0)).map_err(|m| kind_error(m, "token"))?;
            f.into_rule(CheckKind::Occurrence(Occurrence { pattern, max, min }), origin, with)
        }
        KindName::Repetition => {
            let f: RepetitionFile = from_str(&text).map_err(yaml_error)?;
            if f.tokens.is_empty() {
                return Err(kind_error("a `repetition` rule needs `tokens`".into(), "kind"));
            }
            let pattern =
                Pattern::word_list(&strings(&f.tokens), f.ignorecase, true).map_err(|m| kind_error(m, "tokens"))?;
            let exceptions = crate::checks::exceptions_pattern(&f.with_vocab(&f.exceptions, with), f.ignorecase)
                .map_err(|m| kind_error(m, "exceptions"))?;
            let check = Repetition { pattern, max: f.max, alpha: f.alpha, ignorecase: f.ignorecase, exceptions };
            f.into_rule(CheckKind::Repetition(check), origin, with)
        }
        KindName::Consistency => {
            let f: ConsistencyFile = from_str(&text).map_err(yaml_error)?;
            let group = |names: Vec<String>, terms: Vec<Vec<String>>| -> Result<Group, String> {
                let finders =
                    terms.iter().map(|t| Pattern::word_list(t, f.ignorecase, f.nonword)).collect::<Result<_, _>>()?;
                let wholes =
                    terms.iter().map(|t| Pattern::whole_word_list(t, f.ignorecase)).collect::<Result<_, _>>()?;
                Ok(Group { names, finders, wholes })
            };
            let mut groups = Vec::new();
            for (a, b) in &f.either {
                let g = group(vec![a.0.clone(), b.0.clone()], vec![vec![a.0.clone()], vec![b.0.clone()]]);
                groups.push(g.map_err(|m| kind_error(m, "either"))?);
            }
            if !f.profiles.is_empty() {
                let names: Vec<String> = f.profiles.keys().cloned().collect();
                let terms = f.profiles.values().map(|t| strings(t)).collect();
                groups.push(group(names, terms).map_err(|m| kind_error(m, "profiles"))?);
            }
            if groups.is_empty() {
                return Err(kind_error("a `consistency` rule needs `either` or `profiles`".into(), "kind"));
            }
            let fixed = match &f.profile {
                None => None,
                Some(p) => Some(f.profiles.keys().position(|k| k == p).ok_or_else(|| {
                    let known: Vec<&str> = f.profiles.keys().map(String::as_str).collect();
                    kind_error(format!("`profile` `{p}` is not one of the `profiles`: {}", known.join(", ")), "profile")
                })?),
            };
            let check = Consistency { groups, fixed, across: f.across.unwrap_or(Across::Document) };
            f.into_rule(CheckKind::Consistency(check), origin, with)
        }
        KindName::Conditional => {
            let f: ConditionalFile = from_str(&text).map_err(yaml_error)?;
            let (Some(first), Some(second)) = (&f.first, &f.second) else {
                return Err(kind_error("a `conditional` rule needs `first` and `second`".into(), "kind"));
            };
            let flags = if f.ignorecase { "(?i)" } else { "" };
            let first = Pattern::new(&format!("{flags}{}", first.0)).map_err(|m| kind_error(m, "first"))?;
            let second = Pattern::new(&format!("{flags}{}", second.0)).map_err(|m| kind_error(m, "second"))?;
            let exceptions = crate::checks::exceptions_pattern(&f.with_vocab(&f.exceptions, with), f.ignorecase)
                .map_err(|m| kind_error(m, "exceptions"))?;
            let check = Conditional { first, second, exceptions, across: f.across.unwrap_or(Across::Document) };
            f.into_rule(CheckKind::Conditional(check), origin, with)
        }
        KindName::Capitalization => {
            let f: CapitalizationFile = from_str(&text).map_err(yaml_error)?;
            let case = match f.r#match.as_deref() {
                Some("$title") => TextCase::Title {
                    chicago: match f.style.as_deref() {
                        None | Some("AP") => false,
                        Some("Chicago") => true,
                        Some(other) => {
                            return Err(kind_error(format!("`style` is AP or Chicago, not `{other}`"), "style"));
                        }
                    },
                },
                Some("$sentence") => TextCase::Sentence,
                Some("$lower") => TextCase::Lower,
                Some("$upper") => TextCase::Upper,
                Some(pattern) => TextCase::Pattern(Pattern::new(pattern).map_err(|m| kind_error(m, "match"))?),
                None => return Err(kind_error("a `capitalization` rule needs `match`".into(), "kind")),
            };
            let threshold = f.threshold.filter(|&t| t > 0.0).unwrap_or(0.8);
            let exceptions = f.with_vocab(&f.exceptions, with);
            let exceptions = (!exceptions.is_empty())
                .then(|| Pattern::word_list(&exceptions, false, false))
                .transpose()
                .map_err(|m| kind_error(m, "exceptions"))?;
            let prefix = f
                .prefix
                .as_ref()
                .map(|p| Pattern::new(&format!("^(?:{})", p.0)))
                .transpose()
                .map_err(|m| kind_error(m, "prefix"))?;
            let indicators = f.indicators.clone();
            let check = Capitalization { case, exceptions, indicators, threshold, prefix };
            f.into_rule(CheckKind::Capitalization(check), origin, with)
        }
        KindName::Metric => {
            let f: MetricFile = from_str(&text).map_err(yaml_error)?;
            let formula = metric::parse_formula(f.formula.as_deref().unwrap_or(""))
                .map_err(|m| kind_error(m, if f.formula.is_some() { "formula" } else { "kind" }))?;
            let (operator, bound) = metric::parse_condition(f.condition.as_deref().unwrap_or(""))
                .map_err(|m| kind_error(m, if f.condition.is_some() { "condition" } else { "kind" }))?;
            let mut f = f;
            f.scope.get_or_insert_with(|| ScopeSpec(Scope::parse(&["summary"]).unwrap_or_default()));
            f.into_rule(CheckKind::Metric(Metric { formula, operator, bound }), origin, with)
        }
        KindName::Readability => {
            let f: ReadabilityFile = from_str(&text).map_err(yaml_error)?;
            let formula = readability_formula(&f.metrics).map_err(|m| kind_error(m, "metrics"))?;
            let formula = metric::parse_formula(&formula).map_err(|m| kind_error(m, "metrics"))?;
            let bound = f.grade.ok_or_else(|| kind_error("a `readability` rule needs `grade`".into(), "kind"))?;
            let mut f = f;
            f.scope = Some(ScopeSpec(Scope::parse(&["summary"]).unwrap_or_default()));
            f.into_rule(CheckKind::Metric(Metric { formula, operator: ">".into(), bound }), origin, with)
        }
        KindName::Sequence => {
            let f: SequenceFile = from_str(&text).map_err(yaml_error)?;
            if f.tokens.iter().any(|t| t.tag.is_some()) {
                let message = "part-of-speech `tag`s need a tagger brieflint does not have; match words with `pattern`";
                return Err(kind_error(message.into(), "tag"));
            }
            let flags = if f.ignorecase { "(?i)" } else { "" };
            let mut steps = Vec::new();
            for t in &f.tokens {
                let Some(p) = &t.pattern else {
                    return Err(kind_error("every `sequence` token needs a `pattern`".into(), "tokens"));
                };
                let pattern = Pattern::new(&format!("{flags}^(?:{})$", p.0)).map_err(|m| kind_error(m, "tokens"))?;
                steps.push(Step { pattern, negate: t.negate, skip: t.skip });
            }
            if steps.is_empty() {
                return Err(kind_error("a `sequence` rule needs `tokens`".into(), "kind"));
            }
            let mut f = f;
            f.scope.get_or_insert_with(|| ScopeSpec(Scope::parse(&["sentence"]).unwrap_or_default()));
            f.into_rule(CheckKind::Sequence(Sequence { steps }), origin, with)
        }
        KindName::Spelling => {
            let f: SpellingFile = from_str(&text).map_err(yaml_error)?;
            let words = spelling_words(&f.words, &f.ignore.items(), f.dicpath.as_deref(), &f.dictionaries, with)
                .map_err(|(m, key)| kind_error(m, key))?;
            let mut filters = f.with_vocab(&f.filters, with);
            filters.retain(|x| !x.is_empty());
            let filters = filters
                .iter()
                .map(|x| Pattern::new(&format!("^(?:{x})$")))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|m| kind_error(m, "filters"))?;
            let check = Spelling { words: Arc::new(words), filters, default_filters: !f.custom };
            // `append` adds to Vale's built-in dictionary; brieflint has none, so it changes nothing.
            let _ = f.append;
            f.into_rule(CheckKind::Spelling(check), origin, with)
        }
        KindName::Script => {
            let message = "`script` rules run Tengo scripts, which brieflint does not; write the check as another kind";
            Err(kind_error(message.into(), "kind"))
        }
    }
}

/// Vale's readability metrics as formulas over document counts, averaged.
fn readability_formula(metrics: &[String]) -> Result<String, String> {
    let mut parts = Vec::new();
    for m in metrics {
        parts.push(match m.as_str() {
            "Flesch-Kincaid" => "(0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59)",
            "Gunning Fog" => "(0.4 * ((words / sentences) + 100 * (complex_words / words)))",
            "Coleman-Liau" => "(0.0588 * (characters / words * 100) - 0.296 * (sentences / words * 100) - 15.8)",
            "SMOG" => "(1.043 * sqrt(polysyllabic_words * 30 / sentences) + 3.1291)",
            "Automated Readability" => "(4.71 * (characters / words) + 0.5 * (words / sentences) - 21.43)",
            other => return Err(format!("unknown readability metric `{other}`")),
        });
    }
    if parts.is_empty() {
        return Err("a `readability` rule needs `metrics`".into());
    }
    Ok(format!("({}) / {}", parts.join(" + "), parts.len()))
}

/// The words a `spelling` rule accepts: its own list, word-list files, and Hunspell dictionaries.
fn spelling_words(
    own: &[String],
    lists: &[&str],
    dicpath: Option<&str>,
    dictionaries: &[String],
    with: &ReadWith,
) -> Result<std::collections::HashSet<String>, (String, &'static str)> {
    let find = |name: &str| -> Option<std::path::PathBuf> {
        let direct = Path::new(name);
        if direct.is_absolute() {
            return direct.is_file().then(|| direct.to_path_buf());
        }
        with.search.iter().map(|dir| dir.join(name)).find(|p| p.is_file())
    };
    let read = |name: &str, key: &'static str| -> Result<String, (String, &'static str)> {
        let path = find(name).ok_or_else(|| (format!("cannot find `{name}`"), key))?;
        std::fs::read_to_string(&path).map_err(|e| (format!("cannot read {}: {e}", path.display()), key))
    };
    let mut words: std::collections::HashSet<String> = own.iter().cloned().collect();
    for list in lists {
        words.extend(read(list, "ignore")?.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string));
    }
    for name in dictionaries {
        let base = dicpath.map_or_else(|| name.clone(), |d| format!("{d}/{name}"));
        let dic = read(&format!("{base}.dic"), "dictionaries")?;
        let aff = read(&format!("{base}.aff"), "dictionaries").ok();
        spelling::read_hunspell(&dic, aff.as_deref(), &mut words).map_err(|m| (m, "dictionaries"))?;
    }
    if words.is_empty() {
        return Err(("a `spelling` rule needs `words`, `ignore` word lists or `dictionaries`".into(), "kind"));
    }
    Ok(words)
}

/// The shipped pack, for the crate's tests (it loads without errors).
#[cfg(test)]
pub(crate) fn embedded() -> RuleSet {
    let mut loader = Loader::default();
    loader.add_embedded();
    let (rules, errors) = loader.finish();
    assert!(errors.is_empty(), "{errors:?}");
    rules
}

/// Accumulates rules, reporting duplicate ids.
#[derive(Default)]
pub struct Loader {
    pub rules: Vec<Rule>,
    pub errors: Vec<LoadError>,
}

impl Loader {
    pub fn add(&mut self, path: &str, text: &str) {
        self.add_with(path, text, &ReadWith::default());
    }

    pub fn add_with(&mut self, path: &str, text: &str, with: &ReadWith) {
        match parse_rule_with(path, text, with) {
            Ok(rule) => self.push(rule),
            Err(e) => self.errors.push(e),
        }
    }

    /// Adds a rule built in code (Vale's built-in style), reporting duplicates.
    pub fn push(&mut self, rule: Rule) {
        match self.rules.iter().find(|r| r.id == rule.id) {
            Some(first) => {
                let message = format!("duplicate rule id `{}`", rule.id);
                let help = format!("`{}` is already defined in {}", rule.id, first.origin.path);
                self.errors
                    .push(LoadError::at_key(&rule.origin.path, &rule.origin.text, "id", message).with_help(help));
            }
            None => self.rules.push(rule),
        }
    }

    /// A Vale style: every `.yml` file directly in `dir`, with id `Style.Rule`
    /// and off until `.vale.ini` turns it on. `accept` is the accepted vocabulary.
    pub fn add_vale_style(&mut self, dir: &Path, style: &str, accept: &Arc<Vec<String>>) {
        let mut files: Vec<std::path::PathBuf> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yml" | "yaml")))
                .collect(),
            Err(e) => {
                let message = format!("cannot read Vale style `{style}`: {e}");
                self.errors.push(LoadError::unlocated(&dir.display().to_string(), message));
                return;
            }
        };
        files.sort();
        for file in files {
            let Some(name) = file.file_stem().and_then(|n| n.to_str()) else { continue };
            let search = [dir.to_path_buf(), dir.parent().map(Path::to_path_buf).unwrap_or_default()];
            let with =
                ReadWith { id: Some(format!("{style}.{name}")), accept: accept.clone(), search: search.to_vec() };
            let shown = file.display().to_string();
            match read_text(&file) {
                Ok(text) => self.add_vale_rule(&shown, &text, &with),
                Err(e) => self.errors.push(e),
            }
        }
    }

    /// A Vale rule: off until `.vale.ini` turns it on.
    pub fn add_vale_rule(&mut self, path: &str, text: &str, with: &ReadWith) {
        match parse_rule_with(path, text, with) {
            Ok(mut rule) => {
                rule.enabled = false;
                self.push(rule);
            }
            Err(e) => self.errors.push(e),
        }
    }

    pub fn add_embedded(&mut self) {
        for (name, text) in EMBEDDED {
            self.add(&format!("<builtin>/rules/{name}"), text);
        }
    }

    /// Every `.yaml` / `.yml` file under `dir`, in path order.
    pub fn add_dir(&mut self, dir: &Path) {
        let mut files = Vec::new();
        if let Err(e) = collect_yaml(dir, &mut files) {
            self.errors.push(LoadError::unlocated(&dir.display().to_string(), format!("cannot read rule folder: {e}")));
            return;
        }
        files.sort();
        for file in files {
            let shown = file.display().to_string();
            match read_text(&file) {
                Ok(text) => self.add(&shown, &text),
                Err(e) => self.errors.push(e),
            }
        }
    }

    pub fn finish(mut self) -> (RuleSet, Vec<LoadError>) {
        self.rules.sort_by(|a, b| a.id.cmp(&b.id));
        (RuleSet { rules: self.rules }, self.errors)
    }
}

/// A rule file's text, or an error saying why it cannot be read.
fn read_text(file: &Path) -> Result<String, LoadError> {
    let shown = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| LoadError::unlocated(&shown, format!("cannot read rule file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let text: Arc<str> = Arc::from(String::from_utf8_lossy(e.as_bytes()).as_ref());
        LoadError::new(&shown, &text, "rule file is not valid UTF-8", e.utf8_error().valid_up_to())
    })
}

fn collect_yaml(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        // file_type does not follow links, so a link loop cannot recurse forever.
        if entry.file_type()?.is_dir() {
            collect_yaml(&path, out)?;
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            out.push(path);
        }
    }
    Ok(())
}
