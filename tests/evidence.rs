//! What the desk's rules look like to an editor and a reader: each verdict step cites dated
//! evidence by id, echoes may name a report outside the tracked outlets (which then counts as an
//! origin), topics with a verdict carry a dated conclusion, claims a short summary, and the
//! consistency warnings of `docs/diagnostics.md`. Texts are pinned.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// `check` on a copy of fixture `name` after `change`.
fn check_after(name: &str, change: impl FnOnce(&Path)) -> (String, i32) {
    let root = fixture(name);
    change(&root);
    check(&root)
}

fn ledger(root: &Path) -> std::path::PathBuf {
    root.join("content/claims/ledger-closure.md")
}

fn data(out: &Path) -> Value {
    whole_data(out)
}

#[test]
fn a_step_citing_evidence_dated_after_it_is_refused_at_the_citation() {
    let (err, code) = check_after("basic", |r| {
        edit(&ledger(r), "    date: 2025-03-02\n    bearing", "    date: 2025-03-05\n    bearing");
    });
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "content/claims/ledger-closure.md:21:13: error: the update of 2025-03-02 cites `city-statement`, dated 2025-03-05: a step may only cite evidence that existed on its date
   |
21 |     cites: [city-statement]
   |             ^^^^^^^^^^^^^^
   = help: date the step on or after the evidence, or cite what was known on the step's date

error: 1 problem in 1 file
"
    );
}

#[test]
fn the_first_verdict_may_rest_on_evidence_older_than_the_claim() {
    let root = fixture("basic");
    // Evidence from before the article was published, cited by the claim's first step.
    edit(&ledger(&root), "    date: 2025-03-02\n    bearing", "    date: 2025-02-20\n    bearing");
    edit(
        &ledger(&root),
        "{date: 2025-03-01, status: unverified,",
        "{date: 2025-03-01, status: disputed, cites: [city-statement],",
    );
    assert_eq!(check(&root), (String::new(), 0));
}

#[test]
fn a_step_to_a_verdict_that_cites_nothing_is_refused_at_its_status() {
    let (err, code) = check_after("basic", |r| edit(&ledger(r), "    cites: [city-statement]\n", ""));
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "content/claims/ledger-closure.md:19:13: error: the update of 2025-03-02 to `disputed` cites no evidence
   |
19 |     status: disputed
   |             ^^^^^^^^
   = help: add `cites: [id]` naming the evidence this verdict rests on, and give those evidence entries an `id:`

error: 1 problem in 1 file
"
    );
}

#[test]
fn an_unknown_evidence_id_is_refused_with_the_nearest_one() {
    let (err, code) = check_after("basic", |r| edit(&ledger(r), "cites: [city-statement]", "cites: [city-statment]"));
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "content/claims/ledger-closure.md:21:13: error: no evidence `city-statment` in this claim
   |
21 |     cites: [city-statment]
   |             ^^^^^^^^^^^^^
   = help: did you mean `city-statement`?

error: 1 problem in 1 file
"
    );
}

#[test]
fn evidence_ids_are_slugs_and_unique_within_the_claim() {
    let (err, code) = check_after("basic", |r| {
        edit(
            &ledger(r),
            "updates:\n",
            "  - {id: city-statement, url: 'https://city.example/b', title: B, date: 2025-03-02, bearing: contradicts}\n  - {id: City Note, url: 'https://city.example/c', title: C, date: 2025-03-02, bearing: contradicts}\nupdates:\n",
        );
    });
    assert_eq!(code, 1);
    let heads: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        heads,
        [
            "content/claims/ledger-closure.md:16:10: error: duplicate evidence id `city-statement`",
            "content/claims/ledger-closure.md:17:10: error: `City Note` is not a valid evidence id",
        ]
    );
    assert!(err.contains("= help: an id uses lowercase letters, digits and `-`, e.g. `city-note`\n"), "{err}");
}

