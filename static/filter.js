// Filters the table of all claims by outlet, topic, stance and verdict, and by text.
// The page works without it: the form stays hidden and the whole table shows.
(function () {
  "use strict";
  var form = document.getElementById("claim-filters");
  var table = document.getElementById("all-claims");
  var count = document.getElementById("filter-count");
  if (!form || !table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  // The page lists each select's choices (outlets and topics in site order, verdicts on the scale).
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var search = document.getElementById("filter-text");

  // What the search looks through: the row's visible text and the quote.
  var haystacks = rows.map(function (row) {
    return (row.textContent + " " + (row.getAttribute("data-quote") || "")).toLowerCase();
  });

  function apply() {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, i) {
      var visible = selects.every(function (select) {
        return !select.value || row.getAttribute("data-" + select.getAttribute("data-filter")) === select.value;
      }) && words.every(function (word) {
        return haystacks[i].indexOf(word) !== -1;
      });
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    count.textContent = shown === rows.length
      ? "Showing all " + rows.length + " claims."
      : "Showing " + shown + " of " + rows.length + " claims.";
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
})();
