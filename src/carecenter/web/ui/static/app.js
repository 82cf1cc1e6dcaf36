// Keyboard use for agents on the phone: "/" search, arrows through results, Enter opens,
// one-key shortcuts (elements with data-shortcut="key") when not typing, Ctrl+Enter saves a form.
// Everything works without this file; it only saves keystrokes.
(function () {
  "use strict";

  function isTyping(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function results() {
    return Array.prototype.slice.call(document.querySelectorAll("#results [data-result]"));
  }

  function moveInResults(event) {
    var links = results();
    var search = document.getElementById("q");
    var at = links.indexOf(document.activeElement);
    if (!links.length || (at < 0 && document.activeElement !== search)) return false;
    var next = event.key === "ArrowDown" ? Math.min(at + 1, links.length - 1) : at - 1;
    if (next < 0 && search) search.focus();
    else links[next].focus();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    var active = document.activeElement;
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && !event.altKey && !event.ctrlKey) {
      if (moveInResults(event)) event.preventDefault();
      return;
    }
    if (event.key === "Enter" && active && active.id === "q") {
      // Enter in the search box opens the first match when the list shows what was typed.
      var list = document.querySelector("#results .results");
      var first = results()[0];
      if (first && list && list.getAttribute("data-q") === active.value) {
        event.preventDefault();
        first.click();
      }
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && active && active.form) {
      event.preventDefault();
      active.form.requestSubmit();
      return;
    }
    if (isTyping(active)) {
      if (event.key === "Escape") active.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key.length !== 1) return;
    // Caps Lock or Shift must not break one-key shortcuts: they are written lower-case.
    var target = document.querySelector('[data-shortcut="' + CSS.escape(event.key.toLowerCase()) + '"]');
    if (!target) {
      if (event.key === "/") {
        var search = document.getElementById("q");
        if (search) { event.preventDefault(); search.focus(); search.select(); }
      }
      return;
    }
    event.preventDefault();
    if (isTyping(target)) target.focus();
    else target.click();
    var section = target.closest("section[tabindex]");
    if (section && !isTyping(target)) section.focus();
  });

  // Countdowns (a ringing offer's seconds left): the server renders the start, the page counts down.
  setInterval(function () {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = Math.max(0, parseInt(el.getAttribute("data-countdown"), 10) - 1);
      el.setAttribute("data-countdown", String(left));
      el.textContent = String(left);
    });
  }, 1000);

  // A session that ended mid-page: HTMX followed the redirect to the login form; go there for real.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var url = event.detail.xhr && event.detail.xhr.responseURL;
    if (url && new URL(url).pathname === "/login") {
      event.detail.shouldSwap = false;
      window.location.href = "/login?next=" + encodeURIComponent(window.location.pathname + window.location.search);
    }
  });
})();
