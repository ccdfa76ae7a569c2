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
//    Only with the theme's search_as_you_type on; otherwise the search page does the search.
// 4. Header menus (the ⬇ download menu): Bootstrap's script is not loaded (81 kB for this
//    one menu and tooltips, _templates/layout.html). A click, Enter or Space on the button
//    opens or closes its menu (aria-expanded follows); ArrowDown/ArrowUp move through its
//    items; Escape closes it and puts focus back on the button; a click elsewhere or focus
//    leaving the menu closes it. sphinx-book-theme's stylesheet places the menu and shows
//    it for `.btn.show + .dropdown-menu` (and on hover, as before).
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
  function dropdowns() {
    document.querySelectorAll('[data-bs-toggle="dropdown"]').forEach(function (button) {
      var menu = button.nextElementSibling;
      if (!menu || !menu.classList.contains("dropdown-menu")) return;
      var box = button.parentElement;
      function items() {
        return Array.prototype.slice.call(menu.querySelectorAll("a[href], button:not([disabled])"));
      }
      function set(open, focusButton) {
        button.classList.toggle("show", open);
        menu.classList.toggle("show", open);
        button.setAttribute("aria-expanded", open ? "true" : "false");
        if (!open && focusButton) button.focus();
      }
      button.addEventListener("click", function (event) {
        event.preventDefault();
        set(button.getAttribute("aria-expanded") !== "true");
      });
      box.addEventListener("keydown", function (event) {
        var open = button.getAttribute("aria-expanded") === "true";
        if (event.key === "Escape" && open) {
          event.preventDefault();
          event.stopPropagation();
          set(false, true);
        } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          var list = items();
          if (!list.length) return;
          event.preventDefault();
          if (!open) set(true);
          var at = list.indexOf(document.activeElement);
          var step = event.key === "ArrowDown" ? 1 : -1;
          var next = at < 0 ? (step > 0 ? 0 : list.length - 1) : (at + step + list.length) % list.length;
          list[next].focus();
        }
      });
      box.addEventListener("focusout", function (event) {
        if (event.relatedTarget && !box.contains(event.relatedTarget)) set(false);
      });
      menu.addEventListener("click", function (event) {
        if (event.target.closest("a[href], button")) set(false);
      });
      document.addEventListener("click", function (event) {
        if (!box.contains(event.target)) set(false);
      });
    });
  }
  function init() {
    hideIcons();
    restoreFocus();
    searchIndexOnDemand();
    dropdowns();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
