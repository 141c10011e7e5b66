//! Markdown to safe HTML: pulldown-cmark, then ammonia where it is needed.
//!
//! Editors may write raw HTML in Markdown; any document that contains some, or a link that is not
//! http(s) or relative, is sanitised by ammonia, so no page can carry a script, an event handler or
//! a `javascript:` URL whatever a content file contains. Only http(s) and relative URLs are linked:
//! `mailto:` and every other scheme lose their `href`, and so does a protocol-relative `//host/`,
//! which leads off the site as surely as a full URL to an unchecked host. A document with none of
//! these is already safe (pulldown-cmark escapes all text), and skips the sanitiser's cost.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, html};
use std::borrow::Cow;

pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let needs_sanitising = events.iter().any(|e| match e {
        Event::Html(_) | Event::InlineHtml(_) => true,
        // `<name@example.org>`: pulldown-cmark writes the `mailto:` itself.
        Event::Start(Tag::Link { link_type: LinkType::Email, .. }) => true,
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => !is_safe_url(dest_url),
        _ => false,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if needs_sanitising { sanitiser().clean(&out).to_string() } else { out }
}

/// http(s), fragments and relative paths; anything with another scheme is not trusted.
fn is_safe_url(url: &str) -> bool {
    let scheme_end = url.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if url[i..].starts_with(':') => {
            let scheme = url[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https")
        }
        // No scheme: a relative link. A control character or whitespace could hide a scheme from
        // this check in some browsers, so such links go through the sanitiser too.
        _ => is_relative_to_site(url) && !url.chars().any(|c| c.is_control() || c.is_whitespace()),
    }
}

/// A relative URL that stays on the site: not `//host/...`, nor `/\host` or `\\host`, which
/// browsers read the same way. What browsers skip before reading a URL (leading spaces and control
/// characters, tabs and line breaks anywhere) is skipped here too.
fn is_relative_to_site(url: &str) -> bool {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let mut start = url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).take(2);
    let slash = |c: char| c == '/' || c == '\\';
    !(start.next().is_some_and(slash) && start.next().is_some_and(slash))
}

/// Ammonia's rule for relative URLs: keep those [`is_relative_to_site`] accepts, drop the rest.
fn keep_on_site(url: &str) -> Option<Cow<'_, str>> {
    is_relative_to_site(url).then_some(Cow::Borrowed(url))
}

fn sanitiser() -> &'static ammonia::Builder<'static> {
    static BUILDER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(["http", "https"].into_iter().collect());
        b.url_relative(ammonia::UrlRelative::Custom(Box::new(keep_on_site)));
        // Ammonia allows no `target` on links, so `rel="noopener noreferrer"` protects nothing; and on
        // a link whose unsafe `href` was removed, a `rel` makes the HTML invalid.
        b.link_rel(None);
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let html = to_html("Hi <script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn a_javascript_link_alone_is_removed() {
        for link in
            ["[x](javascript:alert(1))", "[x](JavaScript:alert(1))", "<javascript:alert(1)>", "[x](data:text/html,hi)"]
        {
            let html = to_html(link);
            let lower = html.to_ascii_lowercase();
            assert!(!lower.contains("href=\"javascript:") && !lower.contains("href=\"data:"), "{link} → {html}");
        }
    }

    #[test]
    fn plain_markdown_keeps_its_links() {
        let html = to_html("See [the page](https://example.org/a?b=1&c=2), [here](../x/) and [top](/about/#a).");
        assert_eq!(
            html,
            "<p>See <a href=\"https://example.org/a?b=1&amp;c=2\">the page</a>, <a href=\"../x/\">here</a> and <a href=\"/about/#a\">top</a>.</p>\n"
        );
    }

    #[test]
    fn mail_and_protocol_relative_links_lose_their_href() {
        for link in [
            "[mail](mailto:a@b.c)",
            "<mailto:a@b.c>",
            "<a@b.c>",
            "<a href=\"mailto:a@b.c\">m</a>",
            "[x](//evil.example/)",
            "<a href=\"//evil.example/\">x</a>",
            "<a href=\" //evil.example/\">x</a>",
            "<a href=\"/&#9;/evil.example/\">x</a>",
            "<a href=\"\\\\evil.example/\">x</a>",
            "<img src=\"//evil.example/i.png\">",
        ] {
            let html = to_html(link);
            assert!(!html.contains("href=") && !html.contains("src="), "{link} → {html}");
        }
    }
}
