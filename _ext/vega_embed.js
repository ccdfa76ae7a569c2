/* The book's vegaEmbed: what the site used of vega-embed 7 (60 kB), for Vega specs compiled at
 * build time (_ext/offline_assets.py). Shipped as _static/offline_assets/vega-embed.js on
 * chart pages, after the book's Vega bundle (_vendor/vega-book/vega-book.min.js).
 *
 * window.vegaEmbed(el, spec, opts) -> Promise<{view, spec, vgSpec, embedOptions, finalize}>,
 * as vega-embed: `el` (element or selector) gets the class "vega-embed" and holds the SVG
 * (or canvas) and the bindings (div.vega-bindings); options from spec.usermeta.embedOptions
 * win over `opts`; renderer (default "svg"), tooltip (vega-tooltip's handler unless false),
 * hover (default on), bind, width/height/padding, logLevel; "fit-x"/"fit-y" classes follow
 * the autosize signal. Not supported: Vega-Lite (compiled at build time), actions menu,
 * themes, loading a spec by URL, `patch` (applied at build time).
 *
 * Order: charts in or near the viewport are drawn at once, in page order; the others one
 * per task after them, so the first chart is not kept waiting. Every chart is drawn without
 * scrolling. window.vegaEmbed.views holds {el, view} of each drawn chart, and a "vega:view"
 * event (detail {el, view}) bubbles from its element once it has run.
 */
(function () {
  "use strict";
  if (!window.vega || !window.vega.View) return;
  var STYLE =
    ".vega-embed{position:relative;display:inline-block;box-sizing:border-box}" +
    ".vega-embed.fit-x{display:block;width:100%}.vega-embed.fit-y{height:100%}";
  var later = [];
  var idle = null;

  function nearViewport(el) {
    var r = el.getBoundingClientRect();
    var h = window.innerHeight || document.documentElement.clientHeight;
    return r.top < h * 1.5 && r.bottom > -h * 0.5;
  }

  function drain() {
    idle = null;
    var next = later.shift();
    if (next) next();
    if (later.length) schedule();
  }

  // After the next frame is painted: what is drawn so far shows before more work starts.
  function schedule() {
    idle = requestAnimationFrame(function () { setTimeout(drain, 0); });
  }

  function draw(el, spec, opts) {
    if (!document.getElementById("vega-embed-style")) {
      var style = document.createElement("style");
      style.id = "vega-embed-style";
      style.textContent = STYLE;
      document.head.appendChild(style);
    }
    var vega = window.vega;
    var view = new vega.View(vega.parse(spec, opts.config || {}), {
      renderer: opts.renderer || "svg",
      logLevel: opts.logLevel === undefined ? vega.Warn : opts.logLevel,
    });
    view.addSignalListener("autosize", function (_, autosize) {
      var type = autosize && autosize.type;
      el.classList.toggle("fit-x", type === "fit-x" || type === "fit");
      el.classList.toggle("fit-y", type === "fit-y" || type === "fit");
    });
    if (opts.tooltip !== false) {
      var tooltip = opts.tooltip;
      view.tooltip(typeof tooltip === "function" ? tooltip
        : new vega.TooltipHandler(tooltip === true ? {} : tooltip || {}).call);
    }
    if (opts.hover !== false) view.hover();
    if (opts.width != null) view.width(opts.width);
    if (opts.height != null) view.height(opts.height);
    if (opts.padding != null) view.padding(opts.padding);
    return view.initialize(el, opts.bind).runAsync().then(function () {
      var result = {view: view, spec: spec, vgSpec: spec, embedOptions: opts,
                    finalize: function () { view.finalize(); }};
      vegaEmbed.views.push({el: el, view: view});
      el.dispatchEvent(new CustomEvent("vega:view", {bubbles: true, detail: {el: el, view: view}}));
      return result;
    });
  }

  function vegaEmbed(el, spec, opts) {
    var element = typeof el === "string" ? document.querySelector(el) : el;
    if (!element) return Promise.reject(new Error(el + " does not exist"));
    if (typeof spec === "string" || (opts && opts.mode === "vega-lite")) {
      return Promise.reject(new Error("vegaEmbed: this page's loader draws compiled Vega specs only"));
    }
    var merged = Object.assign({}, opts || {}, (spec.usermeta || {}).embedOptions || {});
    element.classList.add("vega-embed");
    element.innerHTML = "";
    if (nearViewport(element)) return draw(element, spec, merged);
    return new Promise(function (resolve, reject) {
      later.push(function () { draw(element, spec, merged).then(resolve, reject); });
      if (idle === null) schedule();
    });
  }

  vegaEmbed.views = [];
  vegaEmbed.version = "book-1";
  window.vegaEmbed = vegaEmbed;
})();
