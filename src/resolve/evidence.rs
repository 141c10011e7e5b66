//! A claim's evidence and what its verdict steps cite of it: evidence ids, each step's `cites`,
//! and the warnings a desk would want on a verdict that does not follow its evidence.
//!
//! Errors: an id that is not `[a-z0-9-]+` or is used twice; a step citing an id the claim does not
//! have, or evidence dated after the step; a step to a verdict other than `unverified` that cites
//! nothing. The first verdict may rest on evidence older than the claim: only the step's own date
//! bounds what it may cite. Warnings: `sourcing: media-reports` with no echo; an `unverified`
//! verdict whose evidence all points one way; a step that moves the verdict against everything it
//! cites (up on adverse evidence, down on supporting evidence). `docs/diagnostics.md` explains each.

use super::archives;
use super::fields::{Fields, is_valid_slug, suggested_slug};
use crate::diag::nearest;
use crate::load::meta::{ClaimMeta, EvidenceMeta, UpdateMeta};
use crate::model::*;
use std::collections::HashSet;

/// Where a reader is pointed for the rule a verdict applies.
pub const RULE: &str = "docs/verdict-rule.md";

/// One evidence entry, its `id` checked against the ids before it. `written` collects every id an
/// entry gives, valid or not, so that citing an entry with an error of its own is not reported again.
pub(super) fn entry<'m>(
    ev: &'m EvidenceMeta,
    index: usize,
    written: &mut HashSet<&'m str>,
    f: &mut Fields,
) -> Option<Evidence> {
    let fields = [("url", &ev.url), ("title", &ev.title), ("date", &ev.date), ("bearing", &ev.bearing)];
    let mut id = None;
    if let Some(text) = ev.id.as_deref().map(str::trim) {
        if !is_valid_slug(text) {
            let d = f.doc.at_item("evidence", index, Some("id"), format!("`{text}` is not a valid evidence id"));
            let try_id = suggested_slug(text);
            let fix = if try_id.is_empty() { String::new() } else { format!(", e.g. `{try_id}`") };
            f.report(d.help(format!("an id uses lowercase letters, digits and `-`{fix}")));
        } else if written.contains(text) {
            let d = f.doc.at_item("evidence", index, Some("id"), format!("duplicate evidence id `{text}`"));
            f.report(d.help("ids are unique within a claim: rename one of the two entries"));
        } else {
            id = Some(text.to_string());
        }
        written.insert(text);
    }
    let missing: Vec<String> = fields.iter().filter(|(_, v)| v.is_none()).map(|(k, _)| format!("`{k}`")).collect();
    if !missing.is_empty() {
        let d = f.doc.at_item("evidence", index, None, format!("an `evidence` entry has no {}", missing.join(", ")));
        f.report(d.help("each evidence entry needs `url`, `title`, `date` and `bearing` (and an `id` to be cited)"));
        return None;
    }
    let url = f.url("evidence", &ev.url);
    let date = f.stamp("evidence", ev.date.as_deref()?);
    let bearing = f.vocabulary("evidence", ev.bearing.as_deref()?, Bearing::parse, Bearing::allowed);
    let archived = f.url("evidence", &ev.archived);
    let place = archives::Place::Evidence(index);
    let archived_on = archives::captured(f, place, archived.as_deref(), ev.archived_on.as_deref(), date);
    Some(Evidence { id, url: url?, title: ev.title.clone()?, date: date?, bearing: bearing?, archived, archived_on })
}

