//! Load: walk `content/`, read every file, split its front matter and parse it into the raw
//! `*Meta` type of its kind. Files are read and parsed in parallel.
//!
//! Nothing here checks references or vocabularies (that is `resolve`); a file that cannot be read
//! or parsed becomes a diagnostic and is left out, so one bad file never hides the others' problems.

mod document;
pub mod files;
pub mod meta;
mod versions;

pub use document::Document;
use meta::*;

use crate::diag::{Diagnostic, nearest};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::collections::{HashMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use xxhash_rust::xxh3::Xxh3DefaultBuilder;

/// One parsed content file.
#[derive(Debug, Clone)]
pub struct Entry<M> {
    /// The file name without `.md`.
    pub slug: String,
    pub doc: Document,
    pub meta: M,
    /// The hash of the file's bytes as the load read them (XXH3; 0 for an entry not from a load).
    pub hash: u64,
}

/// Everything read from `content/`, before any cross-checking.
#[derive(Debug, Default)]
pub struct Loaded {
    pub site: Option<Entry<SiteMeta>>,
    pub outlets: Vec<Entry<OutletMeta>>,
    pub sources: Vec<Entry<SourceMeta>>,
    pub topics: Vec<Entry<TopicMeta>>,
    pub claims: Vec<Entry<ClaimMeta>>,
    /// For each source, the texts of its `versions` entries, in order (`None`: not read).
    pub version_texts: Vec<Vec<Option<String>>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Slugs of files that exist but could not be parsed, per kind: a reference to one of them is
    /// not reported again as "no such file" (the file's own error says what is wrong).
    pub broken: Broken,
}

#[derive(Debug, Default)]
pub struct Broken {
    pub outlets: HashSet<String>,
    pub sources: HashSet<String>,
    pub topics: HashSet<String>,
    pub claims: HashSet<String>,
}

/// How many content files are read at once, at the least (a machine with more cores uses one per
/// core). A file that is not in the page cache (after a reboot, or pushed out by other work) keeps
/// its thread waiting on the disk, not the processor. With one read per core, 50,000 claims read
/// from disk took 7.3 to 10.3 s to load on the 2-core benchmark machine; with 16 in flight the disk
/// serves them side by side, 2.9 to 3.1 s (48: no better).
const READERS: usize = 16;

/// An I/O problem that stops the run before content can be judged (exit status 2).
#[derive(Debug)]
pub struct LoadError(pub String);

/// What the last load parsed, file by file, for the next one (`serve`): a file whose bytes are
/// the same is not parsed again, and a file whose size, times and inode are the same is not even
/// read. Parsing (the YAML above all) is most of a load, and reading 10,000 files again, hashing
/// them and copying what they parsed to was most of the rest (110 ms of `serve`'s rebuild).
///
/// The entries themselves are not copied: [`load_with`] moves an unchanged file's entry out of the
/// last load, which the caller hands back with [`Cache::keep`] once it is done with it.
#[derive(Default)]
pub struct Cache {
    /// Whether to keep this load's files for the next: [`load`] does not, `serve` does.
    keep: bool,
    /// When the last load began: a file changed in the two seconds before it is read again, as
    /// a time stamp cannot tell two writes within its own resolution apart.
    began: Option<SystemTime>,
    /// How many content files the last load read from disk.
    pub read: usize,
    /// The files the watcher saw change since the last load, when it is sure of them all
    /// ([`Cache::hint`]): the next load reads these and trusts the rest without a look.
    hinted: Option<HashSet<PathBuf>>,
    outlets: Kind<OutletMeta>,
    sources: Kind<SourceMeta>,
    topics: Kind<TopicMeta>,
    claims: Kind<ClaimMeta>,
}

/// One kind's files, by path, and the entries the last load made of them.
struct Kind<M> {
    /// By path, as bytes: a `PathBuf` key hashes and compares component by component.
    files: HashMap<OsString, Known, Xxh3DefaultBuilder>,
    /// The last load's entries of this kind, in its order, until they are taken.
    entries: Vec<Option<Entry<M>>>,
    /// The files the last walk found, in walk order, if it found only plain files: no link, whose
    /// target may change unseen, and nothing refused, which is reported on every load.
    plain: Option<Vec<PathBuf>>,
}

impl<M> Default for Kind<M> {
    fn default() -> Self {
        Kind { files: HashMap::default(), entries: Vec::new(), plain: None }
    }
}

/// What the last load found in one file.
#[derive(Clone)]
struct Known {
    stamp: Option<Stamp>,
    /// The hash of its bytes.
    hash: u64,
    /// Its entry's place in the last load's list, or why it could not be parsed.
    parsed: Result<usize, Vec<Diagnostic>>,
}

/// What the file system says of a file without reading it: its size, inode and times. Any write
/// changes the change time (`ctime`, which no tool sets back); a file renamed over it changes the
/// inode.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    device: u64,
    inode: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: meta.len(),
            device: meta.dev(),
            inode: meta.ino(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    #[cfg(not(unix))]
    fn of(_: &std::fs::Metadata) -> Option<Stamp> {
        None
    }

    /// Whether the file may have been written again, unseen, after the load that read it began
    /// at `began`: its last change lies less than two seconds before (file systems keep times to
    /// the nanosecond, some to the second, FAT to two seconds).
    fn recent(&self, began: SystemTime) -> bool {
        let since = began.duration_since(UNIX_EPOCH).unwrap_or_default();
        let (secs, nanos) = self.changed;
        let changed = Duration::new(secs.max(0) as u64, nanos.clamp(0, 999_999_999) as u32);
        changed + Duration::from_secs(2) > since
    }
}

/// A file parsed, or why it could not be.
type Parse<M> = Result<Entry<M>, Vec<Diagnostic>>;

impl Cache {
    /// A cache that keeps each load's files for the next.
    pub fn keeping() -> Cache {
        Cache { keep: true, ..Cache::default() }
    }

    /// Tells the next load that since the last one only `paths` changed in `content/`, as the
    /// watcher saw them (files, or folders, created, written, renamed or removed). A kind whose
    /// changed paths are all files it already had, still there, is not walked again and only
    /// those files are read; any other change (a file added or removed, a folder, a link) walks
    /// it as usual. Only a cache that keeps its files takes a hint.
    pub fn hint(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        if self.keep {
            // Added to a hint no load has taken yet (the last stopped before reading anything).
            self.hinted.get_or_insert_default().extend(paths);
        }
    }

    /// Takes back what `loaded` holds, so that the next load moves the entries of unchanged files
    /// out of it instead of parsing them again.
    pub fn keep(&mut self, loaded: Loaded) {
        if !self.keep {
            return;
        }
        self.outlets.entries = loaded.outlets.into_iter().map(Some).collect();
        self.sources.entries = loaded.sources.into_iter().map(Some).collect();
        self.topics.entries = loaded.topics.into_iter().map(Some).collect();
        self.claims.entries = loaded.claims.into_iter().map(Some).collect();
    }
}

/// Reads `<root>/content`.
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    load_with(root, &mut Cache::default())
}

