//! The search index: JSON files under `search/` that let /claims/ find any claim by the words of
//! its title and quote and by its outlet, topic, stance and verdict, fetching only what one query
//! needs (`static/filter.js` reads them).
//!
//! Hand-written rather than Pagefind's: at 10,000 and 50,000 claims it costs less build time, fewer
//! bytes per query for the facet filters, and no npm binary (bench/README.md, "Search", has the
//! figures). The files:
//!
//! - `search/meta.json`: the claim count, the documents' chunk size, each facet's values (slug,
//!   label, claim count) and the list of term shards;
//! - `search/t/<shard>.json`: `{term: [ids]}` for the terms starting with the shard's prefix. A
//!   shard starts as a term's first character and is split by the next one while it is larger than
//!   [`SHARD_BYTES`]; the terms equal to a split shard's prefix stay in it;
//! - `search/f/<facet>/<slug>.json`: the ids of the claims with that value;
//! - `search/d/<n>.json`: what a result shows for claims `n * CHUNK ..`, one array per claim
//!   (slug, title, outlet, topic, stance, verdict, date), the script making the link and the date
//!   in words.
//!
//! A claim's id is its position in the all-claims list (topic by topic as the home page lists them,
//! oldest first within each topic), so results come in the list's order. Id lists are
//! delta-coded: each number is the difference from the one before, which keeps them short.

use super::Output;
use super::memo::Groups;
use crate::model::{Site, Stance, Status};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Claims per document chunk: a result page of 20 claims fetches at most 20 chunks, and a chunk
/// of this many is a few kilobytes.
pub const CHUNK: usize = 32;

/// The size over which a term shard is split by its terms' next character.
pub const SHARD_BYTES: usize = 24 * 1024;

/// The longest shard prefix, in characters: a shard this deep is not split further.
const MAX_PREFIX: usize = 4;

/// The terms of a text as the index keeps them and the search box's script makes them: lowercase,
/// without accents, split at anything that is not a letter or digit, at least two characters long.
pub fn terms(text: &str) -> Vec<String> {
    // Plain ASCII, most of any English text, has no accents to take off and lowercases byte by
    // byte: the same terms, without decomposing every character (a third of the index's time).
    let folded: String = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.nfkd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect()
    };
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 2).map(str::to_owned).collect()
}

/// A shard's file name: its prefix, with any character other than `a-z0-9` written as `_` and
/// its code point in hex, so that every name is safe in a URL and on any file system.
pub fn shard_file(prefix: &str) -> String {
    prefix
        .chars()
        .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() { c.to_string() } else { format!("_{:x}", c as u32) })
        .collect()
}

/// One value of a facet: what the filter offers and `meta.json` lists.
#[derive(Serialize)]
pub struct Value<'s> {
    pub slug: &'s str,
    /// The name; two outlets (or topics) of one name are told apart by their slugs.
    pub label: String,
    pub count: usize,
    /// The ids of its claims.
    #[serde(skip)]
    ids: Vec<u32>,
}

/// The four facets' values that some claim has, in the order the site lists them (outlets and
/// topics as the home page, stances and verdicts on their scales): the /claims/ filter's choices
/// and the index's facet lists, made once so that the two always agree.
#[derive(Serialize)]
pub struct Facets<'s> {
    pub outlet: Vec<Value<'s>>,
    pub topic: Vec<Value<'s>>,
    pub stance: Vec<Value<'s>>,
    pub verdict: Vec<Value<'s>>,
    /// Per facet, each value's position in its list, by the model's index (outlet, topic, stance,
    /// verdict); a value no claim has has none, and no claim refers to it.
    #[serde(skip)]
    position: [Vec<usize>; 4],
}

impl<'s> Facets<'s> {
    fn each(&self) -> [(&'static str, &Vec<Value<'s>>); 4] {
        [("outlet", &self.outlet), ("topic", &self.topic), ("stance", &self.stance), ("verdict", &self.verdict)]
    }
}

