//! The whole site as data, in files of bounded size, and `claims.schema.json`, the JSON Schema they
//! follow.
//!
//! At 50,000 claims the data is about 120 MB: no one downloads that to look at one statement, and
//! a pretty-printed single file was larger still. So `claims.json` is a small index (the site, the
//! verdict scale, outlets and topics with their conclusion and tallies) that lists the parts under
//! `data/`, each with its size: each topic's claims in parts of at most [`PER_PART`]
//! (`data/topics/<slug>.json`, `<slug>.2.json`, …) and the sources likewise (`data/sources.json`,
//! …). Every file is compact JSON; together the parts hold every claim and every source once.
//!
//! Researchers get everything the pages show, keyed by slug: the site, the verdict scale, outlets,
//! sources (metadata only: the archived article text is never published), topics with their
//! conclusion and derived flags, and claims with their summary, evidence, verdict history (each step
//! with the evidence ids it cites), corrections log, echoes, reports outside the tracked outlets and roots. A
//! source lists its versions and, for each reported change, the sentences removed and added; a
//! claim whose quote the latest version lost says which version lost it (`quote_later`). A root or
//! origin is a claim's slug, or a report outside the tracked outlets written out as an object. Markdown fields stay Markdown,
//! as the editors wrote them. The schema (draft 2020-12) is kept by hand beside this file; a test
//! checks that it names the same top-level fields as the index and a part.

use super::Output;
use super::jsonld;
use super::memo::Groups;
use super::routes::Routes;
use crate::model::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// The schema, published as it is at `/claims.schema.json`.
pub const SCHEMA: &str = include_str!("claims.schema.json");

/// `claims.json`: what is small whatever the site's size, and where the rest is.
#[derive(Serialize)]
struct Index<'a> {
    #[serde(rename = "$schema")]
    schema: String,
    site: SiteData<'a>,
    verdicts: Vec<VerdictData>,
    outlets: Vec<OutletData<'a>>,
    topics: Vec<TopicData<'a>>,
    parts: Vec<PartRef<'a>>,
}

/// A part as the index names it: where it is, what it holds and how large it is.
#[derive(Serialize)]
struct PartRef<'a> {
    url: String,
    /// The topic whose claims it holds, or `None` for a part of sources.
    topic: Option<&'a str>,
    claims: usize,
    sources: usize,
    bytes: usize,
}

/// A part: some of one topic's claims, or some of the sources.
#[derive(Serialize, Hash)]
struct Part<'a> {
    #[serde(rename = "$schema")]
    schema: String,
    index: String,
    topic: Option<&'a str>,
    /// On a topic's first part: the distinct first appearances of its asserting claims, which the
    /// index only counts (listed there, they made the index grow with the archive).
    #[serde(skip_serializing_if = "Option::is_none")]
    origins: Option<Vec<OriginData<'a>>>,
    claims: Vec<ClaimData<'a>>,
    sources: Vec<SourceData<'a>>,
}

#[derive(Serialize)]
struct SiteData<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    language: &'a str,
    publisher: PublisherData<'a>,
    corrections: Option<&'a str>,
    summary: &'a str,
    reviewed: Option<String>,
}

#[derive(Serialize)]
struct PublisherData<'a> {
    /// `None` when `site.yaml` names no publisher.
    name: Option<&'a str>,
    url: Option<&'a str>,
    corrections: Option<&'a str>,
    funding: Option<&'a str>,
}

/// Where a report first appeared: a tracked claim's slug, or a report outside the tracked outlets.
#[derive(Serialize, Hash)]
#[serde(untagged)]
enum OriginData<'a> {
    Claim(&'a str),
    Report(ReportData<'a>),
}

#[derive(Serialize, Hash)]
struct ReportData<'a> {
    outlet: &'a str,
    url: Option<&'a str>,
    date: String,
    language: &'a str,
    title: Option<&'a str>,
    sourcing: Option<Sourcing>,
}

#[derive(Serialize)]
struct VerdictData {
    status: Status,
    label: &'static str,
    rating: u8,
}

