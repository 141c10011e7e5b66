// A renamed claim keeps its old address: the alias page that `aliases:` makes sends a reader's
// browser on to the claim's page (GitHub Pages has no server redirects, so it is a meta refresh).

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, browser, close, site } from "./harness.mjs";

const all = {};
after(() => close(all));

test("an alias page redirects Chromium to the renamed claim and stays out of the sitemap", async () => {
  const root = join(mkdtempSync(join(tmpdir(), "claimtrack-alias-")), "site");
  cpSync(join(REPO, "tests", "fixtures", "basic"), root, { recursive: true });
  const file = join(root, "content", "claims", "ledger-cracks.md");
  const text = readFileSync(file, "utf8");
  assert.ok(text.includes("status: unverified\n"));
  writeFileSync(file, text.replace("status: unverified\n", "status: unverified\naliases: [cracks-first-report]\n"));
  all.aliased = await site("aliased", root, "/tracker/");
  const context = await browser();
  const page = await context.newPage();
  await page.goto(all.aliased.base + "claims/cracks-first-report/");
  await page.waitForURL(all.aliased.base + "claims/ledger-cracks/", { timeout: 10_000 });
  const heading = await page.locator("h1").innerText();
  const title = /^title: (.*)$/m.exec(text)[1].replace(/^["']|["']$/g, "");
  assert.equal(heading, title);
  const sitemap = readFileSync(join(all.aliased.out, "sitemap.xml"), "utf8");
  assert.ok(sitemap.includes("claims/ledger-cracks/"), sitemap);
  assert.ok(!sitemap.includes("cracks-first-report"), "the alias is not in the sitemap");
});
