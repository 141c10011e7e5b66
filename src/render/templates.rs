//! Templates: the built-in set, overridden file by file from the site's `templates/`, compiled and
//! checked before any page renders.
//!
//! A template that does not compile is a diagnostic at `templates/<name>:line:column` (where Tera
//! gives a position), as a content error is, so that `check` reports both kinds in one run.
//!
//! Tera follows `{% include %}` without a limit: a template that includes itself, directly or
//! through others, recursed until the process died of a stack overflow. Include cycles are found
//! here, from the parsed templates, and refused; so is an include of a template that does not
//! exist. A macro that calls itself (directly or through other macros of its file) outside any
//! `{% if %}` or `{% for %}` recursed the same way and is refused; recursion under a condition is
//! not judged, since whether it ends depends on the data. Recursion through macros of other files
//! (`m::`), or through a partial a macro includes, is not detected and still overflows the stack.
//!
//! Tera looks filters, tests, functions and macros up only when it renders a call to one; they are
//! looked up here instead, from the parsed templates, so a misspelt name is found before any page
//! renders. What can only fail with data (a misspelt variable) fails while rendering, with no
//! position from Tera: [`Templates::locate`] finds the line from the name in the error.

use crate::diag::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tera::ast::{Expr, ExprVal, FunctionCall, Node};

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
];

/// The kinds of template file a site may override: pages, charts, feeds.
const TEMPLATE_EXTENSIONS: &[&str] = &["html", "svg", "xml", "txt"];

/// The compiled templates, with their text kept to point at the line a rendering error comes from.
pub struct Templates {
    pub tera: tera::Tera,
    files: Vec<(String, String)>,
}

/// Loads and checks the templates: the built-in set, with the site's own files taking precedence.
/// Every problem found is returned, each naming its file under `templates/`.
pub fn templates(root: &Path) -> Result<Templates, Vec<Diagnostic>> {
    let files = sources(root)?;
    let mut tera = tera::Tera::default();
    if let Err(e) = tera.add_raw_templates(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        return Err(compile_errors(&files, &e));
    }
    let mut problems = include_problems(&tera, &files);
    problems.extend(endless_macros(&tera, &files));
    problems.extend(unknown_calls(&tera, &files));
    if !problems.is_empty() {
        return Err(problems);
    }
    // SVG charts take text from content (outlet names), so they are escaped like pages and feeds.
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
    tera.set_escape_fn(super::escape_html);
    Ok(Templates { tera, files })
}

impl Templates {
    /// A template that failed to render, as a diagnostic at the line that uses what the error
    /// names (`Variable `claim.titel` not found`): Tera gives no position when rendering, so the
    /// name is looked for, where it is read rather than given, in the templates nearest the error
    /// first.
    pub fn locate(&self, error: &super::TemplateError) -> Diagnostic {
        let cause = error.causes.last().map_or("", String::as_str);
        let what = match &error.page {
            Some(page) => format!("the page /{page}"),
            None => format!("`{}`", error.template),
        };
        let message =
            format!("cannot render {what}: {}", cause.replace(" in context while rendering", " while rendering"));
        let file = |name: &str| self.files.iter().find(|(n, _)| n == name).map(|(_, t)| t.as_str());
        // Where to look, nearest first: the templates the error names, innermost first, and the
        // page's; then those they include and extend, step by step; then the rest.
        let named = error.causes.iter().rev().flat_map(|c| between(c, '\'').chain(between(c, '`')));
        let mut order: Vec<&str> = Vec::new();
        // "Failed to render 'index.html' (error happened in 'base.html')": there, before all.
        for cause in &error.causes {
            if let Some((_, rest)) = cause.split_once("error happened in '") {
                self.add_file(rest.split('\'').next().unwrap_or_default(), &mut order);
            }
        }
        named.for_each(|n| self.add_file(n, &mut order));
        self.add_file(&error.template, &mut order);
        let mut next = 0;
        while let Some(&n) = order.get(next) {
            if let Ok(template) = self.tera.get_template(n) {
                let mut includes = Vec::new();
                collect_includes(&template.ast, &mut includes);
                let steps = includes.into_iter().flat_map(|(names, _)| names).chain(&template.parents);
                steps.for_each(|s| self.add_file(s, &mut order));
            }
            next += 1;
        }
        self.files.iter().for_each(|(n, _)| self.add_file(n, &mut order));
        // A missing macro namespace is looked for where it is used, before `::`.
        let fits: Fits = if cause.starts_with("Macro namespace") { |_, after| after.starts_with("::") } else { is_use };
        let found = between(cause, '`').next().filter(|n| !n.is_empty()).and_then(|wanted| {
            order.iter().find_map(|n| {
                let text = file(n)?;
                let (line, col) = find_in_tags(text, wanted, fits)?;
                Some(Diagnostic::at(&shown(n), text, line, col, wanted.chars().count(), message.clone()))
            })
        });
        found.unwrap_or_else(|| Diagnostic::file(&shown(order.first().copied().unwrap_or(&error.template)), message))
    }

