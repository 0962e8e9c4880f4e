//! Lints files in parallel and returns findings in a fixed order.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use crate::checks::{Context, CorpusDoc};
use crate::config::{Loaded, RuleSettings};
use crate::document::{Document, Position, Span};
use crate::error::{LoadError, find_value};
use crate::finding::Finding;
use crate::rules::pattern::Pattern;
use crate::rules::prefilter::Prefilter;
use crate::rules::{Level, Rule, RuleSet, scope};
use crate::suppress::Suppressions;
use crate::timing::Shared;

/// Findings the engine itself reports about files, with their default levels.
pub const BUILTIN: &[(&str, Level, &str)] = &[
    ("brieflint/read-error", Level::Error, "a file could not be read"),
    ("brieflint/binary-file", Level::Warning, "a file holds NUL bytes and is skipped as binary"),
    ("brieflint/file-too-large", Level::Warning, "a file is larger than `max-file-mb` and is skipped"),
    ("brieflint/invalid-utf8", Level::Warning, "a file is not valid UTF-8; bad bytes are read as U+FFFD"),
    ("brieflint/front-matter", Level::Error, "the YAML front matter does not parse"),
    ("brieflint/unused-suppression", Level::Warning, "an inline control comment suppresses no finding"),
    (
        "brieflint/regex-limit",
        Level::Warning,
        "a rule's pattern hit the backtracking limit; matches in that text may be missing",
    ),
    (
        "brieflint/internal-error",
        Level::Error,
        "brieflint failed on a file or in a corpus rule (a bug); the findings it would have given there are missing",
    ),
];

/// The `--timings` entry for reading, parsing and modelling files.
pub const READING: &str = "(read, parse, model)";
/// The two timing labels as shared ids, made once rather than per document.
static LABELS: std::sync::LazyLock<[Arc<str>; 2]> = std::sync::LazyLock::new(|| [Arc::from(READING), Arc::from(FACTS)]);
/// The rows of the work rules share, by `Shared`.
static SHARED: std::sync::LazyLock<[Arc<str>; 4]> =
    std::sync::LazyLock::new(|| Shared::ALL.map(|s| Arc::from(s.label())));

/// The `--timings` row of shared work.
fn shared_label(what: Shared) -> Arc<str> {
    SHARED[what as usize].clone()
}

pub fn builtin_ids() -> Vec<&'static str> {
    BUILTIN.iter().map(|&(id, _, _)| id).collect()
}

pub struct Engine {
    pub rules: RuleSet,
    pub config: Loaded,
    overrides: Vec<GlobSet>,
    /// Text hidden from every rule (Vale's TokenIgnores and BlockIgnores), for the files a glob matches.
    ignores: Vec<(Option<GlobSet>, Pattern)>,
    base: PathBuf,
    /// The prefixes of every rule's patterns, found in one scan of each document.
    prefilter: Prefilter,
    /// Hash each file's text as linted (for `--fix`, which refuses files changed since).
    pub hash_files: bool,
    /// The name standard input (`-`) is reported under and matched against overrides
    /// (`<stdin>` when not given).
    pub stdin_name: Option<String>,
    /// The bytes read from streams (standard input, pipes, devices), which cannot be read
    /// again: a second lint (after `--fix`) and the report's snippets use these.
    /// (None: it was over the size limit.)
    streams: std::sync::Mutex<std::collections::BTreeMap<PathBuf, Option<Vec<u8>>>>,
}

/// The path that stands for standard input.
pub const STDIN: &str = "-";

#[derive(Debug)]
pub struct Outcome {
    pub files: usize,
    /// The paths linted, as shown in findings.
    pub paths: Vec<String>,
    pub findings: Vec<Finding>,
    /// Content hash of each file as it was linted, to refuse fixing a file that changed
    /// since (with `Engine::hash_files`).
    pub hashes: std::collections::BTreeMap<Arc<str>, u64>,
    /// CPU time per rule (document and corpus phases), and `reading and parsing` per file.
    pub timings: std::collections::BTreeMap<Arc<str>, Duration>,
    /// The text of each file read from a stream (standard input, a pipe, a device), by its
    /// name in findings: it cannot be read again for the report or for fixes. None: the
    /// stream held more than the limit and was not linted.
    pub streamed: std::collections::BTreeMap<Arc<str>, Option<String>>,
    /// The most bytes a file is read for (`max-file-mb`), when it is read again too.
    pub read_limit: u64,
}

impl Outcome {
    /// The text of `file` (as named in findings) for snippets, fixes and baselines: a
    /// stream's as it was linted, any other file's read again.
    pub fn source_of(&self, file: &str) -> Option<String> {
        self.bytes_of(file).ok().map(crate::document::lossy_text)
    }

    /// `source_of` as bytes: a file no longer valid UTF-8 can be told from one that is. A
    /// file over the limit is not read again (not even for the snippet of the finding that
    /// says so): the report of a huge file, or of `/dev/zero`, takes no more memory than linting.
    pub fn bytes_of(&self, file: &str) -> std::io::Result<Vec<u8>> {
        let too_large = || std::io::Error::new(std::io::ErrorKind::FileTooLarge, "larger than `max-file-mb`");
        match self.streamed.get(file) {
            Some(Some(text)) => Ok(text.clone().into_bytes()),
            Some(None) => Err(too_large()),
            None => match read_at_most(Path::new(file), self.read_limit)? {
                Read::File(bytes) | Read::Stream(bytes) => bytes.ok_or_else(too_large),
            },
        }
    }
}

impl Engine {
    /// Checks the config against the rules and compiles override globs.
    pub fn new(rules: RuleSet, config: Loaded) -> Result<Engine, Vec<LoadError>> {
        let mut errors = config.validate_ids(&rules, &builtin_ids());
        let path = config.path.clone().unwrap_or_default();
        let mut overrides = Vec::new();
        for o in &config.config.overrides {
            let mut set = GlobSetBuilder::new();
            for glob in o.files.items() {
                match Glob::new(glob) {
                    Ok(g) => {
                        set.add(g);
                    }
                    Err(e) => {
                        let offset = find_value(&config.text, glob).unwrap_or(0);
                        errors.push(LoadError::new(&path, &config.text, format!("invalid glob: {e}"), offset));
                    }
                }
            }
            overrides.push(set.build().unwrap_or_else(|_| GlobSet::empty()));
        }
        // Their globs are also overrides, whose invalid globs are reported above.
        let ignores = (config.vale.ignores.iter())
            .map(|(glob, pattern)| {
                let set = glob.as_ref().and_then(|g| Glob::new(g).ok()).and_then(|g| GlobSet::new([g]).ok());
                (set, pattern.clone())
            })
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let base = absolute(&config.base);
        let prefilter = prefilter_of(rules.rules.iter());
        let (hash_files, stdin_name, streams) = (false, None, Default::default());
        Ok(Engine { rules, config, overrides, ignores, base, prefilter, hash_files, stdin_name, streams })
    }

