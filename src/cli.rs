//! The command line: `check`, `rules list`, `rules test`, `explain`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{self, Loaded};
use crate::engine::{BUILTIN, Engine};
use crate::error::LoadError;
use crate::report;
use crate::rules::load::Loader;
use crate::rules::{Level, RuleSet};
use crate::{baseline, examples, fix, walk};

#[derive(Parser)]
#[command(name = "brieflint", version, about = "Lint and cross-check a corpus of analytical briefs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct RuleArgs {
    /// Config file (default: the nearest brieflint.yaml from the current folder up)
    #[arg(long, value_name = "FILE", global = true)]
    config: Option<PathBuf>,
    /// Extra rule folder (repeatable)
    #[arg(long = "rules", value_name = "DIR", global = true)]
    rule_dirs: Vec<PathBuf>,
    /// Run a Vale setup: its styles, switches, vocabularies and ignores
    /// (default: the nearest .vale.ini or _vale.ini from the current folder up)
    #[arg(long, value_name = "FILE", global = true)]
    vale_config: Option<PathBuf>,
    /// Do not look for a .vale.ini
    #[arg(long, global = true, conflicts_with = "vale_config")]
    no_vale: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Lint Markdown briefs under PATHs (default: the current folder)
    Check(CheckArgs),
    /// Write the current findings to a baseline file (default brieflint-baseline.json);
    /// `check --baseline FILE` then reports only new findings
    Baseline(CheckArgs),
    /// Benchmark ceiling: read and parse every brief with pulldown-cmark, nothing else
    #[command(hide = true)]
    ParseOnly { paths: Vec<PathBuf> },
    /// Rule pack commands
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Show a rule's documentation, generated from its examples
    Explain {
        rule: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files and folders to lint (default: the current folder); `-` reads standard input
    paths: Vec<PathBuf>,
    /// The name to report standard input (`-`) under, and to match config overrides against
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<String>,
    #[command(flatten)]
    rules: RuleArgs,
    /// Skip files and folders matching this glob (repeatable)
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Graphical)]
    format: Format,
    /// Write the report to FILE (atomically) instead of standard output
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit 1 when a finding is at or above this level
    #[arg(long, value_enum, default_value_t = FailLevel::Error)]
    fail_level: FailLevel,
    /// Also exit 1 when there are more than N warnings
    #[arg(long, value_name = "N")]
    max_warnings: Option<usize>,
    /// Exit 0 whatever is found (rule and config errors still exit 2)
    #[arg(long)]
    exit_zero: bool,
    /// Print the number of findings per rule instead of the findings
    #[arg(long)]
    statistics: bool,
    /// Report only findings at or above the fail level, without the summary line
    #[arg(long)]
    quiet: bool,
    /// Print the CPU time each rule took (summed over threads) to standard error
    #[arg(long)]
    timings: bool,
    /// Apply the fixes rules mark as safe, then report what is left
    #[arg(long)]
    fix: bool,
    /// Print the fixes as a diff instead of applying them (exit 1 if there are any)
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// With --fix or --diff, also apply fixes that are not marked safe
    #[arg(long)]
    unsafe_fixes: bool,
    /// Report only findings in files changed since git revision REV (and untracked
    /// files); corpus checks still compare them with the whole corpus
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
    /// Report only findings the baseline FILE does not record
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Worker threads, at most 1024 (default: one per core)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(..=MAX_THREADS))]
    threads: Option<u16>,
}

