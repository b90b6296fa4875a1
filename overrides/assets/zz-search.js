// 站内搜索：Pagefind 索引（构建时由 generator/site.py 生成在 pagefind/ 下），界面沿用主题的搜索框。
// The box's data-query is set when the first results show, data-complete when all are listed (tests wait on them).
// Nothing is fetched until the reader opens the search box; then only Pagefind's entry file,
// its WebAssembly and the index chunks for the words typed, all from this site.
(function () {
  var box = document.querySelector(".zz-search");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var input = box.querySelector(".md-search__input");
  var form = box.querySelector("form");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var root = typeof __md_scope !== "undefined" ? __md_scope : new URL(".", location);
  var engine = null, seq = 0, timer = null;
  var SHOWN = 10, FIRST = 4;  // results shown, and how many fill the first screen of a phone

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname, excerptLength: 40 }).then(function () { return pf.init(); }).then(function () { return pf; });
      });
      engine.catch(function () { engine = null; meta.textContent = "搜索暂时无法使用，请刷新页面后重试"; });
    }
    return engine;
  }

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function item(h) {
    var title = (h.meta && h.meta.title) || h.url;
    return '<li class="md-search-result__item"><a href="' + esc(h.url) + '" class="md-search-result__link">' +
      '<article class="md-search-result__article md-typeset"><div class="zz-hit-title">' + esc(title) + "</div>" +
      "<p>" + (h.excerpt || "") + "</p></article></a></li>";
  }

  function run() {
    var query = input.value.trim();
    var mine = ++seq;
    if (!query) { meta.textContent = "键入以开始搜索"; list.innerHTML = ""; delete box.dataset.query; delete box.dataset.complete; return; }
    load().then(function (pf) { return pf.search(query); }).then(function (found) {
      if (mine !== seq || !found) return;
      var results = found.results, total = results.length;
      meta.textContent = total === 0 ? "没有找到符合条件的结果" : "找到 " + total + " 个符合条件的结果" +
        (total > SHOWN ? "，显示前 " + SHOWN + " 个" : "");
      list.innerHTML = "";
      if (total === 0) { box.dataset.query = box.dataset.complete = query; return; }
      // First screen first: each result's text is one small file; fetch FIRST, show them, then the rest.
      var show = function (from, to) {
        return Promise.all(results.slice(from, to).map(function (r) { return r.data(); })).then(function (hits) {
          if (mine === seq) list.insertAdjacentHTML("beforeend", hits.map(item).join(""));
        });
      };
      return show(0, FIRST).then(function () {
        if (mine === seq) box.dataset.query = query;
        return show(FIRST, SHOWN);
      }).then(function () { if (mine === seq) box.dataset.complete = query; });
    });
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked) { load(); setTimeout(function () { input.focus(); }, 50); }
  });
  input.addEventListener("focus", function () { load(); if (!toggle.checked) toggle.checked = true; });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 100); });
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
  form.addEventListener("reset", function () { setTimeout(run, 0); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && toggle.checked) { toggle.checked = false; input.blur(); }
  });
})();
