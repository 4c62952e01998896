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
