//! The verdict palette, as a colour-blind reader sees it: the five verdict colours of
//! static/style.css (light and dark scheme) stay apart from one another in normal vision and under
//! simulated deuteranopia and protanopia, keep WCAG AA contrast for text on the page, and colour
//! nothing but a verdict.
//!
//! Hand-written because no crate in the dependency tree simulates colour vision: the simulation is
//! Machado, Oliveira and Fernandes (2009), severity 1.0, applied in linear RGB; the distance is
//! CIEDE2000 on CIELAB under D65. Every verdict also carries an icon, a word and its own border
//! style, so colour only reinforces it; the threshold asks that the reinforcement never misleads.

use std::path::Path;

/// The least CIEDE2000 difference allowed between two verdict colours in any vision. ΔE00 ≈ 1–2 is
/// a just-noticeable difference for large patches seen side by side; verdict colours are seen on
/// thin borders and badge text, often apart, where discrimination is several times worse, so the
/// threshold is set well above the "clearly different" level (~5): at 10, two verdicts are told
/// apart at a glance.
const MIN_DELTA_E: f64 = 10.0;

/// WCAG 2 AA for normal-size text: verdict words are written in these colours.
const MIN_CONTRAST: f64 = 4.5;

/// The custom properties, and the class word each one belongs to.
const VERDICTS: [(&str, &str); 5] = [
    ("--false", "false"),
    ("--disputed", "disputed"),
    ("--unverified", "unverified"),
    ("--partly", "partly-true"),
    ("--confirmed", "confirmed"),
];

const PROTANOPIA: [[f64; 3]; 3] =
    [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]];
const DEUTERANOPIA: [[f64; 3]; 3] =
    [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]];

fn css() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("static/style.css")).expect("read style.css")
}

/// The value of `name` in each scheme, in the order the stylesheet sets it (light, then dark).
fn values(css: &str, name: &str) -> Vec<[f64; 3]> {
    let key = format!("{name}:");
    css.match_indices(&key)
        .map(|(at, _)| {
            let rest = css[at + key.len()..].trim_start();
            let hex = rest.strip_prefix('#').unwrap_or_else(|| panic!("{name} is not a #rrggbb colour"));
            let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex colour") as f64 / 255.0;
            [channel(0), channel(2), channel(4)]
        })
        .collect()
}

fn linear(c: f64) -> f64 {
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

fn simulate(rgb: [f64; 3], m: Option<&[[f64; 3]; 3]>) -> [f64; 3] {
    let lin = rgb.map(linear);
    match m {
        None => lin,
        Some(m) => [0, 1, 2].map(|i| (m[i][0] * lin[0] + m[i][1] * lin[1] + m[i][2] * lin[2]).clamp(0.0, 1.0)),
    }
}

fn lab(lin: [f64; 3]) -> [f64; 3] {
    let [r, g, b] = lin;
    let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
    let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
    let f = |t: f64| if t > 216.0 / 24389.0 { t.cbrt() } else { (24389.0 / 27.0 * t + 16.0) / 116.0 };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// CIEDE2000 (Sharma, Wu and Dalal 2005), kL = kC = kH = 1.
fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
    let [l1, a1, b1] = a;
    let [l2, a2, b2] = b;
    let c_bar = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
    let g = 0.5 * (1.0 - (c_bar.powi(7) / (c_bar.powi(7) + 25f64.powi(7))).sqrt());
    let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
    let hue = |b: f64, a: f64| b.atan2(a).to_degrees().rem_euclid(360.0);
    let (h1p, h2p) = (hue(b1, a1p), hue(b2, a2p));
    let dh = if c1p * c2p == 0.0 {
        0.0
    } else if (h2p - h1p).abs() <= 180.0 {
        h2p - h1p
    } else if h2p - h1p > 180.0 {
        h2p - h1p - 360.0
    } else {
        h2p - h1p + 360.0
    };
    let d_l = l2 - l1;
    let d_c = c2p - c1p;
    let d_h = 2.0 * (c1p * c2p).sqrt() * (dh / 2.0).to_radians().sin();
    let l_bar = (l1 + l2) / 2.0;
    let cp_bar = (c1p + c2p) / 2.0;
    let h_bar = if c1p * c2p == 0.0 {
        h1p + h2p
    } else if (h1p - h2p).abs() <= 180.0 {
        (h1p + h2p) / 2.0
    } else if h1p + h2p < 360.0 {
        (h1p + h2p + 360.0) / 2.0
    } else {
        (h1p + h2p - 360.0) / 2.0
    };
    let cos = |deg: f64| deg.to_radians().cos();
    let t = 1.0 - 0.17 * cos(h_bar - 30.0) + 0.24 * cos(2.0 * h_bar) + 0.32 * cos(3.0 * h_bar + 6.0)
        - 0.20 * cos(4.0 * h_bar - 63.0);
    let d_theta = 30.0 * (-((h_bar - 275.0) / 25.0).powi(2)).exp();
    let r_c = 2.0 * (cp_bar.powi(7) / (cp_bar.powi(7) + 25f64.powi(7))).sqrt();
    let s_l = 1.0 + 0.015 * (l_bar - 50.0).powi(2) / (20.0 + (l_bar - 50.0).powi(2)).sqrt();
    let s_c = 1.0 + 0.045 * cp_bar;
    let s_h = 1.0 + 0.015 * cp_bar * t;
    let r_t = -(2.0 * d_theta).to_radians().sin() * r_c;
    ((d_l / s_l).powi(2) + (d_c / s_c).powi(2) + (d_h / s_h).powi(2) + r_t * (d_c / s_c) * (d_h / s_h)).sqrt()
}

fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let y = |c: [f64; 3]| {
        let l = c.map(linear);
        0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]
    };
    let (hi, lo) = if y(a) > y(b) { (y(a), y(b)) } else { (y(b), y(a)) };
    (hi + 0.05) / (lo + 0.05)
}