/// What step `index` of `updates` cites, as positions in `evidence`; every problem is reported at
/// the step.
pub(super) fn cites(
    u: &UpdateMeta,
    index: usize,
    step: (Stamp, Status),
    evidence: &[Evidence],
    written: &HashSet<&str>,
    f: &mut Fields,
) -> Vec<usize> {
    let (date, status) = step;
    let mut out = Vec::new();
    for id in u.cites.iter().map(|c| c.trim()) {
        match evidence.iter().position(|e| e.id.as_deref() == Some(id)) {
            Some(i) => {
                let cited = &evidence[i];
                if date.is_before(&cited.date) {
                    let d = f.doc.at_item_text(
                        "updates",
                        index,
                        id,
                        format!(
                            "the update of {} cites `{id}`, dated {}: a step may only cite evidence that existed on its date",
                            date.iso(),
                            cited.date.iso()
                        ),
                    );
                    f.report(
                        d.help("date the step on or after the evidence, or cite what was known on the step's date"),
                    );
                }
                if !out.contains(&i) {
                    out.push(i);
                }
            }
            None if written.contains(id) => {}
            None => {
                let ids: Vec<&str> = evidence.iter().filter_map(|e| e.id.as_deref()).collect();
                let d = f.doc.at_item_text("updates", index, id, format!("no evidence `{id}` in this claim"));
                f.report(match nearest(id, ids.iter().copied()) {
                    Some(near) => d.help(format!("did you mean `{near}`?")),
                    None if ids.is_empty() => {
                        d.help("give the evidence entry this step rests on an `id:` and cite that")
                    }
                    None => d.help(format!(
                        "a step cites the `id` of one of this claim's evidence entries: {}",
                        ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
                    )),
                });
            }
        }
    }
    if u.cites.is_empty() && status != Status::Unverified {
        let d = f.doc.at_item(
            "updates",
            index,
            Some("status"),
            format!("the update of {} to `{}` cites no evidence", date.iso(), status.as_str()),
        );
        f.report(d.help(
            "add `cites: [id]` naming the evidence this verdict rests on, and give those evidence entries an `id:`",
        ));
    }
    out
}

/// The warnings on one claim (see the module's paragraph).
/// `steps` holds each update's position in the written list.
pub(super) fn warnings(
    m: &ClaimMeta,
    status: Option<Status>,
    evidence: &[Evidence],
    (updates, steps): (&[Update], &[usize]),
    f: &mut Fields,
) {
    if m.sourcing.as_deref().map(str::trim) == Some(Sourcing::MediaReports.as_str())
        && m.echoes.is_empty()
        && m.untraced.as_deref().is_none_or(|u| u.trim().is_empty())
    {
        let d = f.doc.at_key("sourcing", "`sourcing` is `media-reports` but `echoes` names no report");
        f.report(d.warning().help(
            "add to `echoes` the report this one relays: a tracked claim's slug, or `{outlet, url, date, language}` for a report outside the tracked outlets; or, if it cannot be found, `untraced:` saying what was searched",
        ));
    }
    let leans = |b: Bearing| evidence.iter().position(|e| e.bearing == b);
    if status == Some(Status::Unverified) {
        let (supports, contradicts) = (leans(Bearing::Supports), leans(Bearing::Contradicts));
        let one_way = match (supports, contradicts) {
            (Some(i), None) => Some((i, "supports", "contradicts")),
            (None, Some(i)) => Some((i, "contradicts", "supports")),
            _ => None,
        };
        if let Some((i, way, other)) = one_way {
            let d = f.doc.at_item(
                "evidence",
                evidence_item(m, &evidence[i]),
                Some("bearing"),
                format!("the verdict is `unverified`, but this evidence {way} the claim and none {other} it"),
            );
            f.report(d.warning().help(format!(
                "rate the claim on it ({RULE}), or mark evidence that settles nothing `bearing: context`"
            )));
        }
    }
    for (k, pair) in updates.windows(2).enumerate() {
        let (before, step) = (&pair[0], &pair[1]);
        let bearings: Vec<Bearing> = step.cites.iter().map(|c| evidence[*c].bearing).collect();
        let only = |b: Bearing| !bearings.is_empty() && bearings.iter().all(|x| *x == b);
        let against = if step.status > before.status && only(Bearing::Contradicts) {
            Some(("raises", "contradicts"))
        } else if step.status < before.status && only(Bearing::Supports) {
            Some(("lowers", "supports"))
        } else {
            None
        };
        if let Some((moves, way)) = against {
            let d = f.doc.at_item(
                "updates",
                steps[k + 1],
                Some("status"),
                format!(
                    "the update of {} {moves} the verdict from `{}` to `{}` but cites only evidence that {way} the claim",
                    step.date.iso(),
                    before.status.as_str(),
                    step.status.as_str()
                ),
            );
            f.report(d.warning().help(format!(
                "a verdict moves with its evidence ({RULE}): cite what moved it, or re-date or re-rate the step"
            )));
        }
    }
}

/// The position in the written `evidence` list of a resolved entry (entries with errors are not
/// resolved, so positions can differ).
fn evidence_item(m: &ClaimMeta, ev: &Evidence) -> usize {
    m.evidence.iter().position(|e| e.url.as_deref().map(str::trim) == Some(ev.url.as_str())).unwrap_or(0)
}
