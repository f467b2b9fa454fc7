// 条文 Tiaowen — the little JavaScript the pages use. Everything works without it; this file only adds
// copy-to-clipboard, closing the similar panel and scrolling a deep-linked clause into view.
// Loaded from /static (the CSP forbids inline script), so no inline handlers anywhere.
(function () {
  'use strict';

  var root = document.documentElement;
  root.classList.remove('no-js');
  root.classList.add('js');

  /** Copies text; falls back to a hidden textarea where navigator.clipboard is missing (plain-http intranets). */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return legacyCopy(text); }
      );
    }
    return Promise.resolve(legacyCopy(text));
  }

  function legacyCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'copy-buffer';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  var toastTimer = null;
  function toast(message) {
    var el = document.querySelector('.toast');
    if (!el) return;
    el.textContent = message;
    el.classList.add('show');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.classList.remove('show'); }, 2000);
  }

  function confirmCopied(button, ok) {
    var label = button.getAttribute('data-label') || button.textContent;
    button.setAttribute('data-label', label);
    button.textContent = ok ? '已复制' : '复制失败';
    button.classList.toggle('copied', ok);
    toast(ok ? '已复制到剪贴板' : '无法访问剪贴板，请手动复制');
    setTimeout(function () {
      button.textContent = label;
      button.classList.remove('copied');
    }, 1600);
  }

  function absolute(href) {
    return new URL(href, window.location.href).href;
  }

  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;

    var copy = target.closest('[data-copy]');
    if (copy) {
      event.preventDefault();
      var kind = copy.getAttribute('data-copy');
      var url = absolute(copy.getAttribute('data-url') || copy.getAttribute('href') || window.location.href);
      var text = kind === 'citation' ? copy.getAttribute('data-citation') + '\n' + url : url;
      copyText(text).then(function (ok) {
        if (!ok) window.prompt('请按 Ctrl+C 复制：', text);
        confirmCopied(copy, ok);
      });
      return;
    }

    var close = target.closest('[data-close-panel]');
    if (close) {
      var slot = close.closest('.similar-slot');
      if (slot) slot.innerHTML = '';
    }
  });

  /** Brings the deep-linked clause (or the #fragment's target) into view, centred, and focuses it. */
  function revealFocus() {
    var el = null;
    if (window.location.hash.length > 1) {
      try {
        el = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      } catch (e) {
        el = null;
      }
    }
    el = el || document.querySelector('.clause.focus');
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    if (el.classList.contains('focus')) el.focus({ preventScroll: true });
  }

  /**
   * htmx restores a page from a snapshot of its HTML, in which the search box and the mode switch hold
   * whatever they held when the snapshot was taken. The URL is the truth: put its q and mode back.
   */
  function syncSearchFormWithUrl() {
    var form = document.getElementById('search-form');
    if (!form) return;
    var params = new URLSearchParams(window.location.search);
    var q = form.querySelector('input[name="q"]');
    if (q) q.value = params.get('q') || '';
    var mode = params.get('mode') || 'hybrid';
    form.querySelectorAll('input[name="mode"]').forEach(function (radio) {
      radio.checked = radio.value === mode;
    });
  }
  document.addEventListener('htmx:historyRestore', syncSearchFormWithUrl);

  // The search box searches as one types; its 'change' on blur must not reach the form, whose own
  // 'change' trigger would search a second time (and, clicking a filter, race the filter's request).
  document.addEventListener(
    'change',
    function (event) {
      var target = event.target;
      if (target instanceof HTMLInputElement && target.id === 'q') event.stopPropagation();
    },
    true
  );
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) syncSearchFormWithUrl();
  });

  // Chinese is typed through an IME: while a word is being composed the box holds pinyin ("zhishi"),
  // which is not worth a search. Hold those input events back and send one when the word is committed.
  document.addEventListener(
    'input',
    function (event) {
      var target = event.target;
      if (event.isComposing && target instanceof HTMLInputElement && target.id === 'q') event.stopPropagation();
    },
    true
  );
  document.addEventListener('compositionend', function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.id === 'q') target.dispatchEvent(new Event('input', { bubbles: true }));
  });

  /** On a phone the outline starts folded, so the text comes first. */
  function foldOutline() {
    if (!window.matchMedia('(max-width: 860px)').matches) return;
    var outline = document.querySelector('.outline details');
    if (outline) outline.open = false;
  }

  /**
   * The empty search box takes focus on a laptop, where typing is the next thing one does; not on a phone,
   * where focus would pop up the keyboard over the page before the user has chosen to search.
   */
  function focusSearchBox() {
    if (!window.matchMedia('(min-width: 700px)').matches) return;
    var box = document.querySelector('input[data-autofocus]');
    if (box && !box.value) box.focus();
  }

  function ready() {
    foldOutline();
    revealFocus();
    focusSearchBox();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
  window.addEventListener('hashchange', revealFocus);
})();
