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
use std::path::{Path, PathBuf};

/// One parsed content file.
#[derive(Debug, Clone)]
pub struct Entry<M> {
    /// The file name without `.md`.
    pub slug: String,
    pub doc: Document,
    pub meta: M,
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
/// the same is not parsed again. Parsing (the YAML above all) is most of the load; reading every
/// file again is cheap and is what tells a changed file, whatever its time stamp says.
#[derive(Default)]
pub struct Cache {
    /// Whether to keep this load's files for the next: [`load`] does not, `serve` does.
    keep: bool,
    outlets: Parsed<OutletMeta>,
    sources: Parsed<SourceMeta>,
    topics: Parsed<TopicMeta>,
    claims: Parsed<ClaimMeta>,
}

/// One kind's files, by path: the hash of the bytes parsed and what parsing them gave.
type Parsed<M> = HashMap<PathBuf, (u64, Parse<M>)>;

/// A file parsed, or why it could not be.
type Parse<M> = Result<Entry<M>, Vec<Diagnostic>>;

impl Cache {
    /// A cache that keeps each load's files for the next.
    pub fn keeping() -> Cache {
        Cache { keep: true, ..Cache::default() }
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
                    loaded.site = Some(Entry { slug: "site".into(), doc, meta });
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
    let r = readers.as_ref();
    let (d, b) = (&mut loaded.diagnostics, &mut loaded.broken);
    let keep = cache.keep;
    let c = cache;
    loaded.outlets =
        load_kind(root, &content.join("outlets"), OUTLET_KEYS, r, d, &mut b.outlets, keep.then_some(&mut c.outlets));
    loaded.sources =
        load_kind(root, &content.join("sources"), SOURCE_KEYS, r, d, &mut b.sources, keep.then_some(&mut c.sources));
    loaded.version_texts = versions::read(root, &loaded.sources, d);
    loaded.topics =
        load_kind(root, &content.join("topics"), TOPIC_KEYS, r, d, &mut b.topics, keep.then_some(&mut c.topics));
    loaded.claims =
        load_kind(root, &content.join("claims"), CLAIM_KEYS, r, d, &mut b.claims, keep.then_some(&mut c.claims));
    Ok(loaded)
}

/// Paths are shown relative to the root, as an editor would type them.
fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// Walks one kind's folder (sub-folders included) and parses every `.md` file in parallel, but
/// for those `cache` holds with the same bytes; `cache` is left with this walk's files.
fn load_kind<M: DeserializeOwned + Default + Clone + Send + Sync>(
    root: &Path,
    dir: &Path,
    keys: &[&str],
    readers: Option<&rayon::ThreadPool>,
    diagnostics: &mut Vec<Diagnostic>,
    broken: &mut HashSet<String>,
    cache: Option<&mut Parsed<M>>,
) -> Vec<Entry<M>> {
    if !dir.exists() {
        if let Some(cache) = cache {
            cache.clear();
        }
        return Vec::new();
    }
    // Links inside the site are followed, so editors can link shared files in; links out of it,
    // link loops and special files are reported.
    let walk = files::walk(root, dir, is_content_file);
    for (path, why) in &walk.refused {
        diagnostics.push(Diagnostic::file(&shown(root, path), format!("cannot read: {why}")));
    }
    let mut files = walk.files;
    sort_as_listed(&mut files);
    let empty = HashMap::new();
    let known = cache.as_deref().unwrap_or(&empty);
    let read = || files.par_iter().map(|path| read_entry(root, path, keys, known)).collect();
    let read: Vec<(u64, Parse<M>)> = match readers {
        Some(pool) => pool.install(read),
        None => read(),
    };
    let results: Vec<Parse<M>> = match cache {
        Some(cache) => {
            let results = read.iter().map(|(_, r)| r.clone()).collect();
            *cache = files.iter().cloned().zip(read).collect();
            results
        }
        None => read.into_iter().map(|(_, r)| r).collect(),
    };
    let mut entries = Vec::with_capacity(results.len());
    for (path, result) in files.iter().zip(results) {
        match result {
            Ok(entry) => entries.push(entry),
            Err(mut ds) => {
                diagnostics.append(&mut ds);
                broken.insert(path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
            }
        }
    }
    entries
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

/// Reads and parses one file, or takes what `known` parsed from the same bytes; with the hash of
/// the bytes (0 for a file that could not be read, which is never taken from `known`).
fn read_entry<M: DeserializeOwned + Default + Clone>(
    root: &Path,
    path: &Path,
    keys: &[&str],
    known: &Parsed<M>,
) -> (u64, Parse<M>) {
    let show = shown(root, path);
    let bytes = match files::read_regular(path) {
        Ok(bytes) => bytes,
        Err(e) => return (0, Err(vec![Diagnostic::file(&show, format!("cannot read: {e}"))])),
    };
    let hash = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        h.finish() | 1
    };
    match known.get(path) {
        Some((h, parsed)) if *h == hash => (hash, parsed.clone()),
        _ => (hash, parse_entry(&show, bytes, keys)),
    }
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
        Some(meta) if diagnostics.is_empty() => Ok(Entry { slug, doc, meta }),
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
