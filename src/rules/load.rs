//! Reads rule files. With `config`, the only user of serde_yaml: a fork that
//! replaces it changes this file and `config/`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Deserializer};

use super::{Examples, Level, Origin, Rule, RuleSet, Scope};
use crate::checks::{
    AcronymDefined, Across, Arithmetic, CaptionSource, Case, CheckKind, DEFAULT_ALLOW, DateConsistency, Existence,
    FigureConsistency, FootnoteDefined, FutureDate, HeadingStyle, JudgementSupport, KeyJudgementsFirst, Locale,
    NumberFormat, SpellingConsistency, Substitution, Within,
};
use crate::config::yaml::located;
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
}

/// First pass: only the kind, so the second pass can be strict about the rest.
#[derive(Deserialize)]
struct Probe {
    kind: KindName,
}

/// A regex (or literal token) checked when the file is read, so errors point at it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct RegexText(String);

impl<'de> Deserialize<'de> for RegexText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        super::pattern::Pattern::new(&text).map_err(serde::de::Error::custom)?;
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

/// Declares a rule-file shape: the keys every rule has plus the kind's own.
macro_rules! rule_file {
    ($name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        struct $name {
            id: RuleId,
            #[allow(dead_code)]
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
            $(#[serde(default)] $field: $ty,)*
        }

        impl $name {
            fn into_rule(self, check: CheckKind, origin: Origin) -> Rule {
                Rule {
                    id: Arc::from(self.id.0),
                    level: self.level,
                    message: self.message,
                    help: self.help,
                    description: self.description,
                    link: self.link,
                    scope: self.scope.map(|s| s.0).unwrap_or_default(),
                    enabled: self.enabled,
                    check,
                    examples: self.examples,
                    origin,
                }
            }
        }
    };
}

rule_file!(ExistenceFile {
    tokens: Vec<RegexText>,
    raw: Vec<RegexText>,
    ignorecase: bool,
    nonword: bool,
    exceptions: Vec<RegexText>,
});

rule_file!(SubstitutionFile {
    swap: BTreeMap<RegexText, String>,
    ignorecase: bool,
    nonword: bool,
    exceptions: Vec<RegexText>,
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

/// Parses one rule file.
pub fn parse_rule(path: &str, text: &str) -> Result<Rule, LoadError> {
    let text: Arc<str> = Arc::from(text);
    let yaml_error = |e: serde_yaml::Error| {
        let (message, offset) = located(&e);
        let (offset, len) = relocate(&text, &message).unwrap_or((offset, 0));
        let mut error = LoadError::new(path, &text, message, offset);
        if len > 0 {
            error.len = len;
        }
        error
    };
    let origin = Origin { path: path.to_string(), text: text.clone() };
    let kind_error = |message: String, key: &str| LoadError::at_key(path, &text, key, message);
    let probe: Probe = serde_yaml::from_str(&text).map_err(yaml_error)?;
    match probe.kind {
        KindName::Existence => {
            let f: ExistenceFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
            let check =
                Existence::new(&strings(&f.tokens), &strings(&f.raw), f.ignorecase, f.nonword, &strings(&f.exceptions))
                    .map_err(|m| kind_error(m, if f.tokens.is_empty() { "kind" } else { "tokens" }))?;
            Ok(f.into_rule(CheckKind::Existence(check), origin))
        }
        KindName::Substitution => {
            let f: SubstitutionFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
            let swap: Vec<(String, String)> = f.swap.iter().map(|(k, v)| (k.0.clone(), v.clone())).collect();
            let check = Substitution::new(&swap, f.ignorecase, f.nonword, &strings(&f.exceptions))
                .map_err(|m| kind_error(m, if swap.is_empty() { "kind" } else { "swap" }))?;
            Ok(f.into_rule(CheckKind::Substitution(check), origin))
        }
        KindName::JudgementSupport => {
            let f: JudgementSupportFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
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
            Ok(f.into_rule(CheckKind::JudgementSupport(check), origin))
        }
        KindName::CaptionSource => {
            let f: CaptionSourceFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
            let pattern = |given: &Option<RegexText>, default: &str, key: &str| {
                pattern_or(given, default).map_err(|m| kind_error(m, key))
            };
            let check = CaptionSource {
                tables: f.tables,
                source: pattern(&f.source_pattern, r"^Sources?:", "source-pattern")?,
                format: Some(pattern(&f.source_format, DEFAULT_SOURCE_FORMAT, "source-format")?),
                caption_before: pattern(&f.caption_before, r"^(?:Table|Figure|Chart|Map)\s+\d+", "caption-before")?,
            };
            Ok(f.into_rule(CheckKind::CaptionSource(check), origin))
        }
        KindName::FootnoteDefined => {
            let f: FootnoteDefinedFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
            let check = FootnoteDefined { order: f.order.unwrap_or(true) };
            Ok(f.into_rule(CheckKind::FootnoteDefined(check), origin))
        }
        KindName::HeadingStyle => {
            let f: HeadingStyleFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
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
            Ok(f.into_rule(CheckKind::HeadingStyle(check), origin))
        }
        KindName::KeyJudgementsFirst => {
            let f: KeyJudgementsFirstFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
            let (min, max) = (f.min.unwrap_or(1), f.max.unwrap_or(5));
            if min > max {
                return Err(kind_error(format!("`min` ({min}) is larger than `max` ({max})"), "min"));
            }
            let preamble = pattern_or(&f.preamble, DEFAULT_PREAMBLE).map_err(|m| kind_error(m, "preamble"))?;
            Ok(f.into_rule(CheckKind::KeyJudgementsFirst(KeyJudgementsFirst { min, max, preamble }), origin))
        }
        KindName::FutureDate => {
            let f: FutureDateFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
            Ok(f.into_rule(CheckKind::FutureDate(FutureDate), origin))
        }
        KindName::FigureConsistency => {
            let f: FigureConsistencyFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
            let check = FigureConsistency { across: f.across };
            Ok(f.into_rule(CheckKind::FigureConsistency(check), origin))
        }
        KindName::DateConsistency => {
            let f: DateConsistencyFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
            let check = DateConsistency { across: f.across };
            Ok(f.into_rule(CheckKind::DateConsistency(check), origin))
        }
        KindName::AcronymDefined => {
            let f: AcronymDefinedFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
            let mut allow: Vec<String> =
                f.allow.clone().unwrap_or_else(|| DEFAULT_ALLOW.iter().map(|s| s.to_string()).collect());
            allow.extend(f.also_allow.iter().cloned());
            Ok(f.into_rule(CheckKind::AcronymDefined(AcronymDefined { allow }), origin))
        }
        KindName::SpellingConsistency => {
            let f: SpellingConsistencyFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
            let pairs = f.pairs.iter().map(|(b, a)| (b.to_lowercase(), a.to_lowercase())).collect();
            let across = f.across.unwrap_or(Across::Document);
            let check = SpellingConsistency::new(pairs, f.locale, across).map_err(|m| kind_error(m, "pairs"))?;
            Ok(f.into_rule(CheckKind::SpellingConsistency(check), origin))
        }
        KindName::NumberFormat => {
            let f: NumberFormatFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
            let check = NumberFormat { across: f.across.unwrap_or(Across::Document) };
            Ok(f.into_rule(CheckKind::NumberFormat(check), origin))
        }
        KindName::Arithmetic => {
            let f: ArithmeticFile = serde_yaml::from_str(&text).map_err(yaml_error)?;
            Ok(f.into_rule(CheckKind::Arithmetic(Arithmetic), origin))
        }
    }
}

/// Accumulates rules, reporting duplicate ids.
#[derive(Default)]
pub struct Loader {
    pub rules: Vec<Rule>,
    pub errors: Vec<LoadError>,
}

impl Loader {
    pub fn add(&mut self, path: &str, text: &str) {
        match parse_rule(path, text) {
            Ok(rule) => match self.rules.iter().find(|r| r.id == rule.id) {
                Some(first) => {
                    let message = format!("duplicate rule id `{}`", rule.id);
                    let help = format!("`{}` is already defined in {}", rule.id, first.origin.path);
                    self.errors.push(LoadError::at_key(path, &rule.origin.text, "id", message).with_help(help));
                }
                None => self.rules.push(rule),
            },
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
            match std::fs::read(&file) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => self.add(&shown, &text),
                    Err(e) => {
                        let text: Arc<str> = Arc::from(String::from_utf8_lossy(e.as_bytes()).as_ref());
                        let offset = e.utf8_error().valid_up_to();
                        self.errors.push(LoadError::new(&shown, &text, "rule file is not valid UTF-8", offset));
                    }
                },
                Err(e) => self.errors.push(LoadError::unlocated(&shown, format!("cannot read rule file: {e}"))),
            }
        }
    }

    pub fn finish(mut self) -> (RuleSet, Vec<LoadError>) {
        self.rules.sort_by(|a, b| a.id.cmp(&b.id));
        (RuleSet { rules: self.rules }, self.errors)
    }
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
