//! Templates: the built-in set, overridden file by file from the site's `templates/`, compiled and
//! checked before any page renders.
//!
//! Tera 2 does the checking itself: a template that does not parse, an unknown filter, test,
//! function, component or included template, a block no parent has, a missing or circular parent
//! and a circular include are all refused when the templates are added, each with its position;
//! a component that calls itself stops at Tera's depth limit instead of overflowing the stack; and
//! a render error (a misspelt variable) carries its position and the chain of templates it was
//! called from. What is left here is only what Tera cannot know:
//!
//! - where templates come from: the built-in ones, replaced or joined by the site's own files,
//!   read as every file an editor keeps is read ([`crate::load::files`]: regular files only,
//!   links only inside the site, a size bound);
//! - how an error is shown: Tera words each problem as a rustc-style report naming the template
//!   (`--> claim.html:3:7`); [`reports`] turns each into a [`Diagnostic`] at
//!   `templates/claim.html:3:7`, so that template and content problems are listed together, in
//!   one format, by one `check`.

use crate::diag::Diagnostic;
use crate::load::files;
use std::path::{Path, PathBuf};

/// Built-in templates, overridable file by file from `<root>/templates/`.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("components.html", include_str!("../../templates/components.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("topics.html", include_str!("../../templates/topics.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("claims.html", include_str!("../../templates/claims.html")),
    ("claim.html", include_str!("../../templates/claim.html")),
    ("outlets.html", include_str!("../../templates/outlets.html")),
    ("outlet.html", include_str!("../../templates/outlet.html")),
    ("source.html", include_str!("../../templates/source.html")),
    ("status.html", include_str!("../../templates/status.html")),
    ("timeline.html", include_str!("../../templates/timeline.html")),
    ("changes.html", include_str!("../../templates/changes.html")),
    ("corrections.html", include_str!("../../templates/corrections.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("about.html", include_str!("../../templates/about.html")),
    ("charts/timeline.svg", include_str!("../../templates/charts/timeline.svg")),
    ("charts/tally.svg", include_str!("../../templates/charts/tally.svg")),
    ("feeds/atom.xml", include_str!("../../templates/feeds/atom.xml")),
    ("feeds/sitemap.xml", include_str!("../../templates/feeds/sitemap.xml")),
    ("feeds/robots.txt", include_str!("../../templates/feeds/robots.txt")),
    ("partials/verdict.html", include_str!("../../templates/partials/verdict.html")),
    ("partials/stance.html", include_str!("../../templates/partials/stance.html")),
    ("partials/other_row.html", include_str!("../../templates/partials/other_row.html")),
    ("partials/echo_graph.html", include_str!("../../templates/partials/echo_graph.html")),
    ("partials/header.html", include_str!("../../templates/partials/header.html")),
    ("partials/footer.html", include_str!("../../templates/partials/footer.html")),
    ("partials/claim_row.html", include_str!("../../templates/partials/claim_row.html")),
    ("partials/claim_table.html", include_str!("../../templates/partials/claim_table.html")),
    ("partials/matrix_cell.html", include_str!("../../templates/partials/matrix_cell.html")),
    ("partials/timeline_event.html", include_str!("../../templates/partials/timeline_event.html")),
    ("partials/timeline_group.html", include_str!("../../templates/partials/timeline_group.html")),
    ("partials/pager.html", include_str!("../../templates/partials/pager.html")),
    ("partials/pager_head.html", include_str!("../../templates/partials/pager_head.html")),
];

/// The kinds of template file a site may override: pages, charts, feeds.
const TEMPLATE_EXTENSIONS: &[&str] = &["html", "svg", "xml", "txt"];

/// The compiled templates, with their text kept to show the line an error points at.
pub struct Templates {
    pub tera: tera::Tera,
    files: Vec<(String, String)>,
}

/// Loads and checks the templates: the built-in set, with the site's own files taking precedence.
/// Every problem found is returned, each naming its file under `templates/`.
pub fn templates(root: &Path) -> Result<Templates, Vec<Diagnostic>> {
    let files = sources(root)?;
    let mut tera = tera::Tera::new();
    // SVG charts take text from content (outlet names), so they are escaped like pages and feeds.
    tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
    match tera.add_raw_templates(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        Ok(()) => Ok(Templates { tera, files }),
        Err(e) => Err(reports(&files, &e)),
    }
}

impl Templates {
    /// A hash of every template's name and text.
    pub fn fingerprint(&self) -> u64 {
        super::memo::mix(&self.files)
    }

    /// A template that failed to render, as a diagnostic at the place Tera names.
    pub fn locate(&self, error: &super::TemplateError) -> Diagnostic {
        let what = match &error.page {
            Some(page) => format!("cannot render the page /{page}"),
            None => format!("cannot render `{}`", error.template),
        };
        let mut found = parse_reports(&self.files, &error.message, &what);
        match found.len() {
            0 => Diagnostic::file(&shown(&error.template), format!("{what}: {}", error.message)),
            _ => found.swap_remove(0),
        }
    }
}

/// What Tera refused when the templates were added, each problem at its place.
fn reports(files: &[(String, String)], error: &tera::Error) -> Vec<Diagnostic> {
    let message = error.to_string();
    let (name, mentioned) = match error.kind() {
        tera::ErrorKind::MissingParent { current, parent } => (current.as_str(), parent.as_str()),
        tera::ErrorKind::CircularExtend { tpl, inheritance_chain } => {
            (tpl.as_str(), inheritance_chain.get(1).or(inheritance_chain.first()).map_or("", String::as_str))
        }
        tera::ErrorKind::CircularInclude { tpl, include_chain } => {
            // The chain runs from the template Tera started at; the cycle is its end, from the
            // first template that comes round again.
            let again = include_chain.last().map_or(tpl.as_str(), String::as_str);
            let cycle = &include_chain[include_chain.iter().position(|n| n == again).unwrap_or(0)..];
            let (first, next) =
                (cycle.first().map_or(tpl.as_str(), String::as_str), cycle.get(1).map_or("", String::as_str));
            let d = at_mention(files, first, next, format!("include cycle: {}", cycle.join(" → ")));
            return vec![d.help(
                "a template may not include itself, directly or through other templates: rendering it would never end",
            )];
        }
        _ => {
            let found = parse_reports(files, &message, "invalid template");
            if found.is_empty() {
                return vec![Diagnostic::file(Path::new("templates"), format!("invalid template: {message}"))];
            }
            return found;
        }
    };
    vec![at_mention(files, name, mentioned, format!("invalid template: {message}"))]
}

/// Tera's reports in `text` (`error: …`, `--> name:line:col`, the line, a `^^^` underline, then
/// any `note: called from name:line:col`), each as a diagnostic at its place, its message after
/// `prefix`; the calling templates become the help.
fn parse_reports(files: &[(String, String)], text: &str, prefix: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for report in text.split("\n\nerror: ").map(|r| r.trim_start_matches("error: ")) {
        let mut lines = report.lines();
        let Some(message) = lines.next() else { continue };
        let Some((name, line, col)) = lines.next().and_then(|l| place(l.trim_start().strip_prefix("--> ")?)) else {
            continue;
        };
        let width = report.lines().nth(4).map_or(1, |l| l.matches('^').count());
        let text = files.iter().find(|(n, _)| n == name).map_or("", |(_, t)| t.as_str());
        // "Field `titel` is not defined. Available fields: a, b, …": the fields become a suggestion.
        let (message, fields) = message.split_once(". Available fields: ").unwrap_or((message, ""));
        let mut d = Diagnostic::at(&shown(name), text, line, col, width, format!("{prefix}: {}", message.trim()));
        let wanted = message.split('`').nth(1).unwrap_or_default();
        let mut helps: Vec<String> = Vec::new();
        if let Some(near) = crate::diag::nearest(wanted, fields.split(", ").filter(|f| !f.is_empty())) {
            helps.push(format!("did you mean `{near}`?"));
        }
        let calls: Vec<String> = report
            .lines()
            .filter_map(|l| l.strip_prefix("note: called from "))
            .filter_map(|at| place(at).map(|(n, l, c)| format!("{}:{l}:{c}", shown(n).display())))
            .collect();
        if !calls.is_empty() {
            helps.push(format!("called from {}", calls.join(", called from ")));
        }
        if !helps.is_empty() {
            d = d.help(helps.join("; "));
        }
        found.push(d);
    }
    found
}

/// `claim.html:3:7` as its parts.
fn place(at: &str) -> Option<(&str, usize, usize)> {
    let (rest, col) = at.trim().rsplit_once(':')?;
    let (name, line) = rest.rsplit_once(':')?;
    Some((name, line.parse().ok()?, col.parse().ok()?))
}

/// Each template's name and text: the built-in ones, replaced or joined by the site's own.
fn sources(root: &Path) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let mut files: Vec<(String, String)> =
        DEFAULT_TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    let dir = root.join("templates");
    let wanted = |p: &Path| p.extension().is_some_and(|e| TEMPLATE_EXTENSIONS.iter().any(|x| e == *x));
    let mut walk = files::walk(root, &dir, wanted);
    walk.files.sort();
    let name = |path: &Path| path.strip_prefix(&dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let mut problems: Vec<Diagnostic> = walk
        .refused
        .iter()
        .map(|(path, why)| Diagnostic::file(&shown(&name(path)), format!("cannot read this template: {why}")))
        .collect();
    for path in &walk.files {
        let text = files::read_regular(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_owned()));
        match text {
            Ok(text) => match files.iter_mut().find(|(n, _)| *n == name(path)) {
                Some(slot) => slot.1 = text,
                None => files.push((name(path), text)),
            },
            Err(why) => {
                problems.push(Diagnostic::file(&shown(&name(path)), format!("cannot read this template: {why}")))
            }
        }
    }
    if problems.is_empty() { Ok(files) } else { Err(problems) }
}

