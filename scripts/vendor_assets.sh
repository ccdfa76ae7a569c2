#!/usr/bin/env bash
# Re-fetch the third-party browser files in _vendor/ from the npm registry, at pinned versions.
#
# Why: the built book must work with no request to any other origin (no CDN). The local Sphinx
# extension _ext/offline_assets.py copies _vendor/ to _build/html/_vendor/ and adds the script
# tags; _config.yml points `mathjax_path` and `nb_ipywidgets_js` at these copies.
#
# It also vendors axe-core into tests/browser/vendor/axe-core/ for the accessibility test
# (tests/browser/test_accessibility.py injects it into every built page). That copy is for the
# tests only: it is not in _vendor/ and the site never loads it.
#
# Usage:   scripts/vendor_assets.sh            # from anywhere; needs node + npm and the npm registry
#          scripts/vendor_assets.sh --check    # re-fetch into a temp dir and diff against _vendor/
#
# To change a version: edit the pins below, run the script, rebuild the book, run the browser
# test, then commit _vendor/ (including _vendor/versions.json, which this script regenerates).
# Pin rules:
#   * VEGALITE must equal altair's VEGALITE_VERSION exactly (altair 6.3.0 -> 6.4.1);
#     VEGA / VEGAEMBED must have the major versions altair asks for (alt.VEGA_VERSION = "6",
#     alt.VEGAEMBED_VERSION = "7"). The extension warns at build time when they disagree.
#   * HTML_MANAGER must be 1.0.x for ipywidgets 8 (widget protocol 2.x).
#   * MATHJAX stays on 3.x (Sphinx 7's mathjax3_config / myst-nb expect MathJax 3).
#
# Every tarball is fetched with `npm pack`, which checks it against the registry's sha512
# integrity; that integrity and the sha256 of every vendored file are written to
# _vendor/versions.json. Files are copied byte for byte, never edited, except _vendor/vega-book/,
# which is built here from pinned npm packages (see build_vega_book).
set -euo pipefail

VEGA=6.4.0
VEGALITE=6.4.1
VEGAEMBED=7.3.0
MATHJAX=3.2.2
REQUIREJS=2.3.8
HTML_MANAGER=1.0.15
# Test-only (tests/browser/vendor/, never shipped with the site): the accessibility engine.
AXE=4.14.1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/_vendor"
CHECK=0
if [[ "${1:-}" == "--check" ]]; then CHECK=1; fi

