//! The texts of a source's later versions: each `versions` entry names a file beside the source
//! (`text: dna-secret-deal.v2.txt`) holding that capture of the article, read here with the same
//! guards as every content file ([`super::files`]: a regular file, inside the site, bounded).
//!
//! A version file is plain text, not Markdown with front matter: an editor pastes the captured
//! article into it as it is. Its name may not end in `.md`, since every `.md` file under
//! `content/sources/` is read as a source of its own. What the versions say (dates, order, links)
//! is checked by `resolve`; here only the file is found and read, and a problem with it is
//! reported at the entry's `text:` line.

use super::Entry;
use super::document::decode;
use super::files;
use super::meta::SourceMeta;
use crate::diag::Diagnostic;
use rayon::prelude::*;
use std::path::{Component, Path};

/// For each source, for each of its `versions` entries, the version's text (`None` when it has no
/// `text` or it could not be read: the diagnostic says why).
pub fn read(root: &Path, sources: &[Entry<SourceMeta>], diagnostics: &mut Vec<Diagnostic>) -> Vec<Vec<Option<String>>> {
    let read: Vec<(Vec<Option<String>>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|e| {
            let mut found = Vec::new();
            let texts = (0..e.meta.versions.len()).map(|k| text(root, e, k, &mut found)).collect();
            (texts, found)
        })
        .collect();
    read.into_iter()
        .map(|(texts, mut found)| {
            diagnostics.append(&mut found);
            texts
        })
        .collect()
}

fn text(root: &Path, e: &Entry<SourceMeta>, k: usize, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let doc = &e.doc;
    let Some(name) = e.meta.versions[k].text.as_deref().map(str::trim) else {
        let d = doc.at_item("versions", k, None, "a version needs `text`: the file holding its text");
        diagnostics.push(d.help(format!(
            "save the captured text beside the source, e.g. as `{}.v{}.txt`, and add `text: {0}.v{1}.txt`",
            e.slug,
            k + 2
        )));
        return None;
    };
    let at = |message: String| doc.at_item("versions", k, Some("text"), message);
    let wrong = if name.is_empty() {
        Some("`text` is empty")
    } else if Path::new(name).components().any(|c| !matches!(c, Component::Normal(_))) {
        Some("`text` must name a file beside the source or in a folder below it")
    } else if name.ends_with(".md") {
        Some("a version's text file may not end in `.md`: it would be read as a source of its own")
    } else {
        None
    };
    if let Some(why) = wrong {
        diagnostics.push(at(why.to_string()).help(format!(
            "name a plain text file such as `{}.v{}.txt`",
            e.slug,
            k + 2
        )));
        return None;
    }
    let folder = root.join(&doc.path);
    let path = folder.parent().unwrap_or(root).join(name);
    let shown = doc.path.parent().map_or_else(|| Path::new(name).to_path_buf(), |p| p.join(name));
    match files::read(root, &path) {
        Ok(bytes) => match decode(&shown, bytes) {
            Ok(text) => Some(text),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        },
        Err(why) => {
            let d = at(format!("cannot read the version's text `{}`: {why}", shown.display()));
            diagnostics.push(d.help("the file is looked for in the source file's own folder"));
            None
        }
    }
}
