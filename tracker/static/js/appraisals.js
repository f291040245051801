// Enhancements for the appraisal pages. Every flow works without this file: the server computes totals,
// splits items where the user pressed Enter, and refuses an owner outside the lead agency.
(function () {
  "use strict";

  // "12,50" as Vietnamese users type it; NaN for anything else.
  function parsePoints(text) {
    var t = (text || "").replace(/\s/g, "");
    if (!t) { return null; }
    if (!/^\d{1,5}([.,]\d{1,2})?$/.test(t)) { return NaN; }
    return Math.round(parseFloat(t.replace(",", ".")) * 100);  // in hundredths: no float drift
  }

  // Separators follow the page's language (the server says which): "1.234,50" or "1,234.50".
  var decimal = ",";
  function formatPoints(hundredths) {
    var sign = hundredths < 0 ? "−" : "";
    var abs = Math.abs(hundredths);
    var whole = Math.floor(abs / 100);
    var frac = String(abs % 100).padStart(2, "0");
    var group = decimal === "," ? "." : ",";
    return sign + String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, group) + decimal + frac;
  }

  function scoreForm(form) {
    var history = {};
    try { history = JSON.parse(form.getAttribute("data-history") || "{}"); } catch (e) { history = {}; }
    var current = form.getAttribute("data-appraisal");
    var msg = form.dataset;
    decimal = msg.decimal || ",";
    var unit = form.querySelector("#unit_id");
    var year = form.querySelector("#year");
    var inputs = form.querySelectorAll(".score-input");

    function previous() {
      var rows = history[unit && unit.value] || [];
      var y = parseInt(year && year.value, 10);
      var best = null;
      rows.forEach(function (row) {
        if (String(row[2]) !== current && row[0] < y && (!best || row[0] >= best[0])) { best = row; }
      });
      return best;
    }

    function check(input) {
      var value = parsePoints(input.value);
      var max = Math.round(parseFloat(input.getAttribute("data-max")) * 100);
      var feedback = document.getElementById(input.id + "-error");
      var message = "";
      if (value !== null && isNaN(value)) { message = msg.msgNan; }
      else if (value !== null && value > max) { message = msg.msgOver.replace("{max}", formatPoints(max)); }
      input.classList.toggle("is-invalid", message !== "");
      if (feedback) { feedback.textContent = message; }
      return message ? null : value;
    }

    function update() {
      var totals = { self: null, score: null };
      inputs.forEach(function (input) {
        var value = check(input);
        var kind = input.getAttribute("data-kind");
        if (value !== null && !isNaN(value)) { totals[kind] = (totals[kind] || 0) + value; }
      });
      var selfCell = document.getElementById("self-total");
      var scoreCell = document.getElementById("score-total");
      if (selfCell) { selfCell.textContent = totals.self === null ? "—" : formatPoints(totals.self); }
      if (scoreCell) { scoreCell.textContent = totals.score === null ? "—" : formatPoints(totals.score); }
      var change = document.getElementById("score-change");
      var prev = previous();
      if (change) {
        if (prev && totals.score !== null) {
          var delta = totals.score - Math.round(parseFloat(prev[1]) * 100);
          var signed = (delta > 0 ? "+" : (delta < 0 ? "" : "±")) + formatPoints(delta);
          change.textContent = msg.msgChange.replace("{d}", signed).replace("{y}", prev[0]);
          change.classList.toggle("text-success", delta > 0);
          change.classList.toggle("text-danger", delta < 0);
        } else {
          change.textContent = "";
        }
      }
    }

    inputs.forEach(function (input) { input.addEventListener("input", update); });
    [unit, year].forEach(function (el) { if (el) { el.addEventListener("change", update); } });
    var framework = form.querySelector("#framework_id");
    if (framework) {
      // The score inputs belong to the framework: redraw them from the server when it changes.
      framework.addEventListener("change", function () { form.requestSubmit(); });
    }
  }

  // Split at the caret: put a line break where the cursor is, the server cuts there.
  function splitAtCaret(event) {
    var button = event.target.closest(".split-button");
    if (!button) { return; }
    var area = document.getElementById(button.getAttribute("data-target"));
    if (!area || /\n/.test(area.value.trim())) { return; }
    var at = area.selectionStart;
    if (at > 0 && at < area.value.length) {
      area.value = area.value.slice(0, at).replace(/[\s,;]+$/, "") + "\n" + area.value.slice(at).replace(/^[\s,;]+/, "");
    }
  }

  // Offer only the lead agency's officers as owner.
  function filterOwners(select, agencyId) {
    var keep = String(agencyId || "");
    Array.prototype.forEach.call(select.options, function (option) {
      var agency = option.getAttribute("data-agency");
      if (agency === null) { return; }
      option.hidden = agency !== keep;
      if (option.hidden && option.selected) { select.value = "0"; }
    });
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      group.hidden = !group.querySelector("option:not([hidden])");
    });
  }

  // A button that cannot be taken back asks in place; without JavaScript the server asks on its own page.
  function confirmButton(event) {
    var button = event.target.closest("button[data-confirm-button]");
    if (!button || !button.form) { return; }
    if (!window.confirm(button.getAttribute("data-confirm-button"))) {
      event.preventDefault();
      return;
    }
    var flag = button.form.querySelector("input[name=confirmed]");
    if (flag) { flag.value = "1"; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.addEventListener("click", confirmButton);
    var form = document.getElementById("appraisal-form");
    if (form) { scoreForm(form); }
    document.addEventListener("click", splitAtCaret);
    // The recognised parts are often at the end of a long article: start the text there.
    var source = document.getElementById("source-text");
    var first = source && source.querySelector("mark");
    if (first && !window.location.hash) { source.scrollTop = Math.max(0, first.offsetTop - source.offsetTop - 24); }
    document.querySelectorAll(".owner-select[data-lead]").forEach(function (select) {
      filterOwners(select, select.getAttribute("data-lead"));
    });
    document.querySelectorAll(".owner-select[data-lead-select]").forEach(function (select) {
      var lead = document.getElementById(select.getAttribute("data-lead-select"));
      if (!lead) { return; }
      filterOwners(select, lead.value);
      lead.addEventListener("change", function () { filterOwners(select, lead.value); });
    });
  });
})();