#[derive(Serialize)]
struct OutletData<'a> {
    slug: &'a str,
    page: String,
    name: &'a str,
    url: Option<&'a str>,
    country: Option<&'a str>,
    kind: Option<OutletKind>,
    description: &'a str,
    tally: BTreeMap<&'static str, usize>,
}

#[derive(Serialize, Hash)]
struct SourceData<'a> {
    slug: &'a str,
    page: String,
    outlet: &'a str,
    headline: &'a str,
    published: String,
    url: Option<&'a str>,
    author: Option<&'a str>,
    archived: Option<&'a str>,
    archived_on: Option<String>,
    note: Option<&'a str>,
    claims: Vec<&'a str>,
    versions: Vec<VersionData<'a>>,
    changes: Vec<ChangeData<'a>>,
}

/// One capture of an article: the first is the source as published.
#[derive(Serialize, Hash)]
struct VersionData<'a> {
    captured: String,
    from: Option<&'a str>,
    archived: Option<&'a str>,
    headline: &'a str,
}

/// A reported change from the version before to `version` (by position in `versions`).
#[derive(Serialize, Hash)]
struct ChangeData<'a> {
    version: usize,
    captured: String,
    headline: Option<HeadlineData<'a>>,
    removed: &'a [String],
    added: &'a [String],
}

#[derive(Serialize, Hash)]
struct HeadlineData<'a> {
    was: &'a str,
    now: &'a str,
}

/// The claim's quote is gone from the latest version of its article.
#[derive(Serialize, Hash)]
struct QuoteLaterData<'a> {
    /// The first version (by position in the source's `versions`) without it.
    version: usize,
    captured: String,
    /// The passage of that version that reworded it, or `None` when it was removed.
    reworded_as: Option<&'a str>,
}

#[derive(Serialize)]
struct TopicData<'a> {
    slug: &'a str,
    page: String,
    title: &'a str,
    statement: &'a str,
    order: Option<i64>,
    context: &'a str,
    conclusion: Option<&'a str>,
    reviewed: Option<String>,
    contested: bool,
    single_origin: bool,
    anonymous_origin: bool,
    /// How many origins the topic's first part lists.
    origin_count: usize,
    tally: BTreeMap<&'static str, usize>,
}

#[derive(Serialize, Hash)]
struct ClaimData<'a> {
    slug: &'a str,
    page: String,
    title: &'a str,
    source: &'a str,
    outlet: &'a str,
    topic: &'a str,
    date: String,
    stance: Stance,
    status: Status,
    rating: u8,
    quote: &'a str,
    sourcing: Option<Sourcing>,
    summary: Option<&'a str>,
    echoes: Vec<&'a str>,
    reports: Vec<ReportData<'a>>,
    roots: Vec<OriginData<'a>>,
    evidence: Vec<EvidenceData<'a>>,
    updates: Vec<UpdateData<'a>>,
    corrections: Vec<CorrectionData<'a>>,
    tags: &'a [String],
    analysis: &'a str,
    quote_later: Option<QuoteLaterData<'a>>,
}

#[derive(Serialize, Hash)]
struct EvidenceData<'a> {
    id: Option<&'a str>,
    url: &'a str,
    title: &'a str,
    date: String,
    bearing: Bearing,
    archived: Option<&'a str>,
    archived_on: Option<String>,
}

#[derive(Serialize, Hash)]
struct CorrectionData<'a> {
    date: String,
    kind: crate::model::CorrectionKind,
    note: &'a str,
}

#[derive(Serialize, Hash)]
struct UpdateData<'a> {
    date: String,
    status: Status,
    note: &'a str,
    cites: Vec<&'a str>,
}

/// How many claims, or sources, one part holds at most: about 2 MB of JSON at the generated
/// corpus's sizes, so that no download is more than a few MB however large a topic grows.
pub const PER_PART: usize = 1000;

/// Writes `claims.json` (the index), its parts under `data/` and `claims.schema.json`. Each part
/// is made and written on its own, in parallel; the index, written last, gives each part's size.
/// Each part is a group of one file ([`Groups`]), written again only when what it holds changed.
pub fn write(site: &Site, routes: &Routes, out: &impl Output, groups: &Groups) -> std::io::Result<()> {
    write_parts(site, routes, out, PER_PART, groups)
}

