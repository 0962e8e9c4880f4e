//! Rules are data: a YAML file names a check kind and its options.

pub mod literal_dfa;
pub mod load;
pub mod message;
pub mod pattern;
pub mod prefilter;
pub mod scope;
pub mod words;

use std::sync::Arc;

use serde::Deserialize;

use crate::checks::CheckKind;
pub use scope::Scope;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Vale calls this level `suggestion`.
    #[serde(alias = "suggestion")]
    Info,
    #[default]
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "info" | "suggestion" => Some(Level::Info),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }
}

/// Markdown snippets a rule must pass (`valid`) and flag (`invalid`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub valid: Vec<String>,
    #[serde(default)]
    pub invalid: Vec<Invalid>,
}

/// An invalid example: a snippet, or a snippet with the exact findings it must
/// produce, each written `line:column message`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Invalid {
    Text(String),
    Expect { text: String, expect: Vec<String> },
}

impl Invalid {
    pub fn text(&self) -> &str {
        match self {
            Invalid::Text(text) | Invalid::Expect { text, .. } => text,
        }
    }

    pub fn expect(&self) -> Option<&[String]> {
        match self {
            Invalid::Text(_) => None,
            Invalid::Expect { expect, .. } => Some(expect),
        }
    }
}

/// Where a rule came from: its file path and text, for diagnostics.
#[derive(Debug, Clone)]
pub struct Origin {
    pub path: String,
    pub text: Arc<str>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: Arc<str>,
    pub level: Level,
    pub message: String,
    pub help: Option<std::sync::Arc<str>>,
    pub description: Option<String>,
    pub link: Option<String>,
    pub scope: Scope,
    /// Off unless enabled in config.
    pub enabled: bool,
    pub check: CheckKind,
    pub examples: Examples,
    pub origin: Origin,
    /// At most this many findings per file (Vale's `limit`).
    pub limit: Option<usize>,
    pub action: Option<Action>,
}

/// Vale's `action`: what an editor may do about a finding. `remove` and
/// `replace` (with one parameter) become fixes that are not marked safe.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub name: String,
    #[serde(default)]
    pub params: Vec<String>,
}

/// A loaded rule set, sorted by id.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| &*r.id == id)
    }
}