#[test]
fn an_external_report_both_outlets_relay_makes_the_topic_single_origin_and_anonymous() {
    let root = fixture("relayed");
    assert_eq!(check(&root), (String::new(), 0));
    let out = build_ok(&root, &[]);
    let topic = text(&page(&out, "topics/ferry-sale/"));
    assert!(
        topic.contains(
            "Single origin 2 outlets assert this, but every one of those claims traces back to one report: Nagar Samachar, 1 Mar 2025."
        ),
        "{topic}"
    );
    let t = &data(&out)["topics"][0];
    assert_eq!((&t["single_origin"], &t["anonymous_origin"]), (&Value::Bool(true), &Value::Bool(true)));
    assert_eq!(t["origin_count"], 1);
    let part: Value =
        serde_json::from_str(&page(&out, &format!("data/topics/{}.json", t["slug"].as_str().unwrap()))).unwrap();
    assert_eq!(
        part["origins"],
        serde_json::json!([{"outlet": "Nagar Samachar", "url": null, "date": "2025-03-01", "language": "hi",
            "title": "Ferry line to be sold", "sourcing": "anonymous"}])
    );

    // Without the report, the two outlets are two independent origins.
    for claim in ["star-ferry-sale", "times-ferry-sale"] {
        let path = root.join(format!("content/claims/{claim}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        let start = text.find("echoes:").unwrap();
        let end = text.find("evidence:").unwrap();
        write(&path, &format!("{}{}", &text[..start], &text[end..]).replace("media-reports", "anonymous"));
    }
    let out = build_ok(&root, &[]);
    let topic = text(&page(&out, "topics/ferry-sale/"));
    assert!(
        topic.contains("The assertions have 2 independent origins: Morning Star, 2 Mar 2025; River Times, 3 Mar 2025."),
        "{topic}"
    );
    assert_eq!(data(&out)["topics"][0]["single_origin"], false);
}

#[test]
fn a_claim_repeating_an_external_report_names_it_as_its_first_appearance() {
    let out = build_ok(&fixture("relayed"), &[]);
    let html = page(&out, "claims/star-ferry-sale/");
    let script = html.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    let review: Value = serde_json::from_str(script).unwrap();
    assert_eq!(
        review["itemReviewed"]["firstAppearance"],
        serde_json::json!({"@type": "CreativeWork", "headline": "Ferry line to be sold", "datePublished": "2025-03-01",
            "author": {"@type": "Organization", "name": "Nagar Samachar"}})
    );
    assert_eq!(
        review["reviewBody"],
        "The city denied any sale on 4 March; the report rests on one anonymous Hindi article."
    );
    assert_eq!(
        review["author"],
        serde_json::json!({"@type": "Organization", "name": "Harbour Desk", "url": "https://desk.example/"})
    );
    let claim = &data(&out)["claims"][0];
    assert_eq!(claim["updates"][1]["cites"], serde_json::json!(["city-denial"]));
    assert_eq!(claim["evidence"][0]["id"], "city-denial");
    assert_eq!(claim["reports"][0]["outlet"], "Nagar Samachar");
}

#[test]
fn the_publisher_and_review_dates_go_into_the_data() {
    let out = build_ok(&fixture("relayed"), &[]);
    let d = data(&out);
    assert_eq!(
        d["site"]["publisher"],
        serde_json::json!({"name": "Harbour Desk", "url": "https://desk.example/",
            "corrections": "corrections@desk.example", "funding": "Reader donations only."})
    );
    assert_eq!(d["site"]["reviewed"], "2025-03-10");
    assert_eq!(d["topics"][0]["reviewed"], "2025-03-10");
    assert_eq!(
        d["topics"][0]["conclusion"],
        "The city denies any sale; both reports go back to one anonymously sourced article."
    );
    // With no publisher named, the data says so rather than passing the title off as one.
    let out = build_ok(&fixture("basic"), &[]);
    assert_eq!(data(&out)["site"]["publisher"]["name"], Value::Null);
}

#[test]
fn a_bad_external_report_is_an_error_at_its_value() {
    let (err, code) = check_after("relayed", |r| {
        let star = r.join("content/claims/star-ferry-sale.md");
        edit(&star, "    url: not online", "    url: offline");
        edit(&star, "    language: hi", "    language: Hindi language");
        let times = r.join("content/claims/times-ferry-sale.md");
        edit(&times, "{outlet: Nagar Samachar,", "{outlett: Nagar Samachar,");
    });
    assert_eq!(code, 1);
    let heads: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        heads,
        [
            "content/claims/star-ferry-sale.md:13:10: error: `offline` is neither an http(s) URL nor `not online`",
            "content/claims/star-ferry-sale.md:15:15: error: `Hindi language` is not a language tag",
            "content/claims/times-ferry-sale.md:12:6: error: invalid YAML: echoes[0]: unknown key `outlett`",
        ]
    );
    assert!(err.contains("= help: did you mean `outlet`?\n"), "{err}");
}

#[test]
fn media_reports_with_no_echo_is_a_warning() {
    let (err, code) = check_after("relayed", |r| {
        let path = r.join("content/claims/times-ferry-sale.md");
        edit(&path, "echoes:\n  - {outlet: Nagar Samachar, url: not online, date: 2025-03-01, language: hi}\n", "");
    });
    assert_eq!(code, 0, "a warning never fails the check");
    assert_eq!(
        err,
        "content/claims/times-ferry-sale.md:9:11: warning: `sourcing` is `media-reports` but `echoes` names no report
  |
9 | sourcing: media-reports
  |           ^^^^^^^^^^^^^
  = help: add to `echoes` the report this one relays: a tracked claim's slug, or `{outlet, url, date, language}` for a report outside the tracked outlets; or, if it cannot be found, `untraced:` saying what was searched

warning: 1 warning
"
    );
}

#[test]
fn media_reports_the_editor_could_not_trace_are_said_so_to_readers_instead_of_warned() {
    let root = fixture("relayed");
    let path = root.join("content/claims/times-ferry-sale.md");
    edit(
        &path,
        "echoes:\n  - {outlet: Nagar Samachar, url: not online, date: 2025-03-01, language: hi}\n",
        "untraced: 'searched the Hindi press of 1-3 March; no dated report found'\n",
    );
    let (err, code) = check(&root);
    assert_eq!((err.as_str(), code), ("", 0), "an untraced note answers the warning");
    let out = build_ok(&root, &[]);
    let html = page(&out, "claims/times-ferry-sale/");
    assert!(
        html.contains("Reports not traced: searched the Hindi press of 1-3 March; no dated report found"),
        "{html}"
    );
}

#[test]
fn the_same_quote_on_one_topic_with_two_verdicts_is_a_warning() {
    let (err, code) = check_after("basic", |r| {
        write(
            &r.join("content/claims/ledger-closure-again.md"),
            "---\ntitle: The bridge closes for a year\nsource: ledger-bridge\ndate: 2025-03-02\ntopic: closure\nstance: asserts\nstatus: false\nquote: 'The harbour bridge will close for twelve months from June, officials told the “Ledger” on Friday.'\n---\nThe same sentence, rated again.\n",
        );
    });
    assert_eq!(code, 0);
    // (The new claim's article is the Ledger's, so the Post's copying of it is suggested as well.)
    assert!(
        err.contains(
        "content/claims/ledger-closure-again.md:7:9: warning: `ledger-closure` quotes the same words on this topic, but its verdict is `disputed` and this one's `false`
  |
7 | status: false
  |         ^^^^^
  = help: one statement, one verdict: apply the same rule to both (docs/verdict-rule.md), or say in the analysis why they differ (content/claims/ledger-closure.md)
"
        ),
        "{err}"
    );
    assert!(err.ends_with("warning: 2 warnings\n"), "{err}");
}

#[test]
fn one_sided_evidence_on_an_unverified_claim_is_a_warning_and_context_is_not() {
    let cracks = |r: &Path| r.join("content/claims/ledger-cracks.md");
    let evidence = "evidence:\n  - {url: 'https://city.example/piers', title: 'Piers sound', date: 2025-03-02, bearing: contradicts}\n---";
    let (err, code) = check_after("basic", |r| edit(&cracks(r), "\n---", &format!("\n{evidence}")));
    assert_eq!(code, 0);
    assert_eq!(
        err,
        "content/claims/ledger-cracks.md:10:90: warning: the verdict is `unverified`, but this evidence contradicts the claim and none supports it
   |
10 |   - {url: 'https://city.example/piers', title: 'Piers sound', date: 2025-03-02, bearing: contradicts}
   |                                                                                          ^^^^^^^^^^^
   = help: rate the claim on it (docs/verdict-rule.md), or mark evidence that settles nothing `bearing: context`

warning: 1 warning
"
    );
    let (err, code) = check_after("basic", |r| {
        edit(&cracks(r), "\n---", &format!("\n{}", evidence.replace("contradicts", "context")))
    });
    assert_eq!((err.as_str(), code), ("", 0));
}

#[test]
fn a_step_up_on_adverse_evidence_only_is_a_warning() {
    let (err, code) = check_after("basic", |r| {
        edit(&ledger(r), "status: disputed\nquote", "status: partly-true\nquote");
        edit(&ledger(r), "    status: disputed\n", "    status: partly-true\n");
        edit(
            &ledger(r),
            "{date: 2025-03-01, status: unverified,",
            "{date: 2025-03-01, status: disputed, cites: [city-statement],",
        );
        edit(&ledger(r), "    date: 2025-03-02\n    bearing", "    date: 2025-02-28\n    bearing");
    });
    assert_eq!(code, 0);
    assert!(
        err.starts_with(
            "content/claims/ledger-closure.md:19:13: warning: the update of 2025-03-02 raises the verdict from `disputed` to `partly-true` but cites only evidence that contradicts the claim\n"
        ),
        "{err}"
    );
}

#[test]
fn a_summary_longer_than_two_hundred_characters_is_refused_at_its_line() {
    let (err, code) = check_after("basic", |r| {
        let long = "x".repeat(201);
        edit(&r.join("content/claims/ledger-cracks.md"), "quote:", &format!("summary: {long}\nquote:"));
    });
    assert_eq!(code, 1);
    let first = err.lines().next().unwrap();
    assert_eq!(
        first,
        "content/claims/ledger-cracks.md:8:10: error: `summary` is 201 characters long; at most 200 are allowed"
    );
    assert!(err.contains(
        "= help: give the verdict's reason in one line; the analysis below the front matter holds the rest\n"
    ));
    // 200 is fine, and it is shown with the claim in the data.
    let root = fixture("basic");
    edit(&root.join("content/claims/ledger-cracks.md"), "quote:", &format!("summary: '{}'\nquote:", "é".repeat(200)));
    let out = build_ok(&root, &[]);
    let claims = data(&out)["claims"].as_array().unwrap().clone();
    let cracks = claims.iter().find(|c| c["slug"] == "ledger-cracks").unwrap();
    assert_eq!(cracks["summary"], "é".repeat(200));
}

#[test]
fn a_topic_with_a_verdict_needs_a_dated_conclusion() {
    let (err, code) = check_after("basic", |r| {
        let topic = r.join("content/topics/closure.md");
        edit(&topic, "conclusion: The city has denied any year-long closure; no document shows one planned.\n", "");
        edit(&topic, "reviewed: 2025-03-03", "reviewed: soon");
    });
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "content/topics/closure.md:5:11: error: `soon` is not a valid date
  |
5 | reviewed: soon
  |           ^^^^
  = help: write a date as `2025-10-28`, or a date and time as `2025-10-28T12:19:00+05:30`

content/topics/closure.md:6:1: error: missing key `conclusion`: claim `ledger-closure` on this topic has the verdict `disputed`
  |
6 | ---
  | ^^^
  = help: add `conclusion:` with one or two sentences on what the record now shows about the statement

error: 2 problems in 1 file
"
    );
}

