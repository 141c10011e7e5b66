//! Templates: the built-in set, overridden file by file from the site's `templates/`, compiled and
//! checked before any page renders.
//!
//! A template that does not compile is a diagnostic at `templates/<name>:line:column` (where Tera
//! gives a position), as a content error is, so that `check` reports both kinds in one run.
//!
//! Tera follows `{% include %}` without a limit: a template that includes itself, directly or
//! through others, recursed until the process died of a stack overflow. Include cycles are found
//! here, from the parsed templates, and refused; so is an include of a template that does not
//! exist. Unbounded recursion through macros (a macro calling itself with no condition that ends
//! it) is not detected: whether it ends depends on the data it is called with.

use crate::diag::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tera::ast::Node;

/// Built-in templates, overridable file by file from `<root>/templates/`.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
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
];

/// The kinds of template file a site may override: pages, charts, feeds.
const TEMPLATE_EXTENSIONS: &[&str] = &["html", "svg", "xml", "txt"];

/// Loads and checks the templates: the built-in set, with the site's own files taking precedence.
/// Every problem found is returned, each naming its file under `templates/`.
pub fn templates(root: &Path) -> Result<tera::Tera, Vec<Diagnostic>> {
    let files = sources(root)?;
    let mut tera = tera::Tera::default();
    if let Err(e) = tera.add_raw_templates(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        return Err(compile_errors(&files, &e));
    }
    let problems = include_problems(&tera, &files);
    if !problems.is_empty() {
        return Err(problems);
    }
    // SVG charts take text from content (outlet names), so they are escaped like pages and feeds.
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
    tera.set_escape_fn(super::escape_html);
    Ok(tera)
}

/// Each template's name and text: the built-in ones, replaced or joined by the site's own.
fn sources(root: &Path) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let mut files: Vec<(String, String)> =
        DEFAULT_TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    let dir = root.join("templates");
    if !dir.is_dir() {
        return Ok(files);
    }
    let mut unreadable = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| !TEMPLATE_EXTENSIONS.iter().any(|x| e == *x))
        {
            continue;
        }
        let name = path.strip_prefix(&dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
        match std::fs::read_to_string(path) {
            Ok(text) => match files.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = text,
                None => files.push((name, text)),
            },
            Err(e) => unreadable.push(Diagnostic::file(&shown(&name), format!("cannot read: {e}"))),
        }
    }
    if unreadable.is_empty() { Ok(files) } else { Err(unreadable) }
}

/// The path an editor knows a template by.
fn shown(name: &str) -> PathBuf {
    Path::new("templates").join(name)
}

/// What Tera refused, file by file. Each template is parsed on its own to find every one that does
/// not parse, with its position; if all parse, the problem lies between them (a missing parent, a
/// circular `extends`, macros imported from a missing file) and Tera's error names the template.
fn compile_errors(files: &[(String, String)], error: &tera::Error) -> Vec<Diagnostic> {
    let unparsed: Vec<Diagnostic> = files
        .iter()
        .filter_map(|(name, text)| {
            let e = tera::Template::new(name, None, text).err()?;
            Some(parse_error(name, text, &super::error_chain(&e)))
        })
        .collect();
    if !unparsed.is_empty() {
        return unparsed;
    }
    let message = super::error_chain(error);
    let (name, mentioned) = match error.kind {
        tera::ErrorKind::MissingParent { ref current, ref parent } => (current.clone(), parent.clone()),
        tera::ErrorKind::CircularExtend { ref tpl, ref inheritance_chain } => {
            (tpl.clone(), inheritance_chain.first().cloned().unwrap_or_default())
        }
        // "Template `claim.html` loads macros from `macro.html` which isn't present in Tera".
        _ => {
            let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
            match quoted[..] {
                [name, mentioned, ..] => (name.to_string(), mentioned.to_string()),
                _ => return vec![Diagnostic::file(Path::new("templates"), format!("invalid template: {message}"))],
            }
        }
    };
    vec![at_mention(files, &name, &mentioned, format!("invalid template: {message}"))]
}

/// A Tera parse error, as Tera words it (`--> 3:7`, the line, `= expected ...`), at its position.
fn parse_error(name: &str, text: &str, message: &str) -> Diagnostic {
    let position = message.lines().find_map(|l| {
        let (line, col) = l.trim_start().strip_prefix("--> ")?.split_once(':')?;
        Some((line.trim().parse::<usize>().ok()?, col.trim().parse::<usize>().ok()?))
    });
    let expected = message.lines().rev().find_map(|l| l.trim_start().strip_prefix("= ")).map(str::trim);
    match (position, expected) {
        (Some((line, col)), Some(expected)) => {
            Diagnostic::at(&shown(name), text, line, col, 1, format!("invalid template: {expected}"))
        }
        _ => Diagnostic::file(&shown(name), format!("invalid template: {message}")),
    }
}

