// Copy the web app's browser modules from node_modules into src/fancoins/web/static/vendor/,
// rewriting bare import specifiers ("preact/hooks") to the vendored files ("./preact-hooks.mjs"):
// the app has no bundler and its CSP forbids the inline import map bare specifiers would need.
// `node scripts/vendor-web.mjs --check` fails when the committed files differ from node_modules.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const out = join(root, "src/fancoins/web/static/vendor");

// [package, file inside the package, vendored name]
const FILES = [
  ["preact", "dist/preact.mjs", "preact.mjs"],
  ["preact", "hooks/dist/hooks.mjs", "preact-hooks.mjs"],
  ["htm", "dist/htm.mjs", "htm.mjs"],
  ["@preact/signals-core", "dist/signals-core.mjs", "signals-core.mjs"],
  ["@preact/signals", "dist/signals.mjs", "signals.mjs"],
  ["uplot", "dist/uPlot.esm.js", "uplot.mjs"],
  ["uplot", "dist/uPlot.min.css", "uplot.css"],
];
const SPECIFIERS = {
  preact: "./preact.mjs",
  "preact/hooks": "./preact-hooks.mjs",
  "@preact/signals-core": "./signals-core.mjs",
};
// Type shims: TypeScript reads the packages' own declarations for the vendored files.
const TYPES = {
  "preact.d.mts": 'export * from "preact";\n',
  "preact-hooks.d.mts": 'export * from "preact/hooks";\n',
  "htm.d.mts": 'export { default } from "htm";\n',
  "signals.d.mts": 'export * from "@preact/signals";\n',
  "uplot.d.mts": 'import uPlot from "uplot";\nexport default uPlot;\n',
};
const LICENCES = [
  ["preact", "LICENSE"], ["htm", "LICENSE"], ["@preact/signals", "LICENSE"],
  ["@preact/signals-core", "LICENSE"], ["uplot", "LICENSE"],
];

function rewrite(text) {
  // No source maps are vendored: drop the comment that would make devtools fetch one.
  return text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n").replace(/(from\s*|import\s*)(["'])([^"']+)\2/g, (whole, lead, quote, spec) =>
    spec in SPECIFIERS ? `${lead}${quote}${SPECIFIERS[spec]}${quote}` : whole);
}

function version(pkg) {
  return JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8")).version;
}

function wanted() {
  const files = new Map();
  for (const [pkg, file, name] of FILES) {
    const text = readFileSync(join(modules, pkg, file), "utf8");
    const header = name.endsWith(".css") ? "" : `// ${pkg}@${version(pkg)} (${file})\n`;
    files.set(name, header + rewrite(text));
  }
  for (const [name, text] of Object.entries(TYPES)) files.set(name, text);
  const lines = ["# Vendored browser modules", "",
    "Copied from the npm packages by `scripts/vendor-web.mjs` (bare imports rewritten to these",
    "files; nothing else changed). Versions are pinned in package-lock.json.", "",
    "| file | package | version | licence |", "|---|---|---|---|"];
  for (const [pkg, file, name] of FILES) {
    const licence = JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8")).license;
    lines.push(`| ${name} | ${pkg} (${file}) | ${version(pkg)} | ${licence} |`);
  }
  files.set("README.md", lines.join("\n") + "\n");
  for (const [pkg, file] of LICENCES) {
    const name = `LICENSE.${pkg.replace("@", "").replace("/", "-")}.txt`;
    files.set(name, readFileSync(join(modules, pkg, file), "utf8"));
  }
  return files;
}

// axe-core runs only in the browser tests (injected by Playwright), never served by the app.
const TEST_FILES = [
  ["axe-core", "axe.min.js", join(root, "tests/web/vendor/axe.min.js")],
  ["axe-core", "LICENSE", join(root, "tests/web/vendor/LICENSE.axe-core.txt")],
];

const check = process.argv.includes("--check");
const stale = [];
mkdirSync(out, { recursive: true });
for (const [name, text] of wanted()) {
  const path = join(out, name);
  const current = existsSync(path) ? readFileSync(path, "utf8") : null;
  if (current === text) continue;
  if (check) stale.push(name);
  else writeFileSync(path, text);
}
for (const [pkg, file, path] of TEST_FILES) {
  const text = readFileSync(join(modules, pkg, file), "utf8");
  const current = existsSync(path) ? readFileSync(path, "utf8") : null;
  if (current === text) continue;
  if (check) stale.push(path);
  else { mkdirSync(dirname(path), { recursive: true }); writeFileSync(path, text); }
}
if (stale.length) {
  console.error(`vendored files differ from node_modules: ${stale.join(", ")} (run npm run vendor)`);
  process.exit(1);
}
