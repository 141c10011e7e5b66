// A reader browsing the built sites in Chromium: every page reachable from the home page loads
// without a console error, no internal link is broken, the claims filter works, and screenshots of
// each kind of page are saved under target/screenshots/ for a person to look at.

import { test } from "node:test";
import assert from "node:assert/strict";
import { open, screenshotPath, useSites } from "./harness.mjs";

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

test("the claims filter narrows the list by outlet and by text, keeps the filter in the address, and shows all again", async () => {
  const base = env.all.shipped.base + "claims/";
  const { page, errors } = await open(env.context, base);
  const rows = page.locator("#all-claims > li");
  const visible = page.locator("#all-claims > li:visible");
  const total = await rows.count();
  assert.ok(total >= 40, `${total} claims`);
  await page.locator("#claim-filters").waitFor({ state: "visible" });
  assert.equal(await page.locator("#filter-count").textContent(), `Showing all ${total} claims.`);

  await page.getByLabel("Outlet").selectOption("NewsX");
  const newsx = await page.locator('#all-claims > li[data-outlet="NewsX"]').count();
  assert.ok(newsx > 0 && newsx < total);
  assert.equal(await visible.count(), newsx);
  for (const outlet of await visible.locator(".outlet").allTextContents()) {
    assert.equal(outlet.trim(), "NewsX");
  }

  await page.getByLabel("Search").fill("passport");
  const found = await visible.count();
  assert.ok(found >= 1 && found < newsx, `${found} NewsX claims mention the passport`);
  for (const row of await visible.all()) {
    const text = ((await row.textContent()) + (await row.getAttribute("data-quote"))).toLowerCase();
    assert.ok(text.includes("passport"), text);
  }
  assert.equal(await page.locator("#filter-count").textContent(), `Showing ${found} of ${total} claims.`);
  assert.equal(new URL(page.url()).search, "?outlet=NewsX&q=passport", "the filter is in the address");
  await page.screenshot({ path: screenshotPath("claims-filtered"), fullPage: true });

  // The address is the view: reloaded, or opened by someone it was sent to, it shows the same claims.
  await page.reload();
  assert.equal(await page.getByLabel("Outlet").inputValue(), "NewsX");
  assert.equal(await page.getByLabel("Search").inputValue(), "passport");
  assert.equal(await visible.count(), found, "the filter survives a reload");
  const shared = await open(env.context, base + "?verdict=Confirmed&stance=Disputes&topic=Passport+line&outlet=NewsX");
  assert.equal(await shared.page.locator("#all-claims > li:visible").count(), 1, "NewsX disputes the passport line, and that is confirmed");
  assert.equal(await shared.page.getByLabel("Verdict").inputValue(), "Confirmed");
  await shared.page.close();
  const unknown = await open(env.context, base + "?outlet=Nobody");
  assert.equal(await unknown.page.locator("#all-claims > li:visible").count(), total, "a value no select offers is ignored");
  await unknown.page.close();

  await page.getByRole("button", { name: "Show all" }).click();
  await page.waitForFunction((n) => document.querySelectorAll("#all-claims > li:not([hidden])").length === n, total);
  assert.equal(new URL(page.url()).search, "", "showing all clears the address");
  assert.deepEqual(errors, []);
  await page.close();
});

test("without JavaScript the whole list of claims shows and the controls stay hidden", async () => {
  const page = await env.context.newPage();
  const cdp = await env.context.newCDPSession(page);
  await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  await page.goto(env.all.shipped.base + "claims/?outlet=NewsX");
  assert.equal(await page.locator("#claim-filters").isVisible(), false);
  const rows = await page.locator("#all-claims > li").count();
  assert.ok(rows >= 40);
  assert.equal(await page.locator("#all-claims > li:visible").count(), rows);
  await page.close();
});

test("the claims filter is there from the first paint: the list does not move when the script runs", async () => {
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 360, height: 800 });
  // Hold the script back until the page is drawn, then let it run and compare.
  let release;
  const held = new Promise((ok) => (release = ok));
  await page.route("**/filter.js", async (route) => {
    await held;
    await route.continue();
  });
  // A deferred script holds back DOMContentLoaded: wait instead for the list and the style sheet.
  await page.goto(env.all.shipped.base + "claims/", { waitUntil: "commit" });
  await page.waitForFunction(() =>
    document.querySelector("#all-claims > li:last-child") !== null &&
    [...document.styleSheets].some((sheet) => sheet.href?.endsWith("/style.css") && sheet.cssRules.length > 0),
  );
  const top = () => page.evaluate(() => document.querySelector("#all-claims").getBoundingClientRect().top);
  const before = await top();
  assert.equal(await page.locator("#claim-filters").isVisible(), true, "the form is shown before the script runs");
  release();
  await page.waitForFunction(() => document.getElementById("filter-count").textContent !== "");
  assert.equal(await top(), before, "the list stayed where it was");
  await page.close();
});

test("on a 360-pixel phone no page is wider than the screen and no box scrolls sideways", async () => {
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
    const scrolling = await page.evaluate(() =>
      [...document.querySelectorAll("main *")]
        .filter((e) => e.scrollWidth > e.clientWidth + 1 && ["auto", "scroll"].includes(getComputedStyle(e).overflowX))
        .map((e) => e.tagName + "." + e.className),
    );
    assert.deepEqual(scrolling, [], `${s + path} has a box that scrolls sideways`);
    const loose = await page.evaluate(() =>
      [...document.querySelectorAll("table")].filter((t) => !t.parentElement.matches('.scroll[role="region"][tabindex="0"]')).length,
    );
    assert.equal(loose, 0, `${s + path} has a table outside a scrolling region`);
  }
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

test("screenshots of the reader's pages at 360 and 1366 px", async () => {
  const s = env.all.shipped.base;
  const shots = { home: "", topic: "topics/troop-numbers/", claim: "claims/news18-troop-numbers/", claims: "claims/", timeline: "timeline/" };
  const page = await env.context.newPage();
  for (const [width, height] of [[360, 800], [1366, 768]]) {
    await page.setViewportSize({ width, height });
    for (const [name, route] of Object.entries(shots)) {
      const response = await page.goto(s + route);
      assert.equal(response.status(), 200, route);
      await page.screenshot({ path: screenshotPath(`${name}-${width}`), fullPage: true });
    }
    await page.goto(s);
    await page.screenshot({ path: screenshotPath(`home-${width}-first-screen`) });
  }
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
