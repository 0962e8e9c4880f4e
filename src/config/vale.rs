//! `.vale.ini`: a Vale setup run by brieflint. Styles under `StylesPath` load
//! as rules `Style.Rule`; `BasedOnStyles` and `Style.Rule = NO|YES|level` in
//! `[glob]` sections become the same switches and overrides `brieflint.yaml`
//! has; `Vocab` lists become exceptions (accept) and `Vale.Avoid` (reject);
//! `TokenIgnores`/`BlockIgnores` hide text; `MinAlertLevel` drops findings.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::LoadError;
use crate::rules::load::{Loader, ReadWith};
use crate::rules::pattern::Pattern;
use crate::rules::{Level, RuleSet};

use super::{Loaded, OneOrMany, Override};

pub const FILE_NAMES: &[&str] = &[".vale.ini", "_vale.ini"];

/// A `key = value` line, with where its value starts.
#[derive(Debug, Clone)]
struct Setting {
    key: String,
    value: String,
    /// Where the key and the value start.
    key_offset: usize,
    offset: usize,
}

#[derive(Debug, Clone)]
struct Section {
    glob: String,
    settings: Vec<Setting>,
}

/// A parsed `.vale.ini`.
#[derive(Debug, Clone)]
pub struct ValeIni {
    path: String,
    text: Arc<str>,
    /// Folder relative paths start from.
    base: PathBuf,
    top: Vec<Setting>,
    sections: Vec<Section>,
}

/// What the engine applies per file: hidden text and the lowest level reported.
#[derive(Debug, Clone, Default)]
pub struct ValeRun {
    pub min_level: Option<Level>,
    /// (glob, or every file; pattern, multi-line) of text that is not linted.
    pub ignores: Vec<(Option<String>, Pattern)>,
}

/// The nearest `.vale.ini` (or `_vale.ini`) from `start` upwards.
pub fn find(start: &Path) -> Option<PathBuf> {
    start.ancestors().flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n))).find(|p| p.is_file())
}

pub fn read(path: &Path) -> Result<ValeIni, LoadError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| LoadError::unlocated(&shown, format!("cannot read: {e}")))?;
    let base = path.parent().map(Path::to_path_buf).filter(|p| !p.as_os_str().is_empty()).unwrap_or(".".into());
    parse(&shown, &text, base)
}

pub fn parse(path: &str, text: &str, base: PathBuf) -> Result<ValeIni, LoadError> {
    let shared: Arc<str> = Arc::from(text);
    let mut ini = ValeIni { path: path.into(), text: shared.clone(), base, top: Vec::new(), sections: Vec::new() };
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim();
        if body.is_empty() || body.starts_with('#') || body.starts_with(';') {
            continue;
        }
        if let Some(glob) = body.strip_prefix('[').and_then(|b| b.strip_suffix(']')) {
            ini.sections.push(Section { glob: glob.trim().to_string(), settings: Vec::new() });
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            let at = start + (line.len() - line.trim_start().len());
            return Err(LoadError::new(path, &shared, "expected `key = value` or `[glob]`", at));
        };
        let key_at = start + (key.len() - key.trim_start().len());
        let value_at = start + key.len() + 1 + (value.len() - value.trim_start().len());
        let setting = Setting {
            key: key.trim().to_string(),
            value: value.trim().to_string(),
            key_offset: key_at,
            offset: value_at,
        };
        match ini.sections.last_mut() {
            Some(section) => section.settings.push(setting),
            None => ini.top.push(setting),
        }
    }
    Ok(ini)
}

/// Comma-separated items.
fn list(value: &str) -> Vec<String> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// A glob every Markdown file matches, so its section applies everywhere.
fn is_global(glob: &str) -> bool {
    matches!(glob, "*" | "**" | "*.md" | "**/*.md" | "*.markdown")
        || (glob.starts_with("*.{")
            && glob.trim_start_matches("*.{").trim_end_matches('}').split(',').any(|e| e == "md"))
}

impl ValeIni {
    fn error(&self, message: String, offset: usize) -> LoadError {
        LoadError::new(&self.path, &self.text, message, offset)
    }

