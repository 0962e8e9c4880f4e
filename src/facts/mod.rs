//! Facts extracted once per document, with positions, so corpus checks run
//! after all documents without parsing anything again.

pub mod dates;
pub mod figures;
pub(crate) mod scan;
pub mod subject;

use std::sync::Arc;

use crate::document::{BlockKind, Document, Position, Span};
use crate::terms::TermSet;
pub use dates::Interval;
pub use subject::Subject;

/// The capture index of `name` in a pattern whose named groups are `groups`, in
/// order and with no unnamed group: worked out at compile time (no lookup per match).
pub(crate) const fn capture_index(groups: &[&str], name: &str) -> usize {
    let mut k = 0;
    while k < groups.len() {
        let (a, b) = (groups[k].as_bytes(), name.as_bytes());
        let mut same = a.len() == b.len();
        let mut i = 0;
        while same && i < a.len() {
            same = a[i] == b[i];
            i += 1;
        }
        if same {
            return k + 1;
        }
        k += 1;
    }
    panic!("no such group")
}

/// Where a fact stands: enough to report it after its document is gone.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub file: Arc<str>,
    pub span: Span,
    pub start: Position,
    pub end: Position,
    /// The expression as written.
    pub text: String,
}

impl Place {
    /// `span` of `doc`, with its positions and source text.
    pub fn at(doc: &Document, file: &Arc<str>, span: Span) -> Place {
        let (start, end) = (doc.position(span.start), doc.position(span.end));
        Place { file: file.clone(), span, start, end, text: doc.text(span).to_string() }
    }
}

/// A figure with a period, packed for comparison with other figures: what
/// `figure-consistency` needs of it after its brief is gone. Its text and
/// subject stand in the pools of its `KeptFigures`; positions are 32-bit.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptFigure {
    /// The interval of true values the statement allows.
    pub range: (f64, f64),
    /// The unit (percent, currency, counted thing) as a term id.
    pub unit: crate::terms::Term,
    /// First and last day of the period, packed (see `pack_day`).
    period: [u32; 2],
    span: [u32; 2],
    /// Line and column of the start; the end follows from the text.
    start: [u32; 2],
    /// Where the text as written starts in the text pool; its length is the span's.
    text: u32,
    /// Where its sentence starts: two figures of one sentence are not compared.
    sentence: u32,
    subject: subject::SubjectAt,
}

/// A day in 32 bits: year (offset by 2^15), month, day. None for years beyond ±32,767.
fn pack_day((year, month, day): (i32, u8, u8)) -> Option<u32> {
    let year = u32::try_from(year.checked_add(1 << 15)?).ok().filter(|&y| y < 1 << 16)?;
    Some(year << 16 | u32::from(month) << 8 | u32::from(day))
}

fn unpack_day(packed: u32) -> (i32, u8, u8) {
    ((packed >> 16) as i32 - (1 << 15), (packed >> 8) as u8, packed as u8)
}

/// The figures of one brief that have a period, packed, with the file they are in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeptFigures {
    pub file: Arc<str>,
    figures: Vec<KeptFigure>,
    terms: Vec<crate::terms::Term>,
    text: String,
}

/// A kept figure with the pools it reads its text and subject from.
#[derive(Debug, Clone, Copy)]
pub struct Figure<'a> {
    set: &'a KeptFigures,
    figure: &'a KeptFigure,
}

impl KeptFigures {
    /// Packs the figure `figure`, of `sentence` of `doc`, standing at `span`. Positions
    /// beyond 4 GiB and years beyond ±32,767 cannot be kept: such a figure is not compared.
    fn push(
        &mut self,
        doc: &Document,
        span: Span,
        sentence: Span,
        figure: &figures::Found,
        period: Interval,
        subject: impl FnOnce(&mut Vec<crate::terms::Term>) -> subject::SubjectAt,
    ) {
        let n = |v: usize| u32::try_from(v).ok();
        let start = doc.position(span.start);
        let (Some(s), Some(e), Some(sentence), Some(t), Some(from), Some(to)) = (
            n(span.start),
            n(span.end),
            n(sentence.start),
            n(self.text.len()),
            pack_day(period.start),
            pack_day(period.end),
        ) else {
            return;
        };
        self.text.push_str(doc.text(span));
        self.figures.push(KeptFigure {
            range: figure.range(),
            unit: figure.unit.term(),
            period: [from, to],
            span: [s, e],
            start: [start.line, start.column],
            text: t,
            sentence,
            subject: subject(&mut self.terms),
        });
    }

    /// Appends `other`'s figures (of the same file), as if they had been pushed here.
    fn append(&mut self, other: KeptFigures) {
        // Offsets fit: a brief's figure texts are at most its size, which is checked first.
        let (text, terms) = (self.text.len() as u32, self.terms.len() as u32);
        self.text.push_str(&other.text);
        self.terms.extend_from_slice(&other.terms);
        self.figures.extend(other.figures.into_iter().map(|f| KeptFigure {
            text: f.text + text,
            subject: f.subject.shifted(terms),
            ..f
        }));
    }

    /// Room for `figures` more figures, their text and subjects at some 8 bytes and 8 terms each.
    fn reserve(&mut self, figures: usize) {
        self.figures.reserve(figures);
        self.terms.reserve(figures * 8);
        self.text.reserve(figures * 8);
    }

    pub fn len(&self) -> usize {
        self.figures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<Figure<'_>> {
        Some(Figure { set: self, figure: self.figures.get(i)? })
    }

