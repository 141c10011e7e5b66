// Indexes a built site's claims with Pagefind's Node API, for the comparison in bench/README.md ("Search"):
// one custom record per claim (title + quote, the four facets as filters), written to <out>/pagefind.
// Usage: npm install --prefix /tmp/pf pagefind@1.6.0, then PAGEFIND=/tmp/pf node bench/search-pagefind.mjs <out>
const pagefind = await import((process.env.PAGEFIND ?? "/tmp/pf") + "/node_modules/pagefind/lib/index.js");
import fs from "node:fs";
const out = process.argv[2];
const data = JSON.parse(fs.readFileSync(out + "/claims.json", "utf8"));
if (process.argv[3] === "parse-only") process.exit(0);
const outlets = Object.fromEntries(data.outlets.map(o => [o.slug, o.name]));
const topics = Object.fromEntries(data.topics.map(t => [t.slug, t.title]));
const { index } = await pagefind.createIndex({});
for (const c of data.claims) {
  await index.addCustomRecord({
    url: "/claims/" + c.slug + "/",
    content: c.title + ". " + c.quote,
    language: "en",
    meta: { title: c.title, date: c.date },
    filters: { outlet: [outlets[c.outlet]], topic: [topics[c.topic]], stance: [c.stance], verdict: [c.status] },
  });
}
await index.writeFiles({ outputPath: out + "/pagefind" });
await pagefind.close();