    fn top(&self, key: &str) -> Option<&Setting> {
        self.top.iter().find(|s| s.key == key)
    }

    fn styles_path(&self) -> PathBuf {
        self.top("StylesPath").map_or_else(|| self.base.clone(), |s| self.base.join(&s.value))
    }

    /// The accepted and rejected vocabulary terms (one regex per line).
    fn vocabulary(&self) -> Result<(Vec<String>, Vec<String>), LoadError> {
        let (mut accept, mut reject) = (Vec::new(), Vec::new());
        let Some(setting) = self.top("Vocab") else { return Ok((accept, reject)) };
        let styles = self.styles_path();
        for name in list(&setting.value) {
            let dirs = [styles.join("config/vocabularies").join(&name), styles.join("Vocab").join(&name)];
            let Some(dir) = dirs.iter().find(|d| d.is_dir()) else {
                let message = format!("vocabulary `{name}` not found in {}", dirs[0].display());
                return Err(self.error(message, setting.offset));
            };
            for (file, into) in [("accept.txt", &mut accept), ("reject.txt", &mut reject)] {
                if let Ok(text) = std::fs::read_to_string(dir.join(file)) {
                    into.extend(
                        text.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty() && !l.starts_with('#'))
                            .map(str::to_string),
                    );
                }
            }
        }
        Ok((accept, reject))
    }

    /// Every style the file names, with the first place it is named.
    fn styles(&self) -> Vec<(String, usize)> {
        let mut styles: Vec<(String, usize)> = Vec::new();
        for s in self.sections.iter().flat_map(|s| &s.settings) {
            let named = if s.key == "BasedOnStyles" {
                list(&s.value)
            } else if let Some((style, _)) = s.key.split_once('.') {
                vec![style.to_string()]
            } else {
                Vec::new()
            };
            for style in named {
                if !styles.iter().any(|(n, _)| *n == style) {
                    styles.push((style, s.offset));
                }
            }
        }
        styles
    }

    /// Loads the styles it names (and Vale's built-in `Vale` style) into `loader`.
    pub fn load_rules(&self, loader: &mut Loader) -> Result<(), LoadError> {
        let (accept, reject) = self.vocabulary()?;
        let accept = Arc::new(accept);
        let root = self.styles_path();
        for (style, offset) in self.styles() {
            if style == "Vale" {
                builtin_style(loader, &accept, &reject);
                continue;
            }
            let dir = root.join(&style);
            if !dir.is_dir() {
                return Err(self.error(format!("style `{style}` not found: no folder {}", dir.display()), offset));
            }
            loader.add_vale_style(&dir, &style, &accept);
        }
        Ok(())
    }

    /// Turns sections into rule switches and overrides in `loaded`, and returns
    /// what the engine applies per file. Unknown rules and levels are errors.
    pub fn configure(&self, rules: &RuleSet, loaded: &mut Loaded) -> Result<ValeRun, Vec<LoadError>> {
        let mut errors = Vec::new();
        let mut run = ValeRun::default();
        if let Some(s) = self.top("MinAlertLevel") {
            match Level::parse(&s.value) {
                Some(level) => run.min_level = Some(level),
                None => errors.push(self.error(format!("`{}` is not suggestion, warning or error", s.value), s.offset)),
            }
        }
        for section in &self.sections {
            if section.glob == "formats" {
                continue;
            }
            let mut o = Override {
                files: OneOrMany::One(section.glob.clone()),
                disable: Vec::new(),
                enable: Vec::new(),
                levels: Default::default(),
            };
            let glob = (!is_global(&section.glob)).then(|| section.glob.clone());
            for s in &section.settings {
                match s.key.as_str() {
                    "BasedOnStyles" => {
                        for style in list(&s.value) {
                            let prefix = format!("{style}.");
                            o.enable.extend(
                                rules.rules.iter().filter(|r| r.id.starts_with(&prefix)).map(|r| r.id.to_string()),
                            );
                        }
                    }
                    "TokenIgnores" | "BlockIgnores" => {
                        for pattern in list(&s.value) {
                            match Pattern::new(&format!("(?m){pattern}")) {
                                Ok(p) => run.ignores.push((glob.clone(), p)),
                                Err(e) => errors.push(self.error(e, s.offset)),
                            }
                        }
                    }
                    "Transform" | "Lang" => {}
                    key if key.contains('.') => {
                        if rules.get(key).is_none() {
                            let message = format!("unknown rule `{key}`");
                            errors.push(self.error(message, s.key_offset));
                            continue;
                        }
                        match s.value.to_ascii_uppercase().as_str() {
                            "NO" | "OFF" => o.disable.push(key.to_string()),
                            "YES" | "ON" => o.enable.push(key.to_string()),
                            _ => match Level::parse(&s.value.to_ascii_lowercase()) {
                                Some(level) => {
                                    o.enable.push(key.to_string());
                                    o.levels.insert(key.to_string(), level);
                                }
                                None => errors.push(self.error(
                                    format!("`{}` is not YES, NO, suggestion, warning or error", s.value),
                                    s.offset,
                                )),
                            },
                        }
                    }
                    other => errors.push(self.error(format!("unknown setting `{other}`"), s.offset)),
                }
            }
            if glob.is_none() {
                let c = &mut loaded.config;
                c.enable.extend(o.enable);
                c.disable.extend(o.disable);
                c.levels.extend(o.levels);
            } else {
                loaded.config.overrides.push(o);
            }
        }
        if loaded.path.is_none() {
            loaded.base = self.base.clone();
        }
        if errors.is_empty() { Ok(run) } else { Err(errors) }
    }
}

