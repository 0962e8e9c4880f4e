//! Check kinds: the Rust unit behind data rules. Each kind reads the units its
//! rule's scope selects and pushes findings.

mod acronyms;
mod arithmetic;
mod capitalization;
mod caption_source;
mod conditional;
mod consistency;
mod existence;
pub(crate) mod facts;
mod footnotes;
mod heading_style;
mod judgement_support;
mod key_judgements_first;
pub mod metric;
mod number_forms;
mod occurrence;
mod repetition;
mod sequence;
pub mod spelling;
mod substitution;
mod variants;

use std::sync::Arc;

pub use acronyms::{AcronymDefined, DEFAULT_ALLOW};
pub use arithmetic::Arithmetic;
pub use capitalization::{Capitalization, Case as TextCase};
pub use caption_source::CaptionSource;
pub use conditional::Conditional;
pub use consistency::{Locale, NumberFormat, SpellingConsistency};
pub use existence::{Existence, exceptions_pattern};
pub use facts::{Across, DateConsistency, FigureConsistency, FutureDate};
pub use footnotes::FootnoteDefined;
pub use heading_style::{Case, HeadingStyle};
pub use judgement_support::{JudgementSupport, Within};
pub use key_judgements_first::KeyJudgementsFirst;
pub use metric::Metric;
pub use occurrence::Occurrence;
pub use repetition::Repetition;
pub use sequence::{Sequence, Step};
pub use spelling::Spelling;
pub use substitution::Substitution;
pub use variants::{Consistency, Group};

use crate::document::{Document, Span};
use crate::facts::{CorpusFacts, DocFacts, Place};
use crate::finding::{Finding, Fix, Related};
use crate::rules::pattern::Pattern;
use crate::rules::prefilter::{Hits, Prefilter};
use crate::rules::scope::Unit;
use crate::rules::{Rule, message};
use crate::timing::Shared;

/// The kinds of check a rule file can name in `kind:`. Document-scoped kinds
/// return findings per document; corpus-scoped kinds (facts, consistency
/// across briefs) collect per document and finish over the corpus.
#[derive(Debug, Clone)]
pub enum CheckKind {
    Existence(Existence),
    Substitution(Substitution),
    JudgementSupport(JudgementSupport),
    CaptionSource(CaptionSource),
    FootnoteDefined(FootnoteDefined),
    HeadingStyle(HeadingStyle),
    KeyJudgementsFirst(KeyJudgementsFirst),
    FutureDate(FutureDate),
    FigureConsistency(FigureConsistency),
    DateConsistency(DateConsistency),
    AcronymDefined(AcronymDefined),
    SpellingConsistency(SpellingConsistency),
    NumberFormat(NumberFormat),
    Arithmetic(Arithmetic),
    Occurrence(Occurrence),
    Repetition(Repetition),
    Consistency(Consistency),
    Conditional(Conditional),
    Capitalization(Capitalization),
    Metric(Metric),
    Sequence(Sequence),
    Spelling(Spelling),
}