    pub fn iter(&self) -> impl Iterator<Item = Figure<'_>> {
        self.figures.iter().map(move |figure| Figure { set: self, figure })
    }

    /// Those named in their own clause (not from the title): comparable across briefs.
    pub fn explicit(&self) -> KeptFigures {
        // Made at its size: it is kept for the corpus phase.
        let explicit = || self.iter().filter(|f| f.subject().explicit());
        let (mut count, mut terms, mut text) = (0, 0, 0);
        for f in explicit() {
            (count, terms, text) = (count + 1, terms + f.subject().packed_len(), text + f.text().len());
        }
        let mut kept = KeptFigures {
            file: self.file.clone(),
            figures: Vec::with_capacity(count),
            terms: Vec::with_capacity(terms),
            text: String::with_capacity(text),
        };
        for f in explicit() {
            let t = kept.text.len() as u32;
            kept.text.push_str(f.text());
            let mut figure = f.figure.clone();
            figure.text = t;
            let subject = f.subject();
            figure.subject = subject::SubjectAt::repack(&subject, &mut kept.terms);
            kept.figures.push(figure);
        }
        kept
    }
}

impl<'a> Figure<'a> {
    pub fn subject(&self) -> subject::PackedSubject<'a> {
        self.figure.subject.view(&self.set.terms)
    }

    /// The figure as written.
    pub fn text(&self) -> &'a str {
        let at = self.figure.text as usize;
        let [start, end] = self.figure.span;
        self.set.text.get(at..at + (end - start) as usize).unwrap_or("")
    }

    /// The brief it was kept from, as the address of its brief's figures: figures of
    /// one brief have the same, told apart without comparing file names.
    pub fn brief(&self) -> *const KeptFigures {
        std::ptr::from_ref(self.set)
    }

    pub fn span(&self) -> Span {
        Span::new(self.figure.span[0] as usize, self.figure.span[1] as usize)
    }

    pub fn sentence(&self) -> usize {
        self.figure.sentence as usize
    }

    pub fn unit(&self) -> crate::terms::Term {
        self.figure.unit
    }

    pub fn period(&self) -> Interval {
        let [start, end] = self.figure.period.map(unpack_day);
        Interval { start, end }
    }

    /// Where it stands, to report it.
    pub fn place(&self) -> Place {
        let [line, column] = self.figure.start;
        let start = Position { line, column };
        let text = self.text();
        // Positions count characters from the line's start, and lines end at '\n'.
        let end = text.chars().fold(start, |p, c| match c {
            '\n' => Position { line: p.line + 1, column: 1 },
            _ => Position { line: p.line, column: p.column + 1 },
        });
        Place { file: self.set.file.clone(), span: self.span(), start, end, text: text.to_string() }
    }

    /// The interval of true values the statement allows.
    pub fn range(&self) -> (f64, f64) {
        self.figure.range
    }
}

/// What the corpus phase keeps of a brief's facts: figures comparable across
/// briefs (with a period, named in their own clause), and dated events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorpusFacts {
    pub figures: KeptFigures,
    pub events: Vec<EventFact>,
}

