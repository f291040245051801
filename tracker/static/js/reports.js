// Progressive enhancement only: the browser's own print command works without this file.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-print]");
    if (!link) { return; }
    event.preventDefault();
    window.print();
  });
})();
