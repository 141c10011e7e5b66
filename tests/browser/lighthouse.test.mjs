// Lighthouse, mobile preset, on the home page, a topic, a claim, the list of all claims and the
// about page of the shipped site, built with an absolute base URL (the harness's): accessibility,
// best practices and SEO must score 100. Performance is reported, not asserted: it depends on the
// machine's load. The scores are printed and saved to target/screenshots/lighthouse.json.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sites, close, SCREENSHOTS, screenshotPath } from "./harness.mjs";
import { launch, audit } from "./lighthouse.mjs";

const PAGES = {
  home: "",
  topic: "topics/passport-line/",
  claim: "claims/news18-troop-numbers/",
  claims: "claims/",
  about: "about/",
};

let all;
let chrome;
after(async () => {
  if (chrome) await chrome.kill();
  await close(all);
});

test("Lighthouse scores accessibility, best practices and SEO at 100 on each kind of page", { timeout: 600_000 }, async () => {
  all = await sites();
  chrome = await launch();
  screenshotPath("lighthouse"); // makes the folder
  const results = {};
  const failures = [];
  for (const [name, route] of Object.entries(PAGES)) {
    const url = all.shipped.base + route;
    const r = await audit(chrome, url);
    assert.equal(r.runtimeError, undefined, `${url}: ${r.runtimeError}`);
    results[name] = { url: "/" + route, ...r.scores, cls: r.cls, dom: r.dom };
    console.log(`${name.padEnd(6)} performance ${r.scores.performance}, accessibility ${r.scores.accessibility}, best practices ${r.scores["best-practices"]}, SEO ${r.scores.seo}; CLS ${r.cls?.toFixed(3)}, ${r.dom} elements`);
    for (const c of ["accessibility", "best-practices", "seo"]) {
      if (r.scores[c] !== 100) failures.push(`${url}: ${c} ${r.scores[c]} (${r.failed.filter((f) => f.startsWith(c)).join("; ")})`);
    }
  }
  writeFileSync(join(SCREENSHOTS, "lighthouse.json"), JSON.stringify(results, null, 2) + "\n");
  assert.deepEqual(failures, []);
});
