//! `brieflint.yaml`: strict, kebab-case configuration, read through `yaml`, the only
//! user of serde_yaml.

pub mod vale;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::error::{LoadError, find_value};
use crate::rules::{Level, RuleSet};

pub const FILE_NAME: &str = "brieflint.yaml";

/// Rule switches, read from the top level and from each override.
#[derive(Debug, Clone, Copy)]
pub struct RuleSettings<'a> {
    pub disable: &'a [String],
    pub enable: &'a [String],
    pub levels: &'a BTreeMap<String, Level>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Globs matched against paths relative to the config file's folder.
    pub files: OneOrMany,
    #[serde(default)]
    pub disable: Vec<String>,
    #[serde(default)]
    pub enable: Vec<String>,
    #[serde(default)]
    pub levels: BTreeMap<String, Level>,
}

impl Override {
    pub fn settings(&self) -> RuleSettings<'_> {
        RuleSettings { disable: &self.disable, enable: &self.enable, levels: &self.levels }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn items(&self) -> &[String] {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        }
    }
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        let days = crate::facts::dates::days_in_month(year, month);
        ((1..=12).contains(&month) && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a date written YYYY-MM-DD")))
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Extra rule folders, relative to the config file.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    #[serde(default)]
    pub disable: Vec<String>,
    #[serde(default)]
    pub enable: Vec<String>,
    #[serde(default)]
    pub levels: BTreeMap<String, Level>,
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// Publication date for briefs without a front matter `date`.
    #[serde(default)]
    pub publication_date: Option<Date>,
    /// Files larger than this many megabytes (10^6 bytes) are reported and not read
    /// further: linting takes some 15 times a file's size in memory. See `max_file_mb()`.
    #[serde(default)]
    pub max_file_mb: Option<u64>,
}

impl Config {
    /// `max-file-mb`, or 100 when the config does not set it.
    pub fn max_file_mb(&self) -> u64 {
        self.max_file_mb.unwrap_or(100)
    }

    pub fn settings(&self) -> RuleSettings<'_> {
        RuleSettings { disable: &self.disable, enable: &self.enable, levels: &self.levels }
    }
}

/// A config and where it was read from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    /// Folder that relative paths and globs are resolved against.
    pub base: PathBuf,
    pub path: Option<String>,
    pub text: Arc<str>,
    /// What a `.vale.ini` adds per file.
    pub vale: vale::ValeRun,
}

impl Loaded {
    /// Checks that every rule id the config names exists, pointing at the id when not.
    pub fn validate_ids(&self, rules: &RuleSet, builtin: &[&str]) -> Vec<LoadError> {
        let path = self.path.clone().unwrap_or_default();
        let c = &self.config;
        let named = std::iter::once(c.settings())
            .chain(c.overrides.iter().map(Override::settings))
            .flat_map(|s| s.disable.iter().chain(s.enable.iter()).chain(s.levels.keys()));
        let mut errors = Vec::new();
        for id in named {
            if rules.get(id).is_none() && !builtin.contains(&id.as_ref()) {
                let offset = find_value(&self.text, id).unwrap_or(0);
                let mut error = LoadError::new(&path, &self.text, format!("unknown rule `{id}`"), offset);
                error.len = id.len();
                let help = closest(id, rules.rules.iter().map(|r| &*r.id))
                    .map_or("`brieflint rules list` shows every rule".to_string(), |c| format!("did you mean `{c}`?"));
                errors.push(error.with_help(help));
            }
        }
        errors
    }
}

/// The known id sharing the longest common prefix and suffix with `id`, if close.
fn closest<'a>(id: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let score = |k: &str| {
        let prefix = id.bytes().zip(k.bytes()).take_while(|(a, b)| a == b).count();
        let suffix = id.bytes().rev().zip(k.bytes().rev()).take_while(|(a, b)| a == b).count();
        prefix + suffix
    };
    known.map(|k| (score(k), k)).filter(|&(s, k)| s * 2 >= k.len()).max_by_key(|&(s, _)| s).map(|(_, k)| k)
}

/// Parses config text.
pub fn parse(path: &str, text: &str) -> Result<Config, LoadError> {
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    let error = |(message, offset): (String, usize)| LoadError::new(path, &Arc::from(text), message, offset);
    yaml::from_str(text).map_err(error)
}

/// Reads `explicit`, or the nearest `brieflint.yaml` from `start` upwards; none is an empty config.
pub fn load(explicit: Option<&Path>, start: &Path) -> Result<Loaded, LoadError> {
    let found = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => start.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file()),
    };
    let Some(path) = found else {
        return Ok(Loaded { base: start.to_path_buf(), ..Loaded::default() });
    };
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| LoadError::unlocated(&shown, format!("cannot read config file: {e}")))?;
    let config = parse(&shown, &text)?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let base = if base.as_os_str().is_empty() { PathBuf::from(".") } else { base };
    Ok(Loaded { config, base, path: Some(shown), text: Arc::from(text), vale: Default::default() })
}
