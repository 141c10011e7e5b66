// A reader browsing the built sites in Chromium: every page reachable from the home page loads
// without a console error, no internal link is broken, and screenshots of
// each kind of page are saved under target/screenshots/ for a person to look at.

import { test } from "node:test";
import assert from "node:assert/strict";
import { open, screenshotPath, sideways, useSites } from "./harness.mjs";

const env = useSites();

/** Every internal address linked from the home page, transitively, with the page that links it. */
async function crawl(site) {
  const seen = new Map([[site.base, "(start)"]]);
  const queue = [site.base];
  const pages = [];
  const files = [];
  while (queue.length) {
    const url = queue.shift();
    const response = await fetch(url, { redirect: "manual" });
    assert.equal(response.status, 200, `${url} (linked from ${seen.get(url)}) answers ${response.status}`);
    const type = response.headers.get("content-type") ?? "";
    if (!type.startsWith("text/html")) {
      files.push(url);
      continue;
    }
    pages.push(url);
    const html = await response.text();
    for (const [, attr] of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
      const target = new URL(attr.replaceAll("&amp;", "&"), url);
      target.hash = "";
      const address = target.href;
      if (!address.startsWith(site.base) || seen.has(address)) continue;
      seen.set(address, url);
      queue.push(address);
    }
  }
  return { pages, files };
}

for (const name of ["shipped", "fixture"]) {
  test(`${name}: every page linked from the home page loads without console errors`, async () => {
    const site = env.all[name];
    const { pages, files } = await crawl(site);
    assert.ok(pages.length > 20, `only ${pages.length} pages reached`);
    for (const kind of ["topics/", "claims/", "outlets/", "sources/", "status/", "timeline/", "changes/", "about/"]) {
      assert.ok(pages.some((p) => p.startsWith(site.base + kind)), `no ${kind} page reached`);
    }
    for (const file of ["atom.xml", "claims.json", "claims.schema.json", "static/style.css", "static/filter.js"]) {
      assert.ok(files.includes(site.base + file), `${file} is not linked from any page`);
    }
    for (const url of pages) {
      const { page, errors, status } = await open(env.context, url);
      assert.equal(status, 200, url);
      assert.deepEqual(errors, [], `console errors on ${url}`);
      await page.close();
    }
  });
}

test("a missing address gets the 404 page, which links home", async () => {
  const { page, status } = await open(env.context, env.all.fixture.base + "claims/no-such-claim/");
  assert.equal(status, 404);
  assert.equal(await page.locator("h1").textContent(), "Page not found");
  assert.equal(await page.getByRole("link", { name: "Go to the home page" }).getAttribute("href"), "/tracker/");
  await page.close();
});

