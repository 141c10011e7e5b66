//! The search index the build writes under `search/` (src/render/search.rs), as the /claims/
//! script reads it: every word of a claim's title and quote is in the shard its prefix names, with
//! the claim's id; each facet value lists exactly its claims; the documents give each id's page.

mod common;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Delta-coded ids, decoded.
fn ids(list: &Value) -> Vec<u64> {
    let mut last = 0;
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| {
            last += d.as_u64().unwrap();
            last
        })
        .collect()
}

/// Each claim's id in the index, by slug, from the document chunks.
fn documents(index: &Path, meta: &Value) -> BTreeMap<String, (u64, Value)> {
    let (count, chunk) = (meta["count"].as_u64().unwrap(), meta["chunk"].as_u64().unwrap());
    let mut docs = BTreeMap::new();
    for n in 0..count.div_ceil(chunk) {
        for (i, doc) in json(&index.join(format!("d/{n}.json"))).as_array().unwrap().iter().enumerate() {
            docs.insert(doc[0].as_str().unwrap().to_owned(), (n * chunk + i as u64, doc.clone()));
        }
    }
    assert_eq!(docs.len() as u64, count);
    docs
}

/// The claims holding `term`, from the shard the script would fetch: the deepest one whose prefix
/// starts the term.
fn lookup(index: &Path, meta: &Value, term: &str) -> Vec<u64> {
    let shard = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| term.starts_with(s[0].as_str().unwrap()))
        .max_by_key(|s| s[0].as_str().unwrap().len())
        .unwrap_or_else(|| panic!("no shard for {term}"));
    let terms = json(&index.join(format!("t/{}.json", shard[1].as_str().unwrap())));
    terms.get(term).map(ids).unwrap_or_default()
}

#[test]
fn every_word_of_a_title_and_quote_is_in_its_shard_and_every_facet_value_lists_exactly_its_claims() {
    let root = fixture("basic");
    edit(&claim(&root, "ledger-closure.md"), "title: The bridge", "title: Zanzíbar, the bridge");
    let out = build_ok(&root, &[]);
    let index = out.join("search");
    let meta = json(&index.join("meta.json"));
    let data = whole_data(&out);
    let claims = data["claims"].as_array().unwrap();
    assert_eq!(meta["count"].as_u64().unwrap(), claims.len() as u64);
    let docs = documents(&index, &meta);

    // The new word, folded: lowercase, without its accent, in the shard of its prefix.
    let ledger = docs["ledger-closure"].0;
    assert_eq!(lookup(&index, &meta, "zanzibar"), [ledger]);
    for c in claims {
        let id = docs[c["slug"].as_str().unwrap()].0;
        let text = format!("{} {}", c["title"].as_str().unwrap(), c["quote"].as_str().unwrap()).to_lowercase();
        for word in text.split(|ch: char| !ch.is_alphanumeric()).filter(|w| w.chars().count() >= 2 && w.is_ascii()) {
            assert!(lookup(&index, &meta, word).contains(&id), "{word} of {} is not indexed", c["slug"]);
        }
    }

    // The facets: each claim under its outlet, topic, stance and verdict, and nowhere else.
    for (facet, key) in [("outlet", "outlet"), ("topic", "topic"), ("stance", "stance"), ("verdict", "status")] {
        let values = meta["facets"][facet].as_array().unwrap();
        let mut seen = BTreeSet::new();
        for v in values {
            let slug = v["slug"].as_str().unwrap();
            let listed: BTreeSet<u64> = ids(&json(&index.join(format!("f/{facet}/{slug}.json")))).into_iter().collect();
            let expected: BTreeSet<u64> =
                claims.iter().filter(|c| c[key] == slug).map(|c| docs[c["slug"].as_str().unwrap()].0).collect();
            assert_eq!(listed, expected, "{facet} {slug}");
            assert_eq!(v["count"].as_u64().unwrap(), expected.len() as u64);
            seen.extend(listed);
        }
        assert_eq!(seen.len(), claims.len(), "every claim has a {facet}");
    }

    // A document names the claim's page, title, facet values (by position) and date.
    let (_, doc) = &docs["ledger-closure"];
    let c = claims.iter().find(|c| c["slug"] == "ledger-closure").unwrap();
    assert_eq!(doc[1], c["title"]);
    assert_eq!(meta["facets"]["outlet"][doc[2].as_u64().unwrap() as usize]["slug"], c["outlet"]);
    assert_eq!(meta["facets"]["verdict"][doc[5].as_u64().unwrap() as usize]["slug"], c["status"]);
    assert_eq!(doc[6], c["date"]);
    assert!(out.join("claims/ledger-closure/index.html").is_file());

    // The /claims/ filter offers the same values, by slug.
    let html = page(&out, "claims/");
    for v in meta["facets"]["outlet"].as_array().unwrap() {
        assert!(html.contains(&format!("<option value=\"{}\">", v["slug"].as_str().unwrap())), "{}", v["slug"]);
    }
}
