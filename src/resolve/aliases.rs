//! Aliases: the earlier slugs of a renamed claim, topic, outlet or source. Each becomes a page at
//! the old address that redirects to the new one (`render::aliases`), so links readers shared keep
//! working. Here every alias is checked to be a slug and to name no other page: an alias equal to a
//! real page of its kind, or listed twice, would make two pages claim one address.

use super::is_valid_slug;
use crate::diag::Diagnostic;
use crate::load::Document;
use crate::model::Site;
use std::collections::{HashMap, HashSet};

/// The four kinds that can be renamed, in the order of [`review`]'s documents.
const KINDS: [&str; 4] = ["outlet", "source", "topic", "claim"];

/// `docs`: each kind's documents by slug, in the order of [`KINDS`].
pub(super) fn review(site: &Site, docs: [&HashMap<&str, &Document>; 4]) -> Vec<Diagnostic> {
    let lists: [Vec<(&str, &[String])>; 4] = [
        site.outlets.iter().map(|o| (o.slug.as_str(), o.aliases.as_slice())).collect(),
        site.sources.iter().map(|s| (s.slug.as_str(), s.aliases.as_slice())).collect(),
        site.topics.iter().map(|t| (t.slug.as_str(), t.aliases.as_slice())).collect(),
        site.claims.iter().map(|c| (c.slug.as_str(), c.aliases.as_slice())).collect(),
    ];
    let mut found = Vec::new();
    for ((kind, list), docs) in KINDS.iter().zip(&lists).zip(docs) {
        let pages: HashSet<&str> = list.iter().map(|(slug, _)| *slug).collect();
        let mut taken: HashMap<&str, &str> = HashMap::new();
        for (slug, aliases) in list {
            let Some(doc) = docs.get(slug) else { continue };
            for alias in aliases.iter() {
                let alias = alias.as_str();
                let at = |message: String| doc.at_text("aliases", alias, message);
                if !is_valid_slug(alias) {
                    found.push(at(format!("`{alias}` is not a valid {kind} slug")).help(
                        "an alias is the file name the page had before, without `.md`: lowercase letters, digits and `-`",
                    ));
                } else if alias == *slug {
                    found.push(
                        at(format!("`{alias}` is this {kind}'s own slug")).help("list only the slugs it had before"),
                    );
                } else if pages.contains(alias) {
                    found.push(at(format!("the alias `{alias}` is the address of another {kind}")).help(format!(
                        "the {kind} `{alias}` has that page: remove the alias, or rename one of the two"
                    )));
                } else if let Some(first) = taken.insert(alias, slug) {
                    found.push(
                        at(format!("the alias `{alias}` is also an alias of the {kind} `{first}`")).help(
                            "one old address can redirect to one page only: remove the alias from one of the two",
                        ),
                    );
                }
            }
        }
    }
    found
}