/// The path an editor knows a template by.
fn shown(name: &str) -> PathBuf {
    Path::new("templates").join(name)
}

/// A diagnostic at the first place template `name` quotes `mentioned` (`{% include "x" %}`,
/// `{% extends "x" %}`), or on the whole file if it does not: Tera names the templates of a
/// circular or missing parent, but not the line.
fn at_mention(files: &[(String, String)], name: &str, mentioned: &str, message: String) -> Diagnostic {
    let text = files.iter().find(|(n, _)| n == name).map_or("", |(_, t)| t.as_str());
    let found =
        [format!("\"{mentioned}\""), format!("'{mentioned}'")].iter().filter_map(|q| text.find(q.as_str())).min();
    match found {
        Some(at) if !mentioned.is_empty() => {
            let line = text[..at].matches('\n').count() + 1;
            let col = text[..at].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Diagnostic::at(&shown(name), text, line, col, mentioned.chars().count() + 2, message)
        }
        _ => Diagnostic::file(&shown(name), message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_becomes_a_diagnostic_at_its_place_with_its_callers() {
        let files = vec![("a.html".to_owned(), "x\n{{ claim.titel }}".to_owned())];
        let report = "error: Field `titel` is not defined\n --> a.html:2:10\n  |\n2 | {{ claim.titel }}\n  |          ^^^^^\n\nnote: called from b.html:1:12\n  |\n1 | {% include \"a.html\" %}\n  |            ^^^^^^^^";
        let found = parse_reports(&files, report, "cannot render");
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!((d.path.as_path(), d.line, d.col, d.len), (Path::new("templates/a.html"), 2, 10, 5));
        assert_eq!(d.message, "cannot render: Field `titel` is not defined");
        assert_eq!(d.help.as_deref(), Some("called from templates/b.html:1:12"));
        assert_eq!(place("x/y.html:3:4"), Some(("x/y.html", 3, 4)));
    }
}
