/* Every chart of the book, fitted to the column it is in (issue 13).
 *
 * The charts are Altair specs compiled to Vega at build time (_ext/offline_assets.py) and
 * drawn by vega-embed. This script wraps window.vegaEmbed once, so every chart goes through
 * it, and reads what it needs from the chart's own spec (usermeta.book, written by
 * widgets/charts/kit.py PAGE). Before a chart is drawn:
 *   - key numbers: each panel whose text mark has the style PAGE.keyNumbersStyle
 *     (kit.key_numbers_panel) is taken out of the drawing; its lines (the same Vega data,
 *     ordered by line_order) are listed as HTML under the drawing (div.chart-key-numbers
 *     in the chart's .vega-embed element), in an aria-live list
 *     updated by a Vega data listener whenever a control moves;
 *   - stacking: in a column narrower than PAGE.stackBelow, panels side by side are laid
 *     out one per row (every Vega layout gets columns: 1);
 *   - dark theme (html[data-theme=dark]): PAGE.dark's config (background, text, guides)
 *     is merged into the spec and the light colours it lists are swapped for dark ones.
 * After it is drawn, the chart's widths (the Vega "width" signal and every panel's
 * *_width / *_childWidth signal) are scaled together until the drawing is as wide as its
 * column (never wider; at most PAGE.maxGrow times its design): the text keeps its size,
 * only the plotting areas change. A resize refits; crossing PAGE.stackBelow, or a theme
 * switch, draws the chart again with the reader's control settings kept. Every draw and
 * fit of a chart runs in its own queue (update), one after the other, and each looks at
 * the page again when it ends (the theme or the column may have changed meanwhile).
 */
