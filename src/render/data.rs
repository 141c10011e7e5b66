//! `claims.json`: the whole site as data, and `claims.schema.json`, the JSON Schema it follows.
//!
//! Researchers get everything the pages show, keyed by slug: the site, the verdict scale, outlets,
//! sources (metadata only: the archived article text is never published), topics with their
//! conclusion and derived flags, and claims with their summary, evidence, verdict history (each step
//! with the evidence ids it cites), corrections log, echoes, reports outside the tracked outlets and roots. A
//! source lists its versions and, for each reported change, the sentences removed and added; a
//! claim whose quote the latest version lost says which version lost it (`quote_later`). A root or
//! origin is a claim's slug, or a report outside the tracked outlets written out as an object. Markdown fields stay Markdown,
//! as the editors wrote them. The schema (draft 2020-12) is kept by hand beside this file; a test
//! checks that the two name the same top-level fields.

use super::jsonld;
use super::routes::Routes;
use crate::model::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// The schema, published as it is at `/claims.schema.json`.
pub const SCHEMA: &str = include_str!("claims.schema.json");

#[derive(Serialize)]
struct Data<'a> {
    #[serde(rename = "$schema")]
    schema: String,
    site: SiteData<'a>,
    verdicts: Vec<VerdictData>,
    outlets: Vec<OutletData<'a>>,
    sources: Vec<SourceData<'a>>,
    topics: Vec<TopicData<'a>>,
    claims: Vec<ClaimData<'a>>,
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
#[derive(Serialize)]
#[serde(untagged)]
enum OriginData<'a> {
    Claim(&'a str),
    Report(ReportData<'a>),
}

#[derive(Serialize)]
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
    sources: Vec<&'a str>,
    claims: Vec<&'a str>,
    tally: BTreeMap<&'static str, usize>,
}

#[derive(Serialize)]
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
#[derive(Serialize)]
struct VersionData<'a> {
    captured: String,
    from: Option<&'a str>,
    archived: Option<&'a str>,
    headline: &'a str,
}

/// A reported change from the version before to `version` (by position in `versions`).
#[derive(Serialize)]
struct ChangeData<'a> {
    version: usize,
    captured: String,
    headline: Option<HeadlineData<'a>>,
    removed: &'a [String],
    added: &'a [String],
}

#[derive(Serialize)]
struct HeadlineData<'a> {
    was: &'a str,
    now: &'a str,
}

/// The claim's quote is gone from the latest version of its article.
#[derive(Serialize)]
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
    origins: Vec<OriginData<'a>>,
    claims: Vec<&'a str>,
    tally: BTreeMap<&'static str, usize>,
}

#[derive(Serialize)]
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

#[derive(Serialize)]
struct EvidenceData<'a> {
    id: Option<&'a str>,
    url: &'a str,
    title: &'a str,
    date: String,
    bearing: Bearing,
    archived: Option<&'a str>,
    archived_on: Option<String>,
}

#[derive(Serialize)]
struct CorrectionData<'a> {
    date: String,
    kind: crate::model::CorrectionKind,
    note: &'a str,
}

#[derive(Serialize)]
struct UpdateData<'a> {
    date: String,
    status: Status,
    note: &'a str,
    cites: Vec<&'a str>,
}

/// Writes `claims.json` and `claims.schema.json`. The data is streamed to its file as it is
/// serialised, never held whole: it grows with the site (32 MB at 10,000 claims, 160 MB at 50,000).
pub fn write(site: &Site, routes: &Routes, out: &impl super::Output) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::io::BufWriter::with_capacity(1 << 16, out.create(&Routes::file(&Routes::claims_json()))?);
    serde_json::to_writer_pretty(&mut file, &data(site, routes)).map_err(std::io::Error::other)?;
    file.write_all(b"\n")?;
    file.flush()?;
    out.put(&Routes::file(&Routes::claims_schema()), SCHEMA.as_bytes())
}

fn data<'a>(site: &'a Site, routes: &Routes) -> Data<'a> {
    let claim_slugs = |ids: &[usize]| -> Vec<&'a str> { ids.iter().map(|c| site.claims[*c].slug.as_str()).collect() };
    let tally = |ids: &[usize]| site.tally(ids).into_iter().map(|(s, n)| (s.as_str(), n)).collect();
    let report = |r: usize| {
        let r = &site.reports[r];
        ReportData {
            outlet: &r.outlet,
            url: r.url.as_deref(),
            date: r.date.iso(),
            language: &r.language,
            title: r.title.as_deref(),
            sourcing: r.sourcing,
        }
    };
    let origins = |list: &[Origin]| -> Vec<OriginData<'a>> {
        list.iter()
            .map(|o| match o {
                Origin::Claim(c) => OriginData::Claim(&site.claims[*c].slug),
                Origin::Report(r) => OriginData::Report(report(*r)),
            })
            .collect()
    };
    let config = &site.config;
    Data {
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
                sources: o.sources.iter().map(|s| site.sources[*s].slug.as_str()).collect(),
                claims: claim_slugs(&o.claims),
                tally: tally(&o.claims),
            })
            .collect(),
        sources: site
            .sources
            .iter()
            .map(|s| SourceData {
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
                claims: claim_slugs(&s.claims),
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
                origins: origins(&t.origins),
                claims: claim_slugs(&t.claims),
                tally: tally(&t.claims),
            })
            .collect(),
        claims: site
            .claims
            .iter()
            .map(|c| ClaimData {
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
                echoes: claim_slugs(&c.echoes),
                reports: c.reports.iter().map(|r| report(*r)).collect(),
                roots: origins(&c.roots),
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
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_requires_exactly_the_top_level_fields_the_data_has() {
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
                warn_unarchived: true,
                page_size: crate::model::PAGE_SIZE,
            },
            outlets: vec![],
            sources: vec![],
            topics: vec![],
            claims: vec![],
            reports: vec![],
        };
        let data = serde_json::to_value(data(&site, &Routes::new("/"))).unwrap();
        let mut fields: Vec<&String> = data.as_object().unwrap().keys().collect();
        let mut required: Vec<&str> =
            schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        fields.sort();
        required.sort();
        assert_eq!(fields, required);
        for object in ["site", "verdict", "outlet", "source", "topic", "claim"] {
            assert!(schema["$defs"][object].is_object(), "no $defs/{object}");
        }
    }

    #[test]
    fn the_schema_lists_the_verdicts_in_the_order_the_site_does() {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
        let words: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(schema["$defs"]["status"]["enum"], serde_json::json!(words), "{}", schema["$defs"]["status"]);
    }
}