impl CorpusFacts {
    /// Keeps of the packed `figures` those named in their own clause.
    pub fn of(figures: &KeptFigures, events: Vec<EventFact>) -> CorpusFacts {
        CorpusFacts { figures: figures.explicit(), events }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DateFact {
    /// Where it stands in the document (placed only when reported).
    pub span: Span,
    pub interval: Interval,
    /// The clause speaks of the future or of plans ("will", "expected", "by").
    pub prospective: bool,
}

/// A dated event: "the Global Civilisation Initiative, announced in March 2023".
#[derive(Debug, Clone, PartialEq)]
pub struct EventFact {
    pub place: Place,
    pub interval: Interval,
    /// Verb family: announce, sign, open, hold, publish, start, elect.
    pub action: &'static str,
    /// The thing the event happened to, normalised ("global civilis initiat").
    pub object: String,
    /// The object as written.
    pub object_text: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocFacts {
    /// Figures of sentences with a date (only those have a period to compare), packed.
    pub figures: KeptFigures,
    pub dates: Vec<DateFact>,
    pub events: Vec<EventFact>,
}

const AUXILIARIES: &[&str] = &["was", "were", "is", "are", "been", "be", "being", "had", "has", "have"];

/// Extracts the facts of `doc`, naming `file` in every place.
pub fn extract(doc: &Document, file: &Arc<str>) -> DocFacts {
    extract_in_runs(doc, file, PARALLEL_FACTS_FROM, RUN_TEXT)
}

/// `extract`, reading paragraphs in runs of `run_text` bytes side by side in a brief
/// with `parallel_from` bytes of them.
fn extract_in_runs(doc: &Document, file: &Arc<str>, parallel_from: usize, run_text: usize) -> DocFacts {
    use rayon::prelude::*;
    // Names are read from paragraphs only: headings capitalise every word; each
    // paragraph's words serve the lexicon and its sentences.
    let paragraphs: Vec<(usize, &crate::document::Block)> =
        doc.blocks.iter().enumerate().filter(|(_, b)| matches!(b.kind, BlockKind::Paragraph { .. })).collect();
    let runs = paragraph_runs(doc, &paragraphs, parallel_from, run_text);
    let in_block =
        |index: usize, base: usize| doc.block_words(index).iter().map(move |w| Span::new(w.start - base, w.end - base));
    // The names of some paragraphs.
    let names_of = |run: &[(usize, &crate::document::Block)]| {
        let mut lexicon = subject::Lexicon::default();
        // Room for the names of most briefs, so the set is not regrown name by name.
        lexicon.names.reserve(256);
        for &(index, block) in run {
            lexicon.read_names(doc.prose_text(block.span), in_block(index, block.span.start));
        }
        lexicon
    };
    // A brief's names are those of all its runs, read side by side when there are several.
    let mut lexicon =
        runs.par_iter().map(|run| names_of(run)).reduce_with(subject::Lexicon::with_names_of).unwrap_or_default();
    // The common words are read from the kept paragraphs when first asked for, after every name.
    for &(index, block) in &paragraphs {
        lexicon.keep_for_common(doc.prose_text(block.span), doc.block_words(index), block.span.start);
    }
    let names = &lexicon;
    let topic = topic(doc, names);
    // The sentences of a run of paragraphs, read one by one into `facts`.
    let read_run = |run: &[(usize, &crate::document::Block)], scratch: &mut Scratch, facts: &mut DocFacts| {
        for &(index, _) in run {
            // The paragraph's words not yet passed: sentences come in order, and no word
            // runs across a sentence boundary.
            let mut block_words = doc.block_words(index);
            for &sentence in doc.sentences_of(index) {
                let first = block_words.iter().position(|w| w.start >= sentence.start).unwrap_or(block_words.len());
                block_words = &block_words[first..];
                // Every date has a year, four digits in a row, and a figure is kept only with a
                // date: most sentences can be skipped outright.
                let runs = &mut scratch.digit_runs;
                runs.clear();
                runs.extend(scan::digit_runs(doc.prose_text(sentence).as_bytes()));
                if !dates::has_year_digits(runs) {
                    continue;
                }
                let count = block_words.partition_point(|w| w.start < sentence.end);
                let from = sentence.start;
                let sentence_words = block_words[..count].iter().map(|w| Span::new(w.start - from, w.end - from));
                let context = Sentence { doc, file, span: sentence, topic: &topic, names };
                extract_sentence(&context, sentence_words, scratch, facts);
            }
        }
    };
    // The facts of a run of paragraphs: sentences are read one by one, apart from the
    // names and the title's, which are the brief's.
    let read = |run: &[(usize, &crate::document::Block)]| {
        let mut facts = DocFacts::default();
        facts.figures.file = file.clone();
        // Room for the dates and figures of a brief dense in facts (the generated ones state one
        // of each in some 130 and 230 bytes): the lists are not regrown as they fill. Both are
        // dropped with the document; only what `CorpusFacts::of` copies is kept.
        let text: usize = run.iter().map(|(_, b)| b.span.len()).sum();
        facts.dates.reserve(text / 128);
        facts.figures.reserve(text / 256);
        Scratch::with(|scratch| read_run(run, scratch, &mut facts));
        facts
    };
    // A big brief's runs are read side by side, then joined in order.
    runs.par_iter()
        .map(|run| read(run))
        .reduce_with(|mut facts, part| {
            facts.figures.append(part.figures);
            facts.dates.extend(part.dates);
            facts.events.extend(part.events);
            facts
        })
        .unwrap_or_else(|| read(&[]))
}

/// Paragraph text from which a brief's facts are read in runs side by side, and the
/// least text of a run.
const PARALLEL_FACTS_FROM: usize = 256 * 1024;
const RUN_TEXT: usize = 64 * 1024;

/// `paragraphs` in runs of at least `run_text` bytes, for a brief with `parallel_from`
/// bytes of them (and under 4 GiB, so the joined figures' offsets fit); else one run.
fn paragraph_runs<'p, 'd>(
    doc: &Document,
    paragraphs: &'p [(usize, &'d crate::document::Block)],
    parallel_from: usize,
    run_text: usize,
) -> Vec<&'p [(usize, &'d crate::document::Block)]> {
    let total: usize = paragraphs.iter().map(|(_, b)| b.span.len()).sum();
    if total < parallel_from || doc.source.len() > u32::MAX as usize {
        return vec![paragraphs];
    }
    let mut runs = Vec::new();
    let (mut start, mut text) = (0, 0);
    for (k, (_, block)) in paragraphs.iter().enumerate() {
        text += block.span.len();
        if text >= run_text {
            runs.push(&paragraphs[start..=k]);
            (start, text) = (k + 1, 0);
        }
    }
    if start < paragraphs.len() {
        runs.push(&paragraphs[start..]);
    }
    runs
}

/// What `extract_sentence` reads of a sentence and its document.
struct Sentence<'a> {
    doc: &'a Document,
    file: &'a Arc<str>,
    span: Span,
    topic: &'a TermSet,
    names: &'a subject::Lexicon<'a>,
}

/// Buffers `extract_sentence` reuses from one sentence to the next.
#[derive(Default)]
struct Scratch {
    /// The sentence's runs of digits: (start, length).
    digit_runs: Vec<(usize, usize)>,
    /// Where the sentence's tokens start (`scan::token_starts`).
    token_starts: Vec<usize>,
    dates: Vec<dates::Found>,
    date_starts: Vec<(usize, usize)>,
    figures: Vec<figures::Found>,
    figure_starts: Vec<(usize, usize)>,
    units: Vec<(usize, crate::terms::Term)>,
    words: Vec<Span>,
    clause_words: Vec<Span>,
    clause_skip: Vec<(usize, usize)>,
    /// The name phrases of the clause an event was last read in that may be its object.
    phrases: Vec<(usize, usize)>,
    /// The counted units of the clause a figure was last read in, with their figures' count.
    clause_units: Vec<(crate::terms::Term, usize)>,
    /// The subject of the clause a figure was last read in, refilled clause by clause.
    subject: Subject,
    skip: Vec<(usize, usize)>,
    bounds: Vec<usize>,
}

thread_local! {
    /// A thread's `Scratch`, kept from brief to brief: its buffers are not grown again for each.
    static SCRATCH: std::cell::RefCell<Scratch> = Default::default();
}