(function () {
  "use strict";
  if (window.bookCharts) return;

  const charts = [];
  const WIDTH_SIGNAL = /(^|_)(width|childWidth)$/;
  const LABEL_CHARS = 24; // longer side-axis labels get two lines in a narrow column
  const ROW_GAP = 20; // Vega-Lite's padding between concatenated panels
  const SIDE_AXIS = 50; // what a panel's left axis (labels and title) usually takes
  let original = null;

  const isDark = () => document.documentElement.dataset.theme === "dark";
  const copy = (value) => JSON.parse(JSON.stringify(value));

  function columnWidth(el) {
    const parent = el.parentElement || el;
    const style = getComputedStyle(parent);
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    return Math.floor(Math.min(el.clientWidth || Infinity, parent.clientWidth - padding));
  }

  function groups(spec, visit) {
    // Every group (the spec itself first) with the marks list holding it and its parent.
    visit(spec, null, null);
    (function walk(parent) {
      (parent.marks || []).forEach((mark) => {
        if (mark.type !== "group") return;
        visit(mark, parent.marks, parent);
        walk(mark);
      });
    })(spec);
  }

  function takeKeyNumbers(spec, style) {
    const panels = [];
    const holders = [];
    groups(spec, (group, siblings) => {
      const text = (group.marks || []).find(
        (m) => m.type === "text" && [].concat(m.style || []).includes(style) && m.from
      );
      if (!text || !siblings) return;
      const title = group.title && (group.title.text !== undefined ? group.title.text : group.title);
      // The field the mark writes (kit's "line"; any panel marked with the style works).
      const shown = ((text.encode || {}).update || {}).text || {};
      const field = shown.field || ((shown.signal || "").match(/datum\["([^"]+)"\]/) || [])[1] || "line";
      const panel = {data: text.from.data, field, title: typeof title === "string" ? title
        : Array.isArray(title) ? title.join(" ") : "Key numbers"};
      if (title && title.signal) {
        // A title computed from the inputs: a signal of the root, read with the lines.
        panel.signal = `book_key_numbers_title_${panels.length}`;
        spec.signals = (spec.signals || []).concat([{name: panel.signal, update: title.signal}]);
      }
      panels.push(panel);
      holders.push([siblings, group]);
    });
    holders.forEach(([siblings, group]) => siblings.splice(siblings.indexOf(group), 1));
    return panels;
  }

  function stack(spec) {
    groups(spec, (group) => {
      if (!group.layout) return;
      if (group.layout.columns === undefined) group.layout.columns = 1;
    });
  }

  // Chart titles are one line in Vega: longer than the column, they would set the chart's
  // width. Break them at spaces into lines that fit (measured in the title's own font).
  let measure = null;
  function wrap(text, font, most) {
    if (typeof text !== "string") return text;
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = font;
    if (measure.measureText(text).width <= most) return text;
    const lines = [];
    let line = "";
    text.split(" ").forEach((word) => {
      const next = line ? `${line} ${word}` : word;
      if (line && measure.measureText(next).width > most) {
        lines.push(line);
        line = word;
      } else line = next;
    });
    if (line) lines.push(line);
    return lines;
  }

  function wrapTitles(spec, width, narrow, shorter) {
    // Vega-Lite writes the title font into the styles "group-title"/"group-subtitle" or
    // config.title; Vega's own defaults are bold 13 px and 10 px.
    const config = spec.config || {};
    const title = config.title || {};
    const style = config.style || {};
    const main = style["group-title"] || {};
    const sub = style["group-subtitle"] || {};
    const family = main.font || title.font || config.font || "sans-serif";
    const fonts = {
      text: `${main.fontWeight || title.fontWeight || "bold"} ${main.fontSize || title.fontSize || 13}px ${family}`,
      subtitle: `${sub.fontWeight || title.subtitleFontWeight || "normal"} `
        + `${sub.fontSize || title.subtitleFontSize || 10}px ${sub.font || family}`,
    };
    const designed = {};
    (spec.signals || []).forEach((x) => { if (typeof x.value === "number") designed[x.name] = x.value; });
    if (typeof spec.width === "number") designed.width = spec.width;
    groups(spec, (group, siblings, parent) => {
      let t = group.title;
      if (!t) return;
      const own = ((group.encode || {}).update || {}).width;
      const design = !siblings ? spec.width : own && own.signal ? designed[own.signal] : undefined;
      // A panel's title gets its share of the row, less a side axis: panels are aligned on
      // the widest axis of their column, so a title reaching the column's edge would stick
      // out once drawn, and the chart would be drawn once more to break it (measured: the
      // tit-for-tat explorer at every width, three other explorers at 390 px).
      const panels = parent && parent.layout
        ? parent.marks.filter((m) => m.type === "group").length : 1;
      const inRow = Math.min(panels, (parent && parent.layout && parent.layout.columns) || panels);
      const share = panels > 1 ? (width - ROW_GAP * (inRow - 1)) / inRow - SIDE_AXIS : Infinity;
      const most = Math.min(width, share,
        typeof design === "number" ? Math.max(design, 160) + 40 : Infinity,
        shorter[siblings ? group.name : ""] || Infinity);
      if (typeof t === "string" || Array.isArray(t)) t = group.title = {text: t};
      if (narrow) t.frame = "bounds"; // from the panel's left edge, its axis included
      ["text", "subtitle"].forEach((part) => {
        if (t[part] === undefined) return;
        const lines = [].concat(t[part]).flatMap((line) => [].concat(wrap(line, fonts[part], most)));
        t[part] = lines.length === 1 ? lines[0] : lines;
      });
    });
  }

  // A long legend label is written on two lines, broken at the last space before
  // its middle.
  function twoLines(expr) {
    const text = `toString(${expr})`;
    const cut = `lastindexof(substring(${text}, 0, ceil(length(${text}) / 2) + 3), ' ')`;
    return `isString(${expr}) && length(${text}) > ${LABEL_CHARS} && ${cut} > 0 ? `
      + `[substring(${text}, 0, ${cut}), substring(${text}, ${cut} + 1)] : ${expr}`;
  }

  function twoLineLabels(guide) {
    const encode = guide.encode || {};
    const labels = encode.labels || {};
    const update = labels.update || {};
    if (update.text) return;
    update.text = {signal: twoLines("datum.label")};
    guide.encode = Object.assign(encode, {labels: Object.assign(labels, {update})});
  }

  // ... and so is a long text mark (an annotation beside a line, a label at a bar's end).
  function twoLineTexts(marks, style) {
    (marks || []).forEach((mark) => {
      if (mark.type === "group") twoLineTexts(mark.marks, style);
      if (mark.type !== "text" || [].concat(mark.style || []).includes(style)) return;
      const update = (mark.encode || {}).update || {};
      const text = update.text;
      if (!text || Array.isArray(text)) return;
      const expr = text.field ? `datum[${JSON.stringify(text.field)}]`
        : text.signal ? `(${text.signal})` : typeof text.value === "string" ? JSON.stringify(text.value) : null;
      if (expr) update.text = {signal: twoLines(expr)};
    });
  }

  // In a narrow column every legend lists its entries one per row, under its chart, and
  // long axis and legend titles are broken into lines (an axis title longer than its axis
  // would widen the chart).
  function narrowGuides(node, width, font) {
    if (Array.isArray(node)) node.forEach((n) => narrowGuides(n, width, font));
    else if (node && typeof node === "object") {
      Object.keys(node).forEach((key) => {
        if (key === "legends" && Array.isArray(node[key])) {
          node[key].forEach((legend) => {
            legend.columns = 1;
            legend.direction = "vertical";
            if (/left|right/.test(legend.orient || "")) legend.orient = "bottom";
            legend.title = wrap(legend.title, font, width - 20);
            twoLineLabels(legend);
          });
        } else if (key === "axes" && Array.isArray(node[key])) {
          node[key].forEach((axis) => {
            axis.title = wrap(axis.title, font, width * 0.5);
            // A side axis's labels take at most 40% of the column (longer ones end in "…";
            // the data table under the chart has them in full).
            if (/left|right/.test(axis.orient || "")) axis.labelLimit = Math.round(width * 0.4);
          });
        } else if (key !== "data") narrowGuides(node[key], width, font);
      });
    }
  }

  function recolour(node, colours) {
    if (Array.isArray(node)) {
      node.forEach((value, i) => {
        if (typeof value === "string" && colours[value.toLowerCase()]) node[i] = colours[value.toLowerCase()];
        else if (value && typeof value === "object") recolour(value, colours);
      });
    } else if (node && typeof node === "object") {
      Object.keys(node).forEach((key) => {
        const value = node[key];
        if (typeof value === "string" && colours[value.toLowerCase()]) node[key] = colours[value.toLowerCase()];
        else if (value && typeof value === "object") recolour(value, colours);
      });
    }
  }

  function merge(into, from) {
    Object.keys(from).forEach((key) => {
      const value = from[key];
      if (value && typeof value === "object" && !Array.isArray(value)) {
        into[key] = merge(into[key] && typeof into[key] === "object" ? into[key] : {}, value);
      } else into[key] = value;
    });
    return into;
  }

  function prepare(entry) {
    const book = entry.book;
    const spec = copy(entry.spec);
    (spec.signals || []).forEach((s) => {
      if (s.bind && Object.prototype.hasOwnProperty.call(entry.state, s.name)) s.value = entry.state[s.name];
    });
    entry.panels = takeKeyNumbers(spec, book.keyNumbersStyle);
    entry.stacked = entry.width > 0 && entry.width < book.stackBelow;
    if (entry.stacked) {
      const config = spec.config || {};
      const guide = (config.style || {})["guide-title"] || {};
      const size = (config.axis || {}).titleFontSize || 11;
      stack(spec);
      twoLineTexts(spec.marks, book.keyNumbersStyle);
      narrowGuides(spec, entry.width, `bold ${size}px ${guide.font || config.font || "sans-serif"}`);
      spec.config = merge(config, {legend: {columns: 1, direction: "vertical"}});
    }
    if (entry.width > 0) wrapTitles(spec, entry.width - 12, entry.stacked, entry.titleMax || {});
    entry.dark = isDark();
    if (entry.dark && book.dark) {
      recolour(spec, book.dark.colors);
      spec.config = merge(spec.config || {}, book.dark.config);
      spec.background = book.dark.background;
    }
    // Vega lays out a view's size once unless told to redo it on every update: the width
    // signals changed by fit() must resize the drawing. Only while fitting (see resizing):
    // on every other update it costs a second layout pass and a redraw of the whole chart
    // (a quarter of a slider move's time on the tariffs page).
    const autosize = spec.autosize;
    spec.autosize = Object.assign({type: "pad"},
      typeof autosize === "string" ? {type: autosize} : autosize || {}, {resize: true});
    entry.knobs = [];
    if (typeof spec.width === "number") entry.knobs.push({name: "width", value: spec.width});
    (spec.signals || []).forEach((s) => {
      if (WIDTH_SIGNAL.test(s.name) && typeof s.value === "number" && !s.bind && !s.update && !s.on) {
        entry.knobs.push({name: s.name, value: s.value});
      }
    });
    return spec;
  }

  function drawnWidth(entry) {
    const svg = entry.el.querySelector(":scope > svg.marks, :scope > canvas.marks");
    return svg ? parseFloat(svg.getAttribute("width")) || 0 : 0;
  }

  async function scaleTo(entry, k) {
    entry.k = k;
    entry.knobs.forEach((knob) => entry.view.signal(knob.name, Math.max(30, Math.round(knob.value * k))));
    await entry.view.runAsync();
    return drawnWidth(entry);
  }

  // Vega's autosize "resize" flag on (while fit() changes the widths) or off (a control
  // moved: the drawing is laid out once, as Vega does by default). Turning the flag back on
  // is not enough: once a layout ran with it off, Vega sizes the view again only after
  // view.resize() (its internal "autosize" mark), so a second fit of the same view (a
  // column that changed width after the chart was drawn) scaled the plot inside an SVG
  // kept at its old size, cut off (the tit-for-tat x axis ending at round 10 of 20).
  async function resizing(entry, on) {
    const autosize = entry.view.signal("autosize");
    if (!autosize || typeof autosize !== "object") return;
    if (Boolean(autosize.resize) === on && !on) return;
    if (Boolean(autosize.resize) !== on) {
      entry.view.signal("autosize", Object.assign({}, autosize, {resize: on}));
    }
    if (on) entry.view.resize();
    await entry.view.runAsync();
  }

  async function fit(entry) {
    if (!entry.view) return;
    await resizing(entry, true);
    await fitWidths(entry);
    await resizing(entry, false);
  }

  async function fitWidths(entry) {
    // The drawn width grows with k (never shrinks): find the largest k whose drawing fits,
    // by false position between a k that fits and one that does not (a few redraws).
    const target = entry.width;
    if (!entry.view || !entry.knobs.length || !(target > 0)) return;
    const most = entry.book.maxGrow || 1;
    let lo = 0.2, wlo = null, hi = most, whi = null;
    let k = entry.k || 1, w = drawnWidth(entry);
    let before = null; // the last k and width that were too wide
    for (let i = 0; i < 8; i++) {
      if (w <= target) {
        [lo, wlo] = [k, w];
        if (target - w < 4 || k >= most) break;
      } else [hi, whi] = [k, w];
      if (hi - lo < 0.01) break;
      let next;
      if (wlo !== null && whi !== null && whi > wlo) next = lo + ((target - wlo) * (hi - lo)) / (whi - wlo);
      else if (wlo === null) next = k * Math.min(0.9, target / w);
      else next = k * Math.max(1.1, target / w);
      if (wlo === null && before && w <= before.w && k < before.k) {
        // Still too wide, shrinking barely narrows it, and a title sticks out (one that
        // starts after a panel, as on the tit-for-tat page): if even the smallest widths,
        // at the pace seen so far, would not fit, go there at once (draw() then breaks the
        // titles) instead of stepping down eight redraws. (Without a title sticking out the
        // steps go on: the width can drop at once further down, as axis labels thin out.)
        const least = w - ((before.w - w) * (k - lo)) / (before.k - k);
        if (least > target && Object.keys(titlesTooLong(entry)).length) next = lo;
      }
      if (wlo === null) before = {k, w};
      k = Math.min(hi - 0.005, Math.max(lo + 0.005, next));
      w = await scaleTo(entry, k);
    }
    if (w > target && wlo !== null) await scaleTo(entry, lo);
  }

  function keyNumbersBox(entry) {
    if (!entry.box) {
      // Inside the chart's element, after the drawing (Vega only clears it when a chart is
      // embedded, and this script draws it again then).
      entry.box = document.createElement("div");
      entry.box.className = "chart-key-numbers";
      entry.el.append(entry.box);
    }
    entry.box.replaceChildren();
    entry.titles = [];
    entry.lists = entry.panels.map((panel, i) => {
      const title = document.createElement("p");
      title.className = "chart-key-numbers-title";
      title.id = `key-numbers-${i}-${entry.el.id || charts.indexOf(entry)}`;
      title.textContent = panel.title;
      entry.titles.push(title);
      const list = document.createElement("ul");
      list.setAttribute("aria-labelledby", title.id);
      list.setAttribute("aria-live", "polite");
      entry.box.append(title, list);
      return list;
    });
    entry.box.hidden = !entry.panels.length;
  }

  function showKeyNumbers(entry, i) {
    // Runs on every slider move: compares strings and touches only the lines that changed
    // (no element made or replaced unless the number of lines changes).
    const rows = entry.view.data(entry.panels[i].data).slice();
    rows.sort((a, b) => (a.line_order ?? 0) - (b.line_order ?? 0)); // stable: else data order
    const panel = entry.panels[i];
    const texts = rows.map((row) => String(row[panel.field] ?? ""));
    if (panel.signal) {
      const title = String(entry.view.signal(panel.signal));
      if (entry.titles[i].textContent !== title) entry.titles[i].textContent = title;
    }
    const list = entry.lists[i];
    const shown = list.children;
    if (shown.length !== texts.length) {
      list.replaceChildren(...texts.map((text) => {
        const item = document.createElement("li");
        item.textContent = text;
        return item;
      }));
      return;
    }
    texts.forEach((text, j) => {
      if (shown[j].textContent !== text) shown[j].textContent = text;
    });
  }

  // Each title that reaches past the column, by the name of the group it titles ("" for
  // the chart's own): how wide it may be. First read from Vega's scenegraph (every item's
  // bounds, in the drawing's units), not from the page: asking the page for the titles'
  // boxes made the browser lay out the whole page, still loading, before the first chart
  // was shown (up to 350 ms on the tit-for-tat page under load). Vega's text widths are
  // estimates, a few pixels off the drawn text's: when that finds no title too long, or the
  // chart is still too wide after it, the drawn titles are measured on the page
  // (titlesTooLongOnPage) for one more pass.
  function titlesTooLong(entry) {
    const most = {};
    const origin = entry.view.origin();
    (function visit(item, x, name) {
      (item.items || []).forEach((mark) => {
        if (mark.role === "title" && mark.bounds && !mark.bounds.empty()) {
          const right = x + mark.bounds.x2;
          if (right > entry.width) {
            // (4 px more than on the page: Vega's estimate of a text's width may be short)
            most[name] = Math.max(80, mark.bounds.width() - (right - entry.width) - 12);
          }
        }
        if (mark.marktype !== "group") return;
        (mark.items || []).forEach((group) => visit(group, x + (group.x || 0), mark.name || ""));
      });
    })(entry.view.scenegraph().root.items[0] || {}, origin[0], "");
    return most;
  }

  function titlesTooLongOnPage(entry) {
    const svg = entry.el.querySelector(":scope > svg.marks");
    const box = svg.getBoundingClientRect();
    const units = svg.viewBox.baseVal.width / box.width;
    const most = {};
    svg.querySelectorAll("g.role-title").forEach((title) => {
      const r = title.getBoundingClientRect();
      const right = (r.right - box.left) * units;
      if (right <= entry.width) return;
      const scope = title.parentElement.closest("g.role-scope");
      const name = scope ? [...scope.classList].find((c) => c.endsWith("_group")) : "";
      most[name || ""] = Math.max(80, r.width * units - (right - entry.width) - 8);
    });
    return most;
  }

  async function draw(entry) {
    if (entry.view) {
      (entry.spec.signals || []).forEach((s) => {
        if (s.bind) entry.state[s.name] = entry.view.signal(s.name);
      });
      entry.view.finalize();
      entry.view = null;
      entry.el.replaceChildren();
      entry.box = null;
    }
    const width = columnWidth(entry.el);
    if (width !== entry.width) {
      entry.titleMax = null;
      entry.titlePasses = 0;
    }
    entry.width = width;
    entry.k = 1;
    const result = await original(entry.el, prepare(entry), entry.options);
    entry.view = result.view;
    keyNumbersBox(entry);
    entry.panels.forEach((panel, i) => {
      showKeyNumbers(entry, i);
      entry.view.addDataListener(panel.data, () => showKeyNumbers(entry, i));
    });
    await fit(entry);
    if (drawnWidth(entry) > entry.width + 1 && entry.titlePasses < 2 && entry.width > 0) {
      // Still too wide at the smallest widths: a title that starts after an axis sticks
      // out. Draw it once more with each such title broken that much shorter.
      let most = {};
      if (!entry.titlePasses) [most, entry.titlePasses] = [titlesTooLong(entry), 1];
      if (!Object.keys(most).length) [most, entry.titlePasses] = [titlesTooLongOnPage(entry), 2];
      const before = entry.titleMax || {};
      Object.keys(most).forEach((name) => {
        if (before[name] !== undefined) most[name] = Math.min(most[name], before[name]);
      });
      entry.titleMax = Object.assign({}, before, most);
      if (Object.keys(most).length) return draw(entry);
    }
    entry.el.dataset.chartFitted = String(entry.width);
    entry.result = result;
    return result;
  }

  // What the chart needs now: drawn again (never drawn, the theme changed, or the column
  // crossed PAGE.stackBelow), fitted again (the column's width changed), or nothing.
  function needs(entry) {
    const width = columnWidth(entry.el);
    if (!entry.view || entry.dark !== isDark()) return "draw";
    if (width === entry.width || !(width > 0)) return null;
    return (width < entry.book.stackBelow) !== entry.stacked ? "draw" : "fit";
  }

  async function bringUpToDate(entry) {
    // The page may change while a chart is drawn or fitted (the theme script sets
    // data-theme to dark after the first charts started drawing light; the column narrows
    // as the page's styles and sidebars settle): look again after each pass.
    for (let passes = 0; passes < 5; passes++) {
      const need = needs(entry);
      if (!need) return;
      if (need === "draw") await draw(entry);
      else {
        entry.width = columnWidth(entry.el);
        await fit(entry);
        entry.el.dataset.chartFitted = String(entry.width);
      }
    }
  }

  function update(entry) {
    // One task at a time per chart, in its queue: a draw and a fit of the same view must
    // not run together (two fits interleaved leave the widths of neither, and the second
    // one's end turns Vega's resizing off under the first). Requests made while a task
    // waits are the same request: the task looks at the page when it starts.
    if (!entry.waiting) {
      entry.waiting = true;
      entry.busy = true;
      const task = (entry.queue || Promise.resolve()).then(() => {
        entry.waiting = false;
        return bringUpToDate(entry);
      });
      entry.queue = task.catch(() => {}).then(() => { entry.busy = entry.waiting; });
      entry.task = task;
    }
    return entry.task;
  }

  // First drawings, one chart at a time in page order, each after the one before it has been
  // drawn, fitted and painted (a frame, then a task). Started together, while the page was
  // still loading, the charts' first drawings shared the main thread and the first chart
  // showed only once several were done (and each later chart measured a longer page).
  let turns = Promise.resolve();
  const painted = () => new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
  });

  function firstDraw(entry) {
    entry.queued = true;
    entry.busy = true;
    const turn = turns.then(() => {
      entry.queued = false;
      return update(entry);
    });
    turns = turn.catch(() => {}).then(painted);
    return turn;
  }

  let pending = null;
  function refit() {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = null;
      // A chart still drawing is looked at again once it is done (it measured its column
      // when it started).
      charts.forEach((entry) => {
        if (!entry.queued && (entry.busy || needs(entry))) update(entry);
      });
    });
  }

  // Only a change of width refits: a chart's column grows taller whenever a control
  // changes what the chart shows (its key numbers, a legend), and measuring every chart of
  // the page then, on every slider move, made the browser lay the page out once more.
  const widths = new WeakMap();
  const resized = window.ResizeObserver ? new ResizeObserver((changes) => {
    let wider = false;
    changes.forEach((change) => {
      const width = Math.round(change.contentRect.width);
      if (widths.get(change.target) !== width) wider = true;
      widths.set(change.target, width);
    });
    if (wider) refit();
  }) : null;

  function embed(el, spec, options) {
    const target = typeof el === "string" ? document.querySelector(el) : el;
    const book = spec && spec.usermeta && spec.usermeta.book;
    const mode = (options && options.mode) || "vega-lite";
    if (!target || !book || mode !== "vega") return original(el, spec, options);
    const entry = {el: target, spec, options, book, state: {}, view: null};
    charts.push(entry);
    if (resized) resized.observe(target.parentElement || target);
    return firstDraw(entry).then(() => entry.result);
  }

  function install() {
    if (original || typeof window.vegaEmbed !== "function") return false;
    original = window.vegaEmbed;
    const wrapped = Object.assign(embed, original);
    window.vegaEmbed = wrapped;
    return true;
  }

  if (!install()) {
    // vega-embed not loaded yet (or not on this page): take it over when it arrives.
    let value;
    Object.defineProperty(window, "vegaEmbed", {
      configurable: true,
      get: () => value,
      set: (v) => {
        Object.defineProperty(window, "vegaEmbed", {configurable: true, writable: true, value: v});
        value = v;
        install();
      },
    });
  }

  new MutationObserver(() => {
    // Every chart, those still on their first drawing too (update() queues the check).
    charts.forEach((entry) => { if (!entry.queued && entry.dark !== isDark()) update(entry); });
  }).observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});

  // True when every chart is drawn and fitted to its column as it is now (for tests).
  const fitted = () => !pending && charts.every(
    (e) => e.view && !e.busy && e.width === columnWidth(e.el) && e.dark === isDark());

  window.bookCharts = {charts, refit, fitted};
})();
