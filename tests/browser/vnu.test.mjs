// Every HTML page of both built sites is valid HTML to the Nu HTML Checker (vnu.jar, run on Java).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { sites, close, VNU } from "./harness.mjs";

let all;
before(async () => {
  all = await sites();
});
after(() => close(all));

for (const name of ["shipped", "fixture"]) {
  test(`the Nu HTML Checker finds no error on any page of the ${name} site`, () => {
    let report;
    try {
      execFileSync("java", ["-jar", VNU, "--errors-only", "--skip-non-html", "--format", "json", all[name].out], {
        stdio: "pipe",
        maxBuffer: 64 * 1024 * 1024,
      });
      report = { messages: [] };
    } catch (e) {
      // vnu exits 1 when it reports errors, and writes its JSON report to stderr.
      report = JSON.parse(e.stderr.toString());
    }
    const errors = report.messages.map((m) => `${m.url?.replace(/^file:/, "")}:${m.lastLine}: ${m.message}`);
    assert.deepEqual(errors, [], errors.join("\n"));
  });
}
