//! Memo: what one build keeps for the next, so that `serve` renders again only the pages an edit
//! changed and hands on only the files whose bytes differ.
//!
//! Each page that lists or shows claims gets a fingerprint ([`super::pages::Pages::fingerprint`]):
//! a hash of everything its context is made from, taken from hashes of the views (a claim's view
//! serialised once, a topic's, an outlet's) rather than from the context itself, which costs as
//! much to make as the page does to render. A page whose fingerprint is the one it had is not
//! rendered. The few pages that draw on the whole site (home, the timeline, /changes/, the
//! outlets' table), the feeds, the data files and the search index are made again each time, and
//! their bytes compared instead. Each claim's fragments (its table rows, matrix cell and timeline
//! entries) are kept by the hash of what they are rendered from.
//!
//! Hand-written because the dependencies are claimtrack's own: which pages show a claim follows
//! from the model's indexes, and no build-graph crate knows them. `tests/incremental.rs` holds it
//! to its promise: after random edits, the files equal a full build's, byte for byte.

use super::pages::Fragments;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// What a build leaves for the next one (empty before the first).
#[derive(Default)]
pub struct Memo {
    /// Each fingerprinted page's fingerprint, by its file.
    pub(super) pages: HashMap<PathBuf, u64>,
    /// Every file the build made, pages included, by the hash of its bytes.
    pub(super) files: HashMap<PathBuf, u64>,
    /// Each claim's rendered fragments, by the hash of their inputs.
    pub(super) fragments: Kept,
}

/// Claims' rendered fragments, by the hash of their inputs.
pub(super) type Kept = HashMap<u64, Arc<Fragments>>;

impl Memo {
    /// The files this build made that the build before it did not make with the same bytes, and
    /// those it made that this one does not: what to lay over the last build to have this one.
    pub fn difference(&self, previous: &Memo) -> (Vec<PathBuf>, Vec<PathBuf>) {
        let changed = self.files.iter().filter(|(f, h)| previous.files.get(*f) != Some(h)).map(|(f, _)| f.clone());
        let gone = previous.files.keys().filter(|f| !self.files.contains_key(*f)).cloned();
        (changed.collect(), gone.collect())
    }
}

/// The hash of `value` as the templates see it: serialised, as Tera's context would hold it.
pub(super) fn of(value: &impl Serialize) -> u64 {
    let mut writer = HashWriter(DefaultHasher::new());
    // Serialising plain structs into a hasher cannot fail.
    let _ = serde_json::to_writer(&mut writer, value);
    writer.0.finish()
}