    /// Adds `name` to `order` if it is a template not already there.
    fn add_file<'a>(&'a self, name: &str, order: &mut Vec<&'a str>) {
        if let Some((n, _)) = self.files.iter().find(|(f, _)| f == name)
            && !order.contains(&n.as_str())
        {
            order.push(n);
        }
    }
}

/// Whether a name in a tag is used there, rather than given: `{% block main %}`, `{% set x = %}`,
/// `{% for x in %}`, `{% import "m.html" as m %}`, a macro's parameters and a call's `name=value`
/// name a thing; an
/// error about a missing `main` or `x` is about a place that reads it.
fn is_use(before: &str, after: &str) -> bool {
    const GIVING: &[&str] = &["block", "endblock", "macro", "endmacro", "as", "for", "set", "set_global"];
    let tag = before.trim_start_matches(['-', ' ', '\t', '\n', '\r']);
    let names_a_thing = GIVING.iter().any(|w| ends_with_word(before, w))
        || (tag.starts_with("for ") && before.ends_with(','))
        || (tag.starts_with("macro ") && !before.ends_with('='))
        || (after.starts_with('=') && !after.starts_with("=="));
    !names_a_thing
}

/// The parts of `text` between pairs of `quote`.
fn between(text: &str, quote: char) -> impl Iterator<Item = &str> {
    text.split(quote).skip(1).step_by(2)
}

/// Where `name` first appears inside a tag of `text` (`{{ }}`, `{% %}`) as a whole name, with
/// `fits(before, after)` true of the tag's text either side of it: line and column, from 1.
fn find_in_tags(text: &str, name: &str, fits: impl Fn(&str, &str) -> bool) -> Option<(usize, usize)> {
    find_offset(text, 0, name, fits).map(|at| line_col(text, at))
}

/// [`find_in_tags`] from byte `from` on, as a byte offset. Comments, `{% raw %}` blocks and string
/// literals are passed over: what looks like a tag or a name there is not one.
fn find_offset(text: &str, from: usize, name: &str, fits: impl Fn(&str, &str) -> bool) -> Option<usize> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = from;
    while let Some(open) = text.get(from..)?.find('{').map(|i| from + i) {
        let close = match text.get(open + 1..open + 2) {
            Some("{") => "}}",
            Some("%") => "%}",
            Some("#") => "#}",
            _ => {
                from = open + 1;
                continue;
            }
        };
        let start = open + 2;
        let end = text[start..].find(close).map_or(text.len(), |i| start + i);
        let tag = &text[start..end];
        from = end;
        if close == "#}" {
            continue;
        }
        if close == "%}" && tag.trim_matches(|c: char| c == '-' || c.is_whitespace()) == "raw" {
            // Up to the `endraw` tag: Tera does not allow a raw block inside another.
            from = text[end..].find("endraw").map_or(text.len(), |i| end + i);
            continue;
        }
        for (at, _) in tag.match_indices(name) {
            let (before, after) = (&tag[..at], &tag[at + name.len()..]);
            let whole = !before.ends_with(|c: char| is_name(c) || c == '.') && !after.starts_with(is_name);
            if whole && !in_string(before) && fits(before.trim_end(), after.trim_start()) {
                return Some(start + at);
            }
        }
    }
    None
}