impl Scratch {
    /// Buffers past this many entries (a sentence of some megabytes) are not kept for the next brief.
    const MOST_KEPT: usize = 1 << 16;

    /// The most entries any of its buffers has room for: each grows with the longest sentence
    /// read (a sentence of digits without spaces fills the digit runs, not the token starts).
    fn most_held(&self) -> usize {
        [
            self.digit_runs.capacity(),
            self.token_starts.capacity(),
            self.dates.capacity(),
            self.date_starts.capacity(),
            self.figures.capacity(),
            self.figure_starts.capacity(),
            self.units.capacity(),
            self.words.capacity(),
            self.clause_words.capacity(),
            self.clause_skip.capacity(),
            self.phrases.capacity(),
            self.clause_units.capacity(),
            self.skip.capacity(),
            self.bounds.capacity(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
    }

    /// Runs `f` with this thread's scratch (a fresh one should it be in use).
    fn with<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                let value = f(&mut scratch);
                if scratch.most_held() > Scratch::MOST_KEPT {
                    *scratch = Scratch::default();
                }
                value
            }
            Err(_) => f(&mut Scratch::default()),
        })
    }
}

/// Names in the title: the default entities of a figure whose clause names none.
fn topic(doc: &Document, names: &subject::Lexicon) -> TermSet {
    let title = doc.title().or_else(|| {
        doc.blocks
            .iter()
            .find(|b| matches!(b.kind, BlockKind::Heading { level: 1 }))
            .map(|b| doc.prose_text(b.span).trim())
    });
    let Some(title) = title else {
        return Default::default();
    };
    // In a sentence-case title every capitalised word is a name. In capitals or
    // title case, a word is a name only if the body also capitalises it inside a sentence.
    // A possessive is dropped, either apostrophe; words are copied only to write a curly
    // apostrophe straight.
    let words: Vec<std::borrow::Cow<str>> = title
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(w);
            if w.contains('’') { w.replace('’', "'").into() } else { w.into() }
        })
        .collect();
    let capitalised = words.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    let sentence_case = title.chars().any(char::is_lowercase) && capitalised * 2 < words.len();
    let terms = words
        .iter()
        .filter_map(|w| {
            let lower = w.to_lowercase();
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            let name =
                !crate::terms::is_stop_word(&lower) && if sentence_case { capital } else { names.is_name(&lower) };
            name.then(|| crate::terms::term(&crate::terms::stem(&lower)))
        })
        .collect();
    TermSet::from_terms(terms)
}