/// The hash of a few values together.
pub(super) fn mix(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

struct HashWriter(DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The hashes fingerprints are made of, computed once per build.
pub(super) struct Hashes {
    /// What every page shares: the templates, the settings, the header and footer, the links.
    pub global: u64,
    /// Each claim's view, its analysis and whether it is a draft.
    pub claims: Vec<u64>,
    /// Each claim's JSON-LD inputs beyond its view: the articles it and its first origin appeared
    /// in, and the outlets behind them.
    pub reviews: Vec<u64>,
    pub sources: Vec<u64>,
    pub topics: Vec<u64>,
    /// Each outlet's view with its chart.
    pub outlets: Vec<u64>,
    pub statuses: Vec<u64>,
    /// The /claims/ filter's choices.
    pub facets: u64,
}

/// An output that hashes every file on its way to `inner`, so that the next build can tell
/// which files it changed.
pub(super) struct Recording<'o, O> {
    inner: &'o O,
    hashes: Arc<Mutex<HashMap<PathBuf, u64>>>,
}

impl<'o, O: super::Output> Recording<'o, O> {
    pub fn new(inner: &'o O) -> Self {
        Recording { inner, hashes: Arc::default() }
    }

    pub fn into_hashes(self) -> HashMap<PathBuf, u64> {
        std::mem::take(&mut *self.hashes.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl<O: super::Output> super::Output for Recording<'_, O> {
    type File = RecordingFile<O::File>;

    fn put(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.put(path, bytes)?;
        let mut h = DefaultHasher::new();
        h.write(bytes);
        self.hashes.lock().unwrap_or_else(PoisonError::into_inner).insert(path.to_path_buf(), h.finish());
        Ok(())
    }

    fn create(&self, path: &Path) -> std::io::Result<Self::File> {
        Ok(RecordingFile {
            inner: self.inner.create(path)?,
            hash: DefaultHasher::new(),
            path: path.to_path_buf(),
            hashes: Arc::clone(&self.hashes),
        })
    }
}

/// A file being written through [`Recording`]: its hash is recorded when it is closed.
pub(super) struct RecordingFile<F> {
    inner: F,
    hash: DefaultHasher,
    path: PathBuf,
    hashes: Arc<Mutex<HashMap<PathBuf, u64>>>,
}

impl<F: std::io::Write> std::io::Write for RecordingFile<F> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.hash.write(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<F> Drop for RecordingFile<F> {
    fn drop(&mut self) {
        let hash = self.hash.finish();
        self.hashes.lock().unwrap_or_else(PoisonError::into_inner).insert(std::mem::take(&mut self.path), hash);
    }
}

/// An output held in memory: what `serve` lays over its last build after an edit.
#[derive(Default)]
pub struct Memory {
    files: Arc<Mutex<HashMap<PathBuf, Vec<u8>>>>,
}

impl Memory {
    /// The files written, by path relative to the site.
    pub fn into_files(self) -> HashMap<PathBuf, Vec<u8>> {
        std::mem::take(&mut *self.files.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl super::Output for Memory {
    type File = MemoryFile;

    fn put(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.files.lock().unwrap_or_else(PoisonError::into_inner).insert(path.to_path_buf(), bytes.to_vec());
        Ok(())
    }

    fn create(&self, path: &Path) -> std::io::Result<MemoryFile> {
        Ok(MemoryFile { path: path.to_path_buf(), bytes: Vec::new(), files: Arc::clone(&self.files) })
    }
}

/// A file being written into [`Memory`]: it is there once closed.
pub struct MemoryFile {
    path: PathBuf,
    bytes: Vec<u8>,
    files: Arc<Mutex<HashMap<PathBuf, Vec<u8>>>>,
}

impl std::io::Write for MemoryFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.bytes.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for MemoryFile {
    fn drop(&mut self) {
        let (path, bytes) = (std::mem::take(&mut self.path), std::mem::take(&mut self.bytes));
        self.files.lock().unwrap_or_else(PoisonError::into_inner).insert(path, bytes);
    }
}

/// Each claim's hash: its view as the templates see it, its analysis, whether it is a draft.
pub(super) fn claims(site: &crate::model::Site, views: &super::views::Views) -> Vec<u64> {
    use rayon::prelude::*;
    site.claims.par_iter().zip(&views.claims).map(|(c, v)| mix((of(v), &c.body_md, c.draft))).collect()
}

/// The hashes of a build ([`Hashes`]), from its pages and extras.
pub(super) fn hashes(
    site: &crate::model::Site,
    pages: &super::pages::Pages,
    extras: &super::extras::Extras,
    templates: u64,
    claims: Vec<u64>,
) -> Hashes {
    use crate::model::Origin;
    let v = &pages.views;
    let outlet = |o: usize| (&site.outlets[o].name, &site.outlets[o].url);
    let article = |s: usize| {
        let source = &site.sources[s];
        mix((&source.headline, source.published.iso(), &source.url, outlet(source.outlet)))
    };
    let reviews = site
        .claims
        .iter()
        .map(|c| {
            let root = match c.roots.first() {
                Some(Origin::Claim(r)) => Some(article(site.claims[*r].source)),
                Some(Origin::Report(r)) => Some(mix(format!("{:?}", site.reports[*r]))),
                None => None,
            };
            mix((article(c.source), outlet(c.outlet), root))
        })
        .collect();
    let global = mix((templates, format!("{:?}", site.config), extras.shared_hash));
    Hashes {
        global,
        claims,
        reviews,
        sources: v.sources.iter().map(of).collect(),
        topics: v.topics.iter().map(of).collect(),
        outlets: v.outlets.iter().zip(&extras.outlet_charts).map(|(o, chart)| mix((of(o), chart))).collect(),
        statuses: v.statuses.iter().map(of).collect(),
        facets: of(pages.facets()),
    }
}
