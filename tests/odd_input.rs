//! What an editor sees when the input is odd: special files and links where content is expected,
//! a long article misquoted, a quote that differs only in what cannot be seen, and values that would
//! hide themselves or flood the terminal. Each is a clear diagnostic at the right place, quickly:
//! never a hang, an exhausted memory or a line that lies about what it shows.

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Long enough for a debug build on a busy machine; a hang is far longer.
const PATIENCE: Duration = Duration::from_secs(60);

/// Runs `claimtrack COMMAND --root ROOT`, killing it if it has not ended within [`PATIENCE`];
/// returns the exit code and stderr.
fn run(command: &str, root: &Path) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .args([command, "--root", root.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run claimtrack");
    // Read as it comes, so that a flood of diagnostics cannot block the program on a full pipe.
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut err = String::new();
        let _ = std::io::Read::read_to_string(&mut pipe, &mut err);
        err
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            panic!("`claimtrack {command}` still running after {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (status.code().unwrap_or(-1), reader.join().unwrap())
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_for_the_site_settings_is_reported_not_waited_on() {
    let root = fixture("basic");
    mkfifo(&root.join("content/site.yaml"));
    for command in ["check", "build"] {
        let (code, err) = run(command, &root);
        assert_eq!(code, 1, "{command}: {err}");
        assert!(
            err.contains(
                "content/site.yaml: error: cannot read the site settings: it is a named pipe (FIFO), not a regular file\n"
            ),
            "{command}: {err}"
        );
    }
}

#[cfg(unix)]
#[test]
fn links_to_devices_and_out_of_the_site_are_reported_and_links_inside_it_followed() {
    let root = fixture("basic");
    let site = root.join("content/site.yaml");
    std::fs::rename(&site, root.join("settings.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &site).unwrap();
    let (code, err) = run("check", &root);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("content/site.yaml: error: cannot read the site settings: it is a symbolic link to /dev/zero, outside the site folder; links may only lead to files inside it\n"),
        "{err}"
    );
    // A link to a file inside the site is read as that file.
    std::fs::remove_file(&site).unwrap();
    std::os::unix::fs::symlink("../settings.yaml", &site).unwrap();
    let outside = scratch("outside").join("shared.md");
    std::fs::copy(claim(&root, "ledger-cracks.md"), &outside).unwrap();
    std::fs::remove_file(claim(&root, "ledger-cracks.md")).unwrap();
    std::os::unix::fs::symlink(&outside, claim(&root, "ledger-cracks.md")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", claim(&root, "zero.md")).unwrap();
    mkfifo(&claim(&root, "pipe.md"));
    let (code, err) = run("check", &root);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("content/site.yaml"), "the linked settings were read: {err}");
    let real = outside.canonicalize().unwrap();
    for (file, why) in [
        ("ledger-cracks.md", format!("it is a symbolic link to {}, outside the site folder", real.display())),
        ("zero.md", "it is a symbolic link to /dev/zero, outside the site folder".to_string()),
        ("pipe.md", "it is a named pipe (FIFO), not a regular file".to_string()),
    ] {
        assert!(err.contains(&format!("content/claims/{file}: error: cannot read: {why}")), "{file}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn templates_and_static_files_follow_links_inside_the_site_and_report_the_rest() {
    let root = fixture("basic");
    let shared = root.join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    // A template and a static file kept once elsewhere in the site, linked: used as if they were there.
    write(
        &shared.join("about.html"),
        "{% extends \"base.html\" %}{% block main %}<p>Shared about</p>{% endblock main %}",
    );
    write(&shared.join("logo.svg"), "<svg/>");
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::os::unix::fs::symlink(shared.join("about.html"), root.join("templates/about.html")).unwrap();
    std::os::unix::fs::symlink("../shared/logo.svg", root.join("static/logo.svg")).unwrap();
    let out = build_ok(&root, &[]);
    assert!(page(&out, "about/").contains("<p>Shared about</p>"));
    assert_eq!(std::fs::read_to_string(out.join("static/logo.svg")).unwrap(), "<svg/>");
    // Out of the site, or not a regular file: reported at the path, before anything is built.
    let outside = scratch("outside-templates").join("claim.html");
    write(&outside, "secret");
    std::os::unix::fs::symlink(&outside, root.join("templates/claim.html")).unwrap();
    mkfifo(&root.join("templates/pipe.html"));
    mkfifo(&root.join("static/pipe.css"));
    std::os::unix::fs::symlink("/etc/passwd", root.join("static/passwd.txt")).unwrap();
    for command in ["check", "build"] {
        let (code, err) = run(command, &root);
        assert_eq!(code, 1, "{command}: {err}");
        let real = outside.canonicalize().unwrap();
        for expected in [
            format!("templates/claim.html: error: cannot read this template: it is a symbolic link to {}, outside the site folder", real.display()),
            "templates/pipe.html: error: cannot read this template: it is a named pipe (FIFO), not a regular file".to_string(),
            "static/pipe.css: error: cannot copy this static file: it is a named pipe (FIFO), not a regular file".to_string(),
            "static/passwd.txt: error: cannot copy this static file: it is a symbolic link to /etc/passwd, outside the site folder".to_string(),
        ] {
            assert!(err.contains(&expected), "{command}: {expected:?} not in\n{err}");
        }
    }
    assert!(!std::fs::read_to_string(out.join("about/index.html")).unwrap().contains("secret"), "the old site stays");
}

#[test]
fn a_content_file_over_sixteen_mib_is_refused_without_being_read() {
    let root = fixture("basic");
    let big = std::fs::File::create(root.join("content/sources/huge.md")).unwrap();
    big.set_len(17 * 1024 * 1024).unwrap();
    let (code, err) = run("check", &root);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "content/sources/huge.md: error: cannot read: it holds 17.0 MiB, more than the 16 MiB a file may hold\n"
        ),
        "{err}"
    );
}

/// An article of 20,000 words that never repeats a passage of three words, made from a small
/// vocabulary as prose is: word `i` is drawn from 3,000 invented words and ten common ones.
fn long_article() -> Vec<String> {
    let syllables = ["ka", "ra", "mi", "to", "lun", "ber", "sha", "vo", "ne", "dri", "pol", "gan"];
    let common = ["the", "of", "and", "to", "a", "in", "that", "is", "was", "for"];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |m: u64| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) % m
    };
    (0..20_000)
        .map(|_| {
            if next(100) < 35 {
                common[next(10) as usize].to_string()
            } else {
                let word = next(3000);
                (0..=(word % 3)).map(|k| syllables[((word / 12u64.pow(k as u32)) % 12) as usize]).collect::<String>()
                    + &(word / 36).to_string()
            }
        })
        .collect()
}

#[test]
fn one_wrong_word_in_a_long_quote_from_a_long_article_shows_the_passage_it_should_be() {
    let root = fixture("basic");
    let words = long_article();
    let source = root.join("content/sources/ledger-bridge.md");
    let text = std::fs::read_to_string(&source).unwrap();
    let front = text.split_inclusive("---\n").take(2).collect::<String>();
    write(&source, &format!("{front}{}\n", words.join(" ")));
    let passage = words[12_000..12_150].join(" ");
    let mut quote: Vec<&str> = passage.split(' ').collect();
    quote[75] = "Islamabad";
    let claim = claim(&root, "ledger-closure.md");
    let text = std::fs::read_to_string(&claim).unwrap();
    let line = text.lines().find(|l| l.starts_with("quote:")).unwrap().to_string();
    write(&claim, &text.replace(&line, &format!("quote: '{}'", quote.join(" "))));
    let (code, err) = run("check", &root);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "content/claims/ledger-closure.md:8:8: error: the quote does not occur in the source `ledger-bridge`\n"
        ),
        "{err}"
    );
    assert!(err.contains(&format!("= help: the closest passage in the archived text is: \"{passage}\"\n")), "{err}");
}

