// The five verdict colours as readers with the common colour-vision deficiencies see them: for
// each pair, the CIEDE2000 difference under normal vision and under simulated deuteranopia and
// protanopia (Machado 2009, full severity) must be at least MIN_DELTA_E, so that no two verdicts
// can be taken for each other by colour; each fill's text colour must reach 4.5:1; and a verdict's
// colour may only be used for that verdict. The table is printed for the record (tritanopia, rarer,
// is printed but not held to the threshold).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./harness.mjs";
import { parseHex, simulate, toLab, deltaE2000, contrast } from "./colour.mjs";

const MIN_DELTA_E = 20;
const VERDICTS = ["false", "disputed", "unverified", "partly-true", "confirmed"];
const CSS = readFileSync(join(REPO, "static", "style.css"), "utf8");

function declared(name) {
  const found = [...CSS.matchAll(new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6})\\s*;`, "g"))].map((m) => m[1]);
  assert.equal(found.length, 1, `--${name} is declared once in static/style.css (found ${found.length})`);
  return found[0];
}

const fills = Object.fromEntries(VERDICTS.map((v) => [v, declared(`v-${v}`)]));
const inks = Object.fromEntries(VERDICTS.map((v) => [v, declared(`v-${v}-ink`)]));

/** Each pair's ΔE00 as `kind` sees them. */
function differences(kind) {
  const pairs = [];
  for (let i = 0; i < VERDICTS.length; i++) {
    for (let j = i + 1; j < VERDICTS.length; j++) {
      const [a, b] = [VERDICTS[i], VERDICTS[j]];
      const d = deltaE2000(toLab(simulate(parseHex(fills[a]), kind)), toLab(simulate(parseHex(fills[b]), kind)));
      pairs.push({ a, b, d });
    }
  }
  return pairs;
}

test("no two verdict colours are confusable under normal vision, deuteranopia or protanopia", () => {
  const kinds = ["normal", "deuteranopia", "protanopia", "tritanopia"];
  const table = kinds.map((k) => [k, differences(k)]);
  const rows = table[0][1].map((p, i) => `| ${p.a} / ${p.b} | ${table.map(([, ps]) => ps[i].d.toFixed(1)).join(" | ")} |`);
  console.log(["| pair (ΔE00) | " + kinds.join(" | ") + " |", "|---|" + kinds.map(() => "---").join("|") + "|", ...rows].join("\n"));
  for (const [kind, pairs] of table.slice(0, 3)) {
    for (const { a, b, d } of pairs) {
      assert.ok(d >= MIN_DELTA_E, `${a} (${fills[a]}) and ${b} (${fills[b]}) are ${d.toFixed(1)} apart under ${kind}`);
    }
  }
});

test("each verdict's words are legible on its colour (4.5:1 or more)", () => {
  for (const v of VERDICTS) {
    const ratio = contrast(parseHex(fills[v]), parseHex(inks[v]));
    assert.ok(ratio >= 4.5, `${v}: ${inks[v]} on ${fills[v]} is ${ratio.toFixed(2)}:1`);
  }
});

test("a verdict colour is used for its verdict only", () => {
  // Every rule that reads a verdict colour names that verdict in its selector.
  for (const [, selector, body] of CSS.replace(/\/\*[\s\S]*?\*\//g, "").matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    for (const [, v] of body.matchAll(/var\(--v-([a-z-]+?)(?:-ink)?\)/g)) {
      assert.ok(selector.includes(v), `"${selector.trim()}" uses the colour of ${v}`);
    }
  }
  const others = [...CSS.matchAll(/--(?!v-)[a-z0-9-]+:\s*(#[0-9a-fA-F]{6})/g)].map((m) => m[1].toLowerCase());
  for (const v of VERDICTS) assert.ok(!others.includes(fills[v].toLowerCase()), `${fills[v]} (${v}) is also another colour`);
});
