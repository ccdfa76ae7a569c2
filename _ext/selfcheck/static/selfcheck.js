/* Self-check questions: instant feedback in the page, no kernel, no network.
 * Markup and syntax: _ext/selfcheck.py. Without this script the questions stay readable and
 * the answers are in each question's <details class="selfcheck-answer">; with it, a Check
 * button appears and the explanation of the reader's answer goes into the question's
 * aria-live region. The explanations are copied from that <details>, so there is one source.
 */
(function () {
  "use strict";

  var RIGHT = "Correct.";
  var WRONG = "Not quite.";

  /** A number typed by a reader: "1,250.5", "20", "$20", "-3", "12%". A comma is read only
   * as a thousands separator between groups of three digits: "2,5" is NaN (not a number),
   * never 25 or 2.5. The rule is parse_number's in _ext/selfcheck/parsing.py: the three
   * patterns below are IGNORED, THOUSANDS and NUMBER there (tests/test_selfcheck.py compares
   * the text, the browser test the results). */
  function parseNumber(text) {
    var t = String(text).replace(/[\s$€£%]/g, "").replace(/\u2212/g, "-");
    if (t.indexOf(",") !== -1) {
      if (!/^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$/.test(t)) return NaN;
      t = t.replace(/,/g, "");
    }
    if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(t)) return NaN;
    return Number(t);
  }

  /** Same rule as Spec.within in _ext/selfcheck/parsing.py. */
  function within(value, answer, tolerance, relative) {
    var allowed = relative ? tolerance * Math.abs(answer) : tolerance;
    return Math.abs(value - answer) <= allowed + 1e-9 * Math.max(1, Math.abs(answer));
  }

  function explanation(box, key) {
    var why = box.querySelector('.selfcheck-why[data-key="' + key + '"] .selfcheck-why-body');
    if (!why) return null;
    var copy = why.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    copy.className = "selfcheck-explanation";
    return copy;
  }

  function paragraph(text, className) {
    var p = document.createElement("p");
    if (className) p.className = className;
    p.textContent = text;
    return p;
  }

  /** Replace the feedback: a verdict in words (and a mark), then the explanations. */
  function show(box, state, verdict, detail, parts) {
    var out = box.querySelector(".selfcheck-feedback");
    out.classList.remove("is-correct", "is-wrong", "is-prompt");
    out.classList.add(state);
    out.textContent = "";
    var p = document.createElement("p");
    p.className = "selfcheck-verdict";
    if (state !== "is-prompt") {
      var mark = document.createElement("span");
      mark.className = "selfcheck-mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = state === "is-correct" ? "\u2713 " : "\u2717 ";
      p.appendChild(mark);
    }
    var strong = document.createElement("strong");
    strong.textContent = verdict;
    p.appendChild(strong);
    if (detail) p.appendChild(document.createTextNode(" " + detail));
    out.appendChild(p);
    (parts || []).forEach(function (part) { if (part) out.appendChild(part); });
  }

  function clear(box) {
    var out = box.querySelector(".selfcheck-feedback");
    out.classList.remove("is-correct", "is-wrong", "is-prompt");
    out.textContent = "";
  }

  function letterOf(box, index) {
    var letter = box.querySelector('label[for="' + box.id + "-" + index + '"] .selfcheck-letter');
    return letter ? letter.textContent.trim() : String(index);
  }

  function isCorrect(box, index) {
    var why = box.querySelector('.selfcheck-why[data-key="' + index + '"]');
    return !!why && why.getAttribute("data-correct") === "true";
  }

  function checkChoice(box) {
    var inputs = Array.prototype.slice.call(box.querySelectorAll(".selfcheck-choice input"));
    var picked = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    if (!picked.length) {
      show(box, "is-prompt", "Pick an answer first.", "", []);
      return;
    }
    if (box.getAttribute("data-select") !== "all") {
      var right = isCorrect(box, picked[0]);
      show(box, right ? "is-correct" : "is-wrong", right ? RIGHT : WRONG, "",
           [explanation(box, picked[0]), right ? explanation(box, "explanation") : null]);
      return;
    }
    var wrongPicks = picked.filter(function (i) { return !isCorrect(box, i); });
    var missed = inputs.filter(function (i) { return !i.checked && isCorrect(box, i.value); });
    var allRight = !wrongPicks.length && !missed.length;
    var parts = picked.map(function (i) {
      var block = document.createElement("div");
      block.className = "selfcheck-pick " + (isCorrect(box, i) ? "is-right-pick" : "is-wrong-pick");
      block.appendChild(paragraph(letterOf(box, i) + " " + (isCorrect(box, i) ? "is right." : "is not right."),
                                  "selfcheck-pick-head"));
      block.appendChild(explanation(box, i));
      return block;
    });
    if (missed.length) {
      parts.push(paragraph(
        missed.length === 1 ? "One more choice is also right: look again."
          : missed.length + " more choices are also right: look again.", "selfcheck-missed"));
    }
    if (allRight) parts.push(explanation(box, "explanation"));
    show(box, allRight ? "is-correct" : "is-wrong", allRight ? RIGHT : WRONG,
         allRight ? "You picked every right answer." : "", parts);
  }

  function checkNumeric(box) {
    var input = box.querySelector(".selfcheck-numeric input");
    var value = parseNumber(input.value);
    if (!input.value.trim() || isNaN(value)) {
      show(box, "is-prompt", "Type a number first,", "for example 12.5.", []);
      return;
    }
    var answer = Number(box.getAttribute("data-answer"));
    var tolerance = Number(box.getAttribute("data-tolerance"));
    var relative = box.getAttribute("data-relative") === "true";
    if (within(value, answer, tolerance, relative)) {
      show(box, "is-correct", RIGHT, "",
           [explanation(box, "correct"), explanation(box, "explanation")]);
    } else if (value < answer) {
      show(box, "is-wrong", WRONG, "Your answer is too low.", [explanation(box, "too low")]);
    } else {
      show(box, "is-wrong", WRONG, "Your answer is too high.", [explanation(box, "too high")]);
    }
  }

  function setup(box) {
    var button = box.querySelector(".selfcheck-check");
    if (!button || box.classList.contains("selfcheck-ready")) return;
    var check = box.getAttribute("data-kind") === "numeric" ? checkNumeric : checkChoice;
    button.hidden = false;
    button.addEventListener("click", function () { check(box); });
    box.querySelectorAll("input").forEach(function (input) {
      input.addEventListener(input.type === "text" ? "input" : "change", function () { clear(box); });
      if (input.type === "text") {
        input.addEventListener("keydown", function (event) {
          if (event.key === "Enter") { event.preventDefault(); check(box); }
        });
      }
    });
    box.classList.add("selfcheck-ready");
  }

  function init() { document.querySelectorAll(".selfcheck").forEach(setup); }

  window.selfcheck = {parseNumber: parseNumber, within: within};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
