// What machines read: the Atom feeds (the site's and each topic's) parsed by a real feed parser, the
// ClaimReview JSON-LD on a claim page against what the page shows, and the data (claims.json, the
// index, and the parts it lists) validated against claims.schema.json.

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLValidator } from "fast-xml-parser";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { get, open, useSites, wholeData } from "./harness.mjs";

const env = useSites();

/** Claims plus verdict changes: every update whose verdict differs from the one before it. */
function expectedEntries(data) {
  const changes = data.claims
    .flatMap((c) => c.updates.map((u, i) => i > 0 && u.status !== c.updates[i - 1].status))
    .filter(Boolean).length;
  return { claims: data.claims.length, changes };
}

for (const name of ["shipped", "fixture"]) {
  test(`${name}: the Atom feed is well-formed and has an entry per claim and per verdict change`, async () => {
    const site = env.all[name];
    const xml = await get(site.base + "atom.xml");
    assert.equal(XMLValidator.validate(xml), true, "well-formed XML");
    const feed = parseFeed(xml);
    assert.equal(feed.meta.type, "atom");
    const data = await wholeData(site);
    const { claims, changes } = expectedEntries(data);
    assert.equal(feed.items.length, claims + changes, `${claims} claims + ${changes} verdict changes`);
    console.log(`# ${name} feed: ${feed.items.length} entries (${claims} claims + ${changes} verdict changes)`);
    const ids = new Set(feed.items.map((i) => i.id));
    assert.equal(ids.size, feed.items.length, "ids are unique");
    for (const item of feed.items) {
      assert.ok(item.id && item.title && item.url && item.updated, JSON.stringify(item));
      assert.ok(item.url.startsWith(site.base), item.url);
    }
    assert.equal(feed.self, site.base + "atom.xml");
    assert.ok(feed.authors.length > 0 && feed.authors[0].name, "the feed names its author");
  });

  test(`${name}: each topic's feed is well-formed Atom with its own claims' entries`, async () => {
    const site = env.all[name];
    const data = await wholeData(site);
    let total = 0;
    for (const topic of data.topics) {
      const url = site.base + `topics/${topic.slug}/atom.xml`;
      const xml = await get(url);
      assert.equal(XMLValidator.validate(xml), true, `${url} is well-formed XML`);
      const feed = parseFeed(xml);
      assert.equal(feed.meta.type, "atom");
      assert.equal(feed.self, url);
      assert.equal(new Set(feed.items.map((i) => i.id)).size, feed.items.length, `${url}: ids are unique`);
      const own = data.claims.filter((c) => c.topic === topic.slug);
      for (const item of feed.items) {
        assert.ok(own.some((c) => item.url.startsWith(c.page)), `${item.url} is one of ${topic.slug}'s claims`);
      }
      assert.equal(feed.items.length, expectedEntries({ claims: own }).claims + expectedEntries({ claims: own }).changes);
      total += feed.items.length;
    }
    console.log(`# ${name}: ${data.topics.length} topic feeds, ${total} entries`);
  });

  test(`${name}: claims.json and every part it lists follow claims.schema.json`, async () => {
    const site = env.all[name];
    const schema = JSON.parse(await get(site.base + "claims.schema.json"));
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const index = JSON.parse(await get(site.base + "claims.json"));
    assert.ok(validate(index), JSON.stringify(validate.errors, null, 2));
    for (const ref of index.parts) {
      assert.ok(validate(JSON.parse(await get(new URL(ref.url, site.base).href))), `${ref.url}: ${JSON.stringify(validate.errors, null, 2)}`);
    }
    const data = await wholeData(site);
    assert.equal(new Set(data.claims.map((c) => c.slug)).size, data.claims.length, "each claim in one part");
    assert.equal(new Set(data.sources.map((s) => s.slug)).size, data.sources.length, "each source in one part");
    const text = JSON.stringify(data);
    if (name === "fixture") assert.ok(!text.includes("SECRET-ARCHIVE-SENTENCE"), "archived text leaked");
    for (const source of data.sources) {
      assert.deepEqual(
        Object.keys(source).sort(),
        ["archived", "archived_on", "author", "changes", "claims", "headline", "note", "outlet", "page", "published", "slug", "url", "versions"],
      );
    }
  });
}

test("a claim page's ClaimReview says what the page shows", async () => {
  const site = env.all.shipped;
  const data = await wholeData(site);
  const claim = data.claims.find((c) => c.slug === "newsx-passport-line");
  const { page } = await open(env.context, claim.page);
  const scripts = await page.locator('script[type="application/ld+json"]').allTextContents();
  assert.equal(scripts.length, 1, "exactly one JSON-LD block");
  const review = JSON.parse(scripts[0]);
  const visibleVerdict = (await page.locator(".rating-box .verdict").first().textContent()).replace(/^\W+/u, "").trim();
  assert.equal(review["@type"], "ClaimReview");
  assert.equal(review.reviewRating.alternateName, visibleVerdict);
  assert.equal(review.reviewRating.ratingValue, claim.rating);
  const scale = Object.fromEntries(data.verdicts.map((v) => [v.label, v.rating]));
  assert.equal(review.reviewRating.ratingValue, scale[visibleVerdict]);
  assert.equal(review.reviewRating.bestRating, 5);
  assert.equal(review.reviewRating.worstRating, 1);
  assert.equal(review.claimReviewed, (await page.locator("h1").textContent()).trim());
  assert.equal(review.url, claim.page);
  assert.equal(await page.locator('link[rel="canonical"]').getAttribute("href"), claim.page);
  assert.equal(review.author.name, data.site.publisher.name ?? data.site.title, "the publisher, or the site when none is named");
  const outlet = data.outlets.find((o) => o.slug === claim.outlet);
  const source = data.sources.find((s) => s.slug === claim.source);
  assert.equal(review.itemReviewed["@type"], "Claim");
  assert.equal(review.itemReviewed.author.name, outlet.name);
  assert.equal(review.itemReviewed.datePublished, claim.date);
  assert.equal(review.itemReviewed.appearance.url, source.url);
  const root = data.claims.find((c) => c.slug === claim.roots[0]);
  const rootSource = data.sources.find((s) => s.slug === root.source);
  assert.equal(review.itemReviewed.firstAppearance.headline, rootSource.headline);
  const latest = [claim.date, ...claim.updates.map((u) => u.date)].sort().at(-1);
  assert.equal(review.datePublished.slice(0, 10), latest.slice(0, 10));
  await page.close();
});

test("a claim that repeats another names the root report as its first appearance", async () => {
  const site = env.all.fixture;
  const { page } = await open(env.context, site.base + "claims/post-closure/");
  const review = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
  assert.equal(review.itemReviewed.author.name, "Evening Post");
  assert.equal(review.itemReviewed.firstAppearance.url, "https://ledger.example/bridge");
  await page.close();
});
