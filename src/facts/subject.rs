//! What a figure measures or what a dated event is: the content terms of the
//! clause around it, with named entities apart and change verbs folded into
//! a direction, so "trade fell" and "trade declined" describe the same thing.

use rustc_hash::FxHashSet;

use crate::terms::{Term, TermSet, is_stop_word, lower_into, lower_without_possessive, stem_term, term};

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subject {
    /// Stems of capitalised names: "china", "russia", "gazprom".
    pub entities: TermSet,
    /// The name opening the clause, its actor ("*Syria* deployed troops along the Libya border").
    pub lead: TermSet,
    /// The names came from the brief's title, not from the clause.
    pub inherited: bool,
    /// Stems of the other content words, and `RISE_TERM` / `FALL_TERM` for a direction.
    pub terms: TermSet,
}

/// The terms standing for a rise and a fall ("rose", "increased"; "fell", "declined").
pub const RISE_TERM: Term = term("+");
pub const FALL_TERM: Term = term("-");

/// A term naming a word, not a direction.
pub fn is_word(t: Term) -> bool {
    t != RISE_TERM && t != FALL_TERM
}

/// Words that describe when or how much, not what: dropped from subjects.
const NOISE: &[&str] = &[
    "about",
    "above",
    "almost",
    "approximately",
    "around",
    "billion",
    "bn",
    "cent",
    "compared",
    "early",
    "estimated",
    "exceeding",
    "fewer",
    "first",
    "fourth",
    "half",
    "just",
    "last",
    "late",
    "level",
    "m",
    "mid",
    "million",
    "month",
    "nearly",
    "over",
    "percent",
    "period",
    "quarter",
    "roughly",
    "second",
    "some",
    "third",
    "thousand",
    "total",
    "trillion",
    "under",
    "year",
    "year-on-year",
    "years",
];

const FALL: &[&str] = &[
    "fall", "fell", "fallen", "declin", "decreas", "drop", "dropp", "contract", "shrank", "shrunk", "shrink", "slump",
    "plung", "cut", "reduc", "lower",
];
const RISE: &[&str] = &[
    "rise", "rose", "risen", "ris", "increas", "grew", "grown", "grow", "climb", "jump", "surg", "expand", "doubl",
    "tripl", "higher", "gain",
];

/// Stems of up to three content words right after `end` in `clause`, stopping at
/// the first stop word or punctuation: sorted, without repeats.
pub fn head_after(clause: &str, end: usize) -> Head {
    let rest = &clause[end.min(clause.len())..];
    let mut head = Head::default();
    HEAD_WORDS.with_borrow_mut(|(known, lower, buffer)| {
        for word in rest.split_whitespace().take(3) {
            let HeadWord::Term(t, last) = known.read(word, |w| HeadWord::of(w, lower, buffer)) else { break };
            head.insert(t);
            if last {
                break;
            }
        }
    });
    head
}

/// What `head_after` reads of a word (as split at white space).
#[derive(Debug, Clone, Copy)]
enum HeadWord {
    /// A stop word, a number or other non-word: the head ends before it.
    Stop,
    /// The stem's term, and whether the head ends after it (punctuation follows).
    Term(Term, bool),
}

impl HeadWord {
    fn of(word: &str, lower: &mut String, buffer: &mut String) -> HeadWord {
        lower_into(word.trim_end_matches(|c: char| !c.is_alphanumeric()), lower);
        if lower.is_empty() || is_stop_word(lower) || !lower.chars().all(|c| c.is_alphabetic() || c == '-') {
            return HeadWord::Stop;
        }
        HeadWord::Term(stem_term(lower, buffer), word.ends_with(|c: char| !c.is_alphanumeric()))
    }
}

thread_local! {
    /// `head_after`'s words read so far, and its lower-cased word and stem, kept from call to call.
    static HEAD_WORDS: std::cell::RefCell<(crate::terms::WordMemo<HeadWord>, String, String)> = Default::default();
}

/// The head terms of a figure (`head_after`): at most three, sorted, without repeats.
#[derive(Debug, Clone, Copy, Default)]
pub struct Head {
    terms: [Term; 3],
    len: usize,
}

impl Head {
    fn insert(&mut self, t: Term) {
        let held = &self.terms[..self.len];
        let at = held.partition_point(|&x| x < t);
        // `head_after` reads at most three words: a fourth term cannot come.
        if held.get(at) == Some(&t) || self.len == self.terms.len() {
            return;
        }
        self.terms.copy_within(at..self.len, at + 1);
        self.terms[at] = t;
        self.len += 1;
    }

    pub fn as_slice(&self) -> &[Term] {
        &self.terms[..self.len]
    }
}