command -v npm >/dev/null || { echo "npm is required" >&2; exit 1; }
command -v node >/dev/null || { echo "node is required" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
OUT="$WORK/out"          # the new _vendor/ is assembled here, then swapped in
mkdir -p "$OUT"
MANIFEST="$WORK/manifest.tsv"   # folder \t npm name \t version \t integrity \t tarball
: > "$MANIFEST"

# fetch NAME VERSION FOLDER -> unpacks into $WORK/FOLDER/package, records the tarball integrity
fetch() {
  local name="$1" version="$2" folder="$3" json tarball integrity
  json="$(cd "$WORK" && npm pack --json --silent "${name}@${version}")"
  tarball="$(node -e 'const j=JSON.parse(process.argv[1]); console.log(j[0].filename)' "$json")"
  integrity="$(node -e 'const j=JSON.parse(process.argv[1]); console.log(j[0].integrity)' "$json")"
  mkdir -p "$WORK/$folder"
  tar -xzf "$WORK/$tarball" -C "$WORK/$folder"
  mkdir -p "$OUT/$folder"
  cp "$WORK/$folder/package/package.json" "$OUT/$folder/package.json"
  printf '%s\t%s\t%s\t%s\t%s\n' "$folder" "$name" "$version" "$integrity" \
    "https://registry.npmjs.org/${name}/-/$(basename "${name}")-${version}.tgz" >> "$MANIFEST"
}

# take FOLDER PATH-IN-PACKAGE [DEST-PATH-IN-FOLDER]
take() {
  local folder="$1" src="$2" dst="${3:-$(basename "$2")}"
  mkdir -p "$(dirname "$OUT/$folder/$dst")"
  cp "$WORK/$folder/package/$src" "$OUT/$folder/$dst"
}

echo "Fetching from the npm registry..."

# --- Vega, Vega-Lite, vega-embed: the UMD builds (globals vega, vegaLite, vegaEmbed) ----------
fetch vega "$VEGA" vega
take vega build/vega.min.js
take vega LICENSE

fetch vega-lite "$VEGALITE" vega-lite
take vega-lite build/vega-lite.min.js
take vega-lite LICENSE

fetch vega-embed "$VEGAEMBED" vega-embed
take vega-embed build/vega-embed.min.js
take vega-embed LICENSE

# --- The book's Vega: a smaller build of vega + vega-tooltip (_vendor/vega-book/) ------------
# What chart pages load (with the book's own vegaEmbed, _ext/vega_embed.js) instead of the
# three UMD builds above, which stay for a page whose chart could not be compiled to Vega.
# scripts/vega_bundle/ pins the packages (package-lock.json: every vega-* and d3-* version,
# with npm's integrity) and esbuild; entry.js says what is in (the transforms the parser
# inserts and those the book's charts use; not the geo, layout, label, regression, voronoi,
# wordcloud, crossfilter, binning or statistics ones) and what stubs/ stands in for (d3-geo,
# topojson-client, d3-dsv: no chart calls them; the stubs throw if one ever does). describe.js
# writes transforms.json (the transforms it registers: _ext/offline_assets.py fails the
# build when a chart needs another) and LICENSE (the licence of every package bundled).
build_vega_book() {
  local src="$WORK/vega_bundle" out="$OUT/vega-book" version
  mkdir -p "$src" "$out"
  cp "$ROOT"/scripts/vega_bundle/{entry.js,describe.js,package.json,package-lock.json} "$src/"
  cp -R "$ROOT"/scripts/vega_bundle/stubs "$src/stubs"
  (cd "$src" && npm ci --silent --no-audit --no-fund)
  # The banner is V8's explicit compile hint (Chrome 136+): compile every function of the
  # bundle on a background thread while it downloads, not on the main thread at its first
  # call (most of the bundle runs when the first chart is drawn; measured: the main thread's
  # lazy compiling before the first chart fell from ~50-64 ms to ~20 ms). Other browsers
  # read a comment.
  (cd "$src" && npx --no-install esbuild entry.js --bundle --minify --format=iife \
     --banner:js='//# allFunctionsCalledOnLoad' \
     --global-name=vega --target=es2020 --legal-comments=none --metafile=meta.json \
     --alias:d3-geo=./stubs/d3-geo.js --alias:topojson-client=./stubs/topojson-client.js \
     --alias:d3-dsv=./stubs/d3-dsv.js --log-level=warning --outfile="$out/vega-book.min.js")
  cp "$src/package.json" "$out/package.json"
  version="$(node "$src/describe.js" "$src" "$out")"
  # No tarball: versions.json records it as built here (its files' sha256 as for the others).
  printf '%s\t%s\t%s\t%s\t%s\n' vega-book vega "$version" "" "" >> "$MANIFEST"
}
build_vega_book

# --- MathJax 3: tex-chtml combined component + what it loads lazily -------------------------
# tex-chtml.js (includes the TeX input, CHTML output, menu and assistive MathML),
# the CHTML woff fonts, the TeX extensions that \require / autoload fetch on demand
# (\boldsymbol, \cancel, \color, mhchem, physics, ...), and the accessibility components the
# MathJax menu loads when a reader turns on the explorer / speech (a11y/*, SRE English + Nemeth).
fetch mathjax "$MATHJAX" mathjax
take mathjax es5/tex-chtml.js tex-chtml.js
for f in "$WORK"/mathjax/package/es5/output/chtml/fonts/woff-v2/*.woff; do
  take mathjax "es5/output/chtml/fonts/woff-v2/$(basename "$f")" "output/chtml/fonts/woff-v2/$(basename "$f")"
done
for f in "$WORK"/mathjax/package/es5/input/tex/extensions/*.js; do
  b="$(basename "$f")"
  [[ "$b" == all-packages.js ]] && continue   # only used by the tex-full bundles
  take mathjax "es5/input/tex/extensions/$b" "input/tex/extensions/$b"
done
take mathjax es5/input/mml.js input/mml.js          # the explorer's semantic enrichment needs it
for f in "$WORK"/mathjax/package/es5/a11y/*.js; do
  take mathjax "es5/a11y/$(basename "$f")" "a11y/$(basename "$f")"
done
for m in base en nemeth; do
  take mathjax "es5/sre/mathmaps/$m.json" "sre/mathmaps/$m.json"
done
take mathjax LICENSE

# --- require.js (only on pages that carry ipywidgets state) ---------------------------------
fetch requirejs "$REQUIREJS" requirejs
take requirejs require.js
# The npm tarball has no LICENSE file; the header of require.js says "Released under MIT license,
# https://github.com/requirejs/requirejs/blob/master/LICENSE". That file's text:
cat > "$OUT/requirejs/LICENSE" <<'EOF'
Copyright jQuery Foundation and other contributors, https://jquery.org/

This software consists of voluntary contributions made by many
individuals. For exact contribution history, see the revision history
available at https://github.com/requirejs/requirejs

The following license applies to all parts of this software except as
documented below:

====

Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

====

Copyright and related rights for sample code are waived via CC0. Sample
code is defined as all source code displayed within the prose of the
documentation.

CC0: http://creativecommons.org/publicdomain/zero/1.0/
EOF

# --- @jupyter-widgets/html-manager: the embed-amd build (renders saved widget state) --------
fetch @jupyter-widgets/html-manager "$HTML_MANAGER" jupyter-widgets-html-manager
# Keep the dist/ layout: the bundle loads its Font Awesome fonts from the folder of its AMD
# module (_ext/offline_assets.py maps "@jupyter-widgets/html-manager" to this folder in
# require.js). Only woff2/woff: every browser that runs the bundle takes one of them first.
take jupyter-widgets-html-manager dist/embed-amd.js dist/embed-amd.js
for f in "$WORK"/jupyter-widgets-html-manager/package/dist/*.woff2 \
         "$WORK"/jupyter-widgets-html-manager/package/dist/*.woff; do
  take jupyter-widgets-html-manager "dist/$(basename "$f")" "dist/$(basename "$f")"
done
# Licences of the libraries bundled into the embed builds (jQuery, jQuery UI, ...):
take jupyter-widgets-html-manager dist/embed.js.LICENSE.txt THIRD-PARTY-LICENSES.txt
# The npm tarball has no LICENSE file; package.json says BSD-3-Clause. This is the licence of
# the ipywidgets repository (https://github.com/jupyter-widgets/ipywidgets/blob/main/LICENSE),
# which html-manager is published from.
cat > "$OUT/jupyter-widgets-html-manager/LICENSE" <<'EOF'
Copyright (c) 2015 Project Jupyter Contributors
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
EOF

# --- versions.json: what is here, from where, with hashes (read by _ext/offline_assets.py) ---
node - "$OUT" "$MANIFEST" <<'EOF'
const fs = require("fs"), path = require("path"), crypto = require("crypto");
const [out, manifest] = process.argv.slice(2);
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
const libs = {};
for (const line of fs.readFileSync(manifest, "utf8").trim().split("\n")) {
  const [folder, name, version, integrity, tarball] = line.split("\t");
  const pkg = JSON.parse(fs.readFileSync(path.join(out, folder, "package.json"), "utf8"));
  const built = !tarball;  // built here (vega-book), not an npm tarball copied byte for byte
  if (!built && pkg.version !== version) throw new Error(`${name}: got ${pkg.version}, wanted ${version}`);
  const files = {};
  for (const f of walk(path.join(out, folder)).sort()) {
    const buf = fs.readFileSync(f);
    files[path.relative(path.join(out, folder), f).split(path.sep).join("/")] = {
      bytes: buf.length, sha256: crypto.createHash("sha256").update(buf).digest("hex") };
  }
  libs[folder] = built
    ? { built_from: "scripts/vega_bundle", npm: name, version, license: pkg.license, files }
    : { npm: name, version, license: pkg.license, homepage: pkg.homepage || null,
        tarball, integrity, files };
}
const doc = { generated_by: "scripts/vendor_assets.sh", registry: "https://registry.npmjs.org/",
              libraries: libs };
fs.writeFileSync(path.join(out, "versions.json"), JSON.stringify(doc, null, 2) + "\n");
EOF

# --- axe-core: for the browser tests only, into tests/browser/vendor/axe-core/ ---------------
TEST_DEST="$ROOT/tests/browser/vendor"
TEST_OUT="$WORK/test-out"
json="$(cd "$WORK" && npm pack --json --silent "axe-core@${AXE}")"
axe_integrity="$(node -e 'console.log(JSON.parse(process.argv[1])[0].integrity)' "$json")"
mkdir -p "$WORK/axe-core" "$TEST_OUT/axe-core"
tar -xzf "$WORK/axe-core-${AXE}.tgz" -C "$WORK/axe-core"
axe_version="$(node -e 'console.log(require(process.argv[1]).version)' "$WORK/axe-core/package/package.json")"
[[ "$axe_version" == "$AXE" ]] || { echo "axe-core: got $axe_version, wanted $AXE" >&2; exit 1; }
for f in axe.min.js LICENSE LICENSE-3RD-PARTY.txt; do
  cp "$WORK/axe-core/package/$f" "$TEST_OUT/axe-core/$f"
done
{
  echo "# axe-core ${AXE} (test-only copy)"
  echo
  echo "The accessibility engine that tests/browser/test_accessibility.py injects into every page"
  echo "of the built site. Written by scripts/vendor_assets.sh: do not edit; the site never loads it."
  echo
  echo "- version: ${AXE}"
  echo "- licence: MPL-2.0 (LICENSE; bundled libraries in LICENSE-3RD-PARTY.txt)"
  echo "- tarball: https://registry.npmjs.org/axe-core/-/axe-core-${AXE}.tgz"
  echo "- integrity: ${axe_integrity}"
  echo
  echo "sha256 of the vendored files:"
  echo
  for f in axe.min.js LICENSE LICENSE-3RD-PARTY.txt; do
    echo "    $(sha256sum "$TEST_OUT/axe-core/$f" | cut -d' ' -f1)  $f"
  done
} > "$TEST_OUT/axe-core/README.md"

if [[ $CHECK == 1 ]]; then
  status=0
  # README.md is hand-written and not produced by this script.
  if diff -r -x README.md "$DEST" "$OUT"; then echo "OK: _vendor/ matches the pinned npm packages."; else
    echo "MISMATCH: _vendor/ differs from the pinned npm packages (see diff above)." >&2; status=1; fi
  if diff -r "$TEST_DEST/axe-core" "$TEST_OUT/axe-core"; then
    echo "OK: tests/browser/vendor/axe-core/ matches axe-core@${AXE}."; else
    echo "MISMATCH: tests/browser/vendor/axe-core/ differs from axe-core@${AXE}." >&2; status=1; fi
  exit $status
fi

# The test-only copy of axe-core.
rm -rf "$TEST_DEST/axe-core"
mkdir -p "$TEST_DEST"
cp -R "$TEST_OUT/axe-core" "$TEST_DEST/axe-core"

# Swap in the new files, keeping the hand-written README.md.
mkdir -p "$DEST"
for d in "$DEST"/*/; do [[ -d "$d" ]] && rm -rf "$d"; done
rm -f "$DEST/versions.json"
cp -R "$OUT"/. "$DEST"/

# Compare with the Altair that the book pins, if this environment has it.
PY="$ROOT/.venv/bin/python"; [[ -x "$PY" ]] || PY=python3
"$PY" - "$VEGA" "$VEGALITE" "$VEGAEMBED" <<'EOF' || true
import sys
try:
    import altair as alt
except ImportError:
    sys.exit(0)
vega, vl, ve = sys.argv[1:]
ok = (vl == alt.VEGALITE_VERSION and vega.split(".")[0] == alt.VEGA_VERSION.split(".")[0]
      and ve.split(".")[0] == alt.VEGAEMBED_VERSION.split(".")[0])
print(("OK" if ok else "WARNING: mismatch") + f": altair {alt.__version__} asks for vega "
      f"{alt.VEGA_VERSION}, vega-lite {alt.VEGALITE_VERSION}, vega-embed {alt.VEGAEMBED_VERSION}; "
      f"vendored {vega}, {vl}, {ve}")
EOF

echo "Vendored into $DEST:"
du -sh "$DEST"/*/ | sed "s|$DEST/||"
