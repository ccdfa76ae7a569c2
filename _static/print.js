// Printing a chapter (loaded on every page; the rules are in print.css).
//
// 1. A small control, on pages that have solutions or answers, lets a teacher choose how they
//    print: "folded" (titles only), "shown" in place, or collected at the "end" in a
//    "Solutions" section. The choice is a class on <html> (print-solutions-folded|shown|end),
//    applied as soon as it changes (so print previews and page.pdf() see it) and remembered
//    in localStorage for every chapter.
// 2. Every chart with inputs gets a print-only line saying which settings it shows (written
//    when its inputs rest and again just before printing, not on every slider step).
// 3. beforeprint/afterprint open <details> answers for "shown"/"end" and close them again.
(function () {
  "use strict";
  var KEY = "book.printSolutions";
  var MODES = {
    folded: "folded (only their titles)",
    shown: "shown in place",
    end: "collected at the end",
  };
  // sphinx-exercise solutions, self-check answers, and dropdown admonitions titled "Answers…".
  var ANSWERS = ".solution, .selfcheck-answer, .print-answer";

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return MODES[value] ? value : "folded";
    } catch (e) {
      return "folded"; // storage blocked (privacy settings): the default still works
    }
  }

  function markAnswers(article) {
    article.querySelectorAll(".dropdown.admonition:not(.solution)").forEach(function (el) {
      var title = el.querySelector(":scope > .admonition-title");
      if (title && /^\s*answers?\b/i.test(title.textContent)) el.classList.add("print-answer");
    });
    return article.querySelectorAll(ANSWERS);
  }

  function sectionHeading(el) {
    var section = el.parentElement && el.parentElement.closest("section");
    var heading = section && section.querySelector(":scope > h1, :scope > h2, :scope > h3");
    return heading ? heading.textContent.replace(/#\s*$/, "").trim() : "";
  }

  // The label of a collected answer: a solution's own title ("Solution to Exercise 5"), a
  // self-check's question, or an answer box's title and the section it belongs to.
  function labelOf(el) {
    if (el.matches(".selfcheck-answer")) {
      var box = el.closest(".selfcheck");
      var legend = box && box.querySelector("legend");
      if (legend) {
        var question = legend.cloneNode(true);
        question.querySelectorAll(".selfcheck-tag").forEach(function (n) {
          n.remove();
        });
        return "Self-check: " + question.textContent.trim();
      }
    }
    var title = el.querySelector(":scope > .admonition-title");
    var text = title ? title.textContent.trim() : "Answer";
    var where = sectionHeading(el);
    return el.matches(".solution") || !where ? text : text + " (" + where + ")";
  }

  // A <details> copy becomes a <div> without its "Show the answer" summary.
  function unfold(copy) {
    if (copy.tagName !== "DETAILS") return copy;
    var div = document.createElement("div");
    div.className = copy.className;
    Array.prototype.slice.call(copy.childNodes).forEach(function (n) {
      if (n.nodeName !== "SUMMARY") div.appendChild(n);
    });
    return div;
  }

  // The "Solutions" section printed at the end: a copy of every answer, labelled with its
  // exercise (solutions' titles say "Solution to Exercise N") or with the section it answers.
  function collect(article, answers) {
    var old = article.querySelector(".print-collected-solutions");
    if (old) old.remove();
    var box = document.createElement("section");
    box.className = "print-collected-solutions";
    box.setAttribute("aria-hidden", "true"); // a print-only copy of what the page already has
    var h2 = document.createElement("h2");
    h2.textContent = "Solutions";
    box.appendChild(h2);
    answers.forEach(function (el) {
      var item = document.createElement("div");
      item.className = "print-collected-item";
      var label = document.createElement("p");
      label.className = "print-collected-label";
      label.textContent = labelOf(el);
      item.appendChild(label);
      var copy = unfold(el.cloneNode(true));
      copy.querySelectorAll("[id]").forEach(function (n) {
        n.removeAttribute("id");
      });
      copy.removeAttribute("id");
      copy.querySelectorAll("input[name]").forEach(function (n) {
        n.removeAttribute("name");
      });
      copy.querySelectorAll(".toggle-button, :scope > .admonition-title").forEach(function (n) {
        n.remove();
      });
      // A plain copy: no ids, and nothing that sphinx-togglebutton would try to fold or
      // unfold (its beforeprint/afterprint handlers click the buttons of its dropdowns).
      [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("*"))).forEach(function (n) {
        n.classList.remove("toggle", "toggle-hidden", "toggle-details");
        Array.prototype.slice.call(n.attributes).forEach(function (a) {
          if (a.name.indexOf("data-toggle") === 0) n.removeAttribute(a.name);
        });
        if (n.tagName === "DETAILS") n.open = true;
      });
      item.appendChild(copy);
      box.appendChild(item);
    });
    article.appendChild(box);
  }

  function apply(mode, article, answers) {
    var root = document.documentElement;
    Object.keys(MODES).forEach(function (m) {
      root.classList.toggle("print-solutions-" + m, m === mode);
    });
    if (mode === "end") collect(article, answers);
  }

  function addControl(article, answers) {
    var mode = stored();
    var box = document.createElement("div");
    box.className = "print-solutions-control d-print-none";
    var label = document.createElement("label");
    label.htmlFor = "print-solutions-choice";
    label.textContent = "When this page is printed, solutions and answers are ";
    var select = document.createElement("select");
    select.id = "print-solutions-choice";
    Object.keys(MODES).forEach(function (m) {
      var option = document.createElement("option");
      option.value = m;
      option.textContent = MODES[m];
      select.appendChild(option);
    });
    select.value = mode;
    select.addEventListener("change", function () {
      try {
        window.localStorage.setItem(KEY, select.value);
      } catch (e) {
        /* not remembered, still applied */
      }
      apply(select.value, article, answers);
    });
    box.appendChild(label);
    box.appendChild(select);
    // At the top of the section holding the first exercise (else after the page title).
    var exercise = article.querySelector(".exercise");
    var section = exercise && exercise.closest("section");
    var heading = section && section.querySelector(":scope > h2, :scope > h3");
    var anchor = heading || article.querySelector("h1");
    if (anchor) anchor.insertAdjacentElement("afterend", box);
    else article.prepend(box);
    apply(mode, article, answers);
    return select;
  }

  // --- the settings a printed chart shows ----------------------------------------------------
  function settingsText(bindings) {
    var parts = [];
    bindings.querySelectorAll(".vega-bind").forEach(function (bind) {
      var name = bind.querySelector(".vega-bind-name");
      name = name ? name.textContent.replace(/[:\s]+$/, "").trim() : "";
      var value = "";
      var checked = bind.querySelector("input[type=radio]:checked");
      var range = bind.querySelector("input[type=range]");
      var select = bind.querySelector("select");
      var box = bind.querySelector("input[type=checkbox]");
      if (checked) value = checked.parentElement.textContent.trim();
      else if (range) value = range.value;
      else if (select) value = select.options[select.selectedIndex].textContent.trim();
      else if (box) value = box.checked ? "on" : "off";
      if (name) parts.push(name + ": " + value);
    });
    return parts.join("; ");
  }

  function updateSettings() {
    document.querySelectorAll(".vega-embed").forEach(function (embed) {
      var bindings = embed.querySelector(".vega-bindings");
      if (!bindings) return;
      var line = embed.previousElementSibling;
      if (!line || !line.classList.contains("print-chart-settings")) {
        line = document.createElement("p");
        line.className = "print-chart-settings";
        line.setAttribute("aria-hidden", "true"); // the inputs themselves say this on screen
        embed.insertAdjacentElement("beforebegin", line);
      }
      line.textContent = "Printed with these settings: " + settingsText(bindings) + ".";
    });
  }

  function init() {
    var article = document.querySelector("article.bd-article");
    if (!article) return;
    var answers = markAnswers(article);
    var select = answers.length ? addControl(article, answers) : null;

    // Not on every slider step (that would re-read every chart's inputs while a reader drags):
    // once the inputs rest, and always just before printing (beforeprint, print media).
    var pending = 0;
    var later = function () {
      clearTimeout(pending);
      pending = setTimeout(updateSettings, 250);
    };
    document.addEventListener("input", later);
    document.addEventListener("change", later);
    if (window.matchMedia) {
      var print = window.matchMedia("print");
      var onPrint = function (e) {
        if (e.matches) updateSettings();
      };
      if (print.addEventListener) print.addEventListener("change", onPrint);
      else if (print.addListener) print.addListener(onPrint);
    }
    window.addEventListener("load", function () {
      updateSettings();
      setTimeout(updateSettings, 1000); // charts draw after load
    });

    var opened = [];
    window.addEventListener("beforeprint", function () {
      updateSettings();
      if (!select) return;
      apply(select.value, article, answers);
      if (select.value === "shown") {
        answers.forEach(function (el) {
          if (el.tagName === "DETAILS" && !el.open) {
            el.open = true;
            opened.push(el);
          }
        });
      }
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (el) {
        el.open = false;
      });
      opened = [];
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