/// [`load`], parsing only the files whose bytes are not in `cache`, which then holds this load's.
pub fn load_with(root: &Path, cache: &mut Cache) -> Result<Loaded, LoadError> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(LoadError(format!("no content folder at {}", content.display())));
    }
    let mut loaded = Loaded::default();
    let site_path = content.join("site.yaml");
    match files::read(root, &site_path) {
        Ok(bytes) => match Document::yaml(&shown(root, &site_path), bytes) {
            Ok(doc) => {
                if let Some(meta) = parse_meta::<SiteMeta>(&doc, SITE_KEYS, &mut loaded.diagnostics) {
                    loaded.site = Some(Entry { slug: "site".into(), doc, meta, hash: 0 });
                }
            }
            Err(d) => loaded.diagnostics.push(d),
        },
        Err(e) => {
            let d = Diagnostic::file(&shown(root, &site_path), format!("cannot read the site settings: {e}"));
            loaded.diagnostics.push(match e {
                files::Refused::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
                    d.help("create content/site.yaml with at least `title:` and `base_url:`")
                }
                _ => d,
            });
        }
    }
    // Without its own pool (the system refused the threads) the files are read on rayon's.
    let threads = READERS.max(rayon::current_num_threads());
    let readers = rayon::ThreadPoolBuilder::new().num_threads(threads).build().ok();
    let last = cache.began.replace(SystemTime::now()).filter(|_| cache.keep);
    cache.read = 0;
    let hinted = cache.hinted.take();
    let mut run = Run {
        root,
        readers: readers.as_ref(),
        last,
        keep: cache.keep,
        hinted: hinted.as_ref(),
        read: &mut cache.read,
        diagnostics: &mut loaded.diagnostics,
    };
    let b = &mut loaded.broken;
    loaded.outlets = load_kind(&mut run, &content.join("outlets"), OUTLET_KEYS, &mut b.outlets, &mut cache.outlets);
    loaded.sources = load_kind(&mut run, &content.join("sources"), SOURCE_KEYS, &mut b.sources, &mut cache.sources);
    loaded.version_texts = versions::read(root, &loaded.sources, run.diagnostics);
    loaded.topics = load_kind(&mut run, &content.join("topics"), TOPIC_KEYS, &mut b.topics, &mut cache.topics);
    loaded.claims = load_kind(&mut run, &content.join("claims"), CLAIM_KEYS, &mut b.claims, &mut cache.claims);
    Ok(loaded)
}