/// Country names (one word each): a capitalised word opening a sentence that is
/// one of these is a name even where the brief writes it nowhere else.
const COUNTRIES: &[&str] = &[
    "afghanistan",
    "albania",
    "algeria",
    "andorra",
    "angola",
    "argentina",
    "armenia",
    "australia",
    "austria",
    "azerbaijan",
    "bahamas",
    "bahrain",
    "bangladesh",
    "barbados",
    "belarus",
    "belgium",
    "belize",
    "benin",
    "bhutan",
    "bolivia",
    "bosnia",
    "botswana",
    "brazil",
    "brunei",
    "bulgaria",
    "burkina",
    "burundi",
    "cambodia",
    "cameroon",
    "canada",
    "chad",
    "chile",
    "china",
    "colombia",
    "comoros",
    "congo",
    "croatia",
    "cuba",
    "cyprus",
    "czechia",
    "denmark",
    "djibouti",
    "dominica",
    "ecuador",
    "egypt",
    "eritrea",
    "estonia",
    "eswatini",
    "ethiopia",
    "fiji",
    "finland",
    "france",
    "gabon",
    "gambia",
    "georgia",
    "germany",
    "ghana",
    "greece",
    "grenada",
    "guatemala",
    "guinea",
    "guyana",
    "haiti",
    "honduras",
    "hungary",
    "iceland",
    "india",
    "indonesia",
    "iran",
    "iraq",
    "ireland",
    "israel",
    "italy",
    "jamaica",
    "japan",
    "jordan",
    "kazakhstan",
    "kenya",
    "kiribati",
    "korea",
    "kosovo",
    "kuwait",
    "kyrgyzstan",
    "laos",
    "latvia",
    "lebanon",
    "lesotho",
    "liberia",
    "libya",
    "liechtenstein",
    "lithuania",
    "luxembourg",
    "madagascar",
    "malawi",
    "malaysia",
    "maldives",
    "mali",
    "malta",
    "mauritania",
    "mauritius",
    "mexico",
    "micronesia",
    "moldova",
    "monaco",
    "mongolia",
    "montenegro",
    "morocco",
    "mozambique",
    "myanmar",
    "namibia",
    "nauru",
    "nepal",
    "netherlands",
    "nicaragua",
    "niger",
    "nigeria",
    "norway",
    "oman",
    "pakistan",
    "palau",
    "palestine",
    "panama",
    "paraguay",
    "peru",
    "philippines",
    "poland",
    "portugal",
    "qatar",
    "romania",
    "russia",
    "rwanda",
    "samoa",
    "senegal",
    "serbia",
    "seychelles",
    "singapore",
    "slovakia",
    "slovenia",
    "somalia",
    "spain",
    "sudan",
    "suriname",
    "sweden",
    "switzerland",
    "syria",
    "taiwan",
    "tajikistan",
    "tanzania",
    "thailand",
    "togo",
    "tonga",
    "tunisia",
    "turkey",
    "turkmenistan",
    "tuvalu",
    "türkiye",
    "uganda",
    "ukraine",
    "uruguay",
    "uzbekistan",
    "vanuatu",
    "venezuela",
    "vietnam",
    "yemen",
    "zambia",
    "zimbabwe",
];

/// Where the clauses of a sentence start and end, into `bounds`: it splits at `;`, `:`, dashes and
/// `, and|but|while|whereas|which`.
pub fn clause_bounds(sentence: &str, bounds: &mut Vec<usize>) {
    bounds.clear();
    bounds.push(0);
    // The bounds are ASCII or a dash (E2 80 93, E2 80 94): the bytes tell them.
    let bytes = sentence.as_bytes();
    for i in memchr::memchr3_iter(b';', b':', b',', bytes).chain(memchr::memchr_iter(0xE2, bytes)) {
        match bytes[i] {
            b';' | b':' => bounds.push(i + 1),
            b',' => {
                let rest = sentence[i + 1..].trim_start();
                let joins = ["and ", "but ", "while ", "whereas ", "which ", "although ", "though "];
                if joins.iter().any(|j| rest.starts_with(j)) {
                    bounds.push(i + 1);
                }
            }
            _ if matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x93 | 0x94])) => bounds.push(i + 3),
            _ => {}
        }
    }
    bounds.sort_unstable();
    bounds.push(sentence.len());
    bounds.dedup();
}

/// The clause of the sentence with `bounds` (see `clause_bounds`) holding byte `at`.
pub fn clause_in(bounds: &[usize], at: usize) -> (usize, usize) {
    let k = bounds.partition_point(|&b| b <= at).saturating_sub(1);
    let last = bounds.last().copied().unwrap_or(0);
    (bounds.get(k).copied().unwrap_or(0), bounds.get(k + 1).copied().unwrap_or(last))
}