impl CheckKind {
    pub fn name(&self) -> &'static str {
        match self {
            CheckKind::Existence(_) => "existence",
            CheckKind::Substitution(_) => "substitution",
            CheckKind::JudgementSupport(_) => "judgement-support",
            CheckKind::CaptionSource(_) => "caption-source",
            CheckKind::FootnoteDefined(_) => "footnote-defined",
            CheckKind::HeadingStyle(_) => "heading-style",
            CheckKind::KeyJudgementsFirst(_) => "key-judgements-first",
            CheckKind::FutureDate(_) => "future-date",
            CheckKind::FigureConsistency(_) => "figure-consistency",
            CheckKind::DateConsistency(_) => "date-consistency",
            CheckKind::AcronymDefined(_) => "acronym-defined",
            CheckKind::SpellingConsistency(_) => "spelling-consistency",
            CheckKind::NumberFormat(_) => "number-format",
            CheckKind::Arithmetic(_) => "arithmetic",
            CheckKind::Occurrence(_) => "occurrence",
            CheckKind::Repetition(_) => "repetition",
            CheckKind::Consistency(_) => "consistency",
            CheckKind::Conditional(_) => "conditional",
            CheckKind::Capitalization(_) => "capitalization",
            CheckKind::Metric(_) => "metric",
            CheckKind::Sequence(_) => "sequence",
            CheckKind::Spelling(_) => "spelling",
        }
    }

    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        match self {
            CheckKind::Existence(k) => k.check(rule, ctx, out),
            CheckKind::Substitution(k) => k.check(rule, ctx, out),
            CheckKind::JudgementSupport(k) => k.check(rule, ctx, out),
            CheckKind::CaptionSource(k) => k.check(rule, ctx, out),
            CheckKind::FootnoteDefined(k) => k.check(rule, ctx, out),
            CheckKind::HeadingStyle(k) => k.check(rule, ctx, out),
            CheckKind::KeyJudgementsFirst(k) => k.check(rule, ctx, out),
            CheckKind::FutureDate(k) => k.check(rule, ctx, out),
            CheckKind::FigureConsistency(k) => k.check(rule, ctx, out),
            CheckKind::AcronymDefined(k) => k.check(rule, ctx, out),
            CheckKind::SpellingConsistency(k) => k.check(rule, ctx, out),
            CheckKind::NumberFormat(k) => k.check(rule, ctx, out),
            CheckKind::Arithmetic(k) => k.check(rule, ctx, out),
            CheckKind::Occurrence(k) => k.check(rule, ctx, out),
            CheckKind::Repetition(k) => k.check(rule, ctx, out),
            CheckKind::Consistency(k) => k.check(rule, ctx, out),
            CheckKind::Conditional(k) => k.check(rule, ctx, out),
            CheckKind::Capitalization(k) => k.check(rule, ctx, out),
            CheckKind::Metric(k) => k.check(rule, ctx, out),
            CheckKind::Sequence(k) => k.check(rule, ctx, out),
            CheckKind::Spelling(k) => k.check(rule, ctx, out),
            // Reports in `finish`, after every document.
            CheckKind::DateConsistency(_) => {}
        }
    }

    /// Whether the kind compares documents after all are read.
    pub fn is_corpus(&self) -> bool {
        match self {
            CheckKind::FigureConsistency(k) => k.across == Across::Corpus,
            CheckKind::DateConsistency(_) => true,
            CheckKind::SpellingConsistency(k) => k.across == Across::Corpus,
            CheckKind::NumberFormat(k) => k.across == Across::Corpus,
            CheckKind::Consistency(k) => k.across == Across::Corpus,
            CheckKind::Conditional(k) => k.across == Across::Corpus,
            _ => false,
        }
    }

    /// The patterns the kind runs on units of text, whose units the rule pack's
    /// prefilter may rule out (see `Context::for_each_scoped_matching`).
    pub fn prefiltered(&self) -> Vec<&Pattern> {
        match self {
            CheckKind::Existence(k) => vec![k.pattern()],
            CheckKind::Substitution(k) => vec![k.pattern()],
            CheckKind::Consistency(k) => k.groups.iter().flat_map(|g| &g.finders).collect(),
            CheckKind::Occurrence(k) if k.min.is_none() => vec![&k.pattern],
            CheckKind::SpellingConsistency(k) => vec![k.pattern()],
            _ => Vec::new(),
        }
    }

    /// Whether checking a document may call `Context::facts` (the costliest step of a
    /// check). Every kind that does must be here: a big document runs these rules in one
    /// task (see `engine::lint_document_with`).
    pub fn reads_facts(&self) -> bool {
        matches!(self, CheckKind::FigureConsistency(_) | CheckKind::DateConsistency(_) | CheckKind::FutureDate(_))
    }

    /// Whether the corpus phase reads the document's extracted facts.
    pub fn keeps_facts(&self) -> bool {
        self.is_corpus() && matches!(self, CheckKind::FigureConsistency(_) | CheckKind::DateConsistency(_))
    }

    /// The corpus phase: findings paired with the index (in `docs`) of the document they belong to.
    pub fn finish(&self, rule: &Rule, docs: &[&CorpusDoc], out: &mut Vec<(usize, Finding)>) {
        match self {
            CheckKind::FigureConsistency(k) => k.finish(rule, docs, out),
            CheckKind::DateConsistency(k) => k.finish(rule, docs, out),
            CheckKind::SpellingConsistency(k) => k.finish(rule, docs, out),
            CheckKind::NumberFormat(k) => k.finish(rule, docs, out),
            CheckKind::Consistency(k) => k.finish(rule, docs, out),
            CheckKind::Conditional(k) => k.finish(rule, docs, out),
            _ => {}
        }
    }
}

