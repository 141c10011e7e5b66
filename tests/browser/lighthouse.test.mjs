// Lighthouse, as a reader's phone would load the shipped site: its mobile preset (the default form
// factor, with simulated throttling) in Debian's Chromium, on the home page, a topic, a claim,
// /claims/ and /about/. The site is built for an absolute base_url on a sub-path
// (https://example.org/claimtrack/), as it would be published, and served locally under that
// path: every link is root-relative, so nothing leaves 127.0.0.1. Accessibility, best practices
// and SEO must score 100; performance is printed for the note.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { REPO, serve } from "./harness.mjs";

const BINARY =
  process.env.CLAIMTRACK ??
  join(process.env.CARGO_TARGET_DIR ?? join(REPO, "target"), "release", "claimtrack");
const PREFIX = "/claimtrack/";
const PAGES = ["", "topics/passport-line/", "claims/delhi-dialogues-decision-made/", "claims/", "about/"];
const ASSERTED = ["accessibility", "best-practices", "seo"];

let server, chrome, base;

before(async () => {
  const out = join(mkdtempSync(join(tmpdir(), "claimtrack-lighthouse-")), "public");
  execFileSync(BINARY, ["build", "--root", REPO, "--output", out, "--base-url", `https://example.org${PREFIX}`], {
    stdio: "pipe",
  });
  server = await serve(out, PREFIX);
  base = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? process.env.CHROMIUM ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic"],
  });
});

after(async () => {
  await chrome?.kill();
  server?.close();
});

for (const path of PAGES) {
  test(`Lighthouse (mobile): /claimtrack/${path} scores 100 in accessibility, best practices and SEO`, async () => {
    const url = base + path;
    const { lhr } = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", ...ASSERTED],
    });
    assert.equal(lhr.runtimeError, undefined, `${url}: ${lhr.runtimeError?.message}`);
    const scores = Object.fromEntries(
      Object.entries(lhr.categories).map(([id, c]) => [id, c.score === null ? null : Math.round(c.score * 100)]),
    );
    console.log(`lighthouse ${PREFIX}${path}: ${JSON.stringify(scores)}`);
    for (const id of ASSERTED) {
      const failing = lhr.categories[id].auditRefs
        .map((r) => lhr.audits[r.id])
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual")
        .map((a) => `${a.id}: ${a.title}`);
      assert.equal(scores[id], 100, `${url}: ${id} ${scores[id]}; failing audits: ${failing.join("; ")}`);
    }
  });
}