/// [`write`], with parts of at most `per_part` claims or sources.
fn write_parts(
    site: &Site,
    routes: &Routes,
    out: &impl Output,
    per_part: usize,
    groups: &Groups,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let schema = routes.absolute(&Routes::claims_schema());
    let index_url = routes.absolute(&Routes::claims_json());
    // (route, topic, whether it is the topic's first part, the claims or sources it holds)
    let mut plan: Vec<(String, Option<usize>, bool, &[usize])> = Vec::new();
    for (i, t) in site.topics.iter().enumerate() {
        for (n, chunk) in t.claims.chunks(per_part).enumerate() {
            plan.push((Routes::data_topic(&t.slug, n + 1), Some(i), n == 0, chunk));
        }
    }
    let sources: Vec<usize> = (0..site.sources.len()).collect();
    for (n, chunk) in sources.chunks(per_part).enumerate() {
        plan.push((Routes::data_sources(n + 1), None, false, chunk));
    }
    let parts = plan
        .par_iter()
        .map(|(route, topic, first, ids)| {
            let part = Part {
                schema: schema.clone(),
                index: index_url.clone(),
                topic: topic.map(|t| site.topics[t].slug.as_str()),
                origins: topic.filter(|_| *first).map(|t| origins(site, &site.topics[t].origins)),
                claims: if topic.is_some() { ids.iter().map(|c| claim(site, routes, *c)).collect() } else { vec![] },
                sources: if topic.is_none() { ids.iter().map(|s| source(site, routes, *s)).collect() } else { vec![] },
            };
            let files = groups.make(
                route,
                || super::memo::mix(&part),
                out,
                |out| {
                    let mut bytes = serde_json::to_vec(&part).map_err(std::io::Error::other)?;
                    bytes.push(b'\n');
                    out.put(&Routes::file(route), &bytes)
                },
            )?;
            Ok(PartRef {
                url: routes.absolute(route),
                topic: part.topic,
                claims: part.claims.len(),
                sources: part.sources.len(),
                bytes: files.iter().map(|(_, size)| size).sum(),
            })
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut bytes = serde_json::to_vec(&index(site, routes, parts)).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    out.put(&Routes::file(&Routes::claims_json()), &bytes)?;
    out.put(&Routes::file(&Routes::claims_schema()), SCHEMA.as_bytes())
}

fn claim_slugs<'a>(site: &'a Site, ids: &[usize]) -> Vec<&'a str> {
    ids.iter().map(|c| site.claims[*c].slug.as_str()).collect()
}

fn tally(site: &Site, ids: &[usize]) -> BTreeMap<&'static str, usize> {
    site.tally(ids).into_iter().map(|(s, n)| (s.as_str(), n)).collect()
}

fn report(site: &Site, r: usize) -> ReportData<'_> {
    let r = &site.reports[r];
    ReportData {
        outlet: &r.outlet,
        url: r.url.as_deref(),
        date: r.date.iso(),
        language: &r.language,
        title: r.title.as_deref(),
        sourcing: r.sourcing,
    }
}

fn origins<'a>(site: &'a Site, list: &[Origin]) -> Vec<OriginData<'a>> {
    list.iter()
        .map(|o| match o {
            Origin::Claim(c) => OriginData::Claim(&site.claims[*c].slug),
            Origin::Report(r) => OriginData::Report(report(site, *r)),
        })
        .collect()
}