/// What a check sees of one document.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub units: &'a [Unit],
    pub file: &'a Arc<str>,
    /// Publication date for briefs without a front matter `date`.
    pub default_published: Option<crate::config::Date>,
    /// Styled forms kept by style rules that compare the whole corpus.
    pub styles: std::sync::Mutex<Vec<(Arc<str>, consistency::Styled)>>,
    /// Facts, extracted on first use.
    pub facts: std::sync::OnceLock<DocFacts>,
    /// What Vale-style corpus rules keep, with the rule's id.
    pub kept: std::sync::Mutex<Vec<(Arc<str>, Kept)>>,
    /// The literal prefixes of the rule pack's patterns, and where they stand here (found on first use).
    pub prefilter: &'a Prefilter,
    pub hits: std::sync::OnceLock<Hits<'a>>,
    /// What each scope selects here, found once for the rules that share it.
    pub selections: std::sync::Mutex<rustc_hash::FxHashMap<crate::rules::Scope, Selection>>,
}

/// The (unit, span) pairs a scope selects in a document.
pub type Selection = Arc<[(usize, Span)]>;

/// What a Vale-style rule with `across: corpus` keeps of a document.
#[derive(Debug, Clone)]
pub enum Kept {
    /// A use of variant `variant` of group `group` (`consistency`).
    Variant { group: usize, variant: usize, place: Place },
    /// A term the document defines (`conditional`).
    Defined(String),
    /// A term used without a definition in its document (`conditional`).
    Undefined { term: String, place: Place },
    /// A figure conflicting with an earlier one of its brief (`figure-consistency`):
    /// reported unless it also conflicts with another brief's figure, which comes first.
    Conflict { at: crate::document::Span, finding: Box<Finding> },
}

/// What `rule` kept of each document, paired with the document's index in `docs`.
pub(crate) fn kept_of<'a>(rule: &'a Rule, docs: &'a [&CorpusDoc]) -> impl Iterator<Item = (usize, &'a Kept)> + 'a {
    docs.iter()
        .enumerate()
        .flat_map(move |(d, doc)| doc.kept.iter().filter(move |(id, _)| *id == rule.id).map(move |(_, k)| (d, k)))
}

/// What the corpus phase keeps of one document.
#[derive(Debug, Clone)]
pub struct CorpusDoc {
    pub facts: CorpusFacts,
    /// Styled forms of corpus-wide style rules, with the rule's id.
    pub styles: Vec<(Arc<str>, consistency::Styled)>,
    pub kept: Vec<(Arc<str>, Kept)>,
    /// Corpus rules on for this document, with their level.
    pub rules: Vec<(Arc<str>, crate::rules::Level)>,
    pub suppressions: Arc<crate::suppress::Suppressions>,
}

impl<'a> Context<'a> {
    pub fn facts(&self) -> &DocFacts {
        self.facts.get_or_init(|| Shared::Facts.run(|| crate::facts::extract(self.doc, self.file)))
    }

    /// Keeps `items` of `rule` for the corpus phase.
    pub fn keep(&self, rule: &Rule, items: impl IntoIterator<Item = Kept>) {
        let mut kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.extend(items.into_iter().map(|k| (rule.id.clone(), k)));
    }

    /// Keeps the styled forms of `rule` for the corpus phase.
    pub fn keep_styles(&self, rule: &Rule, items: Vec<consistency::Styled>) {
        let mut styles = self.styles.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        styles.extend(items.into_iter().map(|s| (rule.id.clone(), s)));
    }

    /// A finding of `rule` at `span`, with `args` filling the message and help placeholders.
    pub fn finding(&self, rule: &Rule, span: Span, args: &[&str], fix: Option<(String, bool)>) -> Finding {
        let start = self.doc.position(span.start);
        let end = self.doc.position(span.end);
        Finding {
            rule: rule.id.clone(),
            severity: rule.level,
            message: message::format(&rule.message, args).into(),
            help: rule.help.as_ref().map(|h| message::format_shared(h, args)),
            file: self.file.clone(),
            span,
            start,
            end,
            related: Vec::new(),
            fix: fix.map(|(replacement, safe)| Box::new(Fix { span, start, end, replacement, safe })),
        }
    }

    /// A span of this document kept for the corpus phase, with its trimmed source text.
    pub fn place(&self, span: Span) -> Place {
        let mut place = Place::at(self.doc, self.file, span);
        place.text = place.text.trim().to_string();
        place
    }

    /// Another location of this document, shown beside a finding.
    pub fn related(&self, span: Span, message: String) -> Related {
        Related { file: self.file.clone(), span, start: self.doc.position(span.start), message }
    }