/// Whether the end of `before` (a tag's text) is inside a string literal.
fn in_string(before: &str) -> bool {
    let mut quote = None;
    for c in before.chars() {
        match quote {
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            Some(q) if c == q => quote = None,
            _ => {}
        }
    }
    quote.is_some()
}

/// The line and column (from 1, in characters) of byte `offset` of `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    (text[..offset].matches('\n').count() + 1, text[line_start..offset].chars().count() + 1)
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
    let found = [format!("\"{mentioned}\""), format!("'{mentioned}'")]
        .iter()
        .filter_map(|quoted| find_in_tags(text, quoted, |_, _| true))
        .min();
    match found {
        Some((line, col)) => Diagnostic::at(&shown(name), text, line, col, mentioned.chars().count() + 2, message),
        None => Diagnostic::file(&shown(name), message),
    }
}

/// Includes of templates that do not exist, and what Tera would follow without end: include
/// cycles (an `extends` counts as a step: a parent that includes its child recurses as surely)
/// and import cycles.
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
    let help = "a template may not include itself, directly or through other templates: rendering it would never end";
    problems.extend(cycle_problems(&steps, files, "include", help));
    // Tera loads a template's macros by following its imports, and theirs, with no limit either:
    // a file that imports itself, directly or through others, overflowed the stack too.
    let imports: BTreeMap<&str, Vec<&str>> = names
        .iter()
        .filter_map(|&name| {
            let template = tera.get_template(name).ok()?;
            let files = template.imported_macro_files.iter().filter_map(|(file, _)| names.get(file.as_str()).copied());
            Some((name, files.collect()))
        })
        .collect();
    let help = "a file of macros may not import itself; its own macros are called as `self::name()`";
    problems.extend(cycle_problems(&imports, files, "import", help));
    problems
}

/// Each cycle of `steps` as a diagnostic at its first template's mention of the next.
fn cycle_problems(
    steps: &BTreeMap<&str, Vec<&str>>,
    files: &[(String, String)],
    kind: &str,
    help: &str,
) -> Vec<Diagnostic> {
    let found = cycles(steps).into_iter().map(|cycle| {
        let (round, next) = round_trip(&cycle, "");
        at_mention(files, cycle[0], next, format!("{kind} cycle: {round}")).help(help)
    });
    found.collect()
}

/// A cycle written out back to its start (`a → b → a`, each name after `prefix`), and its second
/// name: where the first one leads.
fn round_trip<'n>(cycle: &[&'n str], prefix: &str) -> (String, &'n str) {
    let round: Vec<String> = cycle.iter().chain(cycle.first()).map(|n| format!("{prefix}{n}")).collect();
    (round.join(" → "), cycle.get(1).or(cycle.first()).copied().unwrap_or_default())
}