#[test]
fn a_conclusion_reviewed_before_its_claims_last_changed_is_a_warning() {
    let (err, code) = check_after("basic", |r| {
        edit(&r.join("content/topics/closure.md"), "reviewed: 2025-03-03", "reviewed: 2025-03-01")
    });
    assert_eq!(code, 0);
    assert_eq!(
        err,
        "content/topics/closure.md:6:11: warning: the conclusion was reviewed 2025-03-01, before `wire-closure` last changed (2025-03-02)
  |
6 | reviewed: 2025-03-01
  |           ^^^^^^^^^^
  = help: read the conclusion against the claims as they now stand, then set `reviewed` to that day

warning: 1 warning
"
    );
}

#[test]
fn new_keys_get_a_did_you_mean() {
    let (err, _) = check_after("basic", |r| {
        edit(&r.join("content/topics/closure.md"), "conclusion:", "conclusoin:");
        edit(&ledger(r), "    cites: [city-statement]", "    cite: [city-statement]");
    });
    assert!(
        err.contains("content/claims/ledger-closure.md:21:5: error: invalid YAML: updates[1]: unknown key `cite`\n"),
        "{err}"
    );
    assert!(err.contains("= help: did you mean `cites`?\n"), "{err}");
    assert!(err.contains("content/topics/closure.md:5:1: error: unknown key `conclusoin`\n"), "{err}");
    assert!(err.contains("= help: did you mean `conclusion`?\n"), "{err}");
}