    /// A pattern that gave up (fancy-regex's backtracking limit) is reported, not hidden.
    pub fn regex_failure(&self, rule: &Rule, span: Span, error: &str) -> Finding {
        let start = self.doc.position(span.start);
        let end = self.doc.position(span.end);
        Finding {
            rule: Arc::from("brieflint/regex-limit"),
            severity: crate::rules::Level::Warning,
            message: format!("rule {} stopped on this text: {error}; matches here may be missing", rule.id).into(),
            help: Some(Arc::from(format!("simplify the pattern of {} (see {})", rule.id, rule.origin.path))),
            file: self.file.clone(),
            span,
            start,
            end,
            related: Vec::new(),
            fix: None,
        }
    }

    /// What `rule`'s scope selects here (see `Scope::select`).
    pub fn selection(&self, rule: &Rule) -> Selection {
        let mut known = self.selections.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(selection) = known.get(&rule.scope) {
            return selection.clone();
        }
        let selection: Selection = Shared::Scopes.run(|| rule.scope.select(self.doc, self.units)).into();
        known.insert(rule.scope.clone(), selection.clone());
        selection
    }

    /// Runs `f` on the text of every span `rule`'s scope selects, with that span.
    pub fn for_each_scoped(&self, rule: &Rule, mut f: impl FnMut(&str, Span)) {
        self.for_each_scoped_unit(rule, |_, text, span| f(text, span));
    }

    /// Where the prefixes of the rule pack's patterns stand in this document's prose.
    pub fn hits(&self) -> &Hits<'a> {
        self.hits.get_or_init(|| Shared::Scan.run(|| self.prefilter.scan(&self.doc.prose)))
    }

    /// Bounds on the matches of `pattern`, unit after unit (see `Bounds`).
    pub fn bounds<'c>(&'c self, pattern: &'c Pattern) -> Bounds<'c> {
        Bounds { doc: self.doc, pattern, hits: self.hits().cursor(pattern), start: self.prefilter.start_class(pattern) }
    }

    /// Whether no unit `rule` reads can hold a match of any of `patterns`.
    pub fn matches_nowhere(&self, rule: &Rule, patterns: &[&Pattern]) -> bool {
        !rule.scope.reads_source() && patterns.iter().all(|p| self.hits().absent(p))
    }

    /// `for_each_scoped`, with the unit of each span.
    pub fn for_each_scoped_unit(&self, rule: &Rule, mut f: impl FnMut(&Unit, &str, Span)) {
        for &(unit, span) in self.selection(rule).iter() {
            let unit = &self.units[unit];
            f(unit, unit.text(self.doc, span), span);
        }
    }

    /// `for_each_scoped_unit` on the spans where `pattern` may match: the others hold
    /// no match (see `rules::prefilter`); `f` reads the matches through the bounds.
    pub fn for_each_scoped_matching(
        &self,
        rule: &Rule,
        pattern: &Pattern,
        mut f: impl FnMut(&Unit, &str, Span, &mut Bounds),
    ) {
        if self.matches_nowhere(rule, &[pattern]) {
            return;
        }
        let mut bounds = self.bounds(pattern);
        self.for_each_scoped_unit(rule, |unit, text, span| {
            if bounds.may_match(unit, span) {
                f(unit, text, span, &mut bounds);
            }
        });
    }
}

/// What the prefilter tells of one pattern's matches, read unit after unit: its hits
/// and start class are looked up once.
pub struct Bounds<'c> {
    doc: &'c Document,
    pattern: &'c Pattern,
    hits: Option<crate::rules::prefilter::HitCursor<'c>>,
    start: Option<&'c crate::rules::prefilter::StartClass>,
}

impl Bounds<'_> {
    /// At most how many matches the pattern has in `span` of `unit`, counted up to
    /// `limit + 1` (None: no bound known).
    pub fn of(&mut self, unit: &Unit, span: Span, limit: usize) -> Option<usize> {
        let literal = if unit.reads_source() { None } else { self.hits.as_mut().map(|c| c.bound(span)) };
        literal.or_else(|| self.start.map(|s| s.bound(unit.text(self.doc, span), limit)))
    }

    pub fn may_match(&mut self, unit: &Unit, span: Span) -> bool {
        self.of(unit, span, 0).is_none_or(|n| n > 0)
    }

    /// `Pattern::for_each_match` on `text`, span `span` of `unit`: tried only where the
    /// prefilter saw a prefix when it has read the unit, else searched throughout.
    pub fn for_each_match(
        &mut self,
        unit: &Unit,
        text: &str,
        span: Span,
        mut f: impl FnMut(usize, usize),
    ) -> Result<(), String> {
        if !unit.reads_source()
            && let Some(hits) = self.hits.as_mut()
            && self.pattern.for_each_match_at(text, hits.starts(span), &mut f)
        {
            return Ok(());
        }
        self.pattern.for_each_match(text, f)
    }
}
