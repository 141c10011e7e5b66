//! Memo: what one build keeps for the next, so that `serve` renders again only the pages an edit
//! changed and hands on only the files whose bytes differ.
//!
//! Each page that lists or shows claims gets a fingerprint ([`super::pages::Pages::fingerprint`]):
//! a hash of everything its context is made from, taken from hashes of the views (a claim's view
//! hashed once, a topic's, an outlet's) rather than from the context itself, which costs as
//! much to make as the page does to render. A page whose fingerprint is the one it had is not
//! rendered. The few pages that draw on the whole site (home, the timeline, /changes/, the
//! outlets' table) are made again each time, and their bytes compared instead. The feeds, each
//! part of the data and the search index are [`Groups`] of files: each is made again only when
//! the hash of what it is made from changed. Each claim's fragments (its table rows, matrix cell
//! and timeline entries) are kept by the hash of what they are rendered from.
//!
//! The hashes are XXH3 (`xxhash-rust`): they are taken of every file written and of every claim's
//! view on each rebuild, and SipHash, the standard library's, took a tenth of a rebuild's time.
//!
//! Hand-written because the dependencies are claimtrack's own: which pages show a claim follows
//! from the model's indexes, and no build-graph crate knows them. `tests/incremental.rs` holds it
//! to its promise: after random edits, the files equal a full build's, byte for byte.

use super::pages::Fragments;
use serde::Serialize;
use std::collections::HashMap;
use std::ffi::OsString;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use xxhash_rust::xxh3::{Xxh3Default, Xxh3DefaultBuilder};

/// A map by file, the file's path as its bytes: a `PathBuf` key hashes and compares component by
/// component, and the memo looks up every file of the site a few times per rebuild (a tenth of it,
/// at 10,000 claims, went to that).
pub(super) type ByFile<V> = HashMap<OsString, V, Xxh3DefaultBuilder>;

/// The hasher of every hash here.
pub(super) fn hasher() -> Xxh3Default {
    Xxh3Default::new()
}

/// What a build leaves for the next one (empty before the first).
#[derive(Default)]
pub struct Memo {
    /// Each fingerprinted page's fingerprint, by its file.
    pub(super) pages: ByFile<u64>,
    /// Every file the build made, pages included, by the hash of its bytes.
    pub(super) files: ByFile<u64>,
    /// Each claim's rendered fragments, by the hash of their inputs.
    pub(super) fragments: Kept,
    /// Each group of files, by its name ([`Groups`]).
    pub(super) groups: HashMap<String, Group>,
    /// The rows of "what the other outlets said" on the claim pages, by their claim's fragment key.
    pub(super) others: KeptRows,
    /// The timeline's charts ([`Charts`]).
    pub(super) charts: KeptRows,
}

/// Rendered rows, by the hash of their inputs.
pub(super) type KeptRows = HashMap<u64, Arc<str>>;

/// The charts of one build that draw on every claim (the timeline's, whole and page by page): each
/// is drawn again only when the hash of what it is drawn from changed, as [`Groups`] are made.
pub(super) struct Charts<'m> {
    /// The last build's charts, when the build keeps a memo.
    previous: Option<&'m KeptRows>,
    /// What every chart depends on: the templates and the base URL.
    global: u64,
    next: Mutex<KeptRows>,
}

