// A reader searching /claims/: the filters and the search box find claims among all of them through
// the index under search/, the query lives in the address (shared, reloaded), nothing on the page
// moves when the script starts, a query fetches only the index files it needs, and without
// JavaScript the list stays whole.

import { test } from "node:test";
import assert from "node:assert/strict";
import { open, screenshotPath, useSites, wholeData } from "./harness.mjs";

const env = useSites();

/** The shipped site's claims, as claims.json has them, in the order of the all-claims list. */
async function claims() {
  const data = await wholeData(env.all.shipped);
  const outlets = Object.fromEntries(data.outlets.map((o) => [o.slug, o.name]));
  const order = data.topics.map((t) => t.slug);
  const rank = (c) => order.indexOf(c.topic);
  return data.claims.map((c) => ({ ...c, outletName: outlets[c.outlet] })).sort((a, b) => rank(a) - rank(b));
}

/** What the results list shows: each claim's link, title and the line under it. */
async function shown(page) {
  await page.waitForFunction(() => /match/.test(document.getElementById("filter-count").textContent));
  return page.locator("#search-results li").evaluateAll((items) =>
    items.map((li) => ({ href: li.querySelector("a").getAttribute("href"), title: li.querySelector("a").textContent, meta: li.querySelector(".result-meta").textContent })),
  );
}

test("a shared address with outlet and verdict shows those claims, linked, with outlet, date, stance and verdict", async () => {
  const all = await claims();
  const expected = all.filter((c) => c.outlet === "newsx" && c.status === "false");
  assert.ok(expected.length > 0, "the shipped site has NewsX claims rated False");
  const { page, errors } = await open(env.context, env.all.shipped.base + "claims/?verdict=false&outlet=newsx");
  const results = await shown(page);
  assert.equal(await page.locator("#filter-count").textContent(), `${expected.length} claim${expected.length === 1 ? "" : "s"} match${expected.length === 1 ? "es" : ""}.`);
  assert.deepEqual(results.map((r) => r.href), expected.slice(0, 20).map((c) => `/claims/${c.slug}/`));
  for (const r of results) {
    assert.match(r.meta, /^NewsX · \d{1,2} [A-Z][a-z]{2} \d{4} · .+ [+−~] (Asserts|Hedges|Disputes) ✗ False$/);
  }
  assert.equal(await page.getByLabel("Outlet").inputValue(), "newsx");
  assert.equal(await page.getByLabel("Verdict").inputValue(), "false");
  assert.equal(await page.locator("#all-claims").isVisible(), false, "the results take the list's place");
  assert.deepEqual(errors, []);
  await page.close();
});

test("typing a query puts it in the address, finds the word in titles and quotes, and a reload shows it again", async () => {
  const all = await claims();
  const expected = all.filter((c) => (c.title + " " + c.quote).toLowerCase().includes("passport"));
  const { page, errors } = await open(env.context, env.all.shipped.base + "claims/");
  await page.getByLabel("Search titles and quotes").fill("passport");
  await page.waitForURL(/\?q=passport$/);
  const results = await shown(page);
  assert.ok(expected.length > 0);
  assert.equal(await page.locator("#filter-count").textContent(), `${expected.length} claims match.`);
  assert.deepEqual(results.map((r) => r.href), expected.slice(0, 20).map((c) => `/claims/${c.slug}/`));

  await page.getByLabel("Stance").selectOption("Disputes");
  await page.waitForURL(/\?q=passport&stance=disputes$/);
  const disputing = expected.filter((c) => c.stance === "disputes");
  assert.deepEqual((await shown(page)).map((r) => r.href), disputing.slice(0, 20).map((c) => `/claims/${c.slug}/`));

  await page.reload();
  assert.equal(await page.getByLabel("Search titles and quotes").inputValue(), "passport");
  assert.equal(await page.getByLabel("Stance").inputValue(), "disputes");
  assert.deepEqual((await shown(page)).map((r) => r.href), disputing.slice(0, 20).map((c) => `/claims/${c.slug}/`));

  await page.getByRole("button", { name: "Show all" }).click();
  await page.waitForURL((url) => url.search === "");
  assert.equal(await page.locator("#all-claims").isVisible(), true);
  assert.equal(await page.locator("#search-results").isVisible(), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a word's prefix finds it, accents and case aside, and more results come in pages of 20", async () => {
  const all = await claims();
  const { page } = await open(env.context, env.all.shipped.base + "claims/?q=PASSP");
  const results = await shown(page);
  const expected = all.filter((c) => /\bpassp/i.test(c.title + " " + c.quote));
  assert.equal(results.length, Math.min(20, expected.length));
  await page.goto(env.all.shipped.base + "claims/?stance=asserts");
  const asserting = all.filter((c) => c.stance === "asserts");
  assert.ok(asserting.length > 20);
  assert.equal((await shown(page)).length, 20);
  await page.getByRole("button", { name: "More results" }).click();
  await page.waitForFunction((n) => document.querySelectorAll("#search-results li").length === n, Math.min(40, asserting.length));
  await page.close();
});

test("a query fetches only the index files it needs", async () => {
  const page = await env.context.newPage();
  await page.goto(env.all.shipped.base + "claims/");
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.getByLabel("Verdict").selectOption("False");
  await shown(page);
  assert.ok(fetched.includes("/search/f/verdict/false.json"), fetched.join(" "));
  assert.ok(fetched.every((p) => p === "/search/f/verdict/false.json" || /^\/search\/d\/\d+\.json$/.test(p)), fetched.join(" "));
  fetched.length = 0;
  await page.getByLabel("Search titles and quotes").fill("troops");
  await page.waitForURL(/q=troops/);
  await shown(page);
  assert.ok(fetched.includes("/search/meta.json"), fetched.join(" "));
  assert.ok(fetched.some((p) => /^\/search\/t\/t[a-z0-9_]*\.json$/.test(p)), fetched.join(" "));
  assert.ok(!fetched.some((p) => /^\/search\/t\/[^t]/.test(p)), `only shards of t…: ${fetched.join(" ")}`);
  await page.close();
});

test("nothing moves when the script starts: cumulative layout shift 0, on a phone and a laptop, filtered or not", async () => {
  for (const [width, height] of [[360, 800], [1366, 768]]) {
    for (const path of ["claims/", "claims/?verdict=false&outlet=newsx", "claims/?q=troops"]) {
      const page = await env.context.newPage();
      await page.setViewportSize({ width, height });
      await page.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
        }).observe({ type: "layout-shift", buffered: true });
      });
      await page.goto(env.all.shipped.base + path, { waitUntil: "load" });
      if (path.includes("?")) await shown(page);
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => window.__shift), 0, `layout shift on ${path} at ${width} px`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width, `${path} is ${wide} px wide at ${width} px`);
      if (path.includes("q=")) await page.screenshot({ path: screenshotPath(`claims-search-${width}`), fullPage: false });
      await page.close();
    }
  }
});

test("without JavaScript the form is there and the whole list shows; sending it reloads the list", async () => {
  const page = await env.context.newPage();
  await page.route("**/filter.js", (route) => route.abort());
  await page.goto(env.all.shipped.base + "claims/");
  const rows = await page.locator("#all-claims tbody tr").count();
  assert.ok(rows >= 40);
  assert.equal(await page.locator("#all-claims tbody tr:visible").count(), rows);
  await page.getByLabel("Search titles and quotes").fill("passport");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/claims\/\?q=passport/);
  assert.equal(await page.locator("#all-claims tbody tr:visible").count(), rows);
  await page.close();
});
