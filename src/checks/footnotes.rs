//! `footnote-defined`: references resolve, definitions are used and defined once,
//! numbered footnotes run in order of first reference.

use std::collections::HashSet;

use crate::finding::Finding;
use crate::rules::Rule;

use super::Context;

#[derive(Debug, Clone)]
pub struct FootnoteDefined {
    pub order: bool,
}

impl FootnoteDefined {
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let doc = ctx.doc;
        for r in &doc.unresolved_refs {
            let problem = format!("footnote reference [^{}] has no definition", r.label);
            out.push(ctx.finding(rule, r.span, &[&problem], None));
        }
        let mut defined = HashSet::new();
        for d in &doc.footnote_defs {
            if !defined.insert(d.label.as_str()) {
                let problem = format!("footnote [^{}] is defined more than once", d.label);
                out.push(ctx.finding(rule, d.span, &[&problem], None));
            } else if !d.used {
                let problem = format!("footnote [^{}] is defined but never referenced", d.label);
                out.push(ctx.finding(rule, d.span, &[&problem], None));
            }
        }
        if self.order {
            self.check_order(rule, ctx, out);
        }
    }

    fn check_order(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let refs = &ctx.doc.footnote_refs;
        let numbers: HashSet<u32> = refs.iter().filter_map(|r| r.label.parse().ok()).collect();
        let mut seen = HashSet::new();
        let mut highest = 0;
        for r in refs {
            let Ok(n) = r.label.parse::<u32>() else {
                continue;
            };
            if !seen.insert(n) {
                continue;
            }
            let problem = if n < highest {
                format!("footnote [^{n}] is first referenced after [^{highest}]; number footnotes in order")
            } else if n > highest + 1 && !numbers.contains(&(highest + 1)) {
                format!("footnote [^{n}] skips [^{}]", highest + 1)
            } else {
                highest = n;
                continue;
            };
            highest = highest.max(n);
            out.push(ctx.finding(rule, r.span, &[&problem], None));
        }
    }
}