    /// The path `path` is known by: standard input's name for `-`.
    fn named<'a>(&'a self, path: &'a Path) -> &'a Path {
        match &self.stdin_name {
            _ if path != Path::new(STDIN) => path,
            Some(name) => Path::new(name),
            None => Path::new("<stdin>"),
        }
    }

    /// How `path` is shown in findings.
    fn shown(&self, path: &Path) -> String {
        self.named(path).display().to_string()
    }

    /// The level of `id` for `path` after config and overrides, or None when off.
    fn level_for(&self, id: &str, enabled: bool, level: Level, path: &Path) -> Option<Level> {
        // Disable wins over the default, enable turns a rule on, a level only re-levels a rule that is on.
        let apply = |state: Option<Level>, s: RuleSettings| {
            let mut state = state;
            if s.disable.iter().any(|d| d == id) {
                state = None;
            }
            if s.enable.iter().any(|d| d == id) {
                state = Some(state.unwrap_or(level));
            }
            state.map(|current| s.levels.get(id).copied().unwrap_or(current))
        };
        let mut state = apply(enabled.then_some(level), self.config.config.settings());
        if !self.overrides.is_empty() {
            let relative = relative_to(&self.base, self.named(path));
            for (set, o) in self.overrides.iter().zip(&self.config.config.overrides) {
                if set.is_match(&relative) {
                    state = apply(state, o.settings());
                }
            }
        }
        state
    }

    fn active_rules(&self, path: &Path) -> Vec<(&Rule, Level)> {
        // Room for every rule: the list is not regrown as it fills, file after file.
        let mut active = Vec::with_capacity(self.rules.rules.len());
        active.extend(
            self.rules.rules.iter().filter_map(|r| self.level_for(&r.id, r.enabled, r.level, path).map(|l| (r, l))),
        );
        active
    }

    fn builtin(&self, id: &str, path: &Path, file: &Arc<str>, message: String, at: Located) -> Option<Finding> {
        let &(id, default, _) = BUILTIN.iter().find(|b| b.0 == id)?;
        let severity = self.level_for(id, true, default, path)?;
        Some(Finding {
            rule: Arc::from(id),
            severity,
            message: message.into(),
            help: None,
            file: file.clone(),
            span: at.span,
            start: at.start,
            end: at.end,
            related: Vec::new(),
            fix: None,
        })
    }

    /// Lints every file in parallel; findings come back sorted.
    pub fn lint_files(&self, files: &[PathBuf], unreadable: &[(String, String)]) -> Outcome {
        // What each document gives joins the shared totals as soon as it is done, so
        // only documents in flight hold their own: no second copy of every finding.
        let shared = std::sync::Mutex::new(Totals::default());
        // Files go to the threads in batches of up to `BATCH`, smaller when there are few
        // files, so every thread has some.
        let batch = (files.len() / (8 * rayon::current_num_threads())).clamp(1, BATCH);
        files.par_chunks(batch).enumerate().for_each(|(c, paths)| {
            let linted = self.lint_batch(paths);
            let mut totals = shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            for (k, l) in linted.into_iter().enumerate() {
                totals.add(c * batch + k, l);
            }
        });
        let Totals { mut findings, timings, mut corpus, hashes, mut controls, .. } =
            shared.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut timings = Totals::by_label(timings);
        // Documents in the order of `files`, whichever finished first.
        corpus.sort_unstable_by_key(|&(k, _)| k);
        controls.sort_unstable_by_key(|&(k, _)| k);
        // The documents are collected in place (unzipped, both vectors would be held at once).
        let corpus_files: Vec<usize> = corpus.iter().map(|&(k, _)| k).collect();
        let corpus: Vec<CorpusDoc> = corpus.into_iter().map(|(_, doc)| doc).collect();
        let controls = controls.into_iter().filter_map(|(k, s)| Some((files.get(k)?, s)));
        let (corpus_findings, failed) = finish_corpus_timed(&self.rules.rules, &corpus, &mut timings);
        findings.extend(corpus_findings);
        for Failed { rule, doc, panic } in failed {
            // Put on the first file the rule ran over: every finding has a file.
            let Some(path) = corpus_files.get(doc).and_then(|&k| files.get(k)) else { continue };
            let what = format!("`{rule}` failed over the corpus");
            findings.extend(self.internal_error(path, &what, &*panic, "its corpus findings"));
        }
        // The corpus's facts are freed on another thread while the findings are sorted.
        rayon::spawn(move || drop(corpus));
        for (path, controls) in controls {
            let file: Arc<str> = Arc::from(self.shown(path));
            for w in controls.unused() {
                let message = format!("`<!-- {} -->` suppresses nothing", w.text);
                let at = Located { span: w.span, start: w.start, end: w.end };
                findings.extend(self.builtin("brieflint/unused-suppression", path, &file, message, at));
            }
        }
        let start = Located::file_start();
        for (path, reason) in unreadable {
            let file: Arc<str> = Arc::from(path.as_str());
            findings.extend(self.builtin(
                "brieflint/read-error",
                Path::new(path),
                &file,
                format!("cannot read: {reason}"),
                start,
            ));
        }
        if let Some(min) = self.config.vale.min_level {
            findings.retain(|f| f.severity >= min);
        }
        sort(&mut findings);
        let paths = files.iter().map(|p| self.shown(p)).collect();
        let streams = self.streams.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let streamed = (streams.iter())
            .map(|(path, bytes)| {
                (Arc::from(self.shown(path)), bytes.as_ref().map(|b| String::from_utf8_lossy(b).into_owned()))
            })
            .collect();
        let read_limit = self.read_limit();
        Outcome { files: files.len() + unreadable.len(), paths, findings, hashes, timings, streamed, read_limit }
    }