/// Macros of one file that call each other whatever the data: Tera recursed until the stack
/// overflowed. Each loop is reported at the call in its first macro.
fn endless_macros(tera: &tera::Tera, files: &[(String, String)]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (name, text) in files {
        let Ok(template) = tera.get_template(name) else { continue };
        // `self::` is looked up from the page being rendered: a file importing macros `as self`,
        // or another template defining a macro of the same name, may send the call elsewhere.
        let elsewhere = |m: &str| tera.templates.values().any(|t| t.name != *name && t.macros.contains_key(m));
        if template.imported_macro_files.iter().any(|(_, namespace)| namespace == "self") {
            continue;
        }
        let steps: BTreeMap<&str, Vec<&str>> = template
            .macros
            .iter()
            .map(|(m, definition)| (m.as_str(), unconditional_self_calls(&definition.body)))
            .collect();
        for cycle in cycles(&steps).into_iter().filter(|c| !c.iter().any(|m| elsewhere(m))) {
            let (round, next) = round_trip(&cycle, "self::");
            let message = format!("endless macro recursion: {round}");
            // The call in the first macro's body.
            let body = find_offset(text, 0, cycle[0], |before, after| {
                ends_with_word(before, "macro") && after.starts_with('(')
            });
            let call = format!("self::{next}");
            let d = match body.and_then(|from| find_offset(text, from, &call, |_, after| after.starts_with('('))) {
                Some(at) => {
                    let (line, col) = line_col(text, at);
                    Diagnostic::at(&shown(name), text, line, col, call.chars().count(), message)
                }
                None => Diagnostic::file(&shown(name), message),
            };
            problems.push(
                d.help("each call renders the next whatever the data: put it under an `{% if %}` that can end it"),
            );
        }
    }
    problems
}

/// The macros of its own file that a macro body calls whatever the data: `{{ self::m() }}` or
/// `{% set x = self::m() %}` outside any `{% if %}` or `{% for %}`. A cycle of these never ends
/// (Tera recursed until the stack overflowed); a call under a condition may, so it is not counted.
fn unconditional_self_calls(body: &[Node]) -> Vec<&str> {
    let mut found = Vec::new();
    for node in body {
        let e = match node {
            Node::VariableBlock(_, e) => e,
            Node::Set(_, set) => &set.value,
            Node::FilterSection(_, f, _) => {
                found.extend(unconditional_self_calls(&f.body));
                continue;
            }
            _ => continue,
        };
        if let ExprVal::MacroCall(call) = &e.val
            && call.namespace == "self"
        {
            found.push(call.name.as_str());
        }
    }
    found
}

/// Every `{% include %}` in `nodes`, at any depth: its names and whether it may be missing.
fn collect_includes<'t>(nodes: &'t [Node], out: &mut Vec<(&'t [String], bool)>) {
    each_node(nodes, &mut |node| {
        if let Node::Include(_, names, ignore_missing) = node {
            out.push((names, *ignore_missing));
        }
    });
}

/// Calls `visit` on every node of `nodes`, at any depth.
fn each_node<'t>(nodes: &'t [Node], visit: &mut impl FnMut(&'t Node)) {
    for node in nodes {
        visit(node);
        match node {
            Node::MacroDefinition(_, m, _) => each_node(&m.body, visit),
            Node::FilterSection(_, f, _) => each_node(&f.body, visit),
            Node::Block(_, b, _) => each_node(&b.body, visit),
            Node::Forloop(_, f, _) => {
                each_node(&f.body, visit);
                each_node(f.empty_body.as_deref().unwrap_or_default(), visit);
            }
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    each_node(body, visit);
                }
                each_node(i.otherwise.as_ref().map_or(&[][..], |(_, body)| body), visit);
            }
            _ => {}
        }
    }
}

/// Something a template calls by name, which Tera looks up only when it renders the call.
/// Macros are not among them: Tera finds a macro's namespace from the page being rendered, not
/// from the file that calls it, so only rendering can tell; `check` renders a sample for that.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Call<'t> {
    Filter(&'t str),
    /// A `{% filter name %}` section: `default` is not special there as it is after a `|`.
    Section(&'t str),
    Test(&'t str),
    Function(&'t str),
}

/// Every call in `nodes`, at any depth, each once, in order of kind and name.
fn calls(nodes: &[Node]) -> BTreeSet<Call<'_>> {
    let mut out = BTreeSet::new();
    each_node(nodes, &mut |node| match node {
        Node::VariableBlock(_, e) => expr_calls(e, &mut out),
        Node::Set(_, set) => expr_calls(&set.value, &mut out),
        Node::Forloop(_, f, _) => expr_calls(&f.container, &mut out),
        Node::If(i, _) => i.conditions.iter().for_each(|(_, e, _)| expr_calls(e, &mut out)),
        Node::FilterSection(_, f, _) => function_calls(Call::Section(&f.filter.name), &f.filter, &mut out),
        Node::MacroDefinition(_, m, _) => m.args.values().flatten().for_each(|e| expr_calls(e, &mut out)),
        _ => {}
    });
    out
}

fn function_calls<'t>(call: Call<'t>, f: &'t FunctionCall, out: &mut BTreeSet<Call<'t>>) {
    out.insert(call);
    f.args.values().for_each(|e| expr_calls(e, out));
}

fn expr_calls<'t>(e: &'t Expr, out: &mut BTreeSet<Call<'t>>) {
    for f in &e.filters {
        function_calls(Call::Filter(&f.name), f, out);
    }
    value_calls(&e.val, out);
}

