/* What a chart's inputs do that Vega-Lite params cannot: one param writing another.
 *
 * Generic: driven by the JSON in a chart wrapper's data-chart-controls attribute
 * (widgets/charts/inputs.page_behaviour, written by widgets/charts/access.chart_html from
 * the chart's usermeta.controls), never by a chart's name.
 *
 *   sets:     {choice: {values: {option: {param: value}}, note}}: choosing one of these
 *             options moves those sliders to its values (an "input" event, so Vega's own
 *             binding updates its signal and readout) and disables them, with the note
 *             saying why; any other option enables them again.
 *   readouts: {param: {date_from: "YYYY-MM-DD"}}: a day-count slider's readout shows the
 *             date (e.g. "17 Oct 2025") instead of the number of days.
 *
 * Vega draws the bindings after the page loads: a MutationObserver applies the behaviour
 * once they exist; after that, input and change events (delegated) keep it applied.
 */
(function () {
  "use strict";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function behaviour(wrapper) {
    if (!wrapper.__chartControls) {
      try {
        wrapper.__chartControls = JSON.parse(wrapper.getAttribute("data-chart-controls"));
      } catch (error) {
        wrapper.__chartControls = {};
      }
    }
    return wrapper.__chartControls;
  }

  function input(wrapper, name) {
    return wrapper.querySelector('.vega-bindings [name="' + name + '"]');
  }

  function dateLabel(start, days) {
    var parts = start.split("-").map(Number);
    var date = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2] + Number(days)));
    return date.getUTCDate() + " " + MONTHS[date.getUTCMonth()] + " " + date.getUTCFullYear();
  }

  function showReadout(wrapper, name, spec) {
    var slider = input(wrapper, name);
    var readout = slider && slider.nextElementSibling;
    if (!readout || readout.tagName !== "SPAN") return;
    readout.textContent = dateLabel(spec.date_from, slider.value);
    readout.classList.add("chart-control-date");
  }

  function note(wrapper, choiceName) {
    var choice = input(wrapper, choiceName);
    var bind = choice && choice.closest(".vega-bind");
    if (!bind) return null;
    var line = bind.parentNode.querySelector('.chart-control-note[data-for="' + choiceName + '"]');
    if (!line) {
      line = document.createElement("p");
      line.className = "chart-control-note";
      line.setAttribute("data-for", choiceName);
      line.id = "chart-control-note-" + choiceName + "-" + Math.random().toString(36).slice(2);
      line.setAttribute("role", "status");
      bind.insertAdjacentElement("afterend", line);
    }
    return line;
  }

  function applySets(wrapper, choiceName, spec) {
    var choice = input(wrapper, choiceName);
    if (!choice) return;
    var values = spec.values[choice.value];
    var targets = {};
    Object.keys(spec.values).forEach(function (option) {
      Object.keys(spec.values[option]).forEach(function (name) { targets[name] = true; });
    });
    var line = note(wrapper, choiceName);
    Object.keys(targets).forEach(function (name) {
      var slider = input(wrapper, name);
      if (!slider) return;
      if (values && name in values && String(slider.value) !== String(values[name])) {
        slider.value = values[name];
        slider.dispatchEvent(new Event("input", { bubbles: true }));
      }
      slider.disabled = Boolean(values);
      var bind = slider.closest(".vega-bind");
      if (bind) bind.classList.toggle("chart-control-locked", Boolean(values));
      if (values && line) slider.setAttribute("aria-describedby", line.id);
      else slider.removeAttribute("aria-describedby");
    });
    if (line) {
      line.textContent = values ? spec.note : "";
      line.hidden = !values;
    }
  }

  function apply(wrapper, changed) {
    var spec = behaviour(wrapper);
    Object.keys(spec.sets || {}).forEach(function (name) {
      if (!changed || changed === name) applySets(wrapper, name, spec.sets[name]);
    });
    Object.keys(spec.readouts || {}).forEach(function (name) {
      showReadout(wrapper, name, spec.readouts[name]);
    });
  }

  function onEvent(event) {
    var target = event.target;
    if (!target || !target.closest || !target.closest(".vega-bindings")) return;
    var wrapper = target.closest("[data-chart-controls]");
    if (wrapper) apply(wrapper, target.getAttribute("name"));
  }

  function ready(wrapper) {
    if (wrapper.__chartControlsReady || !wrapper.querySelector(".vega-bindings [name]")) return;
    wrapper.__chartControlsReady = true;
    apply(wrapper, null);
  }

  var observer = null;
  function scan() {
    var wrappers = document.querySelectorAll("[data-chart-controls]");
    wrappers.forEach(ready);
    var waiting = Array.prototype.some.call(wrappers, function (w) { return !w.__chartControlsReady; });
    if (!waiting && observer) observer.disconnect(); // every chart's bindings are drawn
  }

  document.addEventListener("input", onEvent);
  document.addEventListener("change", onEvent);
  function start() {
    scan();
    if (!document.querySelector("[data-chart-controls]")) return;
    observer = new MutationObserver(scan);
    observer.observe(document.body, { childList: true, subtree: true });
    scan();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