    /// `lint_path`, a panic (a bug) reported as a finding on the file rather than
    /// ending the run: the other files are linted and reported.
    fn lint_path_contained(&self, path: &Path) -> Linted {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.lint_path(path))).unwrap_or_else(|panic| {
            Linted::only(self.internal_error(path, "linting this file failed", &*panic, "its findings"))
        })
    }

    /// The `brieflint/internal-error` finding on `path` for a `panic` (a bug): `what`
    /// failed, and the findings it would have given (`missing`) are not there.
    fn internal_error(
        &self,
        path: &Path,
        what: &str,
        panic: &(dyn std::any::Any + Send),
        missing: &str,
    ) -> Option<Finding> {
        let file: Arc<str> = Arc::from(self.shown(path));
        let message =
            format!("{what}, a bug in brieflint (please report it): {}; {missing} are missing", panic_message(panic));
        self.builtin("brieflint/internal-error", path, &file, message, Located::file_start())
    }

    /// The most bytes a file is read for: `max-file-mb`.
    fn read_limit(&self) -> u64 {
        self.config.config.max_file_mb().saturating_mul(1_000_000)
    }

    /// `read_at_most`, a stream's bytes kept from its first reading (and read from there
    /// again).
    fn read(&self, path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
        let streams = || self.streams.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(bytes) = streams().get(path) {
            return Ok(bytes.clone());
        }
        Ok(match read_at_most(path, limit)? {
            Read::Stream(bytes) => {
                streams().insert(path.to_path_buf(), bytes.clone());
                bytes
            }
            Read::File(bytes) => bytes,
        })
    }

    fn lint_path(&self, path: &Path) -> Linted {
        match self.parse_path(path) {
            Ok(parsed) => self.lint_parsed(path, parsed),
            Err(linted) => *linted,
        }
    }

    /// `parsed`, the document of `path`, linted alone.
    fn lint_parsed(&self, path: &Path, parsed: Parsed) -> Linted {
        let rules = self.active_rules(path);
        let published = self.config.config.publication_date;
        let linted = lint_document_with(&parsed.doc, &rules, &self.prefilter, &parsed.file, published);
        self.complete(path, parsed, linted)
    }

    /// Lints `paths` as `lint_path` does, in order, the small documents' rules run rule by
    /// rule over groups of them (`lint_documents_with`) of up to `GROUP_BYTES`. A panic (a
    /// bug) has each file linted again alone, so it is put on the file that caused it.
    fn lint_batch(&self, paths: &[PathBuf]) -> Vec<Linted> {
        let batch = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut linted = Vec::with_capacity(paths.len());
            let mut group: Vec<(&PathBuf, Parsed)> = Vec::new();
            let mut bytes = 0;
            for path in paths {
                match self.parse_path(path) {
                    Err(l) => {
                        self.lint_group(&mut group, &mut linted);
                        linted.push(*l);
                    }
                    Ok(parsed) if parsed.doc.source.len() >= PARALLEL_RULES_FROM => {
                        self.lint_group(&mut group, &mut linted);
                        linted.push(self.lint_parsed(path, parsed));
                    }
                    Ok(parsed) => {
                        bytes += parsed.doc.source.len();
                        group.push((path, parsed));
                        if bytes >= GROUP_BYTES {
                            self.lint_group(&mut group, &mut linted);
                            bytes = 0;
                        }
                    }
                }
            }
            self.lint_group(&mut group, &mut linted);
            linted
        }));
        batch.unwrap_or_else(|_| paths.iter().map(|path| self.lint_path_contained(path)).collect())
    }

    /// Lints the parsed documents of `group` together, emptying it, onto `linted`.
    fn lint_group(&self, group: &mut Vec<(&PathBuf, Parsed)>, linted: &mut Vec<Linted>) {
        let rules: Vec<Vec<(&Rule, Level)>> = group.iter().map(|(path, _)| self.active_rules(path)).collect();
        let docs: Vec<ToLint> =
            (group.iter().zip(&rules)).map(|((_, p), rules)| ToLint { doc: &p.doc, rules, file: &p.file }).collect();
        let published = self.config.config.publication_date;
        let done = lint_documents_with(&docs, &self.rules.rules, &self.prefilter, published);
        drop(docs);
        for ((path, parsed), l) in group.drain(..).zip(done) {
            linted.push(self.complete(path, parsed, l));
        }
    }

    /// The file at `path` read and parsed, or what it gives when it cannot be.
    fn parse_path(&self, path: &Path) -> Result<Parsed, Box<Linted>> {
        #[cfg(test)]
        failpoint(&path.to_string_lossy());
        let started = Instant::now();
        let file: Arc<str> = Arc::from(self.shown(path));
        let start = Located::file_start();
        let max_mb = self.config.config.max_file_mb();
        // A file that is not linted: what it gives instead.
        let skipped =
            |rule: &str, message: String| Err(Box::new(Linted::only(self.builtin(rule, path, &file, message, start))));
        let bytes = match self.read(path, self.read_limit()) {
            Ok(Some(b)) => b,
            Ok(None) => {
                let message = format!("larger than {max_mb} MB (`max-file-mb` in the config), not linted");
                return skipped("brieflint/file-too-large", message);
            }
            Err(e) => return skipped("brieflint/read-error", format!("cannot read: {e}")),
        };
        if bytes.contains(&0) {
            return skipped("brieflint/binary-file", "binary file (contains NUL bytes), not linted".to_string());
        }
        let (text, bad_utf8) = match String::from_utf8(bytes) {
            Ok(t) => (t, None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
            }
        };
        let hash = (self.hash_files && bad_utf8.is_none()).then(|| (file.clone(), crate::fix::content_hash(&text)));
        let mut doc = Document::parse(text);
        if !self.ignores.is_empty() {
            let relative = relative_to(&self.base, self.named(path));
            for (glob, pattern) in &self.ignores {
                if glob.as_ref().is_none_or(|g| g.is_match(&relative)) {
                    let mut hidden = Vec::new();
                    let _ = pattern.for_each_match(&doc.source, |s, e| hidden.push(Span::new(s, e)));
                    hidden.into_iter().for_each(|span| doc.hide(span));
                }
            }
        }
        Ok(Parsed { file, doc, hash, bad_utf8, took: started.elapsed() })
    }

    /// `linted`, what the rules gave on `parsed` (of `path`), with what reading it found.
    fn complete(&self, path: &Path, parsed: Parsed, mut linted: Linted) -> Linted {
        let Parsed { file, doc, hash, bad_utf8, took } = parsed;
        if crate::timing::is_on() {
            linted.timings.push((LABELS[0].clone(), took));
        }
        let findings = &mut linted.findings;
        if let Some(at) = bad_utf8 {
            let message = "invalid UTF-8; bad bytes read as U+FFFD".to_string();
            findings.extend(self.builtin("brieflint/invalid-utf8", path, &file, message, Located::line_from(&doc, at)));
        }
        if let Some((message, at)) = doc.front_matter.as_ref().and_then(|f| f.error.clone()) {
            let message = format!("front matter is not valid YAML: {message}");
            findings.extend(self.builtin("brieflint/front-matter", path, &file, message, Located::line_from(&doc, at)));
        }
        linted.hash = hash;
        linted
    }
}