/// The clause of `sentence` holding byte `at`.
#[cfg(test)]
pub fn clause_at(sentence: &str, at: usize) -> (usize, usize) {
    let mut bounds = Vec::new();
    clause_bounds(sentence, &mut bounds);
    clause_in(&bounds, at)
}

/// Lower-cased words written with a capital inside a sentence somewhere in `text`:
/// the document's names, used to judge a capitalised word that opens a sentence.
#[cfg(test)]
pub fn names_in(text: &str) -> FxHashSet<Term> {
    let mut lexicon = Lexicon::default();
    lexicon.read_names(text, crate::document::text::words(text, 0));
    lexicon.names
}

/// What a brief tells about its words (lower-cased, as term ids): which it
/// capitalises inside sentences (names), and which it writes in lower case (common words).
#[derive(Debug, Clone, Default)]
pub struct Lexicon<'d> {
    pub names: FxHashSet<Term>,
    /// The names the brief also writes in lower case, read on first use: most
    /// briefs never ask (see `opening_part_is_name`).
    common: std::sync::OnceLock<FxHashSet<Term>>,
    /// The texts the common words are read from, each with its words (from `base`) and `base`.
    texts: Vec<(&'d str, &'d [crate::document::Span], usize)>,
    /// The shapes of the names, as lower-cased.
    shapes: Shapes,
    /// A word lower-cased, kept from paragraph to paragraph.
    lower: String,
}

impl<'d> Lexicon<'d> {
    /// A capitalised word opening a sentence is a name if the brief capitalises it
    /// inside a sentence elsewhere and never writes it in lower case. (A word that
    /// only ever opens sentences, like "Inflation", stays a common word.)
    fn opening_part_is_name(&self, part: &Part) -> bool {
        part.country || (self.names.contains(&part.lower) && !self.common().contains(&part.lower))
    }

    /// Lexicon with `names` and `common` words, in tests.
    #[cfg(test)]
    fn of(names: FxHashSet<Term>, common: FxHashSet<Term>) -> Lexicon<'static> {
        Lexicon { names, common: common.into(), ..Lexicon::default() }
    }

    pub fn is_name(&self, lower: &str) -> bool {
        self.names.contains(&term(lower))
    }

    /// Adds the names of `text` (with its words, as `text::words` gives them, from 0):
    /// the words capitalised where they do not open a sentence.
    pub fn read_names(&mut self, text: &str, words: impl Iterator<Item = crate::document::Span>) {
        let mut lower = std::mem::take(&mut self.lower);
        // Names are capitalised: a number is none. Most words open with an ASCII byte, and
        // those that open with a capital are picked out without a branch each.
        let may_be_capital = |w: crate::document::Span| {
            text.as_bytes().get(w.start).is_some_and(|&b| b.is_ascii_uppercase() || b >= 0x80)
        };
        crate::swar::each_where(words, may_be_capital, |w| {
            let capital = match text.as_bytes().get(w.start) {
                Some(b) if b.is_ascii() => true,
                _ => text.get(w.start..).and_then(|rest| rest.chars().next()).is_some_and(char::is_uppercase),
            };
            if !capital {
                return;
            }
            let word = &text[w.start..w.end];
            if opens_sentence(&text.as_bytes()[..w.start]) {
                return;
            }
            lower_into(word, &mut lower);
            // A brief repeats its names: one already read is not looked up among the stop words.
            let name = term(&lower);
            if !self.names.contains(&name) && !is_stop_word(&lower) {
                self.names.insert(name);
                self.shapes.add(&lower);
            }
        });
        self.lower = lower;
    }

    /// This lexicon with the names of `other` (read from other texts) added.
    pub fn with_names_of(mut self, other: Lexicon<'d>) -> Lexicon<'d> {
        self.names.extend(other.names);
        for (mine, theirs) in self.shapes.0.iter_mut().zip(other.shapes.0) {
            *mine |= theirs;
        }
        self
    }

    /// Keeps `text` (its `words` spans start at `base`) to read its common words from
    /// (names it writes in lower case) when they are first asked for: after the names
    /// of every text, since a name may first appear after its lower-case use.
    pub fn keep_for_common(&mut self, text: &'d str, words: &'d [crate::document::Span], base: usize) {
        self.texts.push((text, words, base));
    }

    fn common(&self) -> &FxHashSet<Term> {
        self.common.get_or_init(|| {
            let mut common = FxHashSet::default();
            for &(text, words, base) in &self.texts {
                for w in words {
                    let word = text.get(w.start.saturating_sub(base)..w.end.saturating_sub(base)).unwrap_or("");
                    // Most words have no name's first byte and length: they are not hashed.
                    if self.shapes.may_hold(word) && word.chars().next().is_some_and(char::is_lowercase) {
                        let t = term(word);
                        if self.names.contains(&t) {
                            common.insert(t);
                        }
                    }
                }
            }
            common
        })
    }
}

