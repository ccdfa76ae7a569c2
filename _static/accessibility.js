// Keyboard access to scrolled content (loaded on every page; axe: scrollable-region-focusable).
// The theme makes code blocks and code-cell outputs focusable (tabindex 0) when they overflow,
// but re-checks only on resize and added nodes: a code block in a dropdown the reader opens
// stays unfocusable, and outputs inside a figure are not checked at all. Same rule here, also
// re-run when a <details> or a dropdown opens.
(function () {
  "use strict";
  var SELECTOR = "#main-content pre, #main-content div.output";
  function update() {
    document.querySelectorAll(SELECTOR).forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight;
      if (scrolls) {
        el.tabIndex = 0;
        // An output (a table) also gets a name; a code block is read as code.
        if (el.tagName !== "PRE" && !el.hasAttribute("aria-label")) {
          var figure = el.closest("figure");
          var caption = figure && figure.querySelector("figcaption");
          el.setAttribute("role", "region");
          el.setAttribute("aria-label", caption ? caption.textContent.trim() : "Scrolled output");
        }
      } else if (el.tabIndex === 0) {
        el.tabIndex = -1;
      }
    });
  }
  var timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
  window.addEventListener("load", later);
  window.addEventListener("resize", later);
  document.addEventListener("toggle", later, true); // <details> opened or closed
  document.addEventListener("click", function (event) {
    if (event.target.closest(".toggle-button, .admonition-title")) later();
  });
})();