fn value_calls<'t>(v: &'t ExprVal, out: &mut BTreeSet<Call<'t>>) {
    match v {
        ExprVal::Math(m) => [&m.lhs, &m.rhs].into_iter().for_each(|e| expr_calls(e, out)),
        ExprVal::Logic(l) => [&l.lhs, &l.rhs].into_iter().for_each(|e| expr_calls(e, out)),
        ExprVal::In(i) => [&i.lhs, &i.rhs].into_iter().for_each(|e| expr_calls(e, out)),
        ExprVal::Test(t) => {
            out.insert(Call::Test(&t.name));
            t.args.iter().for_each(|e| expr_calls(e, out));
        }
        ExprVal::FunctionCall(f) => function_calls(Call::Function(&f.name), f, out),
        ExprVal::MacroCall(m) => m.args.values().for_each(|e| expr_calls(e, out)),
        ExprVal::Array(items) => items.iter().for_each(|e| expr_calls(e, out)),
        ExprVal::StringConcat(c) => c.values.iter().for_each(|v| value_calls(v, out)),
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) | ExprVal::Ident(_) => {}
    }
}

/// Tera's filters, tests and functions, offered as "did you mean" (only those this build has).
const FILTERS: &[&str] = &[
    "upper",
    "lower",
    "capitalize",
    "replace",
    "addslashes",
    "slugify",
    "title",
    "trim",
    "trim_start",
    "trim_end",
    "trim_start_matches",
    "trim_end_matches",
    "truncate",
    "linebreaksbr",
    "spaceless",
    "indent",
    "striptags",
    "wordcount",
    "escape",
    "escape_xml",
    "safe",
    "split",
    "int",
    "float",
    "json_encode",
    "as_str",
    "first",
    "last",
    "nth",
    "join",
    "length",
    "reverse",
    "sort",
    "unique",
    "slice",
    "group_by",
    "filter",
    "map",
    "concat",
    "default",
    "get",
    "round",
    "pluralize",
    "abs",
    "filesizeformat",
    "date",
    "urlencode",
    "urlencode_strict",
];
const TESTS: &[&str] = &[
    "defined",
    "undefined",
    "odd",
    "even",
    "string",
    "number",
    "divisibleby",
    "iterable",
    "object",
    "starting_with",
    "ending_with",
    "containing",
    "matching",
];
const FUNCTIONS: &[&str] = &["range", "now", "throw", "get_random", "get_env"];

/// Filters, tests and functions that templates call but that do not exist: Tera would
/// fail only when it rendered the call, on the first page that reaches it. Each is reported where
/// the template first calls it.
fn unknown_calls(tera: &tera::Tera, files: &[(String, String)]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (name, text) in files {
        let Ok(template) = tera.get_template(name) else { continue };
        for call in calls(&template.ast) {
            let Some(unknown) = unknown(tera, call) else { continue };
            let d = match find_in_tags(text, &unknown.name, unknown.fits) {
                Some((line, col)) => {
                    Diagnostic::at(&shown(name), text, line, col, unknown.name.chars().count(), unknown.message)
                }
                None => Diagnostic::file(&shown(name), unknown.message),
            };
            problems.push(d.help(unknown.help));
        }
    }
    problems
}

