// Bytes a search transfers, in headless Chromium: claimtrack's own index (/claims/ with
// static/filter.js) against Pagefind's (its JS API over an index of the same claims, made with
// bench/search-pagefind.mjs; see bench/README.md, "Search"). Counts every response a query
// fetches after the page has loaded (the search script's own files and index files; the first query
// on a fresh page, so nothing is cached), shows the first 20 results as /claims/ does.
// Usage: node bench/search-bytes.mjs <built-site-with-pagefind> <port>
import { chromium } from "../tests/browser/node_modules/playwright-core/index.mjs";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";

const [dir, port] = [process.argv[2], process.argv[3] ?? "8765"];
const meta = JSON.parse((await import("node:fs")).readFileSync(dir + "/search/meta.json", "utf8"));
const outlet = meta.facets.outlet[0];
writeFileSync(dir + "/pf.html", `<!doctype html><meta charset="utf-8"><title>pf</title><ol id="r"></ol><script type="module">
window.run = async (q, filters) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.options({ excerptLength: 0 });
  const s = await pagefind.search(q || null, { filters });
  const data = await Promise.all(s.results.slice(0, 20).map((r) => r.data()));
  document.getElementById("r").innerHTML = data.map((d) => "<li>" + d.meta.title + "</li>").join("");
  return s.results.length;
};</script>`);
const server = spawn("python3", ["-m", "http.server", port, "--bind", "127.0.0.1", "--directory", dir], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const base = `http://127.0.0.1:${port}/`;

async function measure(url, act) {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "domcontentloaded", timeout: 0 });
  await page.waitForFunction(() => document.readyState === "complete", null, { timeout: 0 });
  let bytes = 0, files = 0;
  page.on("requestfinished", async (req) => { const s = await req.sizes(); bytes += s.responseBodySize; files += 1; });
  const n = await act(page);
  await page.waitForLoadState("networkidle");
  await page.close();
  return { n, bytes, files };
}

const queries = [
  ["word", "breach", {}],
  ["facets", "", { outlet: outlet.slug, verdict: "false" }],
  ["word+facet", "breach", { verdict: "false" }],
];
const rows = [];
for (const [name, q, f] of queries) {
  const params = new URLSearchParams({ ...(q ? { q } : {}), ...f }).toString();
  const own = await measure(base + "claims/", async (page) => {
    await page.evaluate((p) => { history.replaceState(null, "", "?" + p); dispatchEvent(new PopStateEvent("popstate")); }, params);
    await page.waitForFunction(() => /match/.test(document.getElementById("filter-count").textContent));
    return page.locator("#filter-count").textContent();
  });
  const pfFilters = {};
  if (f.outlet) pfFilters.outlet = outlet.label;
  if (f.verdict) pfFilters.verdict = f.verdict;
  const pf = await measure(base + "pf.html", (page) => page.evaluate(([q, fl]) => window.run(q, fl), [q, pfFilters]));
  rows.push({ query: name + (q ? ` "${q}"` : "") + (Object.keys(f).length ? " " + JSON.stringify(f) : ""), claimtrack: `${own.bytes} B in ${own.files} files (${own.n})`, pagefind: `${pf.bytes} B in ${pf.files} files (${pf.n} results)` });
}
console.table(rows);
await browser.close();
server.kill();