/// The facets of `site`'s claims.
pub fn facets(site: &Site) -> Facets<'_> {
    let mut ids = [
        vec![Vec::new(); site.outlets.len()],
        vec![Vec::new(); site.topics.len()],
        vec![Vec::new(); Stance::ALL.len()],
        vec![Vec::new(); Status::ALL.len()],
    ];
    for (id, c) in super::pages::site_order(site).enumerate() {
        let claim = &site.claims[c];
        let id = id as u32;
        ids[0][claim.outlet].push(id);
        ids[1][claim.topic].push(id);
        ids[2][claim.stance.index()].push(id);
        ids[3][claim.status.index()].push(id);
    }
    let names: [Vec<(&str, &str)>; 4] = [
        site.outlets.iter().map(|o| (o.slug.as_str(), o.name.as_str())).collect(),
        site.topics.iter().map(|t| (t.slug.as_str(), t.title.as_str())).collect(),
        Stance::ALL.iter().map(|s| (s.as_str(), s.label())).collect(),
        Status::ALL.iter().map(|s| (s.as_str(), s.label())).collect(),
    ];
    let mut position: [Vec<usize>; 4] = Default::default();
    let mut lists: [Vec<Value>; 4] = Default::default();
    for (k, (names, ids)) in names.into_iter().zip(ids).enumerate() {
        for ((slug, label), ids) in names.into_iter().zip(ids) {
            position[k].push(lists[k].len());
            // A value no claim has is not offered: the filter would only ever show nothing.
            if !ids.is_empty() {
                lists[k].push(Value { slug, label: label.to_owned(), count: ids.len(), ids });
            }
        }
        let mut names: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for v in &lists[k] {
            *names.entry(v.label.clone()).or_default() += 1;
        }
        for v in &mut lists[k] {
            if names[&v.label] > 1 {
                v.label = format!("{} ({})", v.label, v.slug);
            }
        }
    }
    let [outlet, topic, stance, verdict] = lists;
    Facets { outlet, topic, stance, verdict, position }
}

/// Writes the index of `site`'s claims to `out` under `search/`: one group of files ([`Groups`]),
/// made again only when a claim's title, quote, facets, date or place in the list changed.
pub fn write(site: &Site, facets: &Facets, out: &impl Output, groups: &Groups) -> std::io::Result<()> {
    let order: Vec<usize> = super::pages::site_order(site).collect();
    groups.make("search", || key(site, &order, facets), out, |out| write_index(site, &order, facets, out))?;
    Ok(())
}

/// The hash of everything the index is made from.
fn key(site: &Site, order: &[usize], facets: &Facets) -> u64 {
    let mut h = super::memo::hasher();
    super::memo::of(facets).hash(&mut h);
    for c in order {
        let claim = &site.claims[*c];
        let place = |k: usize, i: usize| facets.position[k][i];
        (&claim.slug, &claim.title, &claim.quote).hash(&mut h);
        (place(0, claim.outlet), place(1, claim.topic), place(2, claim.stance.index()), place(3, claim.status.index()))
            .hash(&mut h);
        super::memo::stamp(&claim.date, &mut h);
    }
    h.finish()
}

