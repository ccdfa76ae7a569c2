// Navigation at every width (loaded on every page; see _templates/README.md).
// 1. Icons: pydata-sphinx-theme's fontawesome.js is no longer loaded (_templates/layout.html);
//    it used to hide every icon from assistive technology. Same here, for <i>/<span> icons.
// 2. Drawers: sphinx-book-theme blurs ☰ / contents on click (to dismiss their tooltips), so
//    the theme's "restore focus on close" restores it to <body>. When a drawer closes and
//    focus is nowhere, it goes back to the button that opened it (Escape, backdrop tap).
//    A link followed in a drawer closes it (a section of this page is then in view, not
//    under the drawer); focus is then left where the browser puts it (the section).
// 3. Search index on demand: _templates/layout.html does not load searchindex.js on every
//    page; it is loaded the first time the search dialog gets focus (opened by the button
//    or Ctrl+K). A query typed before it arrives is run when it does (Sphinx's searchtools).
(function () {
  "use strict";
  function hideIcons() {
    document
      .querySelectorAll('i[class*="fa-"]:not([aria-hidden]), span[class*="fa-"]:not([aria-hidden])')
      .forEach(function (icon) {
        if (!icon.textContent.trim()) icon.setAttribute("aria-hidden", "true");
      });
  }
  function restoreFocus() {
    [
      ["pst-primary-sidebar-modal", ".bd-header-article .primary-toggle"],
      ["pst-secondary-sidebar-modal", ".bd-header-article .secondary-toggle"],
    ].forEach(function (pair) {
      var dialog = document.getElementById(pair[0]);
      var button = document.querySelector(pair[1]);
      if (!dialog || !button) return;
      var followed = false;
      dialog.addEventListener("click", function (event) {
        if (event.target.closest && event.target.closest("a[href]") && dialog.open) {
          followed = true;
          dialog.close();
        }
      });
      dialog.addEventListener("close", function () {
        if (followed) {
          followed = false;
          return;
        }
        setTimeout(function () {
          var active = document.activeElement;
          if (!active || active === document.body || !document.contains(active)) button.focus();
        }, 0);
      });
    });
  }
  function searchIndexOnDemand() {
    var meta = document.querySelector('meta[name="book:searchindex"]');
    var dialog = document.getElementById("pst-search-dialog");
    if (!meta || !dialog) return;
    var requested = false;
    function load() {
      if (requested) return;
      requested = true;
      var script = document.createElement("script");
      script.src = meta.getAttribute("content");
      document.head.appendChild(script);
    }
    dialog.addEventListener("focusin", load);
    dialog.addEventListener("input", load);
  }
  function init() {
    hideIcons();
    restoreFocus();
    searchIndexOnDemand();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
