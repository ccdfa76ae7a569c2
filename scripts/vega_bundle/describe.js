// After esbuild (scripts/vendor_assets.sh): writes, beside the book's Vega bundle,
//   transforms.json  the Vega version, the transforms the bundle registers (read by
//                    _ext/offline_assets.py and tests/test_offline_assets.py) and every
//                    npm package bundled, with its version, licence and npm integrity;
//   LICENSE          the licence text of every bundled package.
// Usage: node describe.js <build dir with node_modules, meta.json> <out dir with the bundle>
const fs = require("fs");
const path = require("path");

const [src, out] = process.argv.slice(2);
const code = fs.readFileSync(path.join(out, "vega-book.min.js"), "utf8");
const vega = new Function(code + ";return vega;")();
const meta = JSON.parse(fs.readFileSync(path.join(src, "meta.json"), "utf8"));
const packages = new Set();
for (const file of Object.keys(Object.values(meta.outputs)[0].inputs)) {
  const rest = file.split("node_modules/")[1];
  if (rest) {
    packages.add(rest.startsWith("@") ? rest.split("/").slice(0, 2).join("/") : rest.split("/")[0]);
  }
}
const lock = JSON.parse(fs.readFileSync(path.join(src, "package-lock.json"), "utf8")).packages;
const rule = "=".repeat(72);
let licence = "vega-book.min.js is built (esbuild) from these npm packages.\n";
const bundled = {};
for (const name of [...packages].sort()) {
  const dir = path.join(src, "node_modules", name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  bundled[name] = {
    version: pkg.version,
    license: pkg.license,
    integrity: (lock["node_modules/" + name] || {}).integrity,
  };
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  if (!file) throw new Error(`${name}: no licence file in the npm package`);
  licence += `\n${rule}\n${name} ${pkg.version} (${pkg.license})\n${rule}\n\n`;
  licence += fs.readFileSync(path.join(dir, file), "utf8").trim() + "\n";
}
fs.writeFileSync(path.join(out, "LICENSE"), licence);
const doc = { vega: vega.version, transforms: Object.keys(vega.transforms).sort(), bundled };
fs.writeFileSync(path.join(out, "transforms.json"), JSON.stringify(doc, null, 2) + "\n");
console.log(vega.version);