/// Paths are shown relative to the root, as an editor would type them.
fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// What every kind's walk in one load shares.
struct Run<'a> {
    root: &'a Path,
    readers: Option<&'a rayon::ThreadPool>,
    /// When the last load began (none: nothing is kept).
    last: Option<SystemTime>,
    /// Whether this load's files are kept for the next.
    keep: bool,
    /// The only files changed since the last load, if the watcher said so ([`Cache::hint`]).
    hinted: Option<&'a HashSet<PathBuf>>,
    /// The files read from disk, so far.
    read: &'a mut usize,
    diagnostics: &'a mut Vec<Diagnostic>,
}

/// Walks one kind's folder `dir` (sub-folders included) and parses every `.md` file in parallel,
/// but for those `cache` holds unchanged (see [`Cache`]); `cache` is left with this walk's files
/// if the load keeps them.
fn load_kind<M: DeserializeOwned + Default + Send + Sync>(
    run: &mut Run,
    dir: &Path,
    keys: &[&str],
    broken: &mut HashSet<String>,
    cache: &mut Kind<M>,
) -> Vec<Entry<M>> {
    let Run { root, readers, last, keep, hinted, .. } = *run;
    let diagnostics = &mut *run.diagnostics;
    // What the watcher saw change in this kind's folder, when that is only files it had.
    let changed = hinted.and_then(|h| only_known_files(h, dir, cache));
    let files = match (&changed, &cache.plain) {
        (Some(_), Some(plain)) => plain.clone(),
        _ => {
            if !dir.exists() {
                *cache = Kind::default();
                return Vec::new();
            }
            // Links inside the site are followed, so editors can link shared files in; links out
            // of it, link loops and special files are reported.
            let walk = files::walk(root, dir, is_content_file);
            for (path, why) in &walk.refused {
                diagnostics.push(Diagnostic::file(&shown(root, path), format!("cannot read: {why}")));
            }
            let mut files = walk.files;
            sort_as_listed(&mut files);
            cache.plain = (keep && walk.refused.is_empty() && !walk.links).then(|| files.clone());
            files
        }
    };
    let known = &cache.files;
    let read = |path: &PathBuf| match (&changed, known.get(path.as_os_str())) {
        // Unchanged, the watcher says: as the last load found it, without a look.
        (Some(changed), Some(k)) if !changed.contains(&path.as_os_str()) => {
            Read::Same { stamp: k.stamp, hash: k.hash, read: false }
        }
        // Changed: read again, whatever its stamp says.
        (Some(_), known) => read_entry(root, path, keys, known, None),
        (None, known) => read_entry(root, path, keys, known, last),
    };
    let each = || files.par_iter().map(read).collect();
    let results: Vec<Read<M>> = match readers {
        Some(pool) => pool.install(each),
        None => each(),
    };
    let mut kept = HashMap::with_capacity_and_hasher(if keep { files.len() } else { 0 }, Xxh3DefaultBuilder);
    let mut entries = Vec::with_capacity(files.len());
    for (path, result) in files.into_iter().zip(results) {
        let (stamp, hash, result) = match result {
            Read::Fresh { stamp, hash, parse } => {
                *run.read += 1;
                (stamp, hash, parse)
            }
            Read::Same { stamp, hash, read } => {
                *run.read += usize::from(read);
                let taken = match &cache.files[path.as_os_str()].parsed {
                    Ok(i) => cache.entries.get_mut(*i).and_then(Option::take).map(Ok),
                    Err(ds) => Some(Err(ds.clone())),
                };
                // The entry was not handed back (or not yet): parsed again.
                let result = taken.unwrap_or_else(|| {
                    files::read_regular(&path)
                        .map_err(|e| unreadable(root, &path, &e))
                        .and_then(|bytes| parse_entry(&shown(root, &path), bytes, keys))
                });
                (stamp, hash, result)
            }
        };
        let parsed = match result {
            Ok(mut entry) => {
                entry.hash = hash;
                entries.push(entry);
                Ok(entries.len() - 1)
            }
            Err(ds) => {
                diagnostics.extend(ds.iter().cloned());
                broken.insert(path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
                Err(ds)
            }
        };
        if keep && hash != 0 {
            kept.insert(path.into_os_string(), Known { stamp, hash, parsed });
        }
    }
    cache.files = kept;
    cache.entries = Vec::new();
    entries
}

/// The paths of `hinted` in `dir`, if each is a file the last load of this kind read (it found
/// only plain files there) and is a regular file still: a change the file list does not show.
/// `None` when the folder must be walked again: a path is new, gone, a folder or a link.
fn only_known_files<'h, M>(hinted: &'h HashSet<PathBuf>, dir: &Path, kind: &Kind<M>) -> Option<Vec<&'h OsStr>> {
    kind.plain.as_ref()?;
    let mut changed = Vec::new();
    for path in hinted.iter().filter(|p| p.starts_with(dir)) {
        let plain_file = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
        if !kind.files.contains_key(path.as_os_str()) || !plain_file {
            return None;
        }
        changed.push(path.as_os_str());
    }
    Some(changed)
}