fn write_index(site: &Site, order: &[usize], facets: &Facets, out: &impl Output) -> std::io::Result<()> {
    let put = |path: PathBuf, value: &serde_json::Value| out.put(&path, value.to_string().as_bytes());

    // Terms: each claim's, then merged into one sorted map of id lists.
    let per_claim: Vec<Vec<String>> = order
        .par_iter()
        .map(|c| {
            let claim = &site.claims[*c];
            let mut t = terms(&claim.title);
            t.extend(terms(&claim.quote));
            t.sort_unstable();
            t.dedup();
            t
        })
        .collect();
    // Gathered by hash and sorted once: a sorted map compared strings at every insertion.
    let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
    for (id, words) in per_claim.into_iter().enumerate() {
        for w in words {
            postings.entry(w).or_default().push(id as u32);
        }
    }
    let mut postings: Vec<(String, Vec<u32>)> = postings.into_iter().collect();
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let postings: Vec<(String, String)> = postings.into_par_iter().map(|(t, ids)| (t, delta(&ids))).collect();
    let mut shards = Vec::new();
    split(&postings, 1, &mut shards);
    shards.par_iter().try_for_each(|(prefix, terms)| {
        let mut body = String::from("{");
        for (i, (term, ids)) in terms.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&serde_json::to_string(term).expect("a string serializes"));
            body.push(':');
            body.push_str(ids);
        }
        body.push('}');
        out.put(&Path::new("search/t").join(format!("{}.json", shard_file(prefix))), body.as_bytes())
    })?;

    // Facets: each value's claims.
    for (name, values) in facets.each() {
        for v in values {
            let path = Path::new("search/f").join(name).join(format!("{}.json", v.slug));
            out.put(&path, delta(&v.ids).as_bytes())?;
        }
    }
    // Documents: what a result shows, in chunks.
    order.par_chunks(CHUNK).enumerate().try_for_each(|(n, chunk)| {
        let docs: Vec<serde_json::Value> = chunk
            .iter()
            .map(|c| {
                let claim = &site.claims[*c];
                // The slug (the page is `claims/<slug>/`), the title, the outlet's and topic's
                // positions in `meta.json`, the stance's and verdict's, and the date.
                json!([
                    claim.slug,
                    claim.title,
                    facets.position[0][claim.outlet],
                    facets.position[1][claim.topic],
                    facets.position[2][claim.stance.index()],
                    facets.position[3][claim.status.index()],
                    claim.date.iso(),
                ])
            })
            .collect();
        put(Path::new("search/d").join(format!("{n}.json")), &serde_json::Value::Array(docs))
    })?;

    let meta = json!({
        "version": 1,
        "count": order.len(),
        "chunk": CHUNK,
        // Positions in these lists are what the documents' numbers refer to.
        "facets": facets,
        "shards": shards.iter().map(|(p, _)| [p.clone(), shard_file(p)]).collect::<Vec<[String; 2]>>(),
    });
    put(PathBuf::from("search/meta.json"), &meta)
}

/// `[3,1,4]` for ids 3, 4, 8.
fn delta(ids: &[u32]) -> String {
    let mut s = String::with_capacity(ids.len() * 4 + 2);
    s.push('[');
    let mut last = 0;
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&(id - last).to_string());
        last = *id;
    }
    s.push(']');
    s
}

/// Groups sorted `terms` (all sharing a prefix of `depth - 1` characters) into shards: by their
/// first `depth` characters, each group split again while it is larger than [`SHARD_BYTES`].
fn split<'t>(terms: &'t [(String, String)], depth: usize, shards: &mut Vec<(String, &'t [(String, String)])>) {
    let mut start = 0;
    while start < terms.len() {
        let prefix: String = terms[start].0.chars().take(depth).collect();
        let end = start + terms[start..].iter().take_while(|(t, _)| t.starts_with(prefix.as_str())).count();
        let group = &terms[start..end];
        let bytes: usize = group.iter().map(|(t, ids)| t.len() + ids.len() + 4).sum();
        if bytes <= SHARD_BYTES || depth >= MAX_PREFIX {
            shards.push((prefix, group));
        } else {
            // The terms equal to the prefix sort first, and stay in a shard of their own name.
            let exact = group.iter().take_while(|(t, _)| t.chars().count() <= depth).count();
            if exact > 0 {
                shards.push((prefix, &group[..exact]));
            }
            split(&group[exact..], depth + 1, shards);
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::{delta, shard_file, terms};

    #[test]
    fn terms_are_lowercase_unaccented_words_of_two_characters_or_more() {
        assert_eq!(terms("Pakistan’s 20,000 troops — a Café"), ["pakistan", "20", "000", "troops", "cafe"]);
        assert_eq!(shard_file("ca"), "ca");
        assert_eq!(shard_file("é"), "_e9");
        assert_eq!(delta(&[3, 4, 8]), "[3,1,4]");
    }
}
