// The comparison read on a 360 × 800 phone, on every topic page and on the list of all claims: no
// element is wider than the screen and no box scrolls sideways; each claim is a readable unit whose
// quote box is at least 280 px wide, and whose verdict word and one-line reason are on the screen.
// The claims each page must show are counted from claims.json, so a claim left out is found too.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useSites } from "./harness.mjs";

const env = useSites();
const WIDTH = 360;

/** What overflows on the page, and each claim unit's boxes, measured in the browser. */
function measure(page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const hiddenOnPurpose = (e) => e.closest(".skip, .visually-hidden") !== null;
    const box = (e) => (e ? e.getBoundingClientRect() : null);
    const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "");
    const wide = [];
    const scrolling = [];
    for (const e of document.querySelectorAll("body *")) {
      if (hiddenOnPurpose(e)) continue;
      const b = box(e);
      if (b.width === 0 && b.height === 0) continue;
      if (b.right > vw + 0.5 || b.left < -0.5) wide.push(`${name(e)} (${Math.round(b.left)}–${Math.round(b.right)} px)`);
      if (e.scrollWidth > e.clientWidth + 1 && ["auto", "scroll"].includes(getComputedStyle(e).overflowX)) scrolling.push(name(e));
    }
    const claims = [...document.querySelectorAll("main .claim")].map((c) => {
      const [q, v, r] = [".quote", ".verdict", ".reason"].map((s) => box(c.querySelector(s)));
      const inside = (b) => b !== null && b.left >= -0.5 && b.right <= vw + 0.5;
      return {
        link: c.querySelector("a[href*='/claims/']")?.getAttribute("href") ?? "(no link)",
        quote: q ? Math.round(q.width) : 0,
        verdict: inside(v),
        verdictWord: c.querySelector(".verdict")?.textContent.trim() ?? "",
        reason: inside(r) && (c.querySelector(".reason")?.textContent.trim().length ?? 0) > 0,
      };
    });
    return { page: document.documentElement.scrollWidth, vw, wide, scrolling, claims };
  });
}

test("at 360 px every topic page and the list of all claims show each claim whole, on the screen", async () => {
  const site = env.all.shipped;
  const data = JSON.parse(readFileSync(join(site.out, "claims.json"), "utf8"));
  const pages = data.topics.map((t) => [`topics/${t.slug}/`, t.claims.length]);
  pages.push(["claims/", data.claims.length]);
  const page = await env.context.newPage();
  await page.setViewportSize({ width: WIDTH, height: 800 });
  for (const [route, expected] of pages) {
    const url = site.base + route;
    await page.goto(url);
    const m = await measure(page);
    assert.ok(m.page <= m.vw, `${url} is ${m.page} px wide`);
    assert.deepEqual(m.wide, [], `${url}: elements reach past the screen`);
    assert.deepEqual(m.scrolling, [], `${url}: boxes scroll sideways`);
    assert.equal(m.claims.length, expected, `${url} shows ${m.claims.length} claims of ${expected}`);
    for (const c of m.claims) {
      assert.ok(c.quote >= 280, `${url}: the quote of ${c.link} is ${c.quote} px wide`);
      assert.ok(c.verdict && /\p{L}/u.test(c.verdictWord), `${url}: the verdict of ${c.link} is not on the screen`);
      assert.ok(c.reason, `${url}: the verdict's reason of ${c.link} is missing or off the screen`);
    }
  }
  await page.close();
});