/// One file as [`read_entry`] found it.
enum Read<M> {
    /// Read and parsed (or not readable: `hash` 0).
    Fresh { stamp: Option<Stamp>, hash: u64, parse: Parse<M> },
    /// As the last load found it: unchanged on disk, or `read` with the same bytes.
    Same { stamp: Option<Stamp>, hash: u64, read: bool },
}

/// Puts the files in the order walkdir's `sort_by_file_name` walked them: each folder's entries by
/// name, byte by byte, with a sub-folder's files where the sub-folder sorts (`a/x.md` before
/// `a-b.md`). That is how paths compare, name by name; walkdir's sort instead cut both entries'
/// names out of their paths again for every comparison, about 800,000 times for 50,000 claims.
fn sort_as_listed(files: &mut [PathBuf]) {
    files.sort_unstable();
}

/// Markdown files only; editors' hidden swap and backup files are skipped.
fn is_content_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !name.starts_with('.') && path.extension().is_some_and(|e| e == "md")
}

/// Reads and parses one file, unless `known` (what the load begun at `last` found in it) says it
/// is the same: its stamp unchanged and not [recent](Stamp::recent), or its bytes hashing the same.
fn read_entry<M: DeserializeOwned + Default>(
    root: &Path,
    path: &Path,
    keys: &[&str],
    known: Option<&Known>,
    last: Option<SystemTime>,
) -> Read<M> {
    let stamp = std::fs::metadata(path).ok().as_ref().and_then(Stamp::of);
    if let (Some(known), Some(stamp), Some(last)) = (known, stamp, last)
        && known.stamp == Some(stamp)
        && !stamp.recent(last)
    {
        return Read::Same { stamp: Some(stamp), hash: known.hash, read: false };
    }
    let bytes = match files::read_regular(path) {
        Ok(bytes) => bytes,
        Err(e) => return Read::Fresh { stamp, hash: 0, parse: Err(unreadable(root, path, &e)) },
    };
    // XXH3: every file of a full build is hashed, and SipHash took three times as long.
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes) | 1;
    match known {
        Some(known) if known.hash == hash => Read::Same { stamp, hash, read: true },
        _ => Read::Fresh { stamp, hash, parse: parse_entry(&shown(root, path), bytes, keys) },
    }
}

