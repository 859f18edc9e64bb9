// One command builds every visitor asset: `npm ci && npm run build` (no Node at runtime).
// Outputs content-hashed files and manifest.json into heritage_cms/core/static/dist/, which
// Django's staticfiles finds (app static folder) and collects; templates resolve names through
// the manifest with {% asset "main.js" %}.
import { build } from "esbuild";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, "../heritage_cms/core/static/dist");
// Build next to the live folder and swap at the end, so a running server or test never sees a
// half-written manifest.
const staging = `${dist}.tmp-${process.pid}`;

const entries = {
  "main": "src/main.js",            // every page: audio guide, keypad, offline pack, SW, 3D switch
  "map": "src/map.js",              // Leaflet, loaded only when a map scrolls into view
  "model-viewer": "src/model-viewer.js", // three.js + model-viewer, loaded on "View in 3D"
  "sw": "src/sw.js",                // served at /sw.js by Django (root scope), never linked
  "board": "src/board.js",          // the operations board (Wagtail admin): Chart.js + Leaflet
  "board-style": "css/board.css",
  "site": "css/site.css",
  "map-style": "css/map.css",
};

const started = Date.now();
await rm(staging, { recursive: true, force: true });
await mkdir(staging, { recursive: true });
const result = await build({
  absWorkingDir: here,
  entryPoints: entries,
  outdir: staging,
  entryNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020", "safari15", "chrome90", "firefox90"],
  loader: { ".png": "file", ".svg": "file" },
  metafile: true,
  legalComments: "linked",
  logLevel: "warning",
});

// model-viewer injects its meshopt decoder with a classic <script>: built separately as IIFE.
const decoder = await build({
  absWorkingDir: here,
  entryPoints: { "meshopt-decoder": "src/meshopt-decoder.js" },
  outdir: staging,
  entryNames: "[name]-[hash]",
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  metafile: true,
  logLevel: "warning",
});
Object.assign(result.metafile.outputs, decoder.metafile.outputs);
entries["meshopt-decoder"] = "src/meshopt-decoder.js";

// manifest.json: logical name ("main.js", "site.css") -> hashed file name inside dist/.
const manifest = {};
for (const [output, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint) continue;
  const logical = Object.entries(entries).find(([, source]) => source === meta.entryPoint)?.[0];
  if (!logical) continue;
  const extension = path.extname(output);
  const styles = { "map-style": "map.css", "board-style": "board.css" };
  const name = styles[logical] || `${logical}${extension}`;
  manifest[name] = path.basename(output);
}
await writeFile(path.join(staging, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");

await rm(`${dist}.old`, { recursive: true, force: true });
await rename(dist, `${dist}.old`).catch(() => {});
await rename(staging, dist);
await rm(`${dist}.old`, { recursive: true, force: true });

const sizes = Object.entries(result.metafile.outputs)
  .filter(([, meta]) => meta.entryPoint)
  .map(([output, meta]) => `${path.basename(output)} ${(meta.bytes / 1024).toFixed(1)} KB`);
console.log(`built ${sizes.length} assets in ${Date.now() - started} ms → ${path.relative(process.cwd(), dist)}`);
for (const line of sizes) console.log(`  ${line}`);
