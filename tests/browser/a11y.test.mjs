// WCAG 2 A and AA, as axe-core checks it in Chromium: no violations on the home, a topic and a
// claim page (and the other page kinds), in the light and the dark colour scheme.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { open, useSites } from "./harness.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const env = useSites();

async function violations(url, colorScheme) {
  const { page } = await open(env.context, url);
  await page.emulateMedia({ colorScheme });
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(
    (tags) => globalThis.axe.run(document, { runOnly: { type: "tag", values: tags } }),
    TAGS,
  );
  await page.close();
  assert.ok(result.passes.length > 10, `axe ran only ${result.passes.length} passing checks on ${url}`);
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`,
  );
}

const PAGES = {
  home: "",
  topic: "topics/passport-line/",
  claim: "claims/news18-troop-numbers/",
  claims: "claims/",
  outlets: "outlets/",
  outlet: "outlets/news18/",
  timeline: "timeline/",
  about: "about/",
};

for (const scheme of ["light", "dark"]) {
  for (const [name, route] of Object.entries(PAGES)) {
    test(`axe finds no WCAG 2 A/AA violation on the ${name} page (${scheme})`, async () => {
      const found = await violations(env.all.shipped.base + route, scheme);
      assert.deepEqual(found, [], found.join("\n"));
    });
  }
}