fn extract_sentence(
    sentence: &Sentence,
    sentence_words: impl Iterator<Item = Span>,
    scratch: &mut Scratch,
    facts: &mut DocFacts,
) {
    let Sentence { doc, file, span: sentence, topic, names } = *sentence;
    let text = doc.prose_text(sentence);
    scan::token_starts(text.as_bytes(), &mut scratch.token_starts);
    let (runs, token_starts) = (&scratch.digit_runs, &scratch.token_starts);
    dates::find_into(text, runs, token_starts, &mut scratch.dates, &mut scratch.date_starts);
    let found_dates = &scratch.dates;
    // A figure is compared only with its period, a date of its sentence: without one, it is not kept.
    if found_dates.is_empty() {
        return;
    }
    // A percentage or amount inside a date expression ("2025-06-30") is not a figure.
    let skip = &mut scratch.skip;
    skip.clear();
    skip.extend(found_dates.iter().map(|d| (d.start, d.end)));
    figures::find_into(text, runs, token_starts, skip, &mut scratch.figures, &mut scratch.figure_starts);
    // Figures come in order, so each date is passed once, however many there are.
    skip.sort_unstable();
    let mut in_dates = scan::Overlaps::new(skip);
    scratch.figures.retain(|f| !in_dates.hit(f.start, f.end));
    let found_figures = &scratch.figures;
    // The counted units of the sentence's figures, as the terms they add to others' subjects.
    let found_figures_units = &mut scratch.units;
    found_figures_units.clear();
    found_figures_units.extend(found_figures.iter().filter_map(|f| match &f.unit {
        figures::Unit::Count(u) => Some((f.start, crate::report::fnv1a(b"#".iter().copied().chain(u.bytes())))),
        _ => None,
    }));
    let skip = &mut scratch.skip;
    skip.extend(found_figures.iter().map(|f| (f.start, f.end)));
    skip.sort_unstable();
    // The sentence's words and clauses: a clause's words are those of the sentence
    // that start in it (no word runs across a clause boundary).
    let words = &mut scratch.words;
    words.clear();
    words.extend(sentence_words);
    let words = &*words;
    let bounds = &mut scratch.bounds;
    subject::clause_bounds(text, bounds);
    let bounds = &*bounds;
    let in_clause = |(cs, ce): (usize, usize)| {
        let from = words.partition_point(|w| w.start < cs);
        &words[from..from + words[from..].partition_point(|w| w.start < ce)]
    };
    // A clause's words, from the clause's start, into `out`.
    let clause_words_into = |(cs, ce): (usize, usize), out: &mut Vec<Span>| {
        out.clear();
        out.extend(in_clause((cs, ce)).iter().map(|w| Span::new(w.start - cs, w.end - cs)));
    };
    let dates_apart = found_dates.is_sorted_by(|a, b| a.end <= b.start);
    // Dates of one clause share what its words say: it is read once.
    let mut tense_of_clause: Option<((usize, usize), Tense)> = None;
    // The clause whose words and name phrases `scratch` holds, for its events' objects.
    let mut phrases_of_clause: Option<(usize, usize)> = None;
    for d in found_dates {
        let (cs, ce) = subject::clause_in(bounds, d.start);
        let clause = &text[cs..ce];
        let Tense { prospective, verb } = match tense_of_clause {
            Some((at, tense)) if at == (cs, ce) => tense,
            _ => {
                let tense = clause_tense(text, in_clause((cs, ce)), found_dates, dates_apart);
                tense_of_clause = Some(((cs, ce), tense));
                tense
            }
        };
        let span = Span::new(sentence.start + d.start, sentence.start + d.end);
        // Most dated clauses have no event verb: it is looked for before the words are kept.
        let dated = (d.start - cs, d.end - cs);
        if let Some((k, action)) = verb
            && let Some((object, object_text)) = {
                if phrases_of_clause != Some((cs, ce)) {
                    clause_words_into((cs, ce), &mut scratch.clause_words);
                    object_phrases(clause, &scratch.clause_words, &mut scratch.phrases);
                    phrases_of_clause = Some((cs, ce));
                }
                event_object(clause, &scratch.clause_words, k, &scratch.phrases, dated)
            }
        {
            let place = Place::at(doc, file, span);
            facts.events.push(EventFact { place, interval: d.interval, action, object, object_text });
        }
        facts.dates.push(DateFact { span, interval: d.interval, prospective });
    }
    // Figures of one clause share its subject, period and units: they are worked out once.
    let mut subject_of_clause: Option<(usize, usize)> = None;
    let (mut period, mut measured) = (None, false);
    // The clause's figures' counted units, each with how many figures count it.
    let clause_units = &mut scratch.clause_units;
    for f in found_figures {
        let (cs, ce) = subject::clause_in(bounds, f.start);
        let subject = &mut scratch.subject;
        if subject_of_clause != Some((cs, ce)) {
            period = first_date_in(found_dates, dates_apart, (cs, ce)).or(found_dates.first()).map(|d| d.interval);
            clause_units.clear();
            // Units come in figure order: the clause's are one run of them.
            let from = found_figures_units.partition_point(|&(s, _)| s < cs);
            let to = from + found_figures_units[from..].partition_point(|&(s, _)| s < ce);
            for &(_, u) in &found_figures_units[from..to] {
                match clause_units.iter_mut().find(|(t, _)| *t == u) {
                    Some((_, n)) => *n += 1,
                    None => clause_units.push((u, 1)),
                }
            }
            let local = &mut scratch.clause_skip;
            local.clear();
            let from = skip.partition_point(|&(s, _)| s < cs);
            let to = from + skip[from..].partition_point(|&(s, _)| s < ce);
            local.extend(skip[from..to].iter().map(|&(s, e)| (s - cs, e - cs)));
            clause_words_into((cs, ce), &mut scratch.clause_words);
            subject::subject_of(&text[cs..ce], &scratch.clause_words, local, names, subject);
            if subject.entities.is_empty() {
                subject.entities.clone_from(topic);
                subject.inherited = true;
            }
            subject_of_clause = Some((cs, ce));
            measured = subject.entities.len() <= MOST_SUBJECT_NAMES
                && subject.terms.len() + clause_units.len() <= MOST_SUBJECT_TERMS;
        }
        let Some(period) = period.filter(|_| measured) else { continue };
        let head = subject::head_after(&text[cs..ce], f.end - cs);
        // Another figure's unit in the clause tells what is measured: "Output fell to
        // 1.8 million tonnes, down 28%" is not "Output fell to 1,400 MW, down 10%".
        let own =
            found_figures_units.binary_search_by_key(&f.start, |&(s, _)| s).ok().map(|k| found_figures_units[k].1);
        let units = clause_units.iter().filter(|&&(u, n)| n > usize::from(own == Some(u))).map(|&(u, _)| u);
        let span = Span::new(sentence.start + f.start, sentence.start + f.end);
        facts.figures.push(doc, span, sentence, f, period, |pool| subject.pack_with(head.as_slice(), units, pool));
    }
}

/// The most names and other terms (content words, a direction, other figures' units) a
/// figure's clause may hold: one with more (a table pasted as prose, a list of names)
/// states no one measure, and its figures are not kept. Briefs' clauses hold a handful
/// (the generated corpora: at most 5 and 9); comparing such figures' subjects, every name
/// with every word, was quadratic in the clause.
const MOST_SUBJECT_NAMES: usize = 16;
const MOST_SUBJECT_TERMS: usize = 32;

/// Words that put their clause in the future or among plans ("will", "expected", "by").
static PROSPECTIVE: crate::document::text::WordList = crate::document::text::WordList::of(&[
    "by",
    "aim",
    "due",
    "may",
    "set",
    "aims",
    "next",
    "plan",
    "will",
    "ahead",
    "could",
    "might",
    "plans",
    "shall",
    "until",
    "would",
    "before",
    "expect",
    "intend",
    "likely",
    "should",
    "target",
    "expects",
    "intends",
    "planned",
    "targets",
    "expected",
    "forecast",
    "unlikely",
    "upcoming",
    "forecasts",
    "projected",
    "scheduled",
]);

/// Event verb forms, shortest first, and their families.
const ACTIONS: &[(&str, &str)] = &[
    ("held", "hold"),
    ("began", "start"),
    ("signs", "sign"),
    ("hosted", "hold"),
    ("issued", "publish"),
    ("launch", "announce"),
    ("opened", "open"),
    ("signed", "sign"),
    ("staged", "hold"),
    ("adopted", "publish"),
    ("elected", "elect"),
    ("started", "start"),
    ("unveils", "announce"),
    ("announce", "announce"),
    ("convened", "hold"),
    ("launched", "announce"),
    ("launches", "announce"),
    ("proposed", "announce"),
    ("ratified", "sign"),
    ("released", "publish"),
    ("unveiled", "announce"),
    ("announced", "announce"),
    ("announces", "announce"),
    ("appointed", "elect"),
    ("commenced", "start"),
    ("concluded", "sign"),
    ("published", "publish"),
    ("introduced", "announce"),
    ("inaugurated", "open"),
    ("commissioned", "open"),
];