/// Vale's built-in style: `Vale.Repetition`, `Vale.Terms` (accepted words with
/// the wrong case) and `Vale.Avoid` (rejected words). `Vale.Spelling` needs a
/// dictionary brieflint does not ship; write a `spelling` rule instead.
fn builtin_style(loader: &mut Loader, accept: &Arc<Vec<String>>, reject: &[String]) {
    let quoted = |items: &[String]| serde_json::to_string(items).unwrap_or_else(|_| "[]".into());
    let mut rules = vec![(
        "Repetition",
        "extends: repetition\nmessage: \"'%s' is repeated!\"\nlevel: error\nalpha: true\nignorecase: true\ntokens: ['[^\\s]+']\n"
            .to_string(),
    )];
    if !reject.is_empty() {
        let text = format!(
            "extends: existence\nmessage: \"Avoid using '%s'.\"\nlevel: error\nignorecase: true\nvocab: false\ntokens: {}\n",
            quoted(reject)
        );
        rules.push(("Avoid", text));
    }
    let words: Vec<&String> =
        accept.iter().filter(|t| t.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-')).collect();
    if !words.is_empty() {
        let swap: Vec<String> = words.iter().map(|w| format!("  '(?i:{w})': '{w}'")).collect();
        let text = format!(
            "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: error\nvocab: false\nswap:\n{}\n",
            swap.join("\n")
        );
        rules.push(("Terms", text));
    }
    for (name, text) in rules {
        let with = ReadWith { id: Some(format!("Vale.{name}")), accept: accept.clone(), search: Vec::new() };
        loader.add_vale_rule(&format!("<builtin>/Vale/{name}.yml"), &text, &with);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections_and_locates_values() {
        let text =
            "StylesPath = styles\nMinAlertLevel = warning\n\n[*.md]\nBasedOnStyles = Vale, Brief\nBrief.Hedges = NO\n";
        let ini = parse(".vale.ini", text, PathBuf::from(".")).unwrap();
        assert_eq!(ini.top("StylesPath").unwrap().value, "styles");
        assert_eq!(ini.sections[0].glob, "*.md");
        let s = &ini.sections[0].settings[1];
        assert_eq!((s.key.as_str(), &text[s.offset..s.offset + 2]), ("Brief.Hedges", "NO"));
        assert_eq!(ini.styles().iter().map(|s| s.0.as_str()).collect::<Vec<_>>(), ["Vale", "Brief"]);
        assert!(parse("x", "[*]\nnot a setting\n", PathBuf::from(".")).is_err());
        assert!(is_global("*.{md,txt}") && !is_global("docs/*.md"));
    }
}
