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

// A table wider than the screen scrolls sideways inside its .table-responsive box; keyboard users can only scroll
// it when the box takes focus (WCAG 2.1.1), and a screen reader names the region after the table it holds.
(function () {
  "use strict";
  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
    var section = box.closest("section, .card, main");
    var heading = section && section.querySelector("h1, h2, h3");
    return heading ? heading.textContent.trim() : "";
  }
  function mark() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var name = nameOf(box);
        if (name) { box.setAttribute("aria-label", name); }
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
