//! `metric` (Vale): a formula over document counts (words, sentences,
//! syllables, …) compared with a condition, such as a readability grade.

use crate::document::{BlockKind, Span};
use crate::finding::Finding;
use crate::rules::Rule;

use super::Context;

/// Counts a formula can name.
pub const VARIABLES: &[&str] = &[
    "words",
    "sentences",
    "syllables",
    "characters",
    "complex_words",
    "long_words",
    "polysyllabic_words",
    "paragraphs",
    "pre",
    "list",
    "blockquote",
    "heading.h1",
    "heading.h2",
    "heading.h3",
    "heading.h4",
    "heading.h5",
    "heading.h6",
];

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Variable(usize),
    Binary(Box<Expr>, char, Box<Expr>),
    Negate(Box<Expr>),
    Sqrt(Box<Expr>),
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub formula: Expr,
    /// `>`, `>=`, `<`, `<=`, `==` or `!=`, and the value compared with.
    pub operator: String,
    pub bound: f64,
}

impl Metric {
    /// Evaluated over everything the rule's scope selects; `%s` is the value
    /// with two decimals. A formula dividing by zero reports nothing.
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let selected = ctx.selection(rule);
        let Some(first) = selected.first().map(|&(_, s)| s) else { return };
        let counts = counts(ctx, &selected);
        let Some(value) = eval(&self.formula, &counts).filter(|v| v.is_finite()) else { return };
        let hit = match self.operator.as_str() {
            ">" => value > self.bound,
            ">=" => value >= self.bound,
            "<" => value < self.bound,
            "<=" => value <= self.bound,
            "==" => (value - self.bound).abs() < 1e-9,
            _ => (value - self.bound).abs() >= 1e-9,
        };
        if hit {
            let at = super::occurrence::trimmed(ctx.doc.prose_text(first), first);
            out.push(ctx.finding(rule, at, &[&format!("{value:.2}")], None));
        }
    }
}

fn counts(ctx: &Context, selected: &[(usize, Span)]) -> Vec<f64> {
    let doc = ctx.doc;
    let mut c = vec![0.0; VARIABLES.len()];
    let mut blocks = std::collections::BTreeSet::new();
    for &(unit, span) in selected {
        blocks.extend(ctx.units[unit].block);
        for w in doc.words(span) {
            let word = doc.prose_text(w);
            let letters = word.chars().filter(|ch| ch.is_alphanumeric()).count();
            let syllables = syllables(word);
            c[0] += 1.0;
            c[2] += syllables as f64;
            c[3] += letters as f64;
            c[4] += f64::from(u8::from(syllables >= 3 && !word.contains('-')));
            c[5] += f64::from(u8::from(letters > 6));
            c[6] += f64::from(u8::from(syllables >= 3));
        }
    }
    for &b in &blocks {
        let block = &doc.blocks[b];
        c[1] += doc.sentences_of(b).len() as f64;
        match &block.kind {
            BlockKind::Paragraph { .. } => c[7] += 1.0,
            BlockKind::Heading { level } => c[10 + usize::from(*level)] += 1.0,
            _ => {}
        }
    }
    for block in &doc.blocks {
        match block.kind {
            BlockKind::Code { .. } => c[8] += 1.0,
            BlockKind::List { .. } => c[9] += 1.0,
            BlockKind::Quote => c[10] += 1.0,
            _ => {}
        }
    }
    c
}

