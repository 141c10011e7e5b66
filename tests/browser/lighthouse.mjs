// Runs Lighthouse (its default mobile preset: a phone-sized screen, simulated slow 4G and CPU
// throttling) against Debian's Chromium, launched by chrome-launcher from CHROME_PATH, and returns
// each category's score out of 100 with the few figures a reader feels (layout shift, DOM size).

import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

/** Starts one Chromium for a series of audits; call `stop()` when done. */
export async function launch() {
  return chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    userDataDir: mkdtempSync(join(tmpdir(), "claimtrack-lighthouse-")),
    chromeFlags: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Audits `url`; returns `{scores: {category: 0–100}, failed: [audit titles], cls, dom}`. */
export async function audit(chrome, url) {
  const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES });
  const lhr = result.lhr;
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c].score ?? 0) * 100)]));
  const failed = [];
  for (const c of CATEGORIES.slice(1)) {
    for (const ref of lhr.categories[c].auditRefs) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) failed.push(`${c}: ${a.title}`);
    }
  }
  return {
    scores,
    failed,
    cls: lhr.audits["cumulative-layout-shift"]?.numericValue,
    dom: lhr.audits["dom-size"]?.numericValue,
    runtimeError: lhr.runtimeError?.message,
  };
}