#[derive(Subcommand)]
enum RulesCommand {
    /// List every rule with its kind, level and state
    List {
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Run every rule's examples (DIR: only the rules in DIR)
    Test {
        dir: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Graphical,
    Json,
    Concise,
    Line,
    Github,
    Junit,
    Checkstyle,
    Rdjson,
    Gitlab,
    Sarif,
    /// One self-contained page for editors (use with --output report.html)
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailLevel {
    Error,
    Warning,
    Info,
}

impl FailLevel {
    fn level(self) -> Level {
        match self {
            FailLevel::Error => Level::Error,
            FailLevel::Warning => Level::Warning,
            FailLevel::Info => Level::Info,
        }
    }
}

/// The most worker threads `--threads` takes: more would only spend memory on stacks (a
/// million were still being started after 20 s).
const MAX_THREADS: i64 = 1024;
const EXIT_FINDINGS: u8 = 1;
const EXIT_USAGE: u8 = 2;

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Baseline(args) => write_baseline(args),
        Command::ParseOnly { paths } => parse_only(&paths),
        Command::Rules { command: RulesCommand::List { rules } } => with_rules(&rules, None, list),
        Command::Rules { command: RulesCommand::Test { dir, rules } } => with_rules(&rules, dir.as_deref(), test),
        Command::Explain { rule, rules } => with_rules(&rules, None, |set, _| explain(set, &rule)),
    }
}

fn print_errors(errors: &[LoadError]) -> ExitCode {
    let color = report::graphical::use_color(std::io::stderr().is_terminal());
    let mut err = std::io::stderr().lock();
    for e in errors {
        let _ = write!(err, "{}", report::render_error(e, color));
    }
    ExitCode::from(EXIT_USAGE)
}

/// Loads the config and rules: embedded pack, config folders, then `--rules`.
/// With `only`, loads just the rules in that folder.
fn load(args: &RuleArgs, only: Option<&Path>) -> Result<(RuleSet, Loaded), Vec<LoadError>> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut loaded = config::load(args.config.as_deref(), &cwd).map_err(|e| vec![e])?;
    let vale_path = match (&args.vale_config, args.no_vale || only.is_some()) {
        (Some(path), _) => Some(path.clone()),
        (None, false) => config::vale::find(&cwd),
        (None, true) => None,
    };
    let vale = vale_path.map(|p| config::vale::read(&p)).transpose().map_err(|e| vec![e])?;
    let mut loader = Loader::default();
    match only {
        Some(dir) => loader.add_dir(dir),
        None => {
            loader.add_embedded();
            for dir in &loaded.config.rules {
                loader.add_dir(&loaded.base.join(dir));
            }
            for dir in &args.rule_dirs {
                loader.add_dir(dir);
            }
            if let Some(vale) = &vale
                && let Err(e) = vale.load_rules(&mut loader)
            {
                loader.errors.push(e);
            }
        }
    }
    let (rules, errors) = loader.finish();
    if !errors.is_empty() {
        return Err(errors);
    }
    if let Some(vale) = &vale {
        loaded.vale = vale.configure(&rules, &mut loaded)?;
    }
    Ok((rules, loaded))
}