impl<'m> Charts<'m> {
    /// Charts drawn each time: a build that keeps no memo.
    pub fn always() -> Charts<'static> {
        Charts { previous: None, global: 0, next: Mutex::default() }
    }

    pub fn keeping(previous: &'m KeptRows, global: u64) -> Charts<'m> {
        Charts { previous: Some(previous), global, next: Mutex::default() }
    }

    /// The chart drawn by `draw` from inputs hashing to `key` (asked only of a build that keeps a
    /// memo), or the last build's when its inputs hashed the same. `None`: nothing to draw.
    pub fn draw<E>(
        &self,
        key: impl FnOnce() -> u64,
        draw: impl FnOnce() -> Result<Option<String>, E>,
    ) -> Result<Option<String>, E> {
        let Some(previous) = self.previous else { return draw() };
        let key = mix((self.global, key()));
        let chart = match previous.get(&key) {
            Some(chart) => Arc::clone(chart),
            None => match draw()? {
                Some(chart) => Arc::from(chart),
                None => return Ok(None),
            },
        };
        let shown = chart.to_string();
        self.next.lock().unwrap_or_else(PoisonError::into_inner).insert(key, chart);
        Ok(Some(shown))
    }

    /// The charts of this build, for the next one's memo.
    pub fn into_memo(self) -> KeptRows {
        self.next.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Claims' rendered fragments, by the hash of their inputs.
pub(super) type Kept = HashMap<u64, Arc<Fragments>>;

impl Memo {
    /// The files this build made that the build before it did not make with the same bytes, and
    /// those it made that this one does not: what to lay over the last build to have this one.
    pub fn difference(&self, previous: &Memo) -> (Vec<PathBuf>, Vec<PathBuf>) {
        let changed = self.files.iter().filter(|(f, h)| previous.files.get(*f) != Some(h)).map(|(f, _)| f.into());
        let gone = previous.files.keys().filter(|f| !self.files.contains_key(*f)).map(PathBuf::from);
        (changed.collect(), gone.collect())
    }
}

/// The hash of `value` as the templates see it: serialised, as Tera's context would hold it.
pub(super) fn of(value: &impl Serialize) -> u64 {
    let mut hash = HashWriter(hasher());
    // The serialiser writes a few bytes at a time; the hasher is fastest fed a block at once.
    let mut writer = std::io::BufWriter::with_capacity(4096, &mut hash);
    // Serialising plain structs into a hasher cannot fail.
    let _ = serde_json::to_writer(&mut writer, value);
    drop(writer);
    hash.0.finish()
}

/// Hashes a date as [`crate::model::Stamp::iso`] writes it: the day, or the moment with its
/// offset (a `Stamp`'s equality, and so any `Hash` of it, sees only the instant).
pub(super) fn stamp(stamp: &crate::model::Stamp, h: &mut impl Hasher) {
    use crate::model::Stamp;
    match stamp {
        Stamp::Day(d) => (0u8, d).hash(h),
        Stamp::Moment(m) => (1u8, m.naive_utc(), m.offset().local_minus_utc()).hash(h),
    }
}

/// The hash of a few values together.
pub(super) fn mix(value: impl Hash) -> u64 {
    let mut h = hasher();
    value.hash(&mut h);
    h.finish()
}

struct HashWriter(Xxh3Default);

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
    hashes: Arc<Mutex<ByFile<u64>>>,
}

impl<'o, O: super::Output> Recording<'o, O> {
    pub fn new(inner: &'o O) -> Self {
        Recording { inner, hashes: Arc::default() }
    }

    pub fn into_hashes(self) -> ByFile<u64> {
        std::mem::take(&mut *self.hashes.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl<O: super::Output> super::Output for Recording<'_, O> {
    type File = RecordingFile<O::File>;

    fn put(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.put(path, bytes)?;
        let mut h = hasher();
        h.write(bytes);
        let file = path.as_os_str().to_owned();
        self.hashes.lock().unwrap_or_else(PoisonError::into_inner).insert(file, h.finish());
        Ok(())
    }

    fn create(&self, path: &Path) -> std::io::Result<Self::File> {
        Ok(RecordingFile {
            inner: self.inner.create(path)?,
            hash: hasher(),
            path: path.to_path_buf(),
            hashes: Arc::clone(&self.hashes),
        })
    }
}

/// A file being written through [`Recording`]: its hash is recorded when it is closed.
pub(super) struct RecordingFile<F> {
    inner: F,
    hash: Xxh3Default,
    path: PathBuf,
    hashes: Arc<Mutex<ByFile<u64>>>,
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
        let file = std::mem::take(&mut self.path).into_os_string();
        self.hashes.lock().unwrap_or_else(PoisonError::into_inner).insert(file, hash);
    }
}

/// Files that one writer makes together from inputs it can hash for less than it costs to make
/// them: which files, and how large each is.
#[derive(Clone, Default)]
pub(super) struct Group {
    key: u64,
    files: Vec<(PathBuf, usize)>,
}

/// The groups of files of one build ([`Groups::make`]): the feeds, each part of the data, the
/// search index. A group whose inputs hash as they did in the last build is not made again.
pub(super) struct Groups<'m> {
    /// The last build's groups, when the build keeps a memo.
    previous: Option<&'m HashMap<String, Group>>,
    /// What every group depends on: the templates, the settings, the base URL.
    global: u64,
    next: Mutex<HashMap<String, Group>>,
}

impl Group {
    pub fn files(&self) -> impl Iterator<Item = &PathBuf> {
        self.files.iter().map(|(f, _)| f)
    }
}

impl<'m> Groups<'m> {
    /// Groups made again each time: a build that keeps no memo.
    pub fn always() -> Groups<'static> {
        Groups { previous: None, global: 0, next: Mutex::default() }
    }

    pub fn keeping(previous: &'m HashMap<String, Group>, global: u64) -> Groups<'m> {
        Groups { previous: Some(previous), global, next: Mutex::default() }
    }

    /// Makes the files of group `name` into `out` with `make`, unless the last build made them from
    /// inputs of the same hash (`key`, asked only of a build that keeps a memo): then nothing is
    /// made, and the files are the last build's. Returns the group's files with their sizes.
    pub fn make<O: super::Output, E>(
        &self,
        name: &str,
        key: impl FnOnce() -> u64,
        out: &O,
        make: impl FnOnce(&Grouped<'_, O>) -> Result<(), E>,
    ) -> Result<Vec<(PathBuf, usize)>, E> {
        let key = self.previous.map(|previous| (previous, mix((self.global, key()))));
        if let Some((previous, key)) = key
            && let Some(last) = previous.get(name).filter(|g| g.key == key)
        {
            self.next.lock().unwrap_or_else(PoisonError::into_inner).insert(name.to_owned(), last.clone());
            return Ok(last.files.clone());
        }
        let grouped = Grouped { inner: out, files: Arc::default() };
        make(&grouped)?;
        let mut files = std::mem::take(&mut *grouped.files.lock().unwrap_or_else(PoisonError::into_inner));
        files.sort_unstable();
        if let Some((_, key)) = key {
            let group = Group { key, files: files.clone() };
            self.next.lock().unwrap_or_else(PoisonError::into_inner).insert(name.to_owned(), group);
        }
        Ok(files)
    }

    /// The groups of this build, for the next one's memo.
    pub fn into_memo(self) -> HashMap<String, Group> {
        self.next.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

/// An output that notes each file written to `inner`, with its size: one group's ([`Groups`]).
pub(super) struct Grouped<'o, O> {
    inner: &'o O,
    files: Arc<Mutex<Vec<(PathBuf, usize)>>>,
}

impl<O: super::Output> super::Output for Grouped<'_, O> {
    type File = GroupedFile<O::File>;

    fn put(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.put(path, bytes)?;
        self.files.lock().unwrap_or_else(PoisonError::into_inner).push((path.to_path_buf(), bytes.len()));
        Ok(())
    }

    fn create(&self, path: &Path) -> std::io::Result<Self::File> {
        let inner = self.inner.create(path)?;
        Ok(GroupedFile { inner, size: 0, path: path.to_path_buf(), files: Arc::clone(&self.files) })
    }
}

/// A file being written through [`Grouped`]: noted when it is closed.
pub(super) struct GroupedFile<F> {
    inner: F,
    size: usize,
    path: PathBuf,
    files: Arc<Mutex<Vec<(PathBuf, usize)>>>,
}

impl<F: std::io::Write> std::io::Write for GroupedFile<F> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.size += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<F> Drop for GroupedFile<F> {
    fn drop(&mut self) {
        let file = (std::mem::take(&mut self.path), self.size);
        self.files.lock().unwrap_or_else(PoisonError::into_inner).push(file);
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

/// Each claim's hash: its view (hashed field by field, not written out as the templates' JSON
/// first, which cost twice as long), its analysis, whether it is a draft.
pub(super) fn claims(site: &crate::model::Site, views: &super::views::Views) -> Vec<u64> {
    use rayon::prelude::*;
    site.claims.par_iter().zip(&views.claims).map(|(c, v)| mix((v, &c.body_md, c.draft))).collect()
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
    use rayon::prelude::*;
    let reviews = site
        .claims
        .par_iter()
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
        sources: v.sources.par_iter().map(of).collect(),
        topics: v.topics.par_iter().map(of).collect(),
        outlets: v.outlets.par_iter().zip(&extras.outlet_charts).map(|(o, chart)| mix((of(o), chart))).collect(),
        statuses: v.statuses.iter().map(of).collect(),
        facets: of(pages.facets()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Output;
    use std::cell::Cell;

    /// Makes group `g` with a file of `bytes` from inputs hashing to `key`; says whether it was made.
    fn make(groups: &Groups, key: u64, bytes: &[u8], out: &Memory) -> (bool, Vec<(PathBuf, usize)>) {
        let made = Cell::new(false);
        let files = groups
            .make(
                "g",
                || key,
                out,
                |out| {
                    made.set(true);
                    out.put(Path::new("g/a.json"), bytes)
                },
            )
            .unwrap();
        (made.get(), files)
    }

    #[test]
    fn a_group_is_made_again_only_when_its_inputs_changed() {
        let out = Memory::default();
        let none = HashMap::new();
        let first = Groups::keeping(&none, 1);
        assert_eq!(make(&first, 7, b"seven", &out), (true, vec![(PathBuf::from("g/a.json"), 5)]));
        let last = first.into_memo();
        // Same inputs: nothing is made, and the files are the last build's, sizes included.
        let same = Groups::keeping(&last, 1);
        assert_eq!(make(&same, 7, b"other", &out), (false, vec![(PathBuf::from("g/a.json"), 5)]));
        assert_eq!(same.into_memo()["g"].files().collect::<Vec<_>>(), [Path::new("g/a.json")]);
        // Other inputs, or other templates and settings: made again.
        assert!(make(&Groups::keeping(&last, 1), 8, b"eight!", &out).0);
        assert!(make(&Groups::keeping(&last, 2), 7, b"seven", &out).0);
        // A build that keeps no memo makes every group and remembers none.
        let always = Groups::always();
        assert!(make(&always, 7, b"seven", &out).0);
        assert!(always.into_memo().is_empty());
    }

    #[test]
    fn a_moment_hashes_with_its_offset_as_its_date_is_written() {
        use crate::model::Stamp;
        let hash = |text: &str| {
            let mut h = hasher();
            stamp(&Stamp::parse(text).unwrap(), &mut h);
            h.finish()
        };
        // The same instant written with two offsets: equal stamps, but not the same text on a page.
        assert_eq!(Stamp::parse("2025-10-28T12:00:00+05:00"), Stamp::parse("2025-10-28T07:00:00Z"));
        assert_ne!(hash("2025-10-28T12:00:00+05:00"), hash("2025-10-28T07:00:00Z"));
        assert_eq!(hash("2025-10-28T12:00:00+05:00"), hash("2025-10-28T12:00:00+05:00"));
        assert_ne!(hash("2025-10-28"), hash("2025-10-29"));
    }
}