/// The (first byte, length) pairs of a set of words, in 1,024 bits: a word whose pair
/// is not set is none of them.
#[derive(Debug, Clone, Default)]
struct Shapes([u64; 16]);

impl Shapes {
    fn bit(word: &str) -> usize {
        let first = word.as_bytes().first().copied().unwrap_or(0);
        (usize::from(first) * 61 + word.len()) % 1024
    }

    fn add(&mut self, word: &str) {
        let bit = Shapes::bit(word);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn may_hold(&self, word: &str) -> bool {
        let bit = Shapes::bit(word);
        self.0[bit / 64] & 1 << (bit % 64) != 0
    }
}

/// The subject of `clause`, skipping the byte ranges in `skip` (the figures and
/// dates themselves). A capitalised word opening the clause is a name when `names` has it.
#[cfg(test)]
pub fn subject(clause: &str, skip: &[(usize, usize)], lexicon: &Lexicon) -> Subject {
    let words: Vec<crate::document::Span> = crate::document::text::words(clause, 0).collect();
    let mut subject = Subject::default();
    let mut skip = skip.to_vec();
    skip.sort_unstable();
    subject_of(clause, &words, &skip, lexicon, &mut subject);
    subject
}

/// The words of `clause[..cut]`, `words` being those of `clause`: those ending by the
/// cut (a word is read alike without what follows its end), unless one runs across
/// the cut, when the cut clause is read again.
fn words_before<'w>(
    clause: &str,
    words: &'w [crate::document::Span],
    cut: usize,
) -> std::borrow::Cow<'w, [crate::document::Span]> {
    let before = words.partition_point(|w| w.end <= cut);
    match (words.get(before), clause.get(..cut)) {
        (Some(across), Some(cut_clause)) if across.start < cut => {
            std::borrow::Cow::Owned(crate::document::text::words(cut_clause, 0).collect())
        }
        _ => std::borrow::Cow::Borrowed(&words[..before]),
    }
}

/// `subject`, with the words of `clause` (as `text::words` gives them, from 0), into
/// `subject`: its sets are refilled, so one subject serves clause after clause. `skip`
/// is sorted by start.
pub fn subject_of(
    clause: &str,
    words: &[crate::document::Span],
    skip: &[(usize, usize)],
    lexicon: &Lexicon,
    subject: &mut Subject,
) {
    // Attribution names the source, not the thing measured: the words before it, as
    // read in the clause cut there (the cut may end a word differently).
    static ACCORDING_TO: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("according to"));
    let cut = ACCORDING_TO.find(clause.as_bytes());
    let words = match cut {
        Some(i) => words_before(clause, words, i),
        None => std::borrow::Cow::Borrowed(words),
    };
    let words = &words[..];
    let clause = cut.map_or(clause, |i| &clause[..i]);
    let mut first = true;
    let mut lead_end: Option<usize> = None;
    let mut skipped = super::scan::Overlaps::new(skip);
    SUBJECT_WORDS.with_borrow_mut(|known| {
        let [mut entities, mut lead, mut terms] = std::mem::take(&mut known.gathered).map(|mut v| {
            v.clear();
            v
        });
        for &w in words {
            let sentence_start = first && clause[..w.start].trim().is_empty();
            first = false;
            if skipped.hit(w.start, w.end) {
                continue;
            }
            let word = &clause[w.start..w.end];
            if !word.chars().next().is_some_and(char::is_alphabetic) {
                continue;
            }
            let Some(info) = known.read(word) else { continue };
            let name = info.capitalised
                && (!sentence_start || info.possessive || info.parts.iter().all(|p| lexicon.opening_part_is_name(p)));
            // "Russia–China": a name joined to the opening name by a dash shares the lead.
            let joined_to_lead = !lead.is_empty()
                && lead_end.is_some_and(|e: usize| matches!(clause[e..w.start].trim(), "–" | "—" | "-" | "/"));
            if name {
                // "China–Russia" is two names.
                for t in info.parts.iter().filter_map(|p| p.stem) {
                    entities.push(t);
                    if sentence_start || joined_to_lead {
                        lead.push(t);
                        lead_end = Some(w.end);
                    }
                }
                continue;
            }
            terms.push(info.term);
        }
        subject.entities.refill(&mut entities);
        subject.lead.refill(&mut lead);
        subject.terms.refill(&mut terms);
        subject.inherited = false;
        known.gathered = [entities, lead, terms];
    })
}

