// Filters the list of all claims by outlet, statement, stance and verdict, and by text, and keeps
// the filter in the address (?outlet=NewsX&verdict=False&q=passport), so that a filtered view can be
// shared and survives a reload. The page works without it: the form stays hidden (it is shown only
// where the page's head has marked scripts as running) and the whole list shows.
(function () {
  "use strict";
  var form = document.getElementById("claim-filters");
  var list = document.getElementById("all-claims");
  var count = document.getElementById("filter-count");
  if (!form || !list) return;
  var rows = Array.prototype.slice.call(list.children);
  // The page lists each select's choices (outlets and statements in site order, verdicts on the scale).
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var search = document.getElementById("filter-text");

  // What the search looks through: the row's visible text and the quote.
  var haystacks = rows.map(function (row) {
    return (row.textContent + " " + (row.getAttribute("data-quote") || "")).toLowerCase();
  });

  // From the address: a value a select does not offer is ignored, as if it were not there.
  var params = new URLSearchParams(window.location.search);
  selects.forEach(function (select) {
    var wanted = params.get(select.name);
    if (wanted !== null && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
      select.value = wanted;
    }
  });
  if (params.get(search.name) !== null) search.value = params.get(search.name);

  function remember() {
    var next = new URLSearchParams();
    selects.forEach(function (select) { if (select.value) next.set(select.name, select.value); });
    if (search.value.trim()) next.set(search.name, search.value.trim());
    var query = next.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, "", address);
    }
  }

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
    remember();
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
})();
