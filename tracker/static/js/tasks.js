// The task page, progressively enhanced: every form works without this file.
(function () {
  "use strict";
  // Refuse an oversized file before it is uploaded: a 413 after sending 30 MB over a slow line is no help.
  function checkSizes(input) {
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    var message = "";
    Array.prototype.forEach.call(input.files || [], function (file) {
      if (max && file.size > max && !message) {
        message = input.getAttribute("data-too-big").replace("%(name)s", file.name);
      }
    });
    input.setCustomValidity(message);
    var note = document.getElementById(input.id + "-size");
    if (note) { note.textContent = message; note.hidden = !message; }
    if (message) { input.classList.add("is-invalid"); } else { input.classList.remove("is-invalid"); }
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-max-bytes]")) {
      checkSizes(event.target);
    }
  });
})();
