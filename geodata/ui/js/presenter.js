// Presenter page helper (geodata.ui.stage), running in the app page itself:
// - keys: arrow keys and Page Up / Page Down (what presentation clickers send)
//   step slides, also while the map has the focus (its frame forwards them);
// - the map says when it shows a slide; the page then reveals the slide's title
//   and cards, so title, cards and map change together;
// - the figure cards shrink until they fit their column (values are never cut).
export default function () {
  if (window.__gdPresenter) { return; }
  window.__gdPresenter = true;
  const doc = document;

  function press(which) {
    const button = doc.querySelector('.st-key-presenter_' + which + ' button');
    if (button && !button.disabled) { button.click(); }
  }
  const STEPS = {
    ArrowRight: 'next', PageDown: 'next', ArrowDown: 'next',
    ArrowLeft: 'prev', PageUp: 'prev', ArrowUp: 'prev'
  };
  function onKey(key, target) {
    if (!doc.querySelector('.st-key-gd_present_body')) { return false; }
    const tag = target && target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') { return false; }
    if (!(key in STEPS)) { return false; }
    press(STEPS[key]);
    return true;
  }
  doc.addEventListener('keydown', function (e) {
    if (onKey(e.key, e.target)) { e.preventDefault(); }
  });
  function shown(token) {
    doc.documentElement.dataset.gdSlide = String(token);
    schedule();
  }
  window.addEventListener('message', function (e) {
    if (e.origin !== window.location.origin || !e.data || !e.data.gd) { return; }
    if (e.data.gd === 'key') { onKey(e.data.key, null); }
    if (e.data.gd === 'slide') { shown(e.data.token); }
  });
  // a map drawn before this helper arrived said so to no one: ask it
  function ask() {
    doc.querySelectorAll('iframe').forEach(function (f) {
      try {
        const m = f.contentWindow.gd && f.contentWindow.gd.map;
        if (m && m._gd && m._gd.token) { shown(m._gd.token); }
      } catch (err) { /* another origin: not our map */ }
    });
  }
  ask();

  // ---- fit the cards -------------------------------------------------------
  let timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(fitAll, 60);
  }
  // the cards must fit their column both ways; the title only across (it wraps)
  function overflows(el) {
    const across = el.scrollWidth > el.clientWidth + 1;
    if (el.classList.contains('st-key-gd_present_head')) { return across; }
    return across || el.scrollHeight > el.clientHeight + 1;
  }
  function fit(box) {
    // largest scale in [0.05, 1] at which nothing overflows (a few halvings);
    // the style sheet shrinks sources most and values least
    let low = 0.05, high = 1;
    box.style.setProperty('--gd-fit', '1');
    if (!overflows(box)) { return; }
    for (let i = 0; i < 7; i++) {
      const mid = (low + high) / 2;
      box.style.setProperty('--gd-fit', mid.toFixed(3));
      if (overflows(box)) { high = mid; } else { low = mid; }
    }
    box.style.setProperty('--gd-fit', low.toFixed(3));
  }
  function fitAll() {
    doc.querySelectorAll('.st-key-gd_present_cards, .st-key-gd_present_head')
      .forEach(fit);
  }
  const watch = new MutationObserver(schedule);
  watch.observe(doc.body, {childList: true, subtree: true, characterData: true});
  window.addEventListener('resize', schedule);
  schedule();
}