/// A diagnostic at the first place template `name` quotes `mentioned` (`{% include "x" %}`,
/// `{% extends "x" %}`), or on the whole file if it does not.
fn at_mention(files: &[(String, String)], name: &str, mentioned: &str, message: String) -> Diagnostic {
    let text = files.iter().find(|(n, _)| n == name).map_or("", |(_, t)| t.as_str());
    let quoted = [format!("\"{mentioned}\""), format!("'{mentioned}'")];
    let found = text.lines().enumerate().find_map(|(i, line)| {
        let at = quoted.iter().filter_map(|q| line.find(q.as_str())).min()?;
        Some((i + 1, line[..at].chars().count() + 1))
    });
    match found {
        Some((line, col)) => Diagnostic::at(&shown(name), text, line, col, mentioned.chars().count() + 2, message),
        None => Diagnostic::file(&shown(name), message),
    }
}

/// Includes of templates that do not exist, and include cycles (an `extends` counts as a step: a
/// parent that includes its child recurses as surely).
fn include_problems(tera: &tera::Tera, files: &[(String, String)]) -> Vec<Diagnostic> {
    let names: BTreeSet<&str> = tera.get_template_names().collect();
    let mut problems = Vec::new();
    let mut steps: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for &name in &names {
        let Ok(template) = tera.get_template(name) else { continue };
        let mut includes = Vec::new();
        collect_includes(&template.ast, &mut includes);
        let next = steps.entry(name).or_default();
        for (alternatives, ignore_missing) in includes {
            // `{% include ["a.html", "b.html"] %}` renders the first that exists.
            match alternatives.iter().find_map(|a| names.get(a.as_str())) {
                Some(target) => next.push(target),
                None if !ignore_missing => {
                    let wanted = alternatives.first().map_or("", String::as_str);
                    let d = at_mention(files, name, wanted, format!("no template `{wanted}` to include"));
                    problems.push(d.help("create it under templates/, or correct the name"));
                }
                None => {}
            }
        }
        if let Some(parent) = template.parent.as_deref().and_then(|p| names.get(p)) {
            next.push(parent);
        }
    }
    for cycle in cycles(&steps) {
        let shown_cycle = cycle.iter().chain(cycle.first()).copied().collect::<Vec<_>>().join(" → ");
        let next = cycle.get(1).or(cycle.first()).copied().unwrap_or_default();
        let d = at_mention(files, cycle[0], next, format!("include cycle: {shown_cycle}"));
        problems.push(d.help(
            "a template may not include itself, directly or through other templates: rendering it would never end",
        ));
    }
    problems
}

/// Every `{% include %}` in `nodes`, at any depth: its names and whether it may be missing.
fn collect_includes<'t>(nodes: &'t [Node], out: &mut Vec<(&'t [String], bool)>) {
    for node in nodes {
        match node {
            Node::Include(_, names, ignore_missing) => out.push((names, *ignore_missing)),
            Node::MacroDefinition(_, m, _) => collect_includes(&m.body, out),
            Node::FilterSection(_, f, _) => collect_includes(&f.body, out),
            Node::Block(_, b, _) => collect_includes(&b.body, out),
            Node::Forloop(_, f, _) => {
                collect_includes(&f.body, out);
                collect_includes(f.empty_body.as_deref().unwrap_or_default(), out);
            }
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    collect_includes(body, out);
                }
                collect_includes(i.otherwise.as_ref().map_or(&[][..], |(_, body)| body), out);
            }
            _ => {}
        }
    }
}

/// Each cycle in the graph once, starting at its first name in sort order. A walk over the steps
/// that marks the templates it is inside: a step back into one of those closes a cycle.
fn cycles<'n>(steps: &BTreeMap<&'n str, Vec<&'n str>>) -> BTreeSet<Vec<&'n str>> {
    let mut found = BTreeSet::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for &start in steps.keys() {
        if done.contains(start) {
            continue;
        }
        // The path walked so far, each with the index of its next step to try.
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        while let Some((node, next)) = path.last_mut() {
            let Some(&to) = steps.get(*node).and_then(|s| s.get(*next)) else {
                done.insert(*node);
                path.pop();
                continue;
            };
            *next += 1;
            if let Some(at) = path.iter().position(|(n, _)| *n == to) {
                let mut cycle: Vec<&str> = path[at..].iter().map(|(n, _)| *n).collect();
                let first = cycle.iter().enumerate().min_by_key(|(_, n)| **n).map_or(0, |(i, _)| i);
                cycle.rotate_left(first);
                found.insert(cycle);
            } else if !done.contains(to) {
                path.push((to, 0));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found_once_each_from_their_first_name() {
        let steps: BTreeMap<&str, Vec<&str>> =
            [("a", vec!["b"]), ("b", vec!["c", "a"]), ("c", vec!["b", "c"]), ("d", vec!["a"])].into_iter().collect();
        let found: Vec<Vec<&str>> = cycles(&steps).into_iter().collect();
        assert_eq!(found, vec![vec!["a", "b"], vec!["b", "c"], vec!["c"]]);
    }
}