/// A file read and parsed: its name as shown, its document, the hash of its text, where
/// its first invalid UTF-8 byte was, and the time reading and parsing took.
struct Parsed {
    file: Arc<str>,
    doc: Document,
    hash: Option<(Arc<str>, u64)>,
    bad_utf8: Option<usize>,
    took: Duration,
}

/// What reading a file gives: its bytes (None when over the limit), from a file or from
/// a stream (standard input, a pipe, a device), which cannot be read a second time.
enum Read {
    File(Option<Vec<u8>>),
    Stream(Option<Vec<u8>>),
}

/// The bytes of the file at `path` (standard input for `-`), or None when it holds more
/// than `limit`: no more than `limit` + 1 bytes are read, so a stream that never ends
/// (`/dev/zero`) ends too.
fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Read> {
    use std::io::Read as _;
    // A stream, or a file of unknown size, read to its end or a byte past the limit.
    let at_most = |from: &mut dyn std::io::Read| -> std::io::Result<Option<Vec<u8>>> {
        let mut bytes = Vec::new();
        from.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
        Ok((bytes.len() as u64 <= limit).then_some(bytes))
    };
    if path == Path::new(STDIN) {
        return Ok(Read::Stream(at_most(&mut std::io::stdin().lock())?));
    }
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(Read::Stream(at_most(&mut file)?));
    }
    if meta.len() > limit {
        return Ok(Read::File(None));
    }
    // A size of 0 may be unknown (procfs): that file is read to its end.
    match usize::try_from(meta.len()) {
        Ok(size) if size > 0 => Ok(Read::File(Some(read_size(&mut file, size)?))),
        _ => Ok(Read::File(at_most(&mut file)?)),
    }
}

/// The first `size` bytes of `file` (fewer if it ends first), in as few reads as the
/// system gives them: most often one, into a buffer of that size that is not zeroed first.
/// Reading stops at `size`, without a read more to find the end (`read_to_end` alone reads
/// 8 KiB at first and then once more). A file that grows meanwhile is linted as it was when
/// its size was read; `--fix` then refuses it as changed.
fn read_size(file: &mut std::fs::File, size: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::with_capacity(size);
    file.take(size as u64).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Where a built-in finding points: the rest of a line, or the file's start.
#[derive(Clone, Copy)]
struct Located {
    span: Span,
    start: Position,
    end: Position,
}

impl Located {
    fn file_start() -> Located {
        let start = Position { line: 1, column: 1 };
        Located { span: Span::default(), start, end: start }
    }

    /// From `offset` to the end of its line (at least one character when there is one).
    fn line_from(doc: &Document, offset: usize) -> Located {
        let offset = crate::document::lines::floor_char_boundary(&doc.source, offset.min(doc.source.len()));
        let rest = &doc.source[offset..];
        let len = rest.find('\n').unwrap_or(rest.len());
        let len = if len == 0 { rest.chars().next().map_or(0, char::len_utf8) } else { len };
        let span = Span::new(offset, offset + len);
        Located { span, start: doc.position(span.start), end: doc.position(span.end) }
    }
}

/// What the documents linted so far gave, with each one's index in the files linted.
#[derive(Default)]
struct Totals {
    findings: Vec<Finding>,
    /// Time by label, keyed by the label's address: rules' ids and the shared work's
    /// labels are the same `Arc`s in every document, looked up without reading them
    /// (under the lock). Labels alike at other addresses are summed by `by_label`.
    timings: rustc_hash::FxHashMap<usize, (Arc<str>, Duration)>,
    corpus: Vec<(usize, CorpusDoc)>,
    hashes: std::collections::BTreeMap<Arc<str>, u64>,
    controls: Vec<(usize, Arc<Suppressions>)>,
    /// Each message once: many briefs repeat the same (an acronym left undefined).
    messages: rustc_hash::FxHashSet<Arc<str>>,
}

impl Totals {
    /// The time of each label, whatever its address.
    fn by_label(
        timings: rustc_hash::FxHashMap<usize, (Arc<str>, Duration)>,
    ) -> std::collections::BTreeMap<Arc<str>, Duration> {
        let mut by_label = std::collections::BTreeMap::new();
        for (id, took) in timings.into_values() {
            *by_label.entry(id).or_default() += took;
        }
        by_label
    }

    fn add(&mut self, k: usize, mut linted: Linted) {
        for f in &mut linted.findings {
            match self.messages.get(&f.message) {
                Some(same) => f.message = same.clone(),
                None => _ = self.messages.insert(f.message.clone()),
            }
        }
        self.findings.append(&mut linted.findings);
        for (id, took) in linted.timings {
            self.timings.entry(Arc::as_ptr(&id).cast::<u8>().addr()).or_insert_with(|| (id, Duration::ZERO)).1 += took;
        }
        self.corpus.extend(linted.corpus.map(|doc| (k, doc)));
        self.hashes.extend(linted.hash);
        self.controls.extend(linted.suppressions.map(|s| (k, s)));
    }
}

/// What linting one document gives: its findings, and what the corpus phase needs.
#[derive(Debug, Default)]
pub struct Linted {
    pub findings: Vec<Finding>,
    pub corpus: Option<CorpusDoc>,
    /// The file and the hash of the text that was linted (valid UTF-8 files only).
    pub hash: Option<(Arc<str>, u64)>,
    /// Control comments, to report those that suppressed nothing once the corpus phase is done.
    pub suppressions: Option<Arc<Suppressions>>,
    /// Time each rule took on this document.
    pub timings: Vec<(Arc<str>, Duration)>,
}

impl Linted {
    fn only(finding: Option<Finding>) -> Linted {
        Linted { findings: finding.into_iter().collect(), ..Linted::default() }
    }
}

/// Runs `rules` (each at its level) on one parsed document, honouring inline
/// control comments. Corpus rules only collect here; see `finish_corpus`.
pub fn lint_document(
    doc: &Document,
    rules: &[(&Rule, Level)],
    file: &Arc<str>,
    default_published: Option<crate::config::Date>,
) -> Linted {
    let prefilter = prefilter_of(rules.iter().map(|(r, _)| *r));
    lint_document_with(doc, rules, &prefilter, file, default_published)
}

/// The prefilter of the patterns of `rules`: made once for a rule pack, for `lint_document_with`.
pub fn prefilter_of<'a>(rules: impl Iterator<Item = &'a Rule>) -> Prefilter {
    let patterns: Vec<&Pattern> = rules.flat_map(|r| r.check.prefiltered()).collect();
    Prefilter::new(patterns)
}

