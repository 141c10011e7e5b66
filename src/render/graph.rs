//! The echo graph of a topic: which report repeats which, drawn as a small SVG at build time.
//!
//! Only the layout is computed here (columns by how many hops a claim is from its first
//! appearance, rows by date); the drawing itself lives in `templates/partials/echo_graph.html`.

use crate::model::Site;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

const COLUMN: usize = 210;
const ROW: usize = 56;
const NODE_W: usize = 170;
const NODE_H: usize = 40;
const MARGIN: usize = 12;

#[derive(Serialize)]
pub struct Node {
    pub x: usize,
    pub y: usize,
    pub w: usize,
    pub h: usize,
    pub outlet: String,
    pub date: String,
    pub link: String,
    /// The claim is on another topic (an origin reached through `echoes`).
    pub elsewhere: bool,
}

#[derive(Serialize)]
pub struct Edge {
    pub x1: usize,
    pub y1: usize,
    pub x2: usize,
    pub y2: usize,
}

#[derive(Serialize)]
pub struct Graph {
    pub width: usize,
    pub height: usize,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// A sentence for screen readers: who repeats whom.
    pub description: String,
}

/// The graph of the echoes among a topic's claims, or `None` when no claim on it repeats another.
pub fn echo_graph(site: &Site, topic: usize, link: impl Fn(usize) -> String) -> Option<Graph> {
    let claims = &site.topics[topic].claims;
    let mut members: Vec<usize> = Vec::new();
    let mut edges_by_claim: Vec<(usize, usize)> = Vec::new();
    let mut stack: Vec<usize> = claims.iter().copied().filter(|c| !site.claims[*c].echoes.is_empty()).collect();
    while let Some(c) = stack.pop() {
        if members.contains(&c) {
            continue;
        }
        members.push(c);
        for &e in &site.claims[c].echoes {
            edges_by_claim.push((c, e));
            stack.push(e);
        }
    }
    if edges_by_claim.is_empty() {
        return None;
    }
    // Column: hops from the first appearance (roots in column 0), bounded by the member count.
    let mut depth: HashMap<usize, usize> = HashMap::new();
    for _ in 0..members.len() {
        for &c in &members {
            let d = site.claims[c].echoes.iter().map(|e| depth.get(e).copied().unwrap_or(0) + 1).max().unwrap_or(0);
            depth.insert(c, d.min(members.len()));
        }
    }
    let mut columns: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &c in &members {
        columns.entry(depth[&c]).or_default().push(c);
    }
    let mut position: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut nodes = Vec::new();
    for (col, list) in &mut columns {
        list.sort_by_key(|c| (site.claims[*c].date.sort_key(), site.claims[*c].slug.clone()));
        for (row, &c) in list.iter().enumerate() {
            let (x, y) = (MARGIN + col * COLUMN, MARGIN + row * ROW);
            position.insert(c, (x, y));
            let claim = &site.claims[c];
            nodes.push(Node {
                x,
                y,
                w: NODE_W,
                h: NODE_H,
                outlet: site.outlets[claim.outlet].name.clone(),
                date: claim.date.day().format("%-d %b %Y").to_string(),
                link: link(c),
                elsewhere: claim.topic != topic,
            });
        }
    }
    // An arrow from the repeating report to the report it repeats.
    let edges = edges_by_claim
        .iter()
        .map(|(from, to)| {
            let (fx, fy) = position[from];
            let (tx, ty) = position[to];
            Edge { x1: fx, y1: fy + NODE_H / 2, x2: tx + NODE_W, y2: ty + NODE_H / 2 }
        })
        .collect();
    let rows = columns.values().map(Vec::len).max().unwrap_or(1);
    let description = edges_by_claim
        .iter()
        .map(|(from, to)| {
            let (a, b) = (&site.claims[*from], &site.claims[*to]);
            format!("{} repeats {}", site.outlets[a.outlet].name, site.outlets[b.outlet].name)
        })
        .collect::<Vec<_>>()
        .join("; ");
    Some(Graph {
        width: 2 * MARGIN + (columns.len() - 1) * COLUMN + NODE_W,
        height: 2 * MARGIN + (rows - 1) * ROW + NODE_H,
        nodes,
        edges,
        description: format!("{description}."),
    })
}