fn index<'a>(site: &'a Site, routes: &Routes, parts: Vec<PartRef<'a>>) -> Index<'a> {
    let config = &site.config;
    Index {
        schema: routes.absolute(&Routes::claims_schema()),
        site: SiteData {
            title: &config.title,
            description: &config.description,
            url: routes.absolute(&Routes::home()),
            language: &config.language,
            publisher: PublisherData {
                name: config.publisher.named.then_some(config.publisher.name.as_str()),
                url: config.publisher.url.as_deref(),
                corrections: config.corrections.as_deref(),
                funding: config.publisher.funding.as_deref(),
            },
            corrections: config.corrections.as_deref(),
            summary: &config.summary_md,
            reviewed: config.reviewed.map(|r| r.iso()),
        },
        verdicts: Status::ALL
            .iter()
            .map(|&s| VerdictData { status: s, label: s.label(), rating: jsonld::rating(s) })
            .collect(),
        outlets: site
            .outlets
            .iter()
            .map(|o| OutletData {
                slug: &o.slug,
                page: routes.absolute(&Routes::outlet(&o.slug)),
                name: &o.name,
                url: o.url.as_deref(),
                country: o.country.as_deref(),
                kind: o.kind,
                description: &o.body_md,
                tally: tally(site, &o.claims),
            })
            .collect(),
        topics: site
            .topics
            .iter()
            .map(|t| TopicData {
                slug: &t.slug,
                page: routes.absolute(&Routes::topic(&t.slug)),
                title: &t.title,
                statement: &t.statement,
                order: t.order,
                context: &t.body_md,
                conclusion: t.conclusion.as_deref(),
                reviewed: t.reviewed.map(|r| r.iso()),
                contested: t.contested,
                single_origin: t.single_origin,
                anonymous_origin: t.anonymous_origin,
                origin_count: t.origins.len(),
                tally: tally(site, &t.claims),
            })
            .collect(),
        parts,
    }
}

fn source<'a>(site: &'a Site, routes: &Routes, i: usize) -> SourceData<'a> {
    let s = &site.sources[i];
    SourceData {
        slug: &s.slug,
        page: routes.absolute(&Routes::source(&s.slug)),
        outlet: &site.outlets[s.outlet].slug,
        headline: &s.headline,
        published: s.published.iso(),
        url: s.url.as_deref(),
        author: s.author.as_deref(),
        archived: s.archived.as_deref(),
        archived_on: s.archived_on.map(|d| d.iso()),
        note: s.note.as_deref(),
        claims: claim_slugs(site, &s.claims),
        versions: s
            .versions
            .iter()
            .map(|v| VersionData {
                captured: v.captured.iso(),
                from: v.from.as_deref(),
                archived: v.archived.as_deref(),
                headline: &v.headline,
            })
            .collect(),
        changes: s
            .changes
            .iter()
            .map(|c| ChangeData {
                version: c.version,
                captured: s.versions[c.version].captured.iso(),
                headline: c.headline.as_ref().map(|(was, now)| HeadlineData { was, now }),
                removed: &c.removed,
                added: &c.added,
            })
            .collect(),
    }
}

