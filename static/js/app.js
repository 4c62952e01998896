// Show how long the running timer has run; the start comes from the server, so a reload loses nothing.
(function () {
  function pad(n) { return String(n).padStart(2, "0"); }
  function tick() {
    document.querySelectorAll(".elapsed[data-started]").forEach(function (el) {
      var seconds = Math.max(0, Math.floor((Date.now() - Date.parse(el.dataset.started)) / 1000));
      el.textContent = Math.floor(seconds / 3600) + ":" + pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
})();

// The phone desk: search as you type (the form still works without script), then put the cursor on the caller.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-live-search]");
    if (!form) { return; }
    var input = form.querySelector("input[name=q]");
    var results = document.getElementById("desk-results");
    var caller = document.getElementById("caller_name");
    if (caller && !caller.value) { caller.focus(); }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = form.dataset.liveSearch + "?partial=1&q=" + encodeURIComponent(input.value);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (html) { results.innerHTML = html; });
      }, 150);
    });
  });
})();

// The main menu's groups (<details class="menu">): one open at a time; Escape or a click elsewhere closes them.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var menus = Array.prototype.slice.call(document.querySelectorAll("details.menu"));
    function closeAll(except) {
      menus.forEach(function (menu) { if (menu !== except) { menu.open = false; } });
    }
    menus.forEach(function (menu) {
      menu.addEventListener("toggle", function () { if (menu.open) { closeAll(menu); } });
    });
    document.addEventListener("click", function (event) {
      closeAll(menus.filter(function (menu) { return menu.contains(event.target); })[0]);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var focused = menus.filter(function (menu) { return menu.open && menu.contains(document.activeElement); })[0];
      closeAll(null);
      if (focused) { focused.querySelector("summary").focus(); }
    });
  });
})();