#[test]
fn a_quote_that_differs_only_in_what_cannot_be_seen_matches() {
    for (article, quote, what) in [
        ("officials told the caf\u{e9} owners", "officials told the cafe\u{301} owners", "an accent written apart"),
        ("officials told the cafe\u{301} owners", "officials told the caf\u{e9} owners", "the article's accent apart"),
        ("the deploy\u{AD}ment of troops", "the deployment of troops", "a soft hyphen"),
        ("the deployment of troops", "the deploy\u{200B}ment of troops", "a zero-width space"),
        ("the deploy\u{200D}ment of troops", "the deployment of troops", "a zero-width joiner"),
    ] {
        let root = fixture("basic");
        let source = root.join("content/sources/ledger-bridge.md");
        edit(&source, "stays unpublished.", &format!("stays unpublished, and {article}."));
        let claim = claim(&root, "ledger-cracks.md");
        edit(&claim, "Engineers found cracks - serious ones - in two piers.", quote);
        let (code, err) = run("check", &root);
        assert_eq!(code, 0, "{what}: {err}");
    }
    // What can be seen still counts: an accent left out is a misquote.
    let root = fixture("basic");
    edit(&root.join("content/sources/ledger-bridge.md"), "stays unpublished.", "stays unpublished at the caf\u{e9}.");
    edit(&claim(&root, "ledger-cracks.md"), "Engineers found cracks - serious ones - in two piers.", "the cafe");
    assert_eq!(run("check", &root).0, 1);
}

