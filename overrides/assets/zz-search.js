// 站内搜索：本项目自己的搜索框（partials/zz-search.html），查询 Pagefind 索引（generator/search.py 生成在 pagefind/ 下）。
// Nothing is fetched until the reader opens the box; then Pagefind's entry file, its WebAssembly and the
// index chunks for the units typed, all from this site.
//
// The query is cut by the same rule as the pages were (generator/search.py, the module docstring):
// atoms (a Latin word, or any other letter or digit), and the unit at each atom is it and the next one.
// units() below must stay equal to generator.search.units (tests/test_search.py compares them on every
// block of the site). Pagefind is told the index's language (zxx) so it does not cut the units again.
//
// When the box opens, zz-search-plan.js is loaded too: it plans the query (question words, synonyms, variant
// forms, slips, pinyin; generator/site/search_query.py is the same rule), finds the pages (pages that contain the
// whole query first, by Pagefind's relevance for its units; then pages with every term, corrected terms, parts)
// and shows each result (month, excerpt, why it matched). This file keeps the rule, the dialog and the history
// entry that lets the back gesture close it. The dialog's data-query is set when the first results show,
// data-complete when the list is final (tests wait on them).
(function () {
  "use strict";
  var LANGUAGE = "zxx", BLOCK_END = "¶", SHOWN = 10, FIRST = 4, LONG = 24;
  var WORD = /[0-9A-Za-z\u00c0-\u024f]/, ALNUM = /^[\p{L}\p{N}]+$/u, CONNECTOR = /\p{Pc}/u, SPACE = /\s/u;

  // ---- the rule (mirror of generator/search.py) ----
  function atoms(text) {
    var out = [], gaps = [], lead = "", open = false;
    for (var original of String(text)) {
      var folded = original.normalize("NFKC");
      if (!ALNUM.test(folded)) {
        open = false;
        if (!SPACE.test(original) && !CONNECTOR.test(original)) {
          if (out.length) gaps[gaps.length - 1] += original; else lead += original;
        }
        continue;
      }
      for (var ch of folded) {
        if (WORD.test(ch)) {
          if (open) { out[out.length - 1] += ch; continue; }
          open = true;
        } else {
          open = false;
        }
        out.push(ch);
        gaps.push("");
      }
    }
    return { lead: lead, atoms: out, gaps: gaps };
  }
  function join(a, b) { return WORD.test(a.slice(-1)) && WORD.test(b[0]) ? a + "_" + b : a + b; }
  function units(text) {
    var a = atoms(text).atoms;
    return a.map(function (x, i) { return i + 1 < a.length ? join(x, a[i + 1]) : x; });
  }
  function queryUnits(text) { var u = units(text); return u.length > 1 ? u.slice(0, -1) : u; }
  // A date written otherwise than notices write it (十月, 二〇二五年十一月三日, 2025-10, 2026.1.15, 09月) is also
  // searched as they do (2025年10月15日); generator.search.query_variants is the same rule.
  var NUMERAL = { "〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  var DATE_NUMERALS = /([〇零一二三四五六七八九]{4})(?=年)|([二三]?十[一二三四五六七八九]?|[一二三四五六七八九])(?=[月日号])/g;
  var DATE_DIGITS = /(?<![0-9])((?:19|20)[0-9]{2})[-./]([0-9]{1,2})(?:[-./]([0-9]{1,2}))?(?![0-9])/g;
  var LEADING_ZERO = /(?<![0-9])0+([1-9])(?=[月日号])/g;
  var ORDINAL_DIGITS = /(?<=第)([1-9][0-9]?)(?=[次届章编卷批])|(?<![0-9])([1-9][0-9]?)(?=届|中全会)|(?<![0-9])([1-9][0-9])(?=大(?![0-9]))/g;
  var MONTH_DAY = /(?<![0-9./-])([0-9]{1,2})[./-]([0-9]{1,2})(?![0-9./%-])/g, DAY_HAO = /(?<=月)([0-9]{1,2})号/g;
  var COUNT_NUMERAL = /(?<![第〇零一二三四五六七八九十两])([一二三四五六七八九两]|十[一二三四五六七八九]?)(?=[个项次名天位条件](?![〇零一二三四五六七八九十两]))/g;
  var MEASURE = /([0-9])[个项次名天位条件](?=(?![〇零一二三四五六七八九十两])[\u4e00-\u9fff])/g;
  function numeralValue(day) {
    var parts = day.split("十");
    return parts.length > 1 ? (parts[0] ? NUMERAL[parts[0]] : 1) * 10 + (parts[1] ? NUMERAL[parts[1]] : 0) : NUMERAL[day];
  }
  function chineseNumber(n) {
    var names = "〇一二三四五六七八九", tens = Math.floor(n / 10), ones = n % 10;
    return (tens ? (tens > 1 ? names[tens] : "") + "十" : "") + (ones ? names[ones] : "");
  }
  function queryVariants(original) {
    var text = String(original).normalize("NFKC");
    var folded = text.replace(DATE_NUMERALS, function (m, year, day, offset) {
      if (year) return Array.from(year).map(function (c) { return NUMERAL[c]; }).join("");
      var value = numeralValue(day);
      var limit = text.charAt(offset + m.length) === "月" ? 12 : 31;
      return value >= 1 && value <= limit ? String(value) : day;
    }).replace(DATE_DIGITS, function (m, year, month, day) {
      var mm = parseInt(month, 10), dd = day === undefined ? 1 : parseInt(day, 10);
      if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return m;
      return year + "年" + mm + "月" + (day === undefined ? "" : dd + "日");
    }).replace(LEADING_ZERO, "$1").replace(MONTH_DAY, function (m, month, day) {
      var mm = parseInt(month, 10), dd = parseInt(day, 10);
      return mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31 ? mm + "月" + dd + "日" : m;
    }).replace(LEADING_ZERO, "$1").replace(DAY_HAO, "$1日")
      .replace(ORDINAL_DIGITS, function (m) { return chineseNumber(parseInt(m, 10)); })
      .replace(COUNT_NUMERAL, function (m) { return String(numeralValue(m.replace("两", "二"))); });
    var out = folded === text ? [original] : [original, folded], dropped = folded.replace(MEASURE, "$1");
    return dropped === folded ? out : out.concat([dropped]);
  }

  var zz = window.zzSearch = { atoms: atoms, units: units, queryUnits: queryUnits, queryVariants: queryVariants };

  // ---- Pagefind ----
  var script = document.currentScript;
  var root = new URL("../", script ? script.src : location.href);   // this file is assets/zz-search.js
  var engine = null, planner = null;
  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        // Pagefind picks its query analyser from <html lang> when an instance is created, and for zh-CN it
        // would cut the units again with Intl.Segmenter. Name the index's language for that moment (Pagefind
        // reads the attribute only then; its maintainer suggests this in Pagefind issue #593).
        var html = document.documentElement, lang = html.getAttribute("lang"), instance;
        html.setAttribute("lang", LANGUAGE);
        try { instance = pf.createInstance({ baseUrl: root.pathname }); } finally { html.setAttribute("lang", lang); }
        return instance.options({ baseUrl: root.pathname, excerptLength: 0 }).then(function () { return instance; });
      });
      // the second part of the search (questions, synonyms, variant forms, slips, pinyin): zz-search-plan.js
      // and how results are found and shown (find, excerpt, item): none of it is needed before the box opens
      planner = import(new URL("assets/zz-search-plan.js", root).href).then(function (m) {
        var t = m.tools(zz, { root: root, LANGUAGE: LANGUAGE, BLOCK_END: BLOCK_END, WORD: WORD, ALNUM: ALNUM, LONG: LONG });
        Object.keys(t).forEach(function (k) { zz[k] = t[k]; });
        zz.plan = m;
        return m;
      });
      engine = Promise.all([engine, planner]).then(function (r) { return r[0]; });
      engine.catch(function () { engine = null; say("搜索暂时无法使用，请检查网络后重试。"); });
    }
    return engine;
  }


  // ---- the dialog ----
  var dialog = document.getElementById("zz-search");
  var open = document.querySelector(".zz-search-open");
  if (!dialog || !open) return;
  var input = dialog.querySelector(".zz-search__input");
  var status = dialog.querySelector(".zz-search__status");
  var list = dialog.querySelector(".zz-search__results");
  var close = dialog.querySelector(".zz-search__close");
  var partialLine = dialog.querySelector(".zz-search__partial");
  var seq = 0, timer = null;

  function say(text) { status.textContent = text; }
  function run() {
    var query = input.value.trim(), mine = ++seq;
    delete dialog.dataset.query;
    delete dialog.dataset.complete;
    partialLine.hidden = true;
    if (!atoms(query).atoms.length) {
      list.innerHTML = "";
      say(query ? "请输入文字或数字。" : "输入词语后即显示结果。");
      return;
    }
    say("正在搜索…");
    load().then(function (pf) { return zz.plan.search(zz, pf, query, root); }).then(function (found) {
      if (mine !== seq) return;
      var results = found.hits, count = results.length;
      list.innerHTML = "";
      if (!count) {
        say("没有找到包含“" + query + "”的内容。可以少输入几个字，或换个说法。");
        dialog.dataset.query = dialog.dataset.complete = query;
        return;
      }
      say("找到 " + count + " 个结果" + (count > SHOWN ? "，显示前 " + SHOWN + " 个" : "") + "。");
      partialLine.hidden = !found.partial;
      var show = function (from, to) {  // each result's text is one small file: the first screen first
        var shown = results.slice(from, to);
        return Promise.all(shown.map(function (h) { return h.result.data(); })).then(function (data) {
          if (mine === seq) list.insertAdjacentHTML("beforeend", data.map(function (d, i) { return zz.item(d, shown[i]); }).join(""));
        });
      };
      return show(0, FIRST).then(function () {
        if (mine === seq) dialog.dataset.query = query;
        return show(FIRST, SHOWN);
      }).then(function () { if (mine === seq) dialog.dataset.complete = query; });
    }).catch(function () { if (mine === seq) say("搜索出错，请刷新页面后重试。"); });
  }

  // The back gesture closes the search: opening it adds a history entry, going back (or closing) removes it.
  function show() {
    if (!dialog.open) {
      dialog.showModal ? dialog.showModal() : dialog.setAttribute("open", "");
      if (!(history.state && history.state.zzSearch)) history.pushState({ zzSearch: true }, "");
    }
    load();
    input.focus();
  }
  function hide() {
    if (dialog.open) { dialog.close ? dialog.close() : dialog.removeAttribute("open"); }
    open.focus();
  }
  open.addEventListener("click", show);
  close.addEventListener("click", function () { if (history.state && history.state.zzSearch) history.back(); else hide(); });
  window.addEventListener("popstate", function () { if (dialog.open) hide(); });
  dialog.addEventListener("cancel", function (e) {  // Esc: leave the history entry too
    if (history.state && history.state.zzSearch) { e.preventDefault(); history.back(); }
  });
  dialog.addEventListener("click", function (e) { if (e.target === dialog) close.click(); });  // the backdrop
  list.addEventListener("click", function (e) {  // a result opens in place of this page: its entry replaces ours
    if (e.target.closest(".zz-search__link") && history.state && history.state.zzSearch) history.replaceState(null, "");
  });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  dialog.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (e.key === "/" && !typing && !dialog.open) { e.preventDefault(); show(); }
  });
})();