/// Whether a word after `before` opens a sentence (or a heading, list item, quote or
/// label): what precedes it, past spaces, tabs, quotes and an opening parenthesis, is
/// the text's start or ends one. Bytes are read back, not characters decoded: the marks
/// are ASCII, and a character past ASCII ends none.
fn opens_sentence(mut before: &[u8]) -> bool {
    loop {
        match before {
            [rest @ .., b' ' | b'"' | b'(' | b'\t'] => before = rest,
            [rest @ .., 0xE2, 0x80, 0x9C] => before = rest,
            [.., last] => return matches!(last, b'.' | b'?' | b'!' | b'\n' | b'#' | b'*' | b'>' | b':'),
            [] => return true,
        }
    }
}

/// A part of a word between hyphens, as `subject` reads it.
#[derive(Debug, Clone)]
struct Part {
    /// The part's term (lower case), to look it up among the brief's names.
    lower: Term,
    /// One of `COUNTRIES`.
    country: bool,
    /// Its stem's term; None for an empty part ("a--b").
    stem: Option<Term>,
}

impl Part {
    fn of(lower: &str, buffer: &mut String) -> Part {
        let stem = (!lower.is_empty()).then(|| stem_term(lower, buffer));
        Part { lower: term(lower), country: COUNTRIES.binary_search(&lower).is_ok(), stem }
    }
}

/// What `subject` needs of a content word: all it depends on but the brief's names.
#[derive(Debug, Clone)]
struct SubjectWord {
    capitalised: bool,
    possessive: bool,
    /// Its hyphen-separated parts (of the lower-cased word without a possessive).
    parts: Vec<Part>,
    /// Its stem's term, or `RISE_TERM` / `FALL_TERM` for a change verb.
    term: Term,
}

impl SubjectWord {
    /// None for a word no subject holds: a stop word, noise, a month.
    fn of(word: &str) -> Option<SubjectWord> {
        let (mut lower, mut buffer) = (String::new(), String::new());
        lower_without_possessive(word, &mut lower);
        if is_stop_word(&lower) || NOISE.binary_search(&lower.as_str()).is_ok() || super::dates::is_month_word(&lower) {
            return None;
        }
        let parts = lower.split('-').map(|p| Part::of(p, &mut buffer)).collect();
        let stem = stem_term(&lower, &mut buffer);
        let term = if FALL.iter().any(|f| buffer.starts_with(f)) {
            FALL_TERM
        } else if RISE.iter().any(|r| buffer.starts_with(r)) {
            RISE_TERM
        } else {
            stem
        };
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        let possessive = word.ends_with("'s") || word.ends_with("’s");
        Some(SubjectWord { capitalised, possessive, parts, term })
    }
}

/// Words `subject` has read, per thread: a brief repeats its words.
#[derive(Default)]
struct KnownWords {
    index: crate::terms::WordMap<usize>,
    words: Vec<Option<SubjectWord>>,
    /// A clause's entities, lead and terms as they are read, kept from clause to clause.
    gathered: [Vec<Term>; 3],
}

impl KnownWords {
    /// How many words are remembered before starting afresh.
    const MOST: usize = 1 << 14;

    fn read(&mut self, word: &str) -> Option<&SubjectWord> {
        let k = match self.index.get(word) {
            Some(&k) => k,
            None => {
                if self.words.len() >= Self::MOST {
                    self.index.clear();
                    self.words.clear();
                }
                self.words.push(SubjectWord::of(word));
                self.index.insert(word, self.words.len() - 1);
                self.words.len() - 1
            }
        };
        self.words.get(k)?.as_ref()
    }
}

thread_local! {
    static SUBJECT_WORDS: std::cell::RefCell<KnownWords> = Default::default();
}

impl Subject {
    /// Same thing measured (see `PackedSubject::same_as`), with no head terms.
    #[cfg(test)]
    fn same_as(&self, other: &Subject) -> bool {
        self.same_as_with_heads(&[], other, &[])
    }

    /// `same_as`, each subject with the head terms of its figure.
    #[cfg(test)]
    fn same_as_with_heads(&self, head: &[Term], other: &Subject, other_head: &[Term]) -> bool {
        let (mut mine, mut theirs) = (Vec::new(), Vec::new());
        let (a, b) = (
            self.pack_with(head, std::iter::empty(), &mut mine),
            other.pack_with(other_head, std::iter::empty(), &mut theirs),
        );
        a.view(&mine).same_as(&b.view(&theirs))
    }