#[test]
fn invisible_characters_in_values_and_file_names_are_shown_not_obeyed() {
    let root = fixture("basic");
    edit(&claim(&root, "ledger-cracks.md"), "topic: cracks", "topic: cra\u{200B}cks");
    edit(&claim(&root, "post-closure.md"), "stance: ", "stance: \u{202E}");
    let evil = claim(&root, "wire/x\u{202E}dm.md");
    std::fs::copy(claim(&root, "wire/wire-closure.md"), &evil).unwrap();
    let (code, err) = run("check", &root);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: no topic `cra<U+200B>cks`\n"), "{err}");
    assert!(err.contains("error: `stance` cannot be `<U+202E>"), "{err}");
    assert!(
        err.contains("content/claims/wire/x<U+202E>dm.md: error: `x<U+202E>dm` is not a valid claim slug"),
        "{err}"
    );
    assert!(!err.contains('\u{200B}') && !err.contains('\u{202E}'), "raw invisible characters: {err}");
}

#[test]
fn a_huge_bad_value_is_cut_in_the_message() {
    let root = fixture("basic");
    let huge = "x".repeat(1_000_000);
    edit(&claim(&root, "ledger-cracks.md"), "topic: cracks", &format!("topic: {huge}"));
    edit(&claim(&root, "post-closure.md"), "stance: ", &format!("stance: {huge}"));
    let (code, err) = run("check", &root);
    assert_eq!(code, 1, "{err}");
    assert!(err.len() < 10_000, "{} bytes of diagnostics", err.len());
    assert!(err.contains(&format!("error: no topic `{}… (999880 more characters)`\n", "x".repeat(120))), "{err}");
    assert!(err.contains(&format!("error: `stance` cannot be `{}… (", "x".repeat(120))), "{err}");
}

#[test]
fn a_value_written_with_escapes_on_a_later_line_is_pointed_at_there() {
    let root = fixture("basic");
    edit(&claim(&root, "ledger-cracks.md"), "status: unverified\n", "status: unverified\necho: x\n");
    edit(&claim(&root, "ledger-cracks.md"), "echo: x\n", "echoes:\n  - ledger-closure\n  - \"cra\\u00e9cks\"\n");
    let (code, err) = run("check", &root);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("content/claims/ledger-cracks.md:10:5: error: no claim `craécks`\n"), "{err}");
    assert!(err.contains("10 |   - \"cra\\u00e9cks\"\n   |     ^^^^^^^^^^^^^^\n"), "{err}");
}