/// `lint_document` with a prefilter made for a rule pack that holds `rules`.
pub fn lint_document_with(
    doc: &Document,
    rules: &[(&Rule, Level)],
    prefilter: &Prefilter,
    file: &Arc<str>,
    default_published: Option<crate::config::Date>,
) -> Linted {
    let units = Shared::Scopes.run(|| scope::units(doc));
    let ctx = context(doc, &units, prefilter, file, default_published);
    // A big document's rules run side by side: one file alone should not leave cores idle.
    let parallel = doc.source.len() >= PARALLEL_RULES_FROM;
    let ran: Vec<RuleRun> = if parallel {
        // The rules that read facts run one after another in one task, the first extracting
        // them (in runs side by side), while the other cores take the other rules, a task
        // each; results go back in rule order. A task waiting for its runs takes up other
        // tasks meanwhile: none of those may wait for the facts it is extracting.
        let (readers, others): (Vec<usize>, Vec<usize>) =
            (0..rules.len()).partition(|&k| rules[k].0.check.reads_facts());
        // The facts start with the words; the other rules with the prefilter's scan (when
        // one of them has patterns it bounds), which needs none: neither side waits for the other's.
        let scans = others.iter().any(|&k| !rules[k].0.check.prefiltered().is_empty());
        let (mut done, (scan, rest)) = rayon::join(
            || readers.iter().map(|&k| (k, run_rule(&ctx, rules[k]))).collect::<Vec<_>>(),
            || {
                if scans {
                    ctx.hits();
                }
                let scan = crate::timing::take_shared();
                (
                    scan,
                    others.into_par_iter().with_max_len(1).map(|k| (k, run_rule(&ctx, rules[k]))).collect::<Vec<_>>(),
                )
            },
        );
        done.extend(rest);
        done.sort_unstable_by_key(|&(k, _)| k);
        let mut ran: Vec<RuleRun> = done.into_iter().map(|(_, r)| r).collect();
        if let Some(last) = ran.last_mut() {
            last.shared.extend(scan);
        }
        ran
    } else {
        rules.iter().map(|&r| run_rule(&ctx, r)).collect()
    };
    finish_document(ctx, rules, ran, parallel)
}

/// `lint_document_with` for several documents, each with its rules (in the order of
/// `pack`, the rule pack they are drawn from), rule by rule: each rule runs over every
/// document before the next, so its code is read once for them all. A document's rules
/// run one after another whatever its size: a big one is linted alone, its rules side by side.
pub fn lint_documents_with(
    docs: &[ToLint],
    pack: &[Rule],
    prefilter: &Prefilter,
    default_published: Option<crate::config::Date>,
) -> Vec<Linted> {
    let units: Vec<Vec<scope::Unit>> = docs.iter().map(|d| Shared::Scopes.run(|| scope::units(d.doc))).collect();
    let contexts: Vec<Context> =
        docs.iter().zip(&units).map(|(d, units)| context(d.doc, units, prefilter, d.file, default_published)).collect();
    let mut ran: Vec<Vec<RuleRun>> = docs.iter().map(|d| Vec::with_capacity(d.rules.len())).collect();
    // Each document's rules are those of the pack it has, in the pack's order.
    for rule in pack {
        for ((ctx, d), ran) in contexts.iter().zip(docs).zip(&mut ran) {
            if let Some(&active) = d.rules.get(ran.len()).filter(|(r, _)| std::ptr::eq(*r, rule)) {
                ran.push(run_rule(ctx, active));
            }
        }
    }
    // Rules not met in the pack (none, when the documents' rules are drawn from it) run last, in order.
    for ((ctx, d), ran) in contexts.iter().zip(docs).zip(&mut ran) {
        for &rule in d.rules.get(ran.len()..).unwrap_or_default() {
            ran.push(run_rule(ctx, rule));
        }
    }
    (contexts.into_iter().zip(docs).zip(ran)).map(|((ctx, d), ran)| finish_document(ctx, d.rules, ran, false)).collect()
}

/// A document to lint with its rules (each at its level), under its file name.
pub struct ToLint<'a> {
    pub doc: &'a Document,
    pub rules: &'a [(&'a Rule, Level)],
    pub file: &'a Arc<str>,
}

/// What running one rule on one document gives.
struct RuleRun {
    findings: Vec<Finding>,
    took: Duration,
    /// The shared work the rule was first to ask for.
    shared: Vec<(Shared, Duration)>,
}

fn context<'a>(
    doc: &'a Document,
    units: &'a [scope::Unit],
    prefilter: &'a Prefilter,
    file: &'a Arc<str>,
    default_published: Option<crate::config::Date>,
) -> Context<'a> {
    Context {
        doc,
        units,
        file,
        default_published,
        facts: Default::default(),
        styles: Default::default(),
        kept: Default::default(),
        prefilter,
        hits: Default::default(),
        selections: Default::default(),
    }
}

/// Runs `rule` at `level` on the document of `ctx`. A rule's time is its own: the
/// shared work it was first to ask for has rows of its own.
fn run_rule(ctx: &Context, (rule, level): (&Rule, Level)) -> RuleRun {
    let mut findings = Vec::new();
    let ((), took, shared) = crate::timing::rule(|| rule.check.check(rule, ctx, &mut findings));
    for f in &mut findings {
        f.severity = level;
        if f.fix.is_none() {
            f.fix = action_fix(rule, ctx.doc, f).map(Box::new);
        }
    }
    if let Some(limit) = rule.limit {
        findings.sort_by_key(|f| f.span);
        findings.truncate(limit);
    }
    RuleRun { findings, took, shared }
}

