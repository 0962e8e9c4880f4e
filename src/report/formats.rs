//! Machine formats for CI: concise, line (Vale's), GitHub workflow commands,
//! JUnit, Checkstyle, reviewdog rdjson, GitLab Code Quality and SARIF 2.1.0.

use serde_json::{Value, json};

use crate::engine::BUILTIN;
use crate::finding::Finding;
use crate::rules::{Level, RuleSet};

/// `path:line:col: level rule message`, one per line.
pub fn concise(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}: {} {} {}\n",
                f.file,
                f.start.line,
                f.start.column,
                f.severity.as_str(),
                f.rule,
                f.message
            )
        })
        .collect()
}

/// `path:line:col:rule:message`, the line format Vale's users already parse.
pub fn line(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{}:{}:{}:{}:{}\n", f.file, f.start.line, f.start.column, f.rule, f.message))
        .collect()
}

fn github_escape(text: &str, property: bool) -> String {
    let mut out = text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// GitHub Actions workflow commands: annotations on the pull request's files.
pub fn github(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let command = match f.severity {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => "notice",
            };
            format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                github_escape(&f.file, true),
                f.start.line,
                f.start.column,
                f.end.line,
                f.end.column,
                github_escape(&f.rule, true),
                github_escape(&f.message, false)
            )
        })
        .collect()
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push_str("&#xFFFD;"),
            c => out.push(c),
        }
    }
    out
}

/// Findings grouped by file, in report order.
fn by_file(findings: &[Finding]) -> Vec<(&str, Vec<&Finding>)> {
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in findings {
        match groups.last_mut() {
            Some((file, list)) if *file == &*f.file => list.push(f),
            _ => groups.push((&f.file, vec![f])),
        }
    }
    groups
}

