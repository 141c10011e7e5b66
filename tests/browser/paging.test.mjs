// Paged lists and the timeline and changes pages as a reader on a phone sees them: at 360 px no
// page and no box scrolls sideways, each verdict change is one readable unit inside the screen, and
// the page-number navigation leads from page to page without JavaScript. A copy of the fixture
// with `page_size: 2` gives lists of several pages. Screenshots at 360 and 1366 px go to
// target/screenshots/.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, browser, close, screenshotPath, sideways, site, sites } from "./harness.mjs";

const env = {};

/** The fixture on pages of 2, with two verdict changes of one day that share a note. */
function pagedFixture() {
  const root = mkdtempSync(join(tmpdir(), "claimtrack-paged-"));
  cpSync(join(REPO, "tests", "fixtures", "basic"), root, { recursive: true });
  const yaml = join(root, "content", "site.yaml");
  writeFileSync(yaml, readFileSync(yaml, "utf8") + "page_size: 2\n");
  const post = join(root, "content", "claims", "post-closure.md");
  writeFileSync(
    post,
    readFileSync(post, "utf8").replace(
      "echoes: [ledger-closure]\n",
      "echoes: [ledger-closure]\nevidence:\n  - {id: city, url: https://city.example/statement, title: 'City Hall: statement on the bridge', date: 2025-03-02, bearing: contradicts}\nupdates:\n  - {date: 2025-03-01, status: unverified, note: Reported from the Ledger.}\n  - {date: 2025-03-02, status: disputed, note: The city denied it., cites: [city]}\n",
    ),
  );
  return root;
}

before(async () => {
  env.all = await sites();
  env.all.paged = await site("paged", pagedFixture(), "/paged/");
  env.context = await browser();
});
after(() => close(env.all));

test("at 360 px the timeline, the changes and a paged list read without scrolling sideways", async () => {
  const { shipped, paged } = env.all;
  const page = await env.context.newPage();
  const urls = [
    shipped.base + "timeline/", shipped.base + "changes/",
    paged.base + "claims/", paged.base + "claims/page/2/", paged.base + "timeline/page/2/",
    paged.base + "changes/", paged.base + "topics/closure/page/2/",
  ];
  for (const url of urls) {
    const { width, boxes } = await sideways(page, url, 360);
    assert.ok(width <= 360, `${url} is ${width} px wide on a 360 px screen`);
    // The claims table scrolls in its own region by design; nothing else may.
    assert.deepEqual(boxes.filter((b) => b !== "scroll"), [], `${url}: boxes scroll sideways`);
  }
  // Each verdict change is one unit inside the screen: the claim, the verdicts and the reason.
  await sideways(page, shipped.base + "changes/", 360);
  const changes = await page.evaluate(() =>
    [...document.querySelectorAll("li.change")].map((li) => {
      const b = li.getBoundingClientRect();
      return { left: b.left, right: b.right, parts: li.querySelectorAll(".change-claim, .change-verdict").length };
    }),
  );
  assert.ok(changes.length > 10, `${changes.length} changes`);
  for (const c of changes) {
    assert.ok(c.left >= 0 && c.right <= 360, `a change runs outside the screen (${c.left}-${c.right})`);
    assert.equal(c.parts, 2);
  }
  await page.close();
});

test("the page numbers lead from page to page without JavaScript", async () => {
  const { paged } = env.all;
  const context = await env.context.browser()?.newContext({ javaScriptEnabled: false }) ?? env.context;
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(paged.base + "claims/");
  const nav = page.getByRole("navigation", { name: "Pages of all claims" });
  assert.equal(await nav.locator('[aria-current="page"]').textContent(), "1");
  await nav.locator('a[rel="next"]').click();
  await page.waitForURL(paged.base + "claims/page/2/");
  assert.equal(await nav.locator('[aria-current="page"]').textContent(), "2");
  assert.equal(await page.locator("#all-claims tbody tr").count(), 2);
  // A page link is big enough to tap.
  const box = await nav.locator('a[rel="prev"]').boundingBox();
  assert.ok(box.height >= 44 && box.width >= 44, `prev link ${box.width}x${box.height}`);
  await nav.locator('a[rel="prev"]').click();
  await page.waitForURL(paged.base + "claims/");
  await page.close();
  if (context !== env.context) await context.close();
});

test("screenshots of the timeline, the changes and a paged list at 360 and 1366 px", async () => {
  const { shipped, paged } = env.all;
  const shots = {
    "timeline": shipped.base + "timeline/",
    "changes": shipped.base + "changes/",
    "paged-claims-2": paged.base + "claims/page/2/",
    "paged-timeline-2": paged.base + "timeline/page/2/",
  };
  const page = await env.context.newPage();
  for (const [name, url] of Object.entries(shots)) {
    for (const width of [360, 1366]) {
      await page.setViewportSize({ width, height: width === 360 ? 800 : 768 });
      await page.goto(url);
      await page.screenshot({ path: screenshotPath(`${name}-${width}`), fullPage: true });
    }
  }
  await page.close();
});
