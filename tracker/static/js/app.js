// Progressive enhancement only: every flow works without this file.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (!question) { return; }
    if (!window.confirm(question)) {
      event.preventDefault();
      return;
    }
    var flag = form.querySelector("input[name=confirmed]");
    if (flag) { flag.value = "1"; }
  });
})();