fn with_rules(args: &RuleArgs, only: Option<&Path>, f: impl FnOnce(&RuleSet, &Loaded) -> ExitCode) -> ExitCode {
    match load(args, only) {
        Ok((rules, loaded)) => f(&rules, &loaded),
        Err(errors) => print_errors(&errors),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let (mut engine, walked, loading) = match setup(&args) {
        Ok(x) => x,
        Err(code) => return code,
    };
    engine.hash_files = args.fix || args.diff;
    if args.timings {
        crate::timing::enable();
    }
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(args.threads.map_or(0, usize::from)).build() {
        Ok(pool) => pool,
        Err(e) => return print_errors(&[LoadError::unlocated("--threads", e.to_string())]),
    };
    let lint = || pool.install(|| engine.lint_files(&walked.files, &walked.errors));
    let mut outcome = lint();
    if args.timings {
        let mut rows = outcome.timings.clone();
        rows.extend(loading.map(|(row, took)| (std::sync::Arc::from(row), took)));
        eprint!("{}", timings(&rows));
    }
    if args.fix || args.diff {
        let hashes = &outcome.hashes;
        // Read as bytes: a file no longer valid UTF-8 is refused, not fixed lossily.
        let read = |file: &str| outcome.bytes_of(file);
        let (mut fixed, skipped) =
            fix::prepare_with(&outcome.findings, args.unsafe_fixes, &|f| hashes.get(f).copied(), &read);
        for message in &skipped {
            eprintln!("brieflint: {message}");
        }
        if args.diff {
            let text: String = fixed.iter().map(fix::diff).collect();
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            return if fixed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_FINDINGS) };
        }
        // A stream (standard input, a pipe) has no file to write back to.
        fixed.retain(|f| {
            let streamed = outcome.streamed.contains_key(f.file.as_str());
            if streamed {
                eprintln!("brieflint: {}: read from a stream, not fixed in place (--diff prints the fixes)", f.file);
            }
            !streamed
        });
        let mut applied = 0;
        for f in &fixed {
            match fix::write_atomically(Path::new(&f.file), f.fixed.as_bytes()) {
                Ok(()) => applied += f.applied,
                Err(e) => eprintln!("brieflint: {}: cannot write ({e}); left unchanged", f.file),
            }
        }
        eprintln!("brieflint: applied {applied} fixes in {} files", fixed.len());
        // What is left, after the fixes.
        outcome = lint();
    }
    if let Some(rev) = &args.changed_since {
        match changed_files(rev) {
            Ok(changed) => {
                // A conflict with a changed brief counts, wherever its first side stands.
                // Standard input and other streams are new text: their findings are kept.
                let is_changed = |file: &str| {
                    outcome.streamed.contains_key(file)
                        || std::fs::canonicalize(file).is_ok_and(|p| changed.contains(&p))
                };
                outcome.findings.retain(|f| is_changed(&f.file) || f.related.iter().any(|r| is_changed(&r.file)));
            }
            Err(message) => return print_errors(&[LoadError::unlocated("--changed-since", message)]),
        }
    }
    if let Some(path) = &args.baseline {
        match baseline::load(path) {
            Ok(b) => {
                let mut findings = std::mem::take(&mut outcome.findings);
                let read = |file: &str| outcome.source_of(file);
                let fixed = baseline::apply(&mut findings, &b, &read);
                outcome.findings = findings;
                if !fixed.is_empty() {
                    eprintln!("brieflint: {} baseline entries no longer occur (fixed):", fixed.len());
                    for e in &fixed {
                        eprintln!("  {}: {} {}", e.file, e.rule, e.message);
                    }
                    eprintln!("brieflint: `brieflint baseline` rewrites the baseline without them");
                }
            }
            Err(message) => return print_errors(&[LoadError::unlocated("--baseline", message)]),
        }
    }
    let fail_level = args.fail_level.level();
    let failing = outcome.findings.iter().any(|f| f.severity >= fail_level);
    let warnings = outcome.findings.iter().filter(|f| f.severity == Level::Warning).count();
    let too_many_warnings = args.max_warnings.is_some_and(|max| warnings > max);
    if args.quiet {
        outcome.findings.retain(|f| f.severity >= fail_level);
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        if args.statistics {
            return out.write_all(statistics(&outcome.findings).as_bytes());
        }
        write_report(args.format, &outcome, &engine.rules, to_terminal, !args.quiet, out)
    };
    let written = match &args.output {
        Some(path) => {
            fix::write_atomically_with(path, write).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match write(&mut out).and_then(|()| out.flush()) {
                // The reader has gone (`brieflint check | head`): it has read all it wanted.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                written => written.map_err(|e| format!("cannot write the report: {e}")),
            }
        }
    };
    if let Err(message) = written {
        let to = if args.output.is_some() { "--output" } else { "standard output" };
        return print_errors(&[LoadError::unlocated(to, message)]);
    }
    if args.output.is_some() && !args.quiet {
        eprintln!("{}", report::summary(&outcome.findings, outcome.files));
    }
    if too_many_warnings {
        eprintln!("brieflint: {warnings} warnings, more than --max-warnings {}", args.max_warnings.unwrap_or(0));
    }
    // The process ends here: its memory goes back at once, not finding by finding.
    std::mem::forget(outcome);
    if !args.exit_zero && (failing || too_many_warnings) { ExitCode::from(EXIT_FINDINGS) } else { ExitCode::SUCCESS }
}

