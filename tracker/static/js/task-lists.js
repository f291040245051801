// Task lists, progressive enhancement only (every flow works without this file):
// a "select all on this page" box, the bulk bar opening when a row is ticked,
// and the extra filters shown open on wide screens.
(function () {
  "use strict";
  var bar = document.querySelector("details.bulk-bar");
  document.querySelectorAll("input.check-all").forEach(function (all) {
    var boxes = all.closest("table").querySelectorAll("tbody input[name=task_ids]");
    all.classList.remove("d-none");
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
  });
  document.addEventListener("change", function (event) {
    if (bar && event.target.name === "task_ids" && event.target.checked) { bar.open = true; }
  });
  var more = document.querySelector("details.more-filters");
  if (more && window.matchMedia("(min-width: 1200px)").matches) { more.open = true; }
})();