/// The document of `ctx` once `rules` have run on it (`ran`, in rule order; side by side
/// when `parallel`): its findings not suppressed, and what the corpus phase needs.
fn finish_document(mut ctx: Context, rules: &[(&Rule, Level)], ran: Vec<RuleRun>, parallel: bool) -> Linted {
    let (doc, file) = (ctx.doc, ctx.file);
    let mut findings = Vec::with_capacity(ran.iter().map(|r| r.findings.len()).sum());
    // Time is listed only when kept (`--timings`): a rule's id is not cloned for every document.
    let timed = crate::timing::is_on();
    let mut timings = Vec::with_capacity(if timed { ran.len() + 4 } else { 0 });
    let mut shared = Vec::new();
    for (mut r, (rule, _)) in ran.into_iter().zip(rules) {
        findings.append(&mut r.findings);
        if timed {
            timings.push((rule.id.clone(), r.took));
        }
        shared.extend(r.shared);
    }
    timings.extend(shared.into_iter().map(|(label, took)| (shared_label(label), took)));
    if parallel {
        // What rules kept, in the order of the rules, as if they had run one after another.
        let order = |id: &Arc<str>| rules.iter().position(|(r, _)| r.id == *id);
        ctx.kept.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner).sort_by_cached_key(|(id, _)| order(id));
        ctx.styles.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner).sort_by_cached_key(|(id, _)| order(id));
    }
    let suppressions = Arc::new(Suppressions::from_document(doc));
    if !suppressions.is_empty() {
        findings.retain(|f| !suppressions.suppresses(&f.rule, f.start.line as usize));
    }
    let corpus_rules: Vec<(Arc<str>, Level)> =
        rules.iter().filter(|(r, _)| r.check.is_corpus()).map(|(r, l)| (r.id.clone(), *l)).collect();
    // Only what corpus kinds compare is kept: figures with a period, and events.
    // The context is done with: its facts are moved, not copied.
    let corpus = (!corpus_rules.is_empty()).then(|| {
        let keeps_facts = rules.iter().any(|(r, _)| r.check.keeps_facts());
        let (kept, took, shared) = crate::timing::rule(|| {
            if keeps_facts {
                let facts = ctx.facts.take().unwrap_or_else(|| Shared::Facts.run(|| crate::facts::extract(doc, file)));
                crate::facts::CorpusFacts::of(&facts.figures, facts.events)
            } else {
                crate::facts::CorpusFacts::default()
            }
        });
        if timed {
            timings.push((LABELS[1].clone(), took));
        }
        timings.extend(shared.into_iter().map(|(label, took)| (shared_label(label), took)));
        CorpusDoc {
            facts: kept,
            styles: std::mem::take(ctx.styles.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner)),
            kept: std::mem::take(ctx.kept.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner)),
            rules: corpus_rules,
            suppressions: suppressions.clone(),
        }
    });
    let suppressions = (!suppressions.is_empty()).then_some(suppressions);
    Linted { findings, corpus, hash: None, suppressions, timings }
}

/// Files a thread takes at once (`lint_batch`).
const BATCH: usize = 16;
/// The most source bytes of the small documents a thread lints together, rule by rule:
/// each rule's code is then read into the CPU's caches once for them all, not once a
/// document (16 generated briefs at once took 11% off the large corpus's time).
const GROUP_BYTES: usize = 256 * 1024;

/// Documents from this size (bytes) run their rules in parallel.
const PARALLEL_RULES_FROM: usize = 256 * 1024;

/// The `--timings` entry for extracting facts (whichever rule asks first pays otherwise).
pub const FACTS: &str = "(facts kept for the corpus)";

/// Vale's `action`: `remove` deletes the match (and one space after it),
/// `replace` with one parameter puts it in. Neither is marked safe.
fn action_fix(rule: &Rule, doc: &Document, f: &Finding) -> Option<crate::finding::Fix> {
    let action = rule.action.as_ref()?;
    let (span, replacement) = match (action.name.as_str(), action.params.as_slice()) {
        ("remove", _) => {
            let space = usize::from(doc.source.get(f.span.end..).is_some_and(|rest| rest.starts_with(' ')));
            (Span::new(f.span.start, f.span.end + space), String::new())
        }
        ("replace", [one]) => (f.span, one.clone()),
        _ => return None,
    };
    Some(crate::finding::Fix {
        span,
        start: doc.position(span.start),
        end: doc.position(span.end),
        replacement,
        safe: false,
    })
}

/// The corpus phase: each corpus rule compares the facts of the documents it is on for.
/// A finding takes the level its document gives the rule and honours its suppressions.
pub fn finish_corpus(rules: &[Rule], docs: &[CorpusDoc]) -> Vec<Finding> {
    let (findings, failed) = finish_corpus_timed(rules, docs, &mut Default::default());
    // Here a rule's panic goes on to the caller, as if it had not been caught.
    if let Some(failed) = failed.into_iter().next() {
        std::panic::resume_unwind(failed.panic);
    }
    findings
}

/// A corpus rule that panicked (a bug): its id, the first of the docs it ran over, and the panic.
pub struct Failed {
    pub rule: Arc<str>,
    pub doc: usize,
    pub panic: Box<dyn std::any::Any + Send>,
}

/// What a panic says, when it says it in text.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    (panic.downcast_ref::<&str>().copied())
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}

/// In unit tests, a bug to contain: a file or a rule whose name says so panics.
#[cfg(test)]
fn failpoint(name: &str) {
    assert!(!name.contains("panic-here"), "failpoint {name}");
}

/// `finish_corpus`, adding the time each rule takes to `timings`. A rule that panics
/// is left out of the findings and returned among the failed: the others' findings stand.
pub fn finish_corpus_timed(
    rules: &[Rule],
    docs: &[CorpusDoc],
    timings: &mut std::collections::BTreeMap<Arc<str>, Duration>,
) -> (Vec<Finding>, Vec<Failed>) {
    // The rules run side by side (one's serial steps beside another's), their findings
    // kept in the order of the rules.
    let corpus_rules: Vec<&Rule> = rules.iter().filter(|r| r.check.is_corpus()).collect();
    let done: Vec<_> = corpus_rules
        .par_iter()
        .with_max_len(1)
        .map(|rule| {
            let started = Instant::now();
            let on: Vec<(usize, &CorpusDoc, Level)> = (docs.iter().enumerate())
                .filter_map(|(k, d)| d.rules.iter().find(|(id, _)| *id == rule.id).map(|&(_, l)| (k, d, l)))
                .collect();
            let &(first, _, _) = on.first()?;
            let refs: Vec<&CorpusDoc> = on.iter().map(|&(_, d, _)| d).collect();
            let mut found = Vec::new();
            let finished = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                #[cfg(test)]
                failpoint(&rule.id);
                rule.check.finish(rule, &refs, &mut found);
            }));
            if let Err(panic) = finished {
                return Some(Err(Failed { rule: rule.id.clone(), doc: first, panic }));
            }
            let kept: Vec<Finding> = (found.into_iter())
                .filter_map(|(d, mut f)| {
                    let (_, doc, level) = on[d];
                    (!doc.suppressions.suppresses(&f.rule, f.start.line as usize)).then(|| {
                        f.severity = level;
                        f
                    })
                })
                .collect();
            Some(Ok((kept, started.elapsed())))
        })
        .collect();
    let (mut findings, mut failed) = (Vec::new(), Vec::new());
    for (rule, done) in corpus_rules.into_iter().zip(done).filter_map(|(r, d)| Some((r, d?))) {
        match done {
            Ok((mut found, took)) => {
                findings.append(&mut found);
                *timings.entry(rule.id.clone()).or_default() += took;
            }
            Err(f) => failed.push(f),
        }
    }
    (findings, failed)
}