#[test]
fn delta_e_matches_the_published_test_pairs() {
    // Sharma, Wu and Dalal (2005), table 1, pairs 1, 7 and 17.
    for (a, b, expected) in [
        ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
        ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
        ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
    ] {
        assert!((delta_e(a, b) - expected).abs() < 1e-4, "ΔE00 {:?} {:?} = {}", a, b, delta_e(a, b));
    }
}

#[test]
fn the_five_verdict_colours_stay_apart_in_normal_vision_deuteranopia_and_protanopia() {
    let css = css();
    let colours: Vec<Vec<[f64; 3]>> = VERDICTS.iter().map(|(name, _)| values(&css, name)).collect();
    for (scheme, s) in [("light", 0), ("dark", 1)] {
        for (vision, m) in [("normal", None), ("deuteranopia", Some(&DEUTERANOPIA)), ("protanopia", Some(&PROTANOPIA))]
        {
            let mut least = (f64::MAX, "", "");
            for i in 0..5 {
                for j in i + 1..5 {
                    let d = delta_e(lab(simulate(colours[i][s], m)), lab(simulate(colours[j][s], m)));
                    if d < least.0 {
                        least = (d, VERDICTS[i].0, VERDICTS[j].0);
                    }
                }
            }
            println!("{scheme} scheme, {vision}: least ΔE00 {:.1} ({} / {})", least.0, least.1, least.2);
            assert!(
                least.0 >= MIN_DELTA_E,
                "{scheme} scheme, {vision}: {} and {} are ΔE00 {:.1} apart (at least {MIN_DELTA_E})",
                least.1,
                least.2,
                least.0
            );
        }
    }
}

#[test]
fn verdict_colours_keep_aa_contrast_for_text_on_the_page_and_on_panels() {
    let css = css();
    let backgrounds = [values(&css, "--bg"), values(&css, "--panel")];
    for (name, _) in VERDICTS {
        for (s, colour) in values(&css, name).into_iter().enumerate() {
            for bg in &backgrounds {
                let ratio = contrast(colour, bg[s]);
                assert!(ratio >= MIN_CONTRAST, "{name} (scheme {s}) has contrast {ratio:.2} on {:?}", bg[s]);
            }
        }
    }
}

#[test]
fn a_verdict_colour_colours_only_its_own_verdict() {
    let css = css();
    // Each rule: its selectors, then its declarations.
    for rule in css.split('}') {
        let Some((selectors, body)) = rule.rsplit_once('{') else { continue };
        for (name, word) in VERDICTS {
            if !body.contains(&format!("var({name})")) {
                continue;
            }
            for selector in selectors.split(',') {
                let selector = selector.trim();
                assert!(
                    selector.contains(&format!("-{word}")),
                    "`{selector}` uses var({name}), the colour of the verdict {word}, for something else"
                );
            }
        }
    }
    // And no verdict's colour is written out by value elsewhere.
    for (name, _) in VERDICTS {
        let at = css.find(&format!("{name}:")).expect("property");
        let hex = &css[at + name.len() + 1..].trim_start()[..7];
        assert_eq!(css.matches(hex).count(), 1, "{hex}, the colour of {name}, is written out elsewhere in style.css");
    }
}
