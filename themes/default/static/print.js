/* primer: the printable path (templates/path_print.html): a Print button and the
   modules' full addresses. */
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("a[data-absolute]").forEach(function (a) { a.textContent = a.href; });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