/// Sorts by (file, line, column, rule, message) and drops exact repeats.
/// Findings of one file may arrive in any order of files, but those of the same
/// file in a fixed order: the sort is stable, so the output is too.
pub fn sort(findings: &mut Vec<Finding>) {
    // Each file's rank among the files, so most comparisons are of small keys side by
    // side in memory, not of paths in findings scattered over the heap.
    let ranks = file_ranks(findings);
    // Sorting positions rather than findings: a stable sort of the findings
    // themselves would borrow half their size again.
    let mut order: Vec<([u32; 3], u32)> = (findings.iter().zip(ranks).enumerate())
        .map(|(k, (f, rank))| ([rank, f.start.line, f.start.column], k as u32))
        .collect();
    // In place; ties of the whole key keep the order given (the sort is stable in effect).
    order.par_sort_unstable_by(|(a, i), (b, j)| {
        (a.cmp(b)).then_with(|| findings[*i as usize].sort_key().cmp(&findings[*j as usize].sort_key())).then(i.cmp(j))
    });
    permute(findings, order.into_iter().map(|(_, k)| k).collect());
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
}

/// Each finding's file, as its rank in the order of the files' names.
fn file_ranks(findings: &[Finding]) -> Vec<u32> {
    let mut ids: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let mut names: Vec<&str> = Vec::new();
    // A document's findings come together and share its name: it is looked up once.
    let mut last: Option<(&Arc<str>, u32)> = None;
    let by_id: Vec<u32> = (findings.iter())
        .map(|f| match last {
            Some((file, id)) if Arc::ptr_eq(file, &f.file) => id,
            _ => {
                let id = *ids.entry(&f.file).or_insert_with(|| {
                    names.push(&f.file);
                    names.len() as u32 - 1
                });
                last = Some((&f.file, id));
                id
            }
        })
        .collect();
    let mut sorted: Vec<u32> = (0..names.len() as u32).collect();
    sorted.sort_unstable_by_key(|&id| names[id as usize]);
    let mut rank = vec![0; names.len()];
    for (r, &id) in sorted.iter().enumerate() {
        rank[id as usize] = r as u32;
    }
    by_id.into_iter().map(|id| rank[id as usize]).collect()
}