/// What is said of a content file that cannot be read.
fn unreadable(root: &Path, path: &Path, e: &files::Refused) -> Vec<Diagnostic> {
    vec![Diagnostic::file(&shown(root, path), format!("cannot read: {e}"))]
}

/// Parses one content file's bytes as the kind whose keys are `keys` (e.g. [`meta::CLAIM_KEYS`]
/// for [`meta::ClaimMeta`]). `path` names the file in diagnostics and gives the slug.
pub fn parse_entry<M: DeserializeOwned + Default>(
    path: &Path,
    bytes: Vec<u8>,
    keys: &[&str],
) -> Result<Entry<M>, Vec<Diagnostic>> {
    let doc = Document::parse(path, bytes).map_err(|d| vec![d])?;
    let slug = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut diagnostics = Vec::new();
    match parse_meta::<M>(&doc, keys, &mut diagnostics) {
        Some(meta) if diagnostics.is_empty() => Ok(Entry { slug, doc, meta, hash: 0 }),
        _ => Err(diagnostics),
    }
}

/// Parses front matter into `M`, reporting every unknown key (with a "did you mean") and any YAML
/// syntax or type error at its line in the file.
fn parse_meta<M: DeserializeOwned + Default>(
    doc: &Document,
    keys: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<M> {
    let front = doc.front();
    if front.trim().is_empty() {
        return Some(M::default());
    }
    if let Some((line, col)) = too_deep(front) {
        let line = doc.file_line(line);
        let message = format!("invalid YAML: `[` and `{{` nest more than {FLOW_DEPTH} deep");
        diagnostics.push(
            Diagnostic::at(&doc.path, &doc.text, line, col, 1, message)
                .help("front matter holds plain values and short lists: close the brackets"),
        );
        return None;
    }
    let value: serde_yaml::Value = match serde_yaml::from_str(front) {
        Ok(v) => v,
        Err(e) => {
            diagnostics.push(yaml_diagnostic(doc, &e, keys));
            return None;
        }
    };
    let serde_yaml::Value::Mapping(map) = value else {
        diagnostics.push(
            doc.at_end("the front matter is not a list of `key: value` lines")
                .help("write one `key: value` per line between the two `---` lines"),
        );
        return None;
    };
    for key in map.keys() {
        let name = match key {
            serde_yaml::Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
        };
        if !keys.contains(&name.as_str()) {
            // A key written with `\x1b` reaches the terminal as `<U+001B>`, never as a control code
            // (the diagnostic's display escapes it).
            diagnostics.push(doc.at_key_name(&name, format!("unknown key `{name}`")).help(key_hint(&name, keys)));
        }
    }
    // The parsed value converts straight into `M`; only when that fails is the text parsed again,
    // because only a parse from text knows the line and column of the bad value.
    match serde_yaml::from_value::<M>(serde_yaml::Value::Mapping(map)) {
        Ok(meta) => Some(meta),
        Err(first) => match serde_yaml::from_str::<M>(front) {
            Err(e) => {
                diagnostics.push(yaml_diagnostic(doc, &e, keys));
                None
            }
            Ok(_) => {
                diagnostics.push(doc.at_end(format!("invalid front matter: {first}")));
                None
            }
        },
    }
}

/// How deep `[` and `{` may nest in front matter: serde_yaml's own limit. It refuses deeper
/// nesting too, but only after its scanner has read the whole bracketed value, in time that grows
/// with the square of its length (200 KB of brackets: half a minute, while `serve` waits).
const FLOW_DEPTH: usize = 128;

/// Where (line and column in `front`, from 1) brackets first nest deeper than [`FLOW_DEPTH`].
/// Quoted text is skipped; a quote only opens where a value can start, so an apostrophe inside
/// plain text (`Pakistan's`) does not hide the brackets after it.
fn too_deep(front: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (n, line) in front.lines().enumerate() {
        // The character before this one, and the last one that was not a space.
        let (mut prev, mut last): (Option<char>, Option<char>) = (None, None);
        let mut escaped = false;
        for (col, c) in line.chars().enumerate() {
            match quote {
                Some('"') if escaped => escaped = false,
                Some('"') if c == '\\' => escaped = true,
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '\'' | '"' if last.is_none_or(|l| ":-[{,?".contains(l)) => quote = Some(c),
                    '#' if prev.is_none_or(char::is_whitespace) => break,
                    '[' | '{' => {
                        depth += 1;
                        if depth > FLOW_DEPTH {
                            return Some((n + 1, col + 1));
                        }
                    }
                    ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                },
            }
            prev = Some(c);
            if !c.is_whitespace() {
                last = Some(c);
            }
        }
    }
    None
}