test("on a 360-pixel phone no page is wider than the screen: wide tables scroll in their own box", async () => {
  const s = env.all.shipped.base;
  const pages = [
    "", "topics/", "topics/troop-numbers/", "claims/", "claims/news18-troop-numbers/", "outlets/", "outlets/news18/",
    "sources/news18-20000-troops/", "status/false/", "timeline/", "changes/", "about/",
  ];
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 360, height: 800 });
  for (const path of pages) {
    await page.goto(s + path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${s + path} is ${width} px wide on a 360 px screen`);
    const loose = await page.evaluate(() =>
      [...document.querySelectorAll("table")].filter((t) => !t.parentElement.matches('.scroll[role="region"][tabindex="0"]')).length,
    );
    assert.equal(loose, 0, `${s + path} has a table outside a scrolling region`);
  }
  await page.close();
});

test("on a 360-pixel phone every topic page and the claims list read without scrolling sideways, quotes at full width", async () => {
  const s = env.all.shipped.base;
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(s + "topics/");
  const topics = await page.evaluate(() =>
    [...new Set([...document.querySelectorAll('main a[href*="/topics/"]')].map((a) => a.href))].filter((h) => !h.endsWith("/topics/")),
  );
  assert.ok(topics.length >= 10, `${topics.length} topic pages`);
  for (const url of [...topics, s + "claims/"]) {
    const { width, boxes } = await sideways(page, url, 360);
    assert.ok(width <= 360, `${url} is ${width} px wide on a 360 px screen`);
    // No box of the page scrolls sideways either.
    assert.deepEqual(boxes, [], `${url}: boxes scroll sideways`);
    if (url.endsWith("/claims/")) continue;
    const cards = await page.evaluate(() =>
      [...document.querySelectorAll(".claim-card")].map((card) => {
        const box = (sel) => card.querySelector(sel)?.getBoundingClientRect();
        return { quote: box("blockquote")?.width ?? 0, verdict: box(".card-verdict"), reason: box(".reason") ?? null };
      }),
    );
    assert.ok(cards.length > 0, `${url} has no claim cards`);
    for (const c of cards) {
      assert.ok(c.quote >= 280, `${url}: a quote box is ${c.quote} px wide`);
      for (const b of [c.verdict, c.reason].filter(Boolean)) {
        assert.ok(b.left >= 0 && b.right <= 360, `${url}: a verdict or its reason runs outside the screen (${b.left}-${b.right})`);
      }
    }
  }
  await page.close();
});

test("on a 360-pixel phone the home page, a claim page and an outlet page read without scrolling sideways, as units", async () => {
  const s = env.all.shipped.base;
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 360, height: 800 });
  const inside = (boxes, what, url) => {
    assert.ok(boxes.length > 0, `${url} has no ${what}`);
    for (const b of boxes) assert.ok(b.left >= 0 && b.right <= 360, `${url}: a ${what} runs outside the screen (${b.left}-${b.right})`);
  };
  for (const path of ["", "claims/news18-troop-numbers/", "outlets/news18/"]) {
    const url = s + path;
    const { width, boxes } = await sideways(page, url, 360);
    assert.ok(width <= 360, `${url} is ${width} px wide on a 360 px screen`);
    assert.deepEqual(boxes, [], `${url}: boxes scroll sideways`);
  }
  // Home: each statement a box with its statement and bottom line; one line per outlet's latest claim.
  await page.goto(s);
  const rows = await page.evaluate(() =>
    [...document.querySelectorAll(".matrix tbody tr")].map((tr) => ({
      statement: tr.querySelector(".row-statement")?.getBoundingClientRect().width ?? 0,
      cells: [...tr.querySelectorAll(".cell")].map((c) => {
        const r = c.getBoundingClientRect();
        return { left: r.left, right: r.right, height: r.height, outlet: getComputedStyle(c.querySelector(".cell-outlet")).display };
      }),
    })),
  );
  assert.ok(rows.length >= 10, `${rows.length} statements in the home matrix`);
  for (const r of rows) {
    assert.ok(r.statement >= 280, `a statement on the home page is ${r.statement} px wide`);
    inside(r.cells, "matrix cell", s);
    for (const c of r.cells) assert.notEqual(c.outlet, "none", "a matrix cell on a phone names its outlet");
  }
  // A claim page: each other outlet's claim a unit, its verdict said to be on that claim.
  await page.goto(s + "claims/news18-troop-numbers/");
  const others = await page.evaluate(() =>
    [...document.querySelectorAll(".others tbody tr")].map((tr) => {
      const r = tr.querySelector(".other-verdict").getBoundingClientRect();
      return { left: r.left, right: r.right, text: tr.querySelector(".other-verdict").innerText, claim: tr.querySelector(".other-claim").getBoundingClientRect().width };
    }),
  );
  inside(others, "verdict of another outlet's claim", "claims/news18-troop-numbers/");
  for (const o of others) {
    assert.match(o.text, /^This claim:/);
    assert.ok(o.claim >= 280, `another outlet's claim is ${o.claim} px wide`);
  }
  // An outlet page: the tallies say what they count, and nothing scrolls.
  await page.goto(s + "outlets/news18/");
  const note = await page.locator("section[aria-labelledby=tally]").innerText();
  assert.match(note, /this site's verdicts on the claims it selected/);
  assert.match(note, /not a rating of the outlet/);
  await page.close();
});

test("at 1366x768 the home page's first screen holds the summary and the start of the matrix, under an h1 that is not the header's", async () => {
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(env.all.shipped.base);
  const first = await page.evaluate(() => ({
    matrix: document.querySelector(".matrix").getBoundingClientRect().top,
    summary: document.querySelector(".summary").getBoundingClientRect().bottom,
    h1: document.querySelector("h1").textContent.trim(),
    brand: document.querySelector(".site-header .brand").textContent.trim(),
  }));
  assert.ok(first.summary < 768, `the summary ends at ${first.summary} px`);
  assert.ok(first.matrix < 768, `the matrix starts at ${first.matrix} px, below the first screen`);
  assert.notEqual(first.h1, first.brand, "the h1 repeats the header's site name");
  await page.close();
});

test("printed, a claim page gives each evidence link's address", async () => {
  const { page } = await open(env.context, env.all.shipped.base + "claims/news18-passport-line/");
  const after = () =>
    page.evaluate(() => {
      const link = document.querySelector(".evidence a[href^='http']");
      return [link.href, getComputedStyle(link, "::after").content];
    });
  const [, onScreen] = await after();
  assert.ok(onScreen === "none" || onScreen === "normal", onScreen);
  await page.emulateMedia({ media: "print" });
  const [href, printed] = await after();
  assert.equal(printed, `" (${href})"`);
  await page.close();
});

test("screenshots of each kind of page, wide, narrow and dark", async () => {
  const s = env.all.shipped.base;
  const shots = {
    home: s,
    topic: s + "topics/passport-line/",
    claim: s + "claims/news18-troop-numbers/",
    outlets: s + "outlets/",
    outlet: s + "outlets/news18/",
    timeline: s + "timeline/",
    about: s + "about/",
    "fixture-topic": env.all.fixture.base + "topics/closure/",
  };
  for (const [name, url] of Object.entries(shots)) {
    const { page, status } = await open(env.context, url);
    assert.equal(status, 200, url);
    await page.screenshot({ path: screenshotPath(name), fullPage: true });
    await page.close();
  }
  const { page } = await open(env.context, s);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: screenshotPath("home-phone") });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: screenshotPath("home-phone-dark") });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(s + "topics/troop-numbers/");
  await page.screenshot({ path: screenshotPath("topic-dark"), fullPage: true });
  await page.emulateMedia({ media: "print", colorScheme: "light" });
  await page.screenshot({ path: screenshotPath("topic-print"), fullPage: true });
  await page.close();
});