/// Reorders `items` so the item at `order[i]` comes i-th, in place.
fn permute<T>(items: &mut [T], mut order: Vec<u32>) {
    for i in 0..order.len() {
        // Follow the cycle through i, marking each visited slot with its own index.
        let mut at = i;
        while order[at] as usize != i {
            let next = order[at] as usize;
            items.swap(at, next);
            order[at] = at as u32;
            at = next;
        }
        order[at] = at as u32;
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `path` relative to `base` when under it, else as given; `./` stripped.
fn relative_to(base: &Path, path: &Path) -> PathBuf {
    let abs = absolute(path);
    let rel = abs.strip_prefix(base).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf());
    rel.strip_prefix(".").map(Path::to_path_buf).unwrap_or(rel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Level;
    use std::collections::BTreeSet;

    /// Briefs that say the same thing share one copy of the message: the corpus's
    /// findings cost their structs, not a string each.
    #[test]
    fn findings_that_say_the_same_share_their_message() {
        let dir = tempfile::tempdir().unwrap();
        let brief = "# A brief\n\nThe XYZQ will grow. The XYZQ will not grow.\n";
        let files: Vec<PathBuf> = ["a.md", "b.md"].iter().map(|n| dir.path().join(n)).collect();
        files.iter().for_each(|f| std::fs::write(f, brief).unwrap());
        let engine = Engine::new(crate::rules::load::embedded(), crate::config::Loaded::default()).unwrap();
        let findings = engine.lint_files(&files, &[]).findings;
        let undefined: Vec<&Finding> = findings.iter().filter(|f| f.message.contains("XYZQ")).collect();
        assert_eq!(undefined.iter().map(|f| &*f.file).collect::<BTreeSet<_>>().len(), 2, "{findings:#?}");
        assert!(undefined.windows(2).all(|w| Arc::ptr_eq(&w[0].message, &w[1].message)));
    }

    /// A file over the size limit is not read again for the report, a baseline or fixes:
    /// neither a big file nor a stream that never ends (`/dev/zero`).
    #[test]
    fn a_file_over_the_limit_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.md");
        std::fs::write(&small, "# T\n\nThe XYZQ will grow.\n").unwrap();
        // Sparse: a GiB on no disk, which reading whole would hold in memory.
        let big = dir.path().join("big.md");
        std::fs::File::create(&big).unwrap().set_len(1 << 30).unwrap();
        let mut config = crate::config::Loaded::default();
        config.config.max_file_mb = Some(1);
        let engine = Engine::new(crate::rules::load::embedded(), config).unwrap();
        let outcome = engine.lint_files(&[small.clone(), big.clone(), PathBuf::from("/dev/zero")], &[]);
        let skipped: BTreeSet<&str> =
            outcome.findings.iter().filter(|f| &*f.rule == "brieflint/file-too-large").map(|f| &*f.file).collect();
        let (big, zero) = (engine.shown(&big), "/dev/zero");
        assert_eq!(skipped, BTreeSet::from([big.as_str(), zero]), "{:#?}", outcome.findings);
        // The big file first: a stream that never ends would be read until memory runs out.
        for file in [big.as_str(), zero] {
            let read = outcome.bytes_of(file).map(|b| b.len());
            assert_eq!(read.map_err(|e| e.kind()), Err(std::io::ErrorKind::FileTooLarge), "{file}");
        }
        assert!(outcome.source_of(&engine.shown(&small)).is_some_and(|t| t.contains("XYZQ")));
    }

    /// A bug on one file, or in one corpus rule, is a finding: the other files' findings,
    /// and the other corpus rules', are all there.
    #[test]
    fn a_panic_is_contained_to_its_file_or_its_corpus_rule() {
        let dir = tempfile::tempdir().unwrap();
        let brief = "# A brief\n\nThe XYZQ will grow.\n";
        let names = ["a.md", "panic-here.md", "b.md"];
        let files: Vec<PathBuf> = names.iter().map(|n| dir.path().join(n)).collect();
        files.iter().for_each(|f| std::fs::write(f, brief).unwrap());
        let mut rules = crate::rules::load::embedded();
        let mut failing = rules.get("brief/date-consistency").unwrap().clone();
        failing.id = Arc::from("test/panic-here");
        rules.rules.push(failing);
        let engine = Engine::new(rules, crate::config::Loaded::default()).unwrap();
        let findings = engine.lint_files(&files, &[]).findings;
        let of = |name: &str, rule: &str| {
            let file = dir.path().join(name).display().to_string();
            findings.iter().filter(|f| *f.file == *file && &*f.rule == rule).collect::<Vec<_>>()
        };
        for name in ["a.md", "b.md"] {
            assert_eq!(of(name, "brief/acronym-defined").len(), 1, "{name}: {findings:#?}");
        }
        let failed = of("panic-here.md", "brieflint/internal-error");
        assert_eq!(failed.len(), 1, "{findings:#?}");
        assert!(failed[0].message.contains("failpoint"), "{}", failed[0].message);
        assert_eq!(failed[0].severity, Level::Error);
        assert!(of("panic-here.md", "brief/acronym-defined").is_empty());
        // The failing corpus rule is put on the first file it ran over.
        let corpus = of("a.md", "brieflint/internal-error");
        assert_eq!(corpus.len(), 1, "{findings:#?}");
        assert!(corpus[0].message.starts_with("`test/panic-here` failed over the corpus"), "{}", corpus[0].message);
        assert_eq!(findings.iter().filter(|f| &*f.rule == "brieflint/internal-error").count(), 2);
    }

    /// Documents linted together, rule by rule, give what each gives alone: the same
    /// findings in the same order, and the same corpus facts and kept forms, whichever of
    /// the pack's rules each has on (and at whichever level), and with a rule not in the pack.
    #[test]
    fn documents_linted_together_give_what_each_gives_alone() {
        let mut paths: Vec<PathBuf> = ["fixtures/clean", "fixtures/broken"]
            .iter()
            .flat_map(|d| std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()))
            .collect();
        paths.sort();
        let docs: Vec<(Document, Arc<str>)> = paths
            .iter()
            .map(|p| (Document::parse(std::fs::read_to_string(p).unwrap()), Arc::from(p.display().to_string())))
            .collect();
        let pack = crate::rules::load::embedded().rules;
        let mut outside = pack[3].clone();
        outside.id = Arc::from("test/outside-the-pack");
        let prefilter = prefilter_of(pack.iter().chain([&outside]));
        let levels = [Level::Info, Level::Warning, Level::Error];
        let mut next = crate::testing::numbers(5);
        let alike = |l: &Linted| format!("{:?}", (&l.findings, &l.corpus, &l.suppressions));
        for round in 0..12 {
            // All rules at their level in the first round, then some of them at any level.
            let rules: Vec<Vec<(&Rule, Level)>> = (0..docs.len())
                .map(|_| {
                    let mut on: Vec<(&Rule, Level)> = Vec::new();
                    for r in &pack {
                        if round == 0 {
                            on.push((r, r.level));
                        } else if next(3) > 0 {
                            on.push((r, levels[next(3) as usize]));
                        }
                    }
                    if round % 3 == 2 {
                        on.insert(next(on.len() as u64 + 1) as usize, (&outside, Level::Warning));
                    }
                    on
                })
                .collect();
            let together: Vec<ToLint> =
                (docs.iter().zip(&rules)).map(|((doc, file), rules)| ToLint { doc, rules, file }).collect();
            let published = Some(crate::config::Date::parse("2026-01-01").unwrap());
            let linted = lint_documents_with(&together, &pack, &prefilter, published);
            assert_eq!(linted.len(), docs.len());
            for ((l, (doc, file)), rules) in linted.iter().zip(&docs).zip(&rules) {
                let alone = lint_document_with(doc, rules, &prefilter, file, published);
                assert_eq!(alike(l), alike(&alone), "round {round}, {file}");
            }
            if round == 0 {
                assert!(linted.iter().map(|l| l.findings.len()).sum::<usize>() > 30);
                assert!(linted.iter().all(|l| l.corpus.is_some()));
            }
        }
    }

    /// A bug on a file linted in a group with others is put on that file: the group's
    /// other files are linted again alone, and their findings are all there.
    #[test]
    fn a_panic_in_a_group_is_put_on_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let brief = "# A brief\n\nThe XYZQ will grow.\n";
        let files: Vec<PathBuf> =
            ["a.md", "b.md", "panic-here.md", "c.md"].iter().map(|n| dir.path().join(n)).collect();
        files.iter().for_each(|f| std::fs::write(f, brief).unwrap());
        let engine = Engine::new(crate::rules::load::embedded(), crate::config::Loaded::default()).unwrap();
        let linted = engine.lint_batch(&files);
        let rules = |l: &Linted| l.findings.iter().map(|f| f.rule.to_string()).collect::<Vec<_>>();
        assert_eq!(linted.len(), 4);
        for k in [0, 1, 3] {
            assert!(rules(&linted[k]).contains(&"brief/acronym-defined".to_string()), "{k}: {:?}", rules(&linted[k]));
            assert_eq!(rules(&linted[k]), rules(&engine.lint_path(&files[k])));
        }
        assert_eq!(rules(&linted[2]), ["brieflint/internal-error"]);
    }

    /// `sort` is a stable sort by the whole key, then the repeats dropped: the file ranks
    /// and the small keys change nothing, whether a file's findings share one `Arc` or not.
    #[test]
    fn sort_is_a_stable_sort_by_the_whole_key() {
        let mut next = crate::testing::numbers(11);
        let names: Vec<Arc<str>> = ["b.md", "a.md", "a/b.md", "c.md", "b.md"].iter().map(|&n| Arc::from(n)).collect();
        for round in 0..200 {
            let findings: Vec<Finding> = (0..1 + round % 40)
                .map(|_| {
                    let far = u32::MAX - 2;
                    let line = next(3) as u32 + if next(5) == 0 { far } else { 0 };
                    let column = next(2) as u32 + if next(5) == 0 { far } else { 0 };
                    let at = Position { line, column };
                    Finding {
                        rule: Arc::from(["r1", "r2"][next(2) as usize]),
                        severity: [Level::Info, Level::Error][next(2) as usize],
                        message: ["m", "n"][next(2) as usize].into(),
                        help: None,
                        file: if next(2) == 0 { names[next(5) as usize].clone() } else { Arc::from("b.md") },
                        span: Span::new(next(2) as usize, 3),
                        start: at,
                        end: at,
                        related: Vec::new(),
                        fix: None,
                    }
                })
                .collect();
            let mut expected = findings.clone();
            expected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            expected.dedup_by(|a, b| a.sort_key() == b.sort_key());
            let mut sorted = findings;
            sort(&mut sorted);
            assert_eq!(sorted, expected, "round {round}");
        }
    }
}
