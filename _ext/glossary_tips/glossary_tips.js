// Glossary pop-ups (see _ext/glossary_tips.py): Escape closes an open definition, which
// comes back when the pointer or focus returns; a tip is kept inside the window (it
// opens above the term when there is no room below).
(function () {
  "use strict";
  function open(el) {
    el.classList.remove("gloss-closed");
    var tip = el.querySelector(".gloss-tip");
    if (!tip) return;
    tip.style.left = "";
    el.classList.remove("gloss-above");
    var box = tip.getBoundingClientRect();
    var overflow = box.right - (document.documentElement.clientWidth - 8);
    if (overflow > 0) tip.style.left = -Math.min(overflow, box.left - 8) + "px";
    // Below the term if it fits in the window, otherwise above it.
    var term = el.getBoundingClientRect();
    if (box.bottom > window.innerHeight && term.top - box.height > 0) {
      el.classList.add("gloss-above");
    }
  }
  function setup() {
    document.querySelectorAll(".gloss").forEach(function (el) {
      el.addEventListener("mouseenter", function () { open(el); });
      el.addEventListener("focusin", function () { open(el); });
      el.addEventListener("mouseleave", function () { el.classList.remove("gloss-closed"); });
      el.addEventListener("focusout", function () { el.classList.remove("gloss-closed"); });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") return;
      document.querySelectorAll(".gloss:hover, .gloss:focus-within").forEach(function (el) {
        el.classList.add("gloss-closed");
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