    /// Appends entities, lead, `head` and terms (with `more` added) to `pool`, one after
    /// the other; the subject is kept as where they stand there. `head` is the stems of
    /// the words right after a figure ("a $2bn *logistics corridor*"): what it counts;
    /// one clause's subject is packed so for each of its figures, without a copy per figure.
    pub fn pack_with(&self, head: &[Term], mut more: impl Iterator<Item = Term>, pool: &mut Vec<Term>) -> SubjectAt {
        let at = pool.len() as u32;
        let mut ends = [0u16; 4];
        let mut end = 0u16;
        for (k, part) in
            [self.entities.as_slice(), self.lead.as_slice(), head, self.terms.as_slice()].into_iter().enumerate()
        {
            let from = pool.len();
            pool.extend_from_slice(part);
            if k == 3 {
                // The terms with `more`, still sorted and without repeats.
                for t in more.by_ref() {
                    if let Err(i) = pool[from..].binary_search(&t) {
                        pool.insert(from + i, t);
                    }
                }
            }
            // A clause has far fewer than 65,535 words; a longer part is cut, not wrapped.
            let take = (pool.len() - from).min(usize::from(u16::MAX - end));
            pool.truncate(from + take);
            end += take as u16;
            ends[k] = end;
        }
        SubjectAt { at, ends, inherited: self.inherited }
    }
}

/// Where a packed subject stands in its pool of terms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubjectAt {
    at: u32,
    /// Where entities, lead, head and terms end, from `at`.
    ends: [u16; 4],
    pub inherited: bool,
}

impl SubjectAt {
    /// `subject` appended to another pool.
    pub fn repack(subject: &PackedSubject<'_>, pool: &mut Vec<Term>) -> SubjectAt {
        let at = pool.len() as u32;
        pool.extend_from_slice(subject.terms);
        SubjectAt { at, ends: subject.ends, inherited: subject.inherited }
    }

    /// The same subject in a pool with `by` more terms before it (pools joined end to end).
    pub fn shifted(self, by: u32) -> SubjectAt {
        SubjectAt { at: self.at.wrapping_add(by), ..self }
    }

    /// The subject, read from the pool it was packed into.
    pub fn view<'a>(&self, pool: &'a [Term]) -> PackedSubject<'a> {
        let start = self.at as usize;
        let terms = pool.get(start..start + usize::from(self.ends[3])).unwrap_or(&[]);
        PackedSubject { terms, ends: self.ends, inherited: self.inherited }
    }
}

/// A `Subject` packed: entities, lead, head and terms one after the other, each sorted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PackedSubject<'a> {
    terms: &'a [Term],
    ends: [u16; 4],
    pub inherited: bool,
}

/// A packed subject as a hash key: two subjects with the same key are the same.
pub type SubjectKey<'a> = (&'a [Term], [u16; 4], bool);

