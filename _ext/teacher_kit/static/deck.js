(function () {
  var slides = Array.prototype.slice.call(document.querySelectorAll('.slide'));
  if (!slides.length) return;
  document.documentElement.classList.add('deck');
  var count = document.getElementById('deck-count'), current = -1;
  function show(i, focus) {
    i = Math.max(0, Math.min(slides.length - 1, i));
    if (i === current) return;
    if (current >= 0) slides[current].classList.remove('current');
    current = i;
    slides[i].classList.add('current');
    count.textContent = (i + 1) + ' / ' + slides.length;
    if (location.hash !== '#' + (i + 1)) history.replaceState(null, '', '#' + (i + 1));
    if (focus) slides[i].focus();
  }
  document.getElementById('deck-prev').addEventListener('click', function () { show(current - 1, false); });
  document.getElementById('deck-next').addEventListener('click', function () { show(current + 1, false); });
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.target && e.target.tagName === 'BUTTON' && (e.key === ' ' || e.key === 'Enter')) return;
    var next = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1};
    if (e.key in next) { show(current + next[e.key], true); e.preventDefault(); }
    else if (e.key === 'Home') { show(0, true); e.preventDefault(); }
    else if (e.key === 'End') { show(slides.length - 1, true); e.preventDefault(); }
  });
  window.addEventListener('hashchange', function () { show(parseInt(location.hash.slice(1), 10) - 1 || 0, true); });
  show((parseInt(location.hash.slice(1), 10) || 1) - 1, false);
})();