#[test]
fn the_claim_page_shows_under_each_step_the_evidence_it_rests_on_and_about_states_the_rule() {
    let root = fixture("basic");
    let out = build_ok(&root, &[]);
    let history = page(&out, "claims/ledger-closure/");
    let history = history.split("id=\"history\"").nth(1).unwrap().split("</table>").next().unwrap();
    let rows: Vec<&str> = history.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 2, "{history}");
    assert!(!rows[0].contains("Rests on:"), "the unverified step cites nothing: {}", rows[0]);
    assert!(
        text(rows[1]).contains("Rests on: City Hall: statement on the bridge, 2 Mar 2025 (contradicts)"),
        "{}",
        text(rows[1])
    );
    let about = text(&page(&out, "about/"));
    assert!(about.contains("The rule applied to every verdict"), "{about}");
    assert!(about.contains("An official denial alone makes a claim disputed."), "{about}");
}

#[test]
fn the_home_page_says_up_to_when_the_record_was_reviewed() {
    let root = fixture("basic");
    let out = build_ok(&root, &[]);
    assert!(!text(&page(&out, "")).contains("The record was reviewed up to"), "no date set, nothing said");
    let site = root.join("content/site.yaml");
    let settings = std::fs::read_to_string(&site).unwrap();
    write(&site, &format!("{settings}reviewed: 2025-04-01\n"));
    let out = build_ok(&root, &[]);
    assert!(text(&page(&out, "")).contains("The record was reviewed up to 1 Apr 2025."));
}