/// JUnit XML: a test suite per file, a failed test case per finding.
pub fn junit(findings: &[Finding], files: usize) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"brieflint\" tests=\"{}\" failures=\"{}\">\n",
        findings.len().max(files),
        findings.len()
    ));
    for (file, list) in by_file(findings) {
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
            xml_escape(file),
            list.len(),
            list.len()
        ));
        for f in list {
            out.push_str(&format!(
                "    <testcase name=\"{}:{}:{} {}\" classname=\"{}\">\n      <failure message=\"{}\" type=\"{}\">{}:{}:{}: {}</failure>\n    </testcase>\n",
                xml_escape(file),
                f.start.line,
                f.start.column,
                xml_escape(&f.rule),
                xml_escape(&f.rule),
                xml_escape(&f.message),
                f.severity.as_str(),
                xml_escape(file),
                f.start.line,
                f.start.column,
                xml_escape(&f.message)
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Checkstyle XML, read by many CI dashboards.
pub fn checkstyle(findings: &[Finding]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for (file, list) in by_file(findings) {
        out.push_str(&format!("  <file name=\"{}\">\n", xml_escape(file)));
        for f in list {
            let severity = match f.severity {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => "info",
            };
            out.push_str(&format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"{}\"/>\n",
                f.start.line,
                f.start.column,
                xml_escape(&f.message),
                xml_escape(&f.rule)
            ));
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}

fn range(f: &Finding) -> Value {
    json!({"start": {"line": f.start.line, "column": f.start.column}, "end": {"line": f.end.line, "column": f.end.column}})
}

/// reviewdog's rdjson (Reviewdog Diagnostic Format).
pub fn rdjson(findings: &[Finding]) -> String {
    let diagnostics: Vec<Value> = findings
        .iter()
        .map(|f| {
            let severity = match f.severity {
                Level::Error => "ERROR",
                Level::Warning => "WARNING",
                Level::Info => "INFO",
            };
            let mut d = json!({
                "message": &*f.message,
                "location": {"path": &*f.file, "range": range(f)},
                "severity": severity,
                "code": {"value": &*f.rule},
            });
            if let Some(fix) = &f.fix {
                d["suggestions"] = json!([{"range": {"start": {"line": fix.start.line, "column": fix.start.column}, "end": {"line": fix.end.line, "column": fix.end.column}}, "text": fix.replacement}]);
            }
            d
        })
        .collect();
    let mut out = json!({"source": {"name": "brieflint"}, "diagnostics": diagnostics}).to_string();
    out.push('\n');
    out
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a over bytes: stable across runs and machines (unlike std's hasher).
pub fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(FNV_OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

/// `fnv1a` of a slice, usable in constants.
pub const fn fnv1a_bytes(bytes: &[u8]) -> u64 {
    let (mut h, mut i) = (FNV_OFFSET, 0);
    while i < bytes.len() {
        h = (h ^ bytes[i] as u64).wrapping_mul(FNV_PRIME);
        i += 1;
    }
    h
}

/// A stable fingerprint of `parts` (each ended by a NUL), in hex.
pub fn fingerprint(parts: &[&str]) -> String {
    format!("{:016x}", fnv1a(parts.iter().flat_map(|p| p.bytes().chain(std::iter::once(0)))))
}

/// GitLab Code Quality report (a JSON array).
pub fn gitlab(findings: &[Finding]) -> String {
    let issues: Vec<Value> = findings
        .iter()
        .map(|f| {
            let severity = match f.severity {
                Level::Error => "major",
                Level::Warning => "minor",
                Level::Info => "info",
            };
            let line = f.start.line.to_string();
            let column = f.start.column.to_string();
            json!({
                "description": &*f.message,
                "check_name": &*f.rule,
                "fingerprint": fingerprint(&[&f.rule, &f.file, &line, &column, &f.message]),
                "severity": severity,
                "location": {"path": &*f.file, "lines": {"begin": f.start.line, "end": f.end.line}},
            })
        })
        .collect();
    let mut out = Value::Array(issues).to_string();
    out.push('\n');
    out
}

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

/// SARIF 2.1.0 with every rule's description, help and link.
pub fn sarif(findings: &[Finding], rules: &RuleSet) -> String {
    let mut descriptors: Vec<Value> = rules
        .rules
        .iter()
        .map(|r| {
            let short =
                r.description.clone().or(r.help.as_deref().map(str::to_string)).unwrap_or_else(|| r.id.to_string());
            let mut d = json!({
                "id": &*r.id,
                "shortDescription": {"text": short},
                "help": {"text": r.help.as_deref().map_or_else(|| short.clone(), str::to_string)},
                "defaultConfiguration": {"level": sarif_level(r.level), "enabled": r.enabled},
                "properties": {"kind": r.check.name()},
            });
            if let Some(link) = &r.link {
                d["helpUri"] = json!(link);
            }
            d
        })
        .collect();
    descriptors.extend(BUILTIN.iter().map(|&(id, level, about)| {
        json!({"id": id, "shortDescription": {"text": about}, "help": {"text": about}, "defaultConfiguration": {"level": sarif_level(level)}})
    }));
    let index_of = |id: &str| descriptors.iter().position(|d| d["id"] == id);
    let location = |file: &str, line: u32, column: u32, end: Option<(u32, u32)>| {
        let mut region = json!({"startLine": line, "startColumn": column});
        if let Some((el, ec)) = end {
            region["endLine"] = json!(el);
            region["endColumn"] = json!(ec);
        }
        json!({"physicalLocation": {"artifactLocation": {"uri": file.replace('\\', "/")}, "region": region}})
    };
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut r = json!({
                "ruleId": &*f.rule,
                "level": sarif_level(f.severity),
                "message": {"text": &*f.message},
                "locations": [location(&f.file, f.start.line, f.start.column, Some((f.end.line, f.end.column)))],
            });
            if let Some(i) = index_of(&f.rule) {
                r["ruleIndex"] = json!(i);
            }
            if !f.related.is_empty() {
                r["relatedLocations"] = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, rel)| {
                        let mut l = location(&rel.file, rel.start.line, rel.start.column, None);
                        l["id"] = json!(i);
                        l["message"] = json!({"text": rel.message});
                        l
                    })
                    .collect();
            }
            if let Some(fix) = &f.fix {
                r["fixes"] = json!([{
                    "description": {"text": format!("Replace with `{}`", fix.replacement)},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": f.file.replace('\\', "/")},
                        "replacements": [{
                            "deletedRegion": {"startLine": fix.start.line, "startColumn": fix.start.column, "endLine": fix.end.line, "endColumn": fix.end.column},
                            "insertedContent": {"text": fix.replacement},
                        }],
                    }],
                }]);
            }
            r
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "brieflint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}
