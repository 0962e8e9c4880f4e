//! brieflint: a linter and consistency checker for corpora of analytical briefs.

pub mod baseline;
pub mod checks;
pub mod cli;
pub mod config;
pub mod document;
pub mod engine;
pub mod error;
pub mod examples;
pub mod facts;
pub mod finding;
pub mod fix;
pub mod report;
pub mod rules;
pub mod suppress;
mod swar;
pub mod terms;
#[cfg(test)]
mod testing;
pub mod timing;
pub mod walk;
