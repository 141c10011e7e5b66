// Search and filters for /claims/: finds claims among all of them, whatever the list's size, from
// the index the build writes under search/ (src/render/search.rs), fetching only the files a query
// needs: a word's term shard, a chosen value's id list, the chunks of the results shown.
// The filters live in the URL (?q=…&outlet=…&verdict=…), so a filtered view can be shared and
// survives a reload. Without the script the form reloads the list, which stays complete.
(function () {
  "use strict";
  var form = document.getElementById("claim-filters");
  var count = document.getElementById("filter-count");
  var results = document.getElementById("search-results");
  if (!form || !count || !results || !window.fetch || !window.URLSearchParams) return;
  var index = form.getAttribute("data-index");
  var base = form.getAttribute("data-base");
  var text = form.elements.q;
  var FACETS = ["outlet", "topic", "stance", "verdict"];
  var PAGE = 20;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var VERDICT_ICON = { "confirmed": "✓", "false": "✗", "partly-true": "◐", "disputed": "!", "unverified": "?" };
  var STANCE_ICON = { "asserts": "+", "disputes": "−", "hedges": "~" };

  // The list the results replace: everything after the results in the page (the table, its page
  // links), shown again when no filter is set.
  var list = [];
  for (var el = results.nextElementSibling; el; el = el.nextElementSibling) {
    if (el.tagName !== "SCRIPT") list.push(el);
  }

  // Each facet's values as the select lists them; a document refers to a value by its position.
  var values = {};
  FACETS.forEach(function (f) {
    values[f] = Array.prototype.slice.call(form.elements[f].options, 1).map(function (o) {
      return { slug: o.value, label: o.textContent };
    });
  });

  var cache = {};
  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(index + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }

  // Ids are delta-coded in the index.
  function undelta(list) {
    var out = new Array(list.length), last = 0;
    for (var i = 0; i < list.length; i++) { last += list[i]; out[i] = last; }
    return out;
  }

  // As the index makes its terms: lowercase, no accents, letters and digits, two or more long.
  function terms(q) {
    return q.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().split(/[^\p{L}\p{N}]+/u)
      .filter(function (w) { return Array.from(w).length >= 2; });
  }

  function shardName(prefix) {
    return Array.from(prefix).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
    }).join("");
  }

  // The ids of the claims with a term starting with `word`: from the deepest shard whose prefix
  // starts the word, and from every shard under the word.
  function wordIds(meta, word) {
    var deepest = null, under = [];
    meta.shards.forEach(function (s) {
      var p = s[0];
      if (p.length > word.length && p.indexOf(word) === 0) under.push(s);
      else if (word.indexOf(p) === 0 && (!deepest || p.length > deepest[0].length)) deepest = s;
    });
    var shards = under.concat(deepest ? [deepest] : []);
    return Promise.all(shards.map(function (s) { return get("t/" + s[1] + ".json"); })).then(function (maps) {
      var seen = new Set();
      maps.forEach(function (map) {
        Object.keys(map).forEach(function (term) {
          if (term.indexOf(word) === 0) undelta(map[term]).forEach(function (id) { seen.add(id); });
        });
      });
      return Array.from(seen).sort(function (a, b) { return a - b; });
    });
  }

  function intersect(lists) {
    lists.sort(function (a, b) { return a.length - b.length; });
    var sets = lists.slice(1).map(function (l) { return new Set(l); });
    return lists[0].filter(function (id) { return sets.every(function (s) { return s.has(id); }); });
  }

  function state() {
    var s = { q: text.value.trim() };
    FACETS.forEach(function (f) { s[f] = form.elements[f].value; });
    return s;
  }

  function active(s) {
    return s.q !== "" || FACETS.some(function (f) { return s[f]; });
  }

  // The query in the address bar, so that it can be shared and a reload shows it again.
  function remember(s) {
    var params = new URLSearchParams();
    if (s.q) params.set("q", s.q);
    FACETS.forEach(function (f) { if (s[f]) params.set(f, s[f]); });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    text.value = params.get("q") || "";
    FACETS.forEach(function (f) {
      var v = params.get(f) || "";
      var select = form.elements[f];
      select.value = v;
      if (select.value !== v) select.value = "";
    });
  }

  function date(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
    return m ? Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1] : iso;
  }

  function badge(kind, value, icons) {
    var span = document.createElement("span");
    span.className = kind + " " + kind + "-" + value.slug;
    var icon = document.createElement("span");
    icon.className = "icon";
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = icons[value.slug] || "";
    span.appendChild(icon);
    span.appendChild(document.createTextNode(" " + value.label));
    return span;
  }

  function item(doc) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = base + "claims/" + doc[0] + "/";
    a.textContent = doc[1];
    var title = document.createElement("p");
    title.className = "result-title";
    title.appendChild(a);
    var line = document.createElement("p");
    line.className = "result-meta";
    var outlet = values.outlet[doc[2]], topic = values.topic[doc[3]];
    var time = document.createElement("time");
    time.setAttribute("datetime", doc[6]);
    time.textContent = date(doc[6]);
    line.appendChild(document.createTextNode((outlet ? outlet.label : "") + " · "));
    line.appendChild(time);
    line.appendChild(document.createTextNode(" · " + (topic ? topic.label : "") + " "));
    line.appendChild(badge("stance", values.stance[doc[4]], STANCE_ICON));
    line.appendChild(document.createTextNode(" "));
    line.appendChild(badge("verdict", values.verdict[doc[5]], VERDICT_ICON));
    li.appendChild(title);
    li.appendChild(line);
    return li;
  }

  var ids = [], shown = 0, ol = null, more = null, chunk = 32, run = 0;

  // Shows the next page of results, fetching the chunks that hold them.
  function showMore(r) {
    var page = ids.slice(shown, shown + PAGE);
    var chunks = Array.from(new Set(page.map(function (id) { return Math.floor(id / chunk); })));
    return Promise.all(chunks.map(function (n) { return get("d/" + n + ".json"); })).then(function (docs) {
      if (r !== run) return;
      var byChunk = {};
      chunks.forEach(function (n, i) { byChunk[n] = docs[i]; });
      page.forEach(function (id) { ol.appendChild(item(byChunk[Math.floor(id / chunk)][id % chunk])); });
      shown += page.length;
      more.hidden = shown >= ids.length;
    });
  }

  function search() {
    var s = state();
    var r = ++run;
    remember(s);
    if (!active(s)) {
      results.hidden = true;
      results.textContent = "";
      list.forEach(function (el) { el.hidden = false; });
      count.textContent = "";
      return Promise.resolve();
    }
    var words = terms(s.q);
    var need = FACETS.filter(function (f) { return s[f]; }).map(function (f) {
      return get("f/" + f + "/" + s[f] + ".json").then(undelta);
    });
    var metaNeeded = words.length > 0 ? get("meta.json") : Promise.resolve(null);
    count.textContent = "Searching…";
    return metaNeeded.then(function (meta) {
      if (meta) chunk = meta.chunk;
      return Promise.all(need.concat(words.map(function (w) { return wordIds(meta, w); })));
    }).then(function (lists) {
      if (r !== run) return;
      // A query of only one-letter words matches nothing: the index has no such terms.
      ids = lists.length ? intersect(lists) : [];
      shown = 0;
      ol = document.createElement("ol");
      ol.className = "results";
      more = document.createElement("button");
      more.type = "button";
      more.className = "more";
      more.textContent = "More results";
      more.addEventListener("click", function () { showMore(run); });
      // The first results are fetched before anything changes on the page, which then changes once.
      return showMore(r).then(function () {
        if (r !== run) return;
        results.textContent = "";
        results.appendChild(ol);
        results.appendChild(more);
        list.forEach(function (el) { el.hidden = true; });
        results.hidden = false;
        count.textContent = ids.length === 1 ? "1 claim matches." : ids.length + " claims match.";
      });
    }).catch(function () {
      if (r !== run) return;
      count.textContent = "Search is not available just now; the list below shows every claim.";
      results.hidden = true;
      list.forEach(function (el) { el.hidden = false; });
    });
  }

  var timer = null;
  form.addEventListener("input", function (event) {
    clearTimeout(timer);
    timer = setTimeout(search, event.target === text ? 150 : 0);
  });
  form.addEventListener("reset", function () { setTimeout(search, 0); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  window.addEventListener("popstate", function () { restore(); search(); });
  restore();
  if (active(state())) search();
})();