fn key_hint(wanted: &str, keys: &[&str]) -> String {
    match nearest(wanted, keys.iter().copied()) {
        Some(k) => format!("did you mean `{k}`?"),
        None => {
            format!("the allowed keys are {}", keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))
        }
    }
}

/// Turns a serde_yaml error into a diagnostic at the right line of the *file*, with its message
/// reworded for editors (serde's "field" is the editor's "key"). When the parser names where the
/// construct it was reading began ("while parsing a flow sequence at line 2"), that is where the
/// editor's mistake is, so the caret goes there.
fn yaml_diagnostic(doc: &Document, e: &serde_yaml::Error, keys: &[&str]) -> Diagnostic {
    let (mut message, marks) = strip_positions(&e.to_string());
    let (line, col) = match (marks.get(1), e.location()) {
        (Some(start), _) if message.contains("while parsing") => *start,
        (_, Some(loc)) => (loc.line(), loc.column()),
        _ => marks.first().copied().unwrap_or((1, 1)),
    };
    let mut help = None;
    message = message.replace("unknown field", "unknown key").replace("missing field", "missing key");
    if let Some(start) = message.find("unknown key `") {
        // "evidence[0]: unknown key `titel`, expected one of `url`, `title`" → a did-you-mean.
        let rest = &message[start + "unknown key `".len()..];
        if let Some(end) = rest.find('`') {
            let wanted = rest[..end].to_string();
            let allowed: Vec<&str> = rest[end + 1..].split('`').skip(1).step_by(2).collect();
            let allowed = if allowed.is_empty() { keys.to_vec() } else { allowed };
            help = Some(key_hint(&wanted, &allowed));
            message = format!("{}unknown key `{wanted}`", &message[..start]);
        }
    }
    let (mut line, mut col, mut len) = (doc.file_line(line), col, 1);
    if message.contains(UNPRINTABLE) {
        help = Some("remove it: no page or feed can show it (tabs and line breaks are fine)".into());
        // Written as an escape (the message then names the character), it was refused once read,
        // and the parser points at the start of the key or item: the caret goes to the escape.
        let escaped = message.contains(&format!("{UNPRINTABLE} (U+"));
        let lines = doc.text.lines().enumerate().skip(line.saturating_sub(1)).take(doc.front().lines().count());
        let escape = lines.filter(|_| escaped).find_map(|(i, text)| {
            unprintable_escape(text).map(|(at, width)| (i + 1, text[..at].chars().count() + 1, width))
        });
        if let Some(found) = escape {
            (line, col, len) = found;
        }
    }
    if message.contains("while parsing") || message.contains("did not find expected") {
        help = Some("check the brackets and quotes on this line: a value that starts with `[`, `{`, `'` or `\"` must be closed on the same line".into());
    }
    let d = Diagnostic::at(&doc.path, &doc.text, line, col, len, format!("invalid YAML: {message}"));
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

/// Removes every " at line N column M" from a YAML message, returning the positions in order: the
/// problem's own first, then the construct being parsed when it was found.
fn strip_positions(message: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::new();
    let mut marks = Vec::new();
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).collect::<String>();
        let line = digits(after);
        let tail = &after[line.len()..];
        let col = tail.strip_prefix(" column ").map(digits).unwrap_or_default();
        let consumed = line.len() + if col.is_empty() { 0 } else { " column ".len() + col.len() };
        marks.push((line.parse().unwrap_or(1), col.parse().unwrap_or(1)));
        rest = &after[consumed..];
    }
    out.push_str(rest);
    (out, marks)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pretends the last load began an hour from now, so that no file counts as recently changed.
    fn long_after(cache: &mut Cache) {
        cache.began = Some(SystemTime::now() + Duration::from_secs(3600));
    }

    #[test]
    fn a_kept_load_reads_only_the_files_changed_on_disk_and_sees_every_change() {
        let root = std::env::temp_dir().join(format!("claimtrack-stamps-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let claims = root.join("content/claims");
        std::fs::create_dir_all(&claims).unwrap();
        std::fs::write(root.join("content/site.yaml"), "title: T\nbase_url: /\n").unwrap();
        for name in ["a", "b", "c"] {
            std::fs::write(claims.join(format!("{name}.md")), format!("---\ntitle: {name} one\n---\n")).unwrap();
        }
        let titles =
            |loaded: &Loaded| -> Vec<String> { loaded.claims.iter().filter_map(|c| c.meta.title.clone()).collect() };
        let mut cache = Cache::keeping();
        let loaded = load_with(&root, &mut cache).unwrap();
        assert_eq!((cache.read, titles(&loaded)), (3, vec!["a one".into(), "b one".into(), "c one".into()]));
        cache.keep(loaded);

        // Just after a load, every file is read again: a write in the same tick of the clock as
        // the last read would otherwise go unseen.
        let loaded = load_with(&root, &mut cache).unwrap();
        assert_eq!(cache.read, 3);
        cache.keep(loaded);

        long_after(&mut cache);
        let loaded = load_with(&root, &mut cache).unwrap();
        assert_eq!((cache.read, titles(&loaded)), (0, vec!["a one".into(), "b one".into(), "c one".into()]));
        cache.keep(loaded);

        // The same size: only the change time tells. A file renamed over another: its inode.
        long_after(&mut cache);
        std::fs::write(claims.join("b.md"), "---\ntitle: b two\n---\n").unwrap();
        std::fs::write(root.join("new.md"), "---\ntitle: c two\n---\n").unwrap();
        std::fs::rename(root.join("new.md"), claims.join("c.md")).unwrap();
        std::fs::remove_file(claims.join("a.md")).unwrap();
        let loaded = load_with(&root, &mut cache).unwrap();
        assert_eq!((cache.read, titles(&loaded)), (2, vec!["b two".into(), "c two".into()]));
        cache.keep(loaded);

        // Entries not handed back are parsed again, not lost.
        long_after(&mut cache);
        let loaded = load_with(&root, &mut cache).unwrap();
        drop(loaded);
        long_after(&mut cache);
        let loaded = load_with(&root, &mut cache).unwrap();
        assert_eq!(titles(&loaded), vec!["b two".to_string(), "c two".into()]);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn content_files_keep_the_order_of_a_walk_sorted_by_name_with_sub_folders_in_place() {
        let dir = std::env::temp_dir().join(format!("claimtrack-listing-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let names = ["A.md", "a/c/y.md", "a/x.md", "a-b.md", "a.md", "b.md"];
        for name in names.iter().rev() {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
        }
        let mut files: Vec<PathBuf> = names.iter().rev().map(|n| dir.join(n)).collect();
        sort_as_listed(&mut files);
        assert_eq!(files, names.iter().map(|n| dir.join(n)).collect::<Vec<_>>());
        // The same order as walkdir's own sort, which the load used before.
        let walked: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(walkdir::DirEntry::into_path)
            .collect();
        assert_eq!(files, walked);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn brackets_nested_past_the_limit_are_found_where_they_pass_it_and_quoted_ones_are_not_counted() {
        let deep = |open: &str| format!("title: {}{}", open.repeat(FLOW_DEPTH + 1), "]".repeat(FLOW_DEPTH + 1));
        assert_eq!(too_deep(&deep("[")), Some((1, 8 + FLOW_DEPTH)));
        assert_eq!(too_deep(&format!("a: 1\n{}", deep("{"))), Some((2, 8 + FLOW_DEPTH)));
        // An apostrophe in plain text does not open a quote that would hide what follows.
        assert!(too_deep(&format!("title: Pakistan's {}", "[".repeat(FLOW_DEPTH + 1))).is_some());
        // Within quotes (and an escaped quote inside them), brackets are text; a comment is not read.
        let quoted =
            format!("title: \"a \\\" {}\"\ntags: ['{}']  # {}", "[".repeat(500), "{".repeat(500), "[".repeat(500));
        assert_eq!(too_deep(&quoted), None);
        assert_eq!(too_deep("tags: [a, [b, {c: d}]]\nquote: 'it''s [fine]'"), None);
    }
}
