// Shared set-up for the browser tests: build the shipped site and the fixture site with the real
// `claimtrack` binary, serve each from a tiny static server on 127.0.0.1, and launch Debian's
// Chromium headless with a fresh profile and nothing that reaches the network.
//
// The fixture is served under /tracker/ so every link is checked under a sub-path base_url, as on a
// GitHub Pages project site. A test file that drives the browser calls `useSites()`; one that only
// reads the built files calls `sites()` and `close()` itself.

import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, extname, resolve, sep } from "node:path";
import { chromium } from "playwright-core";
import { before, after } from "node:test";
import assert from "node:assert/strict";

export const REPO = resolve(import.meta.dirname, "../..");
export const SCREENSHOTS = join(REPO, "target", "screenshots");
export const VNU = join(import.meta.dirname, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

const BINARY =
  process.env.CLAIMTRACK ??
  join(process.env.CARGO_TARGET_DIR ?? join(REPO, "target"), "release", "claimtrack");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** Serves `dir` under the path `prefix` (like GitHub Pages: folders answer with index.html). */
export function serve(dir, prefix) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const notFound = () => {
      const page = join(dir, "404.html");
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(existsSync(page) ? readFileSync(page) : "not found");
    };
    if (!path.startsWith(prefix)) return notFound();
    let file = resolve(dir, "." + sep + path.slice(prefix.length));
    if (!file.startsWith(dir)) return notFound();
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith("/")) {
        res.writeHead(301, { location: path + "/" });
        return res.end();
      }
      file = join(file, "index.html");
    }
    if (!existsSync(file)) return notFound();
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

/** Builds `root` into a fresh folder for the address the server listens on. */
export async function site(name, root, prefix) {
  const work = mkdtempSync(join(tmpdir(), `claimtrack-${name}-`));
  const out = join(work, "public");
  const placeholder = await serve(out, prefix);
  const base = `http://127.0.0.1:${placeholder.address().port}${prefix}`;
  execFileSync(BINARY, ["build", "--root", root, "--output", out, "--base-url", base], { stdio: "pipe" });
  return { name, root, out, base, server: placeholder };
}

let launched;

/** The shipped site (at /) and the fixture (at /tracker/), built and served. */
export async function sites() {
  const shipped = await site("shipped", REPO, "/");
  const fixture = await site("fixture", join(REPO, "tests", "fixtures", "basic"), "/tracker/");
  return { shipped, fixture };
}

/** A headless Chromium context with a fresh profile; one per test file. */
export async function browser() {
  if (!launched) {
    const profile = mkdtempSync(join(tmpdir(), "claimtrack-chromium-"));
    launched = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1280, height: 900 },
    });
  }
  return launched;
}

/** Opens `url` in a new tab and records every console error and uncaught exception on it. */
export async function open(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(`${m.text()} (${m.location().url})`));
  page.on("pageerror", (e) => errors.push(String(e)));
  const response = await page.goto(url, { waitUntil: "load" });
  return { page, errors, status: response?.status() };
}

export function screenshotPath(name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

/**
 * Starts the sites and the browser before a file's tests and stops them after: `env.all` holds the
 * served sites by name, `env.context` the browser context.
 */
export function useSites() {
  const env = {};
  before(async () => {
    env.all = await sites();
    env.context = await browser();
  });
  after(() => close(env.all));
  return env;
}

export async function close(all) {
  if (launched) await launched.close();
  launched = undefined;
  for (const s of Object.values(all ?? {})) s.server.close();
}

export const get = async (url) => {
  const response = await fetch(url);
  assert.equal(response.status, 200, url);
  return response.text();
};

/** The index, claims.json, with the claims and sources of every part it lists put back into it. */
export async function wholeData(site) {
  const data = JSON.parse(await get(site.base + "claims.json"));
  data.claims = [];
  data.sources = [];
  for (const ref of data.parts) {
    const text = await get(new URL(ref.url, site.base).href);
    assert.equal(Buffer.byteLength(text), ref.bytes, ref.url);
    const part = JSON.parse(text);
    data.claims.push(...part.claims);
    data.sources.push(...part.sources);
  }
  return data;
}

/** Loads `url` at `width` px and says what scrolls sideways: the page, and any box of it. */
export async function sideways(page, url, width) {
  await page.setViewportSize({ width, height: 800 });
  await page.goto(url);
  return page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    boxes: [...document.querySelectorAll("main *")]
      .filter((e) => e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible")
      .map((e) => e.className || e.tagName),
  }));
}