/// Files changed since `rev` in the git work tree, and untracked ones, canonical.
fn changed_files(rev: &str) -> Result<std::collections::HashSet<PathBuf>, String> {
    let git = |args: &[&str]| -> Result<String, String> {
        let out = std::process::Command::new("git").args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
        if !out.status.success() {
            return Err(format!("git {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let root = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?.trim());
    let root_arg = root.to_string_lossy().into_owned();
    let changed = git(&["-C", &root_arg, "diff", "--name-only", rev, "--"])?;
    let untracked = git(&["-C", &root_arg, "ls-files", "--others", "--exclude-standard"])?;
    Ok(changed.lines().chain(untracked.lines()).filter_map(|l| std::fs::canonicalize(root.join(l)).ok()).collect())
}

/// The time loading the rules and building the engine (mostly its prefilter) took, as
/// `--timings` rows.
type Loading = [(&'static str, Duration); 2];

/// Loads config and rules and walks the paths (on another thread meanwhile), or reports why
/// not (exit 2): the engine, the files to lint, and how long loading took.
fn setup(args: &CheckArgs) -> Result<(Engine, walk::Walked, Loading), ExitCode> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let (engine, walked, took) = std::thread::scope(|scope| {
        let walking = scope.spawn(|| walk::collect(&paths, &args.exclude));
        let started = Instant::now();
        let loaded = load(&args.rules, None);
        let loading = started.elapsed();
        let engine = loaded.and_then(|(rules, loaded)| Engine::new(rules, loaded));
        let took = [("(rules loaded)", loading), ("(prefilter built)", started.elapsed() - loading)];
        (engine, walking.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), took)
    });
    let mut engine = engine.map_err(|errors| print_errors(&errors))?;
    engine.stdin_name = args.stdin_filename.clone();
    let walked = walked.map_err(|message| print_errors(&[LoadError::unlocated("--exclude", message)]))?;
    Ok((engine, walked, took))
}

fn parse_only(paths: &[PathBuf]) -> ExitCode {
    use rayon::prelude::*;
    let walked = match walk::collect(paths, &[]) {
        Ok(w) => w,
        Err(message) => return print_errors(&[LoadError::unlocated("parse-only", message)]),
    };
    let events: usize = walked
        .files
        .par_iter()
        .map(|p| std::fs::read(p).map_or(0, |b| crate::document::parse_only(&String::from_utf8_lossy(&b))))
        .sum();
    println!("{} files, {events} events", walked.files.len());
    ExitCode::SUCCESS
}

/// `brieflint baseline`: lint, then record every finding.
fn write_baseline(args: CheckArgs) -> ExitCode {
    let (engine, walked, _) = match setup(&args) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let outcome = engine.lint_files(&walked.files, &walked.errors);
    let recorded = baseline::from_findings(&outcome.findings, &|file| outcome.source_of(file));
    let path = args.output.clone().unwrap_or_else(|| PathBuf::from("brieflint-baseline.json"));
    if let Err(e) = fix::write_atomically(&path, baseline::to_json(&recorded).as_bytes()) {
        return print_errors(&[LoadError::unlocated("--output", format!("cannot write {}: {e}", path.display()))]);
    }
    eprintln!("brieflint: recorded {} findings in {}", recorded.entries.len(), path.display());
    ExitCode::SUCCESS
}

/// Writes the report in `format`: JSON and the graphical report as they are made, the
/// other formats once rendered.
fn write_report(
    format: Format,
    outcome: &crate::engine::Outcome,
    rules: &RuleSet,
    color: bool,
    summary: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let findings = &outcome.findings;
    let read = |path: &str| outcome.source_of(path);
    let text = match format {
        Format::Json => return report::write_json(findings, outcome.files, out),
        Format::Graphical => {
            report::write_findings_with(findings, report::graphical::use_color(color), &read, out)?;
            if summary {
                writeln!(out, "{}", report::summary(findings, outcome.files))?;
            }
            return Ok(());
        }
        Format::Concise => report::concise(findings),
        Format::Line => report::line(findings),
        Format::Github => report::github(findings),
        Format::Junit => report::junit(findings, outcome.files),
        Format::Checkstyle => report::checkstyle(findings),
        Format::Rdjson => report::rdjson(findings),
        Format::Gitlab => report::gitlab(findings),
        Format::Sarif => report::sarif(findings, rules),
        Format::Html => report::html(findings, &outcome.paths, &read),
    };
    out.write_all(text.as_bytes())
}

/// Rules by the CPU time they took, slowest first.
fn timings(timings: &std::collections::BTreeMap<std::sync::Arc<str>, Duration>) -> String {
    let mut rows: Vec<_> = timings.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let total: f64 = rows.iter().map(|(_, d)| d.as_secs_f64()).sum();
    let width = rows.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (id, took) in rows {
        let share = 100.0 * took.as_secs_f64() / total.max(f64::MIN_POSITIVE);
        out += &format!("{id:width$}  {:>9.1} ms  {share:>5.1}%\n", took.as_secs_f64() * 1e3);
    }
    out + &format!("{:width$}  {:>9.1} ms\n", "total CPU", total * 1e3)
}

/// Findings per rule, most first, then by id.
fn statistics(findings: &[crate::finding::Finding]) -> String {
    let mut counts: Vec<(usize, &str, Level)> = Vec::new();
    for f in findings {
        match counts.iter_mut().find(|c| c.1 == &*f.rule) {
            Some(c) => c.0 += 1,
            None => counts.push((1, &f.rule, f.severity)),
        }
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    counts.iter().map(|(n, rule, level)| format!("{n:>7}  {:7}  {rule}\n", level.as_str())).collect()
}

fn list(rules: &RuleSet, _: &Loaded) -> ExitCode {
    let mut out = String::new();
    let width = rules.rules.iter().map(|r| r.id.len()).chain(BUILTIN.iter().map(|b| b.0.len())).max().unwrap_or(0);
    for r in &rules.rules {
        let state = if r.enabled { "on" } else { "off" };
        let about = r.description.as_deref().or(r.help.as_deref()).unwrap_or("").lines().next().unwrap_or("");
        out.push_str(&format!(
            "{:width$}  {:7}  {:12}  {:3}  {about}\n",
            r.id,
            r.level.as_str(),
            r.check.name(),
            state
        ));
    }
    for (id, level, about) in BUILTIN {
        out.push_str(&format!("{id:width$}  {:7}  {:12}  {:3}  {about}\n", level.as_str(), "builtin", "on"));
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    ExitCode::SUCCESS
}

fn test(rules: &RuleSet, _: &Loaded) -> ExitCode {
    let mut out = String::new();
    let (mut passed, mut failed) = (0, 0);
    for rule in &rules.rules {
        let failures = examples::failures(rule);
        if failures.is_empty() {
            passed += 1;
            out.push_str(&format!("ok    {}\n", rule.id));
        } else {
            failed += 1;
            out.push_str(&format!("FAIL  {} ({})\n", rule.id, rule.origin.path));
            for f in failures {
                out.push_str(&format!("      {f}\n"));
            }
        }
    }
    out.push_str(&format!("rules: {passed} passed, {failed} failed\n"));
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(EXIT_FINDINGS) }
}

fn explain(rules: &RuleSet, id: &str) -> ExitCode {
    match rules.get(id) {
        Some(rule) => {
            let _ = std::io::stdout().lock().write_all(examples::explain(rule).as_bytes());
            ExitCode::SUCCESS
        }
        None => {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "error: unknown rule `{id}`; `brieflint rules list` shows every rule");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
