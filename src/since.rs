//! `check --since DIR`: the pages a previous build published that this one would drop.
//!
//! Readers share links; a renamed file without an alias (`resolve::aliases`) breaks every one of
//! them, and nothing in the content says so. Comparing the HTML files of the previous build (the
//! downloaded Pages artifact, or the live site fetched with `wget --mirror`) with the pages this
//! site would publish, drafts left out as `build` leaves them, finds each such page before the push
//! goes live. Only HTML pages count: they are what readers link to.

use crate::diag::Diagnostic;
use crate::model::Site;
use crate::render::routes::Routes;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Every page of `previous` that the public site made from `site` would not have, as an error
/// naming its address there.
pub fn missing(site: &Site, root: &Path, previous: &Path) -> Result<Vec<Diagnostic>, String> {
    if !previous.is_dir() {
        return Err(format!("--since {}: no such folder (it should hold a previous build)", previous.display()));
    }
    let public = crate::resolve::published(site.clone());
    let mut kept: HashSet<PathBuf> = crate::render::html_files(&public).into_iter().collect();
    // A site's own static files are published as they are, HTML ones included.
    let statics = root.join("static");
    for entry in walkdir::WalkDir::new(&statics).into_iter().filter_map(Result::ok) {
        if let Ok(rel) = entry.path().strip_prefix(&statics) {
            kept.insert(Path::new("static").join(rel));
        }
    }
    let routes = Routes::new(&site.config.base_url);
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(previous).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("--since {}: {e}", previous.display()))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|x| x != "html") {
            continue;
        }
        let Ok(rel) = path.strip_prefix(previous) else { continue };
        if kept.contains(rel) || numbered_page_of_a_kept_list(rel, &kept) {
            continue;
        }
        let file = rel.to_string_lossy().replace('\\', "/");
        let route = file.strip_suffix("index.html").unwrap_or(&file);
        let address = routes.absolute(route);
        found.push(
            Diagnostic::file(path, format!("`{address}` was published and this build would no longer have it"))
                .help(route_help(route)),
        );
    }
    Ok(found)
}

/// `…/page/N/index.html` whose list (`…/index.html`) this build still has. Numbered pages come and
/// go as a list grows and shrinks (an entry moves from page 3 to page 2 when one before it goes), as
/// on every paginated site; readers link to the list and to its entries, which are checked.
fn numbered_page_of_a_kept_list(rel: &Path, kept: &HashSet<PathBuf>) -> bool {
    let file = rel.to_string_lossy().replace('\\', "/");
    let Some(rest) = file.strip_suffix("/index.html") else { return false };
    let Some((list, number)) = rest.rsplit_once("/page/").or_else(|| rest.strip_prefix("page/").map(|n| ("", n)))
    else {
        return false;
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let first = if list.is_empty() { PathBuf::from("index.html") } else { Path::new(list).join("index.html") };
    kept.contains(&first)
}

/// What to do about one dropped page: an alias in the file that has it now, named for its kind.
fn route_help(route: &str) -> String {
    let mut parts = route.trim_end_matches('/').splitn(2, '/');
    let (kind, slug) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let kind = match kind {
        "claims" => "claim",
        "topics" => "topic",
        "outlets" => "outlet",
        "sources" => "source",
        _ => "",
    };
    if kind.is_empty() || slug.is_empty() || slug.contains('/') {
        "readers' links to it would break: publish it again".to_string()
    } else {
        format!(
            "readers' links to it would break: if the {kind} was renamed, add `aliases: [{slug}]` to its new file; if it is now a draft, publish it again"
        )
    }
}