/// Vowel groups, less a silent final `e`; at least one per word with letters.
pub fn syllables(word: &str) -> usize {
    let lower: Vec<char> = word.to_lowercase().chars().filter(|c| c.is_alphabetic()).collect();
    if lower.is_empty() {
        return 0;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut previous = false;
    for &c in &lower {
        let v = vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    let n = lower.len();
    if n > 2 && lower[n - 1] == 'e' && !vowel(lower[n - 2]) && lower[n - 2] != 'l' {
        count -= 1;
    }
    count.max(1)
}

fn eval(e: &Expr, counts: &[f64]) -> Option<f64> {
    Some(match e {
        Expr::Number(n) => *n,
        Expr::Variable(i) => counts[*i],
        Expr::Negate(x) => -eval(x, counts)?,
        Expr::Sqrt(x) => eval(x, counts)?.sqrt(),
        Expr::Binary(a, op, b) => {
            let (a, b) = (eval(a, counts)?, eval(b, counts)?);
            match op {
                '+' => a + b,
                '-' => a - b,
                '*' => a * b,
                _ if b == 0.0 => return None,
                _ => a / b,
            }
        }
    })
}

/// Parses `formula`: numbers, the counts in `VARIABLES`, `+ - * /`, parentheses and `sqrt(...)`.
pub fn parse_formula(text: &str) -> Result<Expr, String> {
    let mut parser = Parser { text, at: 0 };
    let expr = parser.sum()?;
    parser.skip_space();
    if parser.at < text.len() {
        return Err(format!("unexpected `{}` in formula at character {}", &text[parser.at..], parser.at + 1));
    }
    Ok(expr)
}

struct Parser<'t> {
    text: &'t str,
    at: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        let rest = &self.text[self.at..];
        self.at += rest.len() - rest.trim_start().len();
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.text[self.at..].chars().next()
    }

    fn sum(&mut self) -> Result<Expr, String> {
        let mut left = self.product()?;
        while let Some(op @ ('+' | '-')) = self.peek() {
            self.at += 1;
            left = Expr::Binary(Box::new(left), op, Box::new(self.product()?));
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<Expr, String> {
        let mut left = self.atom()?;
        while let Some(op @ ('*' | '/')) = self.peek() {
            self.at += 1;
            left = Expr::Binary(Box::new(left), op, Box::new(self.atom()?));
        }
        Ok(left)
    }

    fn atom(&mut self) -> Result<Expr, String> {
        match self.peek() {
            Some('(') => {
                self.at += 1;
                let inner = self.sum()?;
                if self.peek() != Some(')') {
                    return Err("unclosed `(` in formula".into());
                }
                self.at += 1;
                Ok(inner)
            }
            Some('-') => {
                self.at += 1;
                Ok(Expr::Negate(Box::new(self.atom()?)))
            }
            Some(c) if c.is_ascii_digit() || c == '.' => {
                let rest = &self.text[self.at..];
                let len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
                self.at += len;
                rest[..len].parse().map(Expr::Number).map_err(|_| format!("`{}` is not a number", &rest[..len]))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let rest = &self.text[self.at..];
                let len =
                    rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')).unwrap_or(rest.len());
                let name = &rest[..len];
                self.at += len;
                if name == "sqrt" && self.peek() == Some('(') {
                    return Ok(Expr::Sqrt(Box::new(self.atom()?)));
                }
                VARIABLES.iter().position(|v| *v == name).map(Expr::Variable).ok_or_else(|| {
                    format!("unknown variable `{name}` in formula; expected one of {}", VARIABLES.join(", "))
                })
            }
            Some(c) => Err(format!("unexpected `{c}` in formula")),
            None => Err("formula ends too early".into()),
        }
    }
}

/// Parses a condition such as `> 25`.
pub fn parse_condition(text: &str) -> Result<(String, f64), String> {
    let text = text.trim();
    let op_len = text.find(|c: char| !matches!(c, '<' | '>' | '=' | '!')).unwrap_or(text.len());
    let op = &text[..op_len];
    if !matches!(op, ">" | ">=" | "<" | "<=" | "==" | "!=") {
        return Err(format!("condition `{text}` must start with >, >=, <, <=, == or !="));
    }
    let bound = text[op_len..].trim().parse().map_err(|_| format!("condition `{text}` must end with a number"))?;
    Ok((op.to_string(), bound))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_follow_precedence() {
        let e = parse_formula("(0.39 * (words / sentences)) + 11.8 * (syllables / words) - 15.59").unwrap();
        let mut counts = vec![0.0; VARIABLES.len()];
        counts[0] = 20.0;
        counts[1] = 2.0;
        counts[2] = 30.0;
        let v = eval(&e, &counts).unwrap();
        assert!((v - (0.39 * 10.0 + 11.8 * 1.5 - 15.59)).abs() < 1e-9);
        assert!(parse_formula("words / nouns").unwrap_err().contains("unknown variable `nouns`"));
        counts[6] = 9.0;
        let smog = parse_formula("1.043 * sqrt(polysyllabic_words * 30 / sentences) + 3.1291").unwrap();
        assert!((eval(&smog, &counts).unwrap() - (1.043 * 135f64.sqrt() + 3.1291)).abs() < 1e-9);
        assert_eq!(parse_condition(">= 8").unwrap(), (">=".to_string(), 8.0));
    }

    #[test]
    fn syllables_are_vowel_groups() {
        assert_eq!(syllables("assessment"), 3);
        assert_eq!(syllables("the"), 1);
        assert_eq!(syllables("probable"), 3);
        assert_eq!(syllables("make"), 1);
    }
}