/// A call to something that does not exist.
struct Unknown {
    /// As the template writes it: `uppper`.
    name: String,
    message: String,
    help: String,
    fits: Fits,
}

/// Whether an occurrence of a name is the call, by the tag's text before and after it.
type Fits = fn(&str, &str) -> bool;

fn unknown(tera: &tera::Tera, call: Call) -> Option<Unknown> {
    let (what, name, all, known, fits): (&str, &str, &[&str], Vec<&str>, Fits) = match call {
        Call::Filter(f) if !is_filter(tera, f) => {
            let known = FILTERS.iter().copied().filter(|k| is_filter(tera, k)).collect();
            ("filter", f, FILTERS, known, |before, _| before.ends_with('|'))
        }
        Call::Section(f) if f != "safe" && tera.get_filter(f).is_err() => {
            let known = FILTERS.iter().copied().filter(|k| tera.get_filter(k).is_ok()).collect();
            ("filter", f, FILTERS, known, |before, _| ends_with_word(before, "filter"))
        }
        Call::Test(t) if tera.get_tester(t).is_err() => {
            let known = TESTS.iter().copied().filter(|k| tera.get_tester(k).is_ok()).collect();
            ("test", t, TESTS, known, |before, _| ends_with_word(before, "is") || ends_with_word(before, "not"))
        }
        Call::Function(f) if tera.get_function(f).is_err() => {
            let known = FUNCTIONS.iter().copied().filter(|k| tera.get_function(k).is_ok()).collect();
            ("function", f, FUNCTIONS, known, |before, after| after.starts_with('(') && !before.ends_with("::"))
        }
        _ => return None,
    };
    let help = if matches!(call, Call::Section("default")) {
        "`default` works only after a `|`: `{{ value | default(value=\"…\") }}`".to_owned()
    } else if all.contains(&name) {
        format!("`{name}` is one of Tera's optional {what}s, which this build of claimtrack leaves out")
    } else {
        match crate::diag::nearest(name, known) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("Tera has no such {what}; see https://keats.github.io/tera/docs/#built-ins"),
        }
    };
    Some(Unknown { name: name.to_owned(), message: format!("no {what} named `{name}`"), help, fits })
}

/// `safe` and `default` are not registered filters: Tera's renderer handles them itself.
fn is_filter(tera: &tera::Tera, name: &str) -> bool {
    matches!(name, "safe" | "default") || tera.get_filter(name).is_ok()
}

fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word).is_some_and(|rest| !rest.ends_with(|c: char| c.is_alphanumeric() || c == '_'))
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
    fn names_are_found_whole_and_only_inside_tags_outside_strings_and_raw_blocks() {
        let text = "upper {{ x | upper_case }}\n{# upper #}{% if a.upper %}{{ y|upper }}{% endif %}";
        assert_eq!(find_in_tags(text, "upper", |_, _| true), Some((2, 33)));
        assert_eq!(find_in_tags(text, "upper", |before, _| before.ends_with("if")), None);
        assert_eq!(find_in_tags("{{ a }", "a", |_, _| true), Some((1, 4)), "an unclosed tag runs to the end");
        assert_eq!(find_in_tags("{{ \"a.b\" ~ 'x' }}{{ a.b }}", "a.b", |_, _| true), Some((1, 21)), "not in strings");
        assert_eq!(find_in_tags("{% raw %}{{ a }}{% endraw %}{{ a }}", "a", |_, _| true), Some((1, 32)));
    }

    #[test]
    fn cycles_are_found_once_each_from_their_first_name() {
        let steps: BTreeMap<&str, Vec<&str>> =
            [("a", vec!["b"]), ("b", vec!["c", "a"]), ("c", vec!["b", "c"]), ("d", vec!["a"])].into_iter().collect();
        let found: Vec<Vec<&str>> = cycles(&steps).into_iter().collect();
        assert_eq!(found, vec![vec!["a", "b"], vec!["b", "c"], vec!["c"]]);
    }
}