impl<'a> PackedSubject<'a> {
    pub fn key(&self) -> SubjectKey<'a> {
        (self.terms, self.ends, self.inherited)
    }

    fn part(&self, k: usize) -> &'a [Term] {
        let start = if k == 0 { 0 } else { usize::from(self.ends[k - 1]) };
        let end = usize::from(self.ends[k]);
        self.terms.get(start..end).unwrap_or(&[])
    }

    pub fn entities(&self) -> &'a [Term] {
        self.part(0)
    }

    /// How many terms it packs (of all its parts): what repacking it adds to a pool.
    pub fn packed_len(&self) -> usize {
        self.terms.len()
    }

    pub fn terms(&self) -> &'a [Term] {
        self.part(3)
    }

    /// Across briefs, only subjects that name something can be the same.
    pub fn named(&self) -> bool {
        !self.entities().is_empty()
    }

    /// Named in its own clause (not from the title): comparable across briefs.
    pub fn explicit(&self) -> bool {
        self.named() && !self.inherited
    }

    /// Same thing measured: compatible names and most terms of the smaller side shared.
    pub fn same_as(&self, other: &PackedSubject<'_>) -> bool {
        let disjoint = |a: &[Term], b: &[Term]| crate::terms::shared(a, b).next().is_none();
        let (mine, theirs) = (self.entities(), other.entities());
        let names = match (mine.is_empty(), theirs.is_empty()) {
            (true, true) => true,
            (false, false) => {
                // Strict majority: "Ghana, World Bank" is not "India, World Bank".
                let shared = crate::terms::shared(mine, theirs).count();
                shared * 2 > mine.len() + theirs.len() - shared
            }
            _ => false,
        };
        // Names taken from titles are weak evidence: they must match exactly.
        let inherited_differ = (self.inherited || other.inherited) && mine != theirs;
        if !names || inherited_differ {
            return false;
        }
        let (head, other_head) = (self.part(2), other.part(2));
        if !head.is_empty() && !other_head.is_empty() && disjoint(head, other_head) {
            return false;
        }
        let (lead, other_lead) = (self.part(1), other.part(1));
        if !lead.is_empty() && !other_lead.is_empty() && disjoint(lead, other_lead) {
            return false;
        }
        // A direction alone (`+`, `-`) is not a shared subject.
        let (terms, other_terms) = (self.terms(), other.terms());
        let shared = crate::terms::shared(terms, other_terms).count();
        let shared_words = crate::terms::shared(terms, other_terms).filter(|&t| is_word(t)).count();
        let smaller = terms.len().min(other_terms.len());
        // A change ("rose by") and a level ("accounts for") are different measures.
        let direction = |t: &[Term]| t.contains(&RISE_TERM) || t.contains(&FALL_TERM);
        direction(terms) == direction(other_terms) && shared_words >= 1 && shared * 4 > smaller * 3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading back bytes finds a sentence's opening as reading back characters does.
    #[test]
    fn sentence_openings_read_back_by_byte_are_those_read_by_character() {
        let by_character = |before: &str| {
            (before.trim_end_matches([' ', '"', '“', '(', '\t']).chars().next_back())
                .is_none_or(|c| matches!(c, '.' | '?' | '!' | '\n' | '#' | '*' | '>' | ':'))
        };
        let pieces = [" ", "\"", "“", "”", "(", "\t", ".", "?", "!", "\n", "#", "*", ">", ":", "a", "é", "’", "\u{9c}"];
        let mut next = crate::testing::numbers(5);
        for _ in 0..5000 {
            let before: String = (0..next(6)).map(|_| pieces[next(pieces.len() as u64) as usize]).collect();
            assert_eq!(opens_sentence(before.as_bytes()), by_character(&before), "{before:?}");
        }
    }

    /// The words of a clause cut at "according to", taken from the whole clause's words,
    /// are those of the cut clause read again: over random clauses of letters, digits,
    /// joiners and spaces, the phrase between words or inside one.
    #[test]
    fn words_before_a_cut_are_the_cut_clause_s_words() {
        let pieces = ["a", "Bc", "7", "1,2", "'", "’", "-", ".", ",", " ", "  ", "é", "x.", "u-"];
        let mut next = crate::testing::numbers(3);
        let mut straddled = 0;
        for _ in 0..3000 {
            let mut clause = String::new();
            for _ in 0..next(12) {
                clause.push_str(pieces[next(pieces.len() as u64) as usize]);
            }
            let cut = clause.len();
            clause.push_str("according to");
            for _ in 0..next(4) {
                clause.push_str(pieces[next(pieces.len() as u64) as usize]);
            }
            let words: Vec<_> = crate::document::text::words(&clause, 0).collect();
            let expected: Vec<_> = crate::document::text::words(&clause[..cut], 0).collect();
            let got = words_before(&clause, &words, cut);
            straddled += usize::from(matches!(got, std::borrow::Cow::Owned(_)));
            assert_eq!(&got[..], &expected[..], "{clause:?}");
        }
        assert!(straddled > 100, "{straddled}");
    }

    #[test]
    fn lexicons_joined_hold_the_names_and_shapes_of_both() {
        let read = |text: &'static str| {
            let mut lexicon = Lexicon::default();
            lexicon.read_names(text, crate::document::text::words(text, 0));
            lexicon
        };
        let joined = read("Talks in Minsk ended.").with_names_of(read("Then the Kremlin spoke."));
        for name in ["minsk", "kremlin"] {
            assert!(joined.is_name(name), "{name}");
            assert!(joined.shapes.may_hold(name), "{name}");
        }
        assert!(!joined.is_name("talks") && !joined.is_name("then"));
    }

    fn of(clause: &str) -> Subject {
        let names = ["china", "russia", "india", "brazil", "ghana"].map(term).into_iter().collect();
        let common = ["trade", "output"].map(term).into_iter().collect();
        subject(clause, &[], &Lexicon::of(names, common))
    }

    #[test]
    fn names_are_words_capitalised_inside_sentences() {
        let names = names_in("Trade with China grew. Russia and Iran met.\n\nGas fell.");
        assert_eq!(names, ["china", "iran"].map(term).into_iter().collect());
        // Numbers are not capitalised, so never names.
        let names = names_in("Trade with China grew 12% in 2025, to ¥4.2 trillion.");
        assert_eq!(names, ["china"].map(term).into_iter().collect());
    }

    #[test]
    fn directions_fold_and_names_split() {
        let a = of("China–Russia trade fell by 12%");
        assert_eq!(a.entities, TermSet::from_terms(["china", "russia"].map(term).into()));
        assert!(a.terms.contains(FALL_TERM) && a.terms.contains(term(&crate::terms::stem("trade"))), "{a:?}");
        let b = of("Trade between Russia and China declined");
        assert!(a.same_as(&b), "{a:?} {b:?}");
    }

    #[test]
    fn different_things_or_places_differ() {
        let trade = of("China–Russia trade fell");
        assert!(!trade.same_as(&of("China–Russia gas deliveries fell")));
        assert!(!trade.same_as(&of("China–India trade fell")));
        assert!(!trade.same_as(&of("Brazil's trade fell")));
        let canal = of("opposition parties announced a canal with Iraq");
        let canal_head = head_after("a $2.2 trillion canal with Iraq", 16);
        let corridor = of("opposition parties announced a logistics corridor with Iraq");
        let corridor_head = head_after("a $12.1 billion logistics corridor with Iraq", 15);
        assert_eq!(corridor_head.as_slice().len(), 2);
        assert!(!canal.same_as_with_heads(canal_head.as_slice(), &corridor, corridor_head.as_slice()));
        let france = of("France's debt service rose by some 11.6% in May 2020, according to the World Bank");
        assert!(france.entities.contains(term("franc")) && !france.entities.contains(term("bank")), "{france:?}");
        let rise = of("The Philippines's lithium production rose by nearly 12%");
        assert!(!rise.same_as(&of("The corridor accounts for nearly 18% of the Philippines's lithium production")));
        assert!(
            !of("Pakistan has deployed troops along the Ukraine border")
                .same_as(&of("Libya has deployed troops along the Ukraine border"))
        );
        let syria = of("Syria has deployed troops along the Libya border");
        assert!(!syria.same_as(&of("Libya has deployed troops along the Syria border")));
        assert!(of("Russia–China trade fell").same_as(&of("China–Russia trade fell")));
        let inflation = Lexicon::default();
        assert!(subject("Inflation reached 5% in May 2023", &[], &inflation).entities.is_empty());
        let ghana = of("Ghana received $67.7 billion from the World Bank");
        assert!(!ghana.same_as(&of("India received $5.2 million from the World Bank")));
    }

    #[test]
    fn an_opening_name_is_one_the_brief_never_writes_in_lower_case() {
        let text = "Exports of Gas and of Gazprom rose.\n\nThe gas price fell.";
        let words: Vec<crate::document::Span> = crate::document::text::words(text, 0).collect();
        let mut lexicon = Lexicon::default();
        lexicon.read_names(text, words.iter().copied());
        lexicon.keep_for_common(text, &words, 0);
        assert_eq!(subject("Gazprom output fell by 5%", &[], &lexicon).entities.as_slice(), [term("gazprom")]);
        assert!(subject("Gas output fell by 5%", &[], &lexicon).entities.is_empty());
    }

    #[test]
    fn countries_and_noise_are_sorted_for_binary_search() {
        assert!(COUNTRIES.windows(2).all(|w| w[0] < w[1]));
        assert!(NOISE.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn clause_bounds_are_found_by_their_bytes() {
        // The version that read every character: the oracle.
        let by_chars = |sentence: &str| {
            let mut bounds = vec![0];
            for (i, c) in sentence.char_indices() {
                if matches!(c, ';' | ':' | '–' | '—') {
                    bounds.push(i + c.len_utf8());
                } else if c == ',' {
                    let rest = sentence[i + 1..].trim_start();
                    let joins = ["and ", "but ", "while ", "whereas ", "which ", "although ", "though "];
                    if joins.iter().any(|j| rest.starts_with(j)) {
                        bounds.push(i + 1);
                    }
                }
            }
            bounds.push(sentence.len());
            bounds.dedup();
            bounds
        };
        let pieces = ["a", " ", ";", ":", ",", "–", "—", "−", "’", ", and x", ",which", ",\u{a0}but y", "€", "é"];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}"))).collect();
            texts.extend(longer);
        }
        let mut bounds = Vec::new();
        for text in &texts {
            clause_bounds(text, &mut bounds);
            assert_eq!(bounds, by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn clauses() {
        let s = "Trade fell by 9%, while gas deliveries rose by 20%.";
        let at = s.find("20%").unwrap();
        let (a, b) = clause_at(s, at);
        assert_eq!(&s[a..b], " while gas deliveries rose by 20%.");
    }
}