/// The verb forms of `ACTIONS`, to find a word among.
static ACTION_FORMS: crate::document::text::WordList = crate::document::text::WordList::of(&FORMS);

const FORMS: [&str; ACTIONS.len()] = {
    let mut forms = [""; ACTIONS.len()];
    let mut k = 0;
    while k < ACTIONS.len() {
        forms[k] = ACTIONS[k].0;
        k += 1;
    }
    forms
};

/// The shapes of the prospective words and the verb forms, to rule out most words with one test.
static TENSE_SHAPES: crate::document::text::WordShapes =
    crate::document::text::WordShapes::of(PROSPECTIVE.words()).with(ACTION_FORMS.words());

/// A word that puts its clause in the future or among plans, any case.
fn is_prospective(word: &[u8]) -> bool {
    PROSPECTIVE.position(word).is_some()
}

/// The event family of a verb form ("signed" -> "sign"), any case.
fn action_of(word: &[u8]) -> Option<&'static str> {
    ACTIONS.get(ACTION_FORMS.position(word)?).map(|&(_, family)| family)
}

/// What a clause's words say of its dates.
#[derive(Debug, Clone, Copy)]
struct Tense {
    /// A word outside the dates looks ahead.
    prospective: bool,
    /// The first event verb: its index among the words, its family.
    verb: Option<(usize, &'static str)>,
}

/// The `Tense` of a clause, from its `words` (in `text`) and the sentence's `dates`.
fn clause_tense(text: &str, words: &[Span], dates: &[dates::Found], apart: bool) -> Tense {
    let (mut prospective, mut verb) = (false, None);
    let bytes = text.as_bytes();
    for (k, w) in words.iter().enumerate() {
        let Some(word) = bytes.get(w.start..w.end).filter(|word| TENSE_SHAPES.may_hold(word)) else { continue };
        // The dates themselves are left out: the month "May" is not the modal "may".
        prospective = prospective || (is_prospective(word) && !in_a_date(dates, apart, w.start));
        if verb.is_none() {
            verb = action_of(word).map(|a| (k, a));
        }
        if prospective && verb.is_some() {
            break;
        }
    }
    Tense { prospective, verb }
}

/// Whether byte `at` stands in one of `dates`: by binary search when they are in order and
/// `apart`, as the scanner finds them (a sentence may hold thousands), else one by one.
fn in_a_date(dates: &[dates::Found], apart: bool, at: usize) -> bool {
    if apart {
        let k = dates.partition_point(|x| x.start <= at);
        k > 0 && at < dates[k - 1].end
    } else {
        dates.iter().any(|x| x.start <= at && at < x.end)
    }
}

/// The first of `dates` inside `clause`: found by binary search when they are in order
/// and `apart` (a sentence of 160,000 dated clauses took 11 s read one by one per clause).
fn first_date_in(dates: &[dates::Found], apart: bool, (cs, ce): (usize, usize)) -> Option<&dates::Found> {
    let inside = |d: &&dates::Found| d.start >= cs && d.end <= ce;
    if apart {
        let from = dates.partition_point(|d| d.start < cs);
        dates[from..].iter().take_while(|d| d.start < ce).find(inside)
    } else {
        dates.iter().find(inside)
    }
}

/// A capitalised name phrase in a clause, from its words: byte range.
fn name_phrases(clause: &str, words: &[Span]) -> Vec<(usize, usize)> {
    let mut phrases = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let connector = |w: &str| matches!(w, "of" | "the" | "and" | "for" | "on");
    for (k, w) in words.iter().enumerate() {
        let word = &clause[w.start..w.end];
        let capital = word.chars().next().is_some_and(char::is_uppercase) && !dates::is_month_word(word);
        let digits = word.chars().all(|c| c.is_ascii_digit()) && current.is_some() && word.len() < 3;
        let joins = current.is_some()
            && connector(word)
            && words.get(k + 1).is_some_and(|n| clause[n.start..n.end].chars().next().is_some_and(char::is_uppercase));
        // "China's Global Initiative": the possessor is a separate phrase.
        let possessive_break = current.is_some_and(|(_, e)| clause[..e].ends_with("'s") || clause[..e].ends_with("’s"));
        if (capital || digits || joins)
            && !possessive_break
            && current.is_some_and(|(_, e)| clause[e..w.start].trim().is_empty())
        {
            if let Some(c) = current.as_mut() {
                c.1 = w.end;
            }
        } else if capital {
            phrases.extend(current.take());
            current = Some((w.start, w.end));
        } else {
            phrases.extend(current.take());
        }
    }
    phrases.extend(current);
    phrases
}

/// The name phrases of `clause` (with its `words`) that may be an event's object: of
/// two words or more, into `phrases`. Read once per clause, not per date (a clause of
/// 40,000 dates took 77 s).
fn object_phrases(clause: &str, words: &[Span], phrases: &mut Vec<(usize, usize)>) {
    phrases.clear();
    phrases.extend(
        name_phrases(clause, words)
            .into_iter()
            .filter(|&(s, e)| e - s > 2 && clause[s..e].split_whitespace().count() >= 2),
    );
}

/// The object of the event in `clause`, whose `words` hold an event verb (the
/// `vk`-th word), if the verb has one: (normalised, as written), among `phrases`
/// (`object_phrases`). The date is given by its range in the clause.
fn event_object(
    clause: &str,
    words: &[Span],
    vk: usize,
    phrases: &[(usize, usize)],
    (date_start, date_end): (usize, usize),
) -> Option<(String, String)> {
    let verb = *words.get(vk)?;
    let before = &clause[..verb.start];
    let passive = before.trim_end().ends_with(',')
        || vk
            .checked_sub(1)
            .is_some_and(|p| AUXILIARIES.contains(&clause[words[p].start..words[p].end].to_lowercase().as_str()));
    let apart_from_date = |&&(s, e): &&(usize, usize)| e <= date_start || s >= date_end;
    // " by" before the phrase, in any case (the last three bytes: no cased letter
    // past ASCII lowercases to these).
    let after_by = |s: usize| {
        let before = clause[..s].trim_end().as_bytes();
        before.len() >= 3 && before[before.len() - 3..].eq_ignore_ascii_case(b" by")
    };
    // The object stands right after an active verb (past "the", "a", "its"...),
    // or right before a passive one ("X, announced in", "X was announced").
    let filler = |gap: &str| {
        gap.split_whitespace().all(|w| {
            let w = w.trim_matches(',').to_lowercase();
            matches!(
                w.as_str(),
                "" | "the"
                    | "a"
                    | "an"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "was"
                    | "were"
                    | "is"
                    | "are"
                    | "been"
                    | "had"
                    | "has"
            )
        })
    };
    let object = if passive {
        // Phrases come in order, one after another: those ending before the verb are a run.
        let before_verb = &phrases[..phrases.partition_point(|&(_, e)| e <= verb.start)];
        before_verb.iter().rev().filter(apart_from_date).find(|&&(_, e)| filler(&clause[e..verb.start]))
    } else {
        let after_verb = &phrases[phrases.partition_point(|&(s, _)| s < verb.end)..];
        after_verb.iter().filter(apart_from_date).find(|&&(s, _)| !after_by(s) && filler(&clause[verb.end..s]))
    }?;
    let object_text = clause[object.0..object.1].trim_start_matches("The ").to_string();
    let normal: Vec<String> = object_text
        .split_whitespace()
        .map(|w| crate::terms::stem(&w.to_lowercase().replace('’', "'")))
        .filter(|w| !matches!(w.as_str(), "the" | "of" | "and" | "for" | "on"))
        .collect();
    Some((normal.join(" "), object_text))
}

/// Asserts that `groups` lists the named groups of `re` in capture order, and that it
/// has no unnamed group: what `capture_index` relies on.
#[cfg(test)]
pub(crate) fn assert_groups_in_capture_order(re: &regex::Regex, groups: &[&str]) {
    let names: Vec<&str> = re.capture_names().flatten().collect();
    assert_eq!(names, groups);
    assert_eq!(re.captures_len(), groups.len() + 1, "every group is named");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The title's names, as terms: possessives dropped (a curly apostrophe read as a
    /// straight one), stop words left out; in a sentence-case title the capitalised words,
    /// in title case those the body capitalises inside a sentence.
    #[test]
    fn a_title_names_its_brief_s_topic() {
        let topic_of = |text: &str| {
            let doc = Document::parse(text.to_string());
            let mut names = subject::Lexicon::default();
            // Names are read from paragraphs, as `extract` reads them.
            for block in doc.blocks.iter().filter(|b| matches!(b.kind, BlockKind::Paragraph { .. })) {
                let prose = doc.prose_text(block.span);
                names.read_names(prose, crate::document::text::words(prose, 0));
            }
            topic(&doc, &names)
        };
        let terms = |words: &[&str]| {
            TermSet::from_terms(words.iter().map(|w| crate::terms::term(&crate::terms::stem(w))).collect())
        };
        let body = "\n\nSanctions hit Kenya, then the banks of Nairobi.\n";
        assert_eq!(topic_of(&format!("# Kenya’s debt and China's loans{body}")), terms(&["kenya", "china"]));
        assert_eq!(topic_of(&format!("# Kenya’s Debt And China's Loans{body}")), terms(&["kenya"]));
        assert_eq!(topic_of(&format!("---\ntitle: The Nairobi’s Banks\n---\n{body}")), terms(&["nairobi"]));
        assert_eq!(topic_of(body), TermSet::default());
    }

    /// A thread keeps its sentence buffers for the next brief only while they are small: not
    /// after a sentence of 70,000 runs of digits and no space (one token, one word).
    #[test]
    fn a_long_sentence_s_buffers_are_not_kept_for_the_next_brief() {
        let file: Arc<str> = Arc::from("digits.md");
        let doc = Document::parse(format!("In 2024 {}.\n", "1x".repeat(70_000)));
        extract(&doc, &file);
        assert!(SCRATCH.with_borrow(Scratch::most_held) <= Scratch::MOST_KEPT);
        // A brief of ordinary sentences leaves its buffers for the next.
        extract(&Document::parse("In 2024 exports rose 5% to US$ 3 billion.\n".to_string()), &file);
        assert!(SCRATCH.with_borrow(Scratch::most_held) > 0);
    }

    /// Paragraphs read in runs side by side give the facts read in one pass: every brief
    /// of the fixtures and the example brief, each paragraph a run, and all of them as one.
    #[test]
    fn facts_read_in_runs_are_those_read_in_one_pass() {
        let mut paths: Vec<std::path::PathBuf> = ["fixtures/clean", "fixtures/broken"]
            .iter()
            .flat_map(std::fs::read_dir)
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.push("../shared/briefs/example-brief.md".into());
        let (mut figures, mut dates, mut events) = (0, 0, 0);
        for path in &paths {
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            // The brief twice over: more paragraphs, and restated facts.
            let doc = Document::parse(format!("{text}\n\n{text}"));
            let file: Arc<str> = Arc::from(path.display().to_string());
            let whole = extract_in_runs(&doc, &file, usize::MAX, 0);
            assert_eq!(extract_in_runs(&doc, &file, 0, 1), whole, "{}", path.display());
            assert_eq!(extract_in_runs(&doc, &file, 0, 700), whole, "{}", path.display());
            figures += whole.figures.iter().count();
            dates += whole.dates.len();
            events += whole.events.len();
        }
        // Enough of each to compare (the counts these briefs give, doubled).
        assert!(figures >= 20 && dates >= 50 && events >= 4, "{figures} figures, {dates} dates, {events} events");
    }

    #[test]
    fn a_clause_naming_more_than_16_names_or_32_other_words_keeps_no_figures() {
        let kept = |clause: &str| {
            let doc = Document::parse(format!("# T\n\nIn May 2024 {clause} rose 5%.\n"));
            extract(&doc, &Arc::from("t.md")).figures.len()
        };
        let names = |n: usize| (0..n).map(|k| format!("Name{k}")).collect::<Vec<_>>().join(" ");
        let words = |n: usize| (0..n).map(|k| format!("word{k}")).collect::<Vec<_>>().join(" ");
        assert_eq!(kept(&format!("exports of {}", names(16))), 1);
        assert_eq!(kept(&format!("exports of {}", names(17))), 0);
        // "rose" adds a direction to the clause's 31 words.
        assert_eq!(kept(&format!("Iran's {}", words(31))), 1);
        assert_eq!(kept(&format!("Iran's {}", words(32))), 0);
    }

    #[test]
    fn kept_figures_read_back_their_text_subject_and_place_after_repacking() {
        let text = "# Ghana outlook\n\nCocoa output fell 4% in 2024, the board said.\n\n\
                    Ghana's gold exports rose 12% in 2024. In Brazil, coffee exports rose 7% in 2023.\n\n\
                    Nigeria’s oil revenue reached US$ 24\nbillion in 2023.\n";
        let doc = Document::parse(text.to_string());
        let file: Arc<str> = Arc::from("ghana.md");
        let facts = extract(&doc, &file);
        let all = &facts.figures;
        let texts: Vec<&str> = all.iter().map(|f| f.text()).collect();
        assert_eq!(texts, ["4%", "12%", "7%", "US$ 24\nbillion"]);
        // Positions, including an end on the next line, and periods read back as packed.
        for kept in all.iter() {
            assert_eq!(kept.place(), Place::at(&doc, &file, kept.span()));
        }
        let years: Vec<(i32, i32)> = all.iter().map(|f| (f.period().start.0, f.period().end.0)).collect();
        assert_eq!(years, [(2024, 2024), (2024, 2024), (2023, 2023), (2023, 2023)]);
        // The first names no one in its clause: it takes Ghana from the title and stays in its brief.
        let explicit = all.explicit();
        let kept: Vec<(String, u32, u32)> =
            explicit.iter().map(|f| (f.text().to_string(), f.place().start.line, f.place().start.column)).collect();
        assert_eq!(kept, [("12%".into(), 5, 27), ("7%".into(), 5, 71), ("US$ 24\nbillion".into(), 7, 31)]);
        for (a, b) in all.iter().skip(1).zip(explicit.iter()) {
            assert_eq!(a.subject(), b.subject());
            assert_eq!(a.place(), b.place());
            assert_eq!(doc.text(b.span()), b.text());
        }
        assert!(!all.iter().next().is_some_and(|f| f.subject().explicit()));
    }

    #[test]
    fn an_event_in_a_later_clause_keeps_its_object() {
        // The date stands in the second clause: the object, right after the verb, lies
        // where the date would be if the clause started the sentence.
        let text = "# T\n\nTrade with the region fell by a wide margin; in March 2023 the ministry announced the Global Civilisation Initiative.\n";
        let doc = Document::parse(text.to_string());
        let facts = extract(&doc, &Arc::from("t.md"));
        let events: Vec<(&str, &str, &str)> =
            facts.events.iter().map(|e| (e.action, e.object_text.as_str(), e.place.text.as_str())).collect();
        assert_eq!(events, [("announce", "Global Civilisation Initiative", "March 2023")]);
    }

    #[test]
    fn prospective_words_and_event_verbs_in_any_case() {
        assert_eq!(action_of(b"Signed"), Some("sign"));
        assert_eq!((action_of(b"sign"), action_of(b"announcedx")), (None, None));
        assert!(is_prospective(b"WILL") && !is_prospective(b"willing") && !is_prospective("wíll".as_bytes()));
        for word in PROSPECTIVE.words().iter().chain(ACTION_FORMS.words()) {
            let upper = word.to_ascii_uppercase();
            assert!(TENSE_SHAPES.may_hold(word.as_bytes()) && TENSE_SHAPES.may_hold(upper.as_bytes()), "{word}");
        }
    }

    #[test]
    fn days_pack_into_32_bits_and_back() {
        for day in [(2024, 2, 29), (-500, 1, 1), (32767, 12, 31), (-32768, 1, 1)] {
            assert_eq!(pack_day(day).map(unpack_day), Some(day));
        }
        assert_eq!(pack_day((40000, 1, 1)), None);
        assert_eq!(pack_day((-40000, 1, 1)), None);
    }
}