fn claim<'a>(site: &'a Site, routes: &Routes, i: usize) -> ClaimData<'a> {
    let c = &site.claims[i];
    ClaimData {
        slug: &c.slug,
        page: routes.absolute(&Routes::claim(&c.slug)),
        title: &c.title,
        source: &site.sources[c.source].slug,
        outlet: &site.outlets[c.outlet].slug,
        topic: &site.topics[c.topic].slug,
        date: c.date.iso(),
        stance: c.stance,
        status: c.status,
        rating: jsonld::rating(c.status),
        quote: &c.quote,
        sourcing: c.sourcing,
        summary: c.summary.as_deref(),
        echoes: claim_slugs(site, &c.echoes),
        reports: c.reports.iter().map(|r| report(site, *r)).collect(),
        roots: origins(site, &c.roots),
        evidence: c
            .evidence
            .iter()
            .map(|e| EvidenceData {
                id: e.id.as_deref(),
                url: &e.url,
                title: &e.title,
                date: e.date.iso(),
                bearing: e.bearing,
                archived: e.archived.as_deref(),
                archived_on: e.archived_on.map(|d| d.iso()),
            })
            .collect(),
        updates: c
            .updates
            .iter()
            .map(|u| UpdateData {
                date: u.date.iso(),
                status: u.status,
                note: &u.note,
                cites: u.cites.iter().filter_map(|e| c.evidence[*e].id.as_deref()).collect(),
            })
            .collect(),
        corrections: c
            .corrections
            .iter()
            .map(|k| CorrectionData { date: k.date.iso(), kind: k.kind, note: &k.note })
            .collect(),
        tags: &c.tags,
        analysis: &c.body_md,
        quote_later: c.quote_later.as_ref().map(|l| QuoteLaterData {
            version: l.version,
            captured: site.sources[c.source].versions[l.version].captured.iso(),
            reworded_as: l.now.as_deref(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_requires_exactly_the_top_level_fields_of_the_index_and_of_a_part() {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        let site = Site {
            config: SiteConfig {
                title: "t".into(),
                description: String::new(),
                base_url: "/".into(),
                language: "en".into(),
                summary_md: String::new(),
                publisher: Publisher::default(),
                corrections: None,
                reviewed: None,
                version_threshold: 0,
                feed_entries: 100,
                warn_unarchived: true,
                page_size: crate::model::PAGE_SIZE,
            },
            outlets: vec![],
            sources: vec![],
            topics: vec![],
            claims: vec![],
            reports: vec![],
        };
        let routes = Routes::new("/");
        let index = serde_json::to_value(index(&site, &routes, vec![])).unwrap();
        let part = Part {
            schema: String::new(),
            index: String::new(),
            topic: None,
            origins: None,
            claims: vec![],
            sources: vec![],
        };
        for (data, def) in [(index, "index"), (serde_json::to_value(part).unwrap(), "part")] {
            let mut fields: Vec<&String> = data.as_object().unwrap().keys().collect();
            let mut required: Vec<&str> =
                schema["$defs"][def]["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
            fields.sort();
            required.sort();
            assert_eq!(fields, required, "{def}");
        }
        for object in ["site", "verdict", "outlet", "source", "topic", "claim", "part_ref"] {
            assert!(schema["$defs"][object].is_object(), "no $defs/{object}");
        }
    }

    /// An output that keeps each file, by path.
    #[derive(Default)]
    struct Kept(std::sync::Mutex<BTreeMap<String, Vec<u8>>>);

    impl crate::render::Output for Kept {
        type File = std::io::Sink;
        fn put(&self, path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
            self.0.lock().unwrap().insert(path.display().to_string(), bytes.to_vec());
            Ok(())
        }
        fn create(&self, _: &std::path::Path) -> std::io::Result<std::io::Sink> {
            Ok(std::io::sink())
        }
    }

    #[test]
    fn a_topic_larger_than_a_part_continues_in_numbered_parts_and_the_index_lists_each() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let site = crate::resolve::resolve(&crate::load::load(&root).ok().unwrap()).site;
        let out = Kept::default();
        write_parts(&site, &Routes::new("/"), &out, 2, &Groups::always()).unwrap();
        let files = out.0.into_inner().unwrap();
        let json = |name: &str| -> serde_json::Value { serde_json::from_slice(&files[name]).unwrap() };
        let index = json("claims.json");
        let parts: Vec<(&str, u64, u64)> = index["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let url = p["url"].as_str().unwrap();
                assert_eq!(files[url.trim_start_matches('/')].len() as u64, p["bytes"].as_u64().unwrap(), "{url}");
                (url, p["claims"].as_u64().unwrap(), p["sources"].as_u64().unwrap())
            })
            .collect();
        // `closure` has three claims: two in its first part, one in the next.
        assert_eq!(
            parts,
            [
                ("/data/topics/closure.json", 2, 0),
                ("/data/topics/closure.2.json", 1, 0),
                ("/data/topics/cracks.json", 1, 0),
                ("/data/sources.json", 0, 2),
                ("/data/sources.2.json", 0, 1),
            ]
        );
        let second = json("data/topics/closure.2.json");
        assert_eq!(second["topic"], "closure");
        assert_eq!(second["claims"][0]["topic"], "closure");
        // The origins are listed once, on the topic's first part, and counted in the index.
        assert_eq!(json("data/topics/closure.json")["origins"], serde_json::json!(["ledger-closure"]));
        assert!(second.get("origins").is_none(), "{second}");
        assert_eq!(index["topics"][0]["origin_count"], 1);
    }

    #[test]
    fn the_schema_lists_the_verdicts_in_the_order_the_site_does() {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
        let words: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(schema["$defs"]["status"]["enum"], serde_json::json!(words), "{}", schema["$defs"]["status"]);
    }
}
