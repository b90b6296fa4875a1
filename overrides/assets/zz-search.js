// 站内搜索：本项目自己的搜索框（partials/zz-search.html），查询 Pagefind 索引（generator/search.py 生成在 pagefind/ 下）。
// Nothing is fetched until the reader opens the box; then Pagefind's entry file, its WebAssembly and the
// index chunks for the units typed, all from this site.
//
// The query is cut by the same rule as the pages were (generator/search.py, the module docstring):
// atoms (a Latin word, or any other letter or digit), and the unit at each atom is it and the next one.
// units() below must stay equal to generator.search.units (tests/test_search.py compares them on every
// block of the site). Pagefind is told the index's language (zxx) so it does not cut the units again.
//
// Ranking: pages that contain the whole query (Pagefind's exact-phrase search over the units) come first,
// by Pagefind's relevance for the query's units; then pages that have more than half of its characters
// (each unit searched on its own; a character weighs as much as the rarest unit over it), most first. The dialog's data-query is set when the first results show, data-complete when the
// list is final (tests wait on them).
(function () {
  "use strict";
  var LANGUAGE = "zxx", BLOCK_END = "¶", SHOWN = 10, FIRST = 4, LONG = 24, WINDOW = 4;
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

  // ---- showing indexed text again: a token per atom (its unit), the punctuation after it a token of its own ----
  function decode(content) {
    var out = [], pending = "";
    String(content || "").split(" ").forEach(function (token) {
      if (!token) return;
      var chars = Array.from(token), i = 0, j = chars.length, lead = pending, gap = "";
      while (i < j && !ALNUM.test(chars[i]) && chars[i] !== "_") lead += chars[i++];
      while (j > i && !ALNUM.test(chars[j - 1]) && chars[j - 1] !== "_") gap = chars[--j] + gap;
      var core = chars.slice(i, j).join("");
      if (!core) {  // punctuation is a token of its own: it belongs after the atom before it
        if (out.length) out[out.length - 1].gap += token; else pending += token;
        return;
      }
      pending = "";
      var first = WORD.test(core[0]) ? core.match(/^[0-9A-Za-z\u00c0-\u024f]+/)[0] : Array.from(core)[0];
      out.push({ lead: lead, atom: first, gap: gap, unit: core.toLowerCase() });
    });
    return out;
  }
  function render(tokens, from, to, marked) {
    var html = "", prevWord = false;
    for (var i = from; i < to; i++) {
      var t = tokens[i], gap = t.gap.replace(BLOCK_END, "");
      var word = WORD.test(t.atom[0]);
      if (prevWord && word && !t.lead) html += " ";
      var atom = esc(t.atom);
      html += esc(t.lead) + (marked[i] ? "<mark>" + atom + "</mark>" : atom) + esc(gap);
      if (t.gap.indexOf(BLOCK_END) >= 0 && i + 1 < to) html += " ";
      prevWord = word && !gap;
    }
    return html.replace(/<\/mark><mark>/g, "");
  }
  // The excerpt around the match, with whole words of the query highlighted: every run of a page's text that is
  // one of `marks` (a list of unit lists: the query, or each of its terms) whole; when the page has none of them
  // whole, the runs of two or more of the query's units in a row (or its first or last unit), never a lone unit
  // that straddles two words (进支 inside 先进支部). Returns { html, text } (text: the first highlighted run, for
  // the link's text fragment).
  function excerpt(content, marks) {
    var tokens = decode(content), n = tokens.length, marked = {}, center = -1, first = null, span = 0;
    marks = marks.map(function (m) { return m.map(function (u) { return u.toLowerCase(); }); });
    marks.forEach(function (want) {
      var k = want.length, s = k === 1 && atoms(want[0]).atoms.length === 1 ? 0 : k;  // atoms after the first it covers
      for (var i = 0; i + k <= n; i++) {
        var all = true;
        for (var j = 0; j < k && all; j++) all = tokens[i + j].unit.indexOf(want[j]) === 0;
        if (!all) continue;
        for (j = 0; j <= s && i + j < n; j++) marked[i + j] = true;
        if (center < 0) { center = i; span = s; first = [i, Math.min(n - 1, i + s)]; }
      }
    });
    var whole = center >= 0;
    if (!whole) {  // parts: runs of the query's units in a row
      var want = marks[0], hits = [];
      for (var i = 0; i < n; i++) {
        for (var s = 0; s < want.length; s++) {
          var L = 0;
          while (i + L < n && s + L < want.length && tokens[i + L].unit === want[s + L]) L++;
          if (L >= 2 || (L === 1 && (s === 0 || s + 1 === want.length) && want.length > 1)) {
            for (var j = 0; j <= L && i + j < n; j++) marked[i + j] = true;
            hits.push(i);
            if (!first || L > first[1] - first[0]) first = [i, Math.min(n - 1, i + L)];
            break;
          }
        }
      }
      var best = -1;
      hits.forEach(function (h) {
        var near = hits.filter(function (x) { return x >= h && x < h + 30; }).length;
        if (near > best) { best = near; center = h; }
      });
    }
    if (center < 0) center = 0;
    // 50 atoms around the match; a long query (a pasted sentence) is shown whole
    var from = Math.max(0, center - 12), to = Math.min(n, Math.max(from + 50, whole ? center + span + 7 : 0));
    var text = "";
    if (first) {  // the longest piece of the run without punctuation inside (a text fragment must match exactly)
      var piece = "", pieces = [];
      for (var t = first[0]; t <= first[1]; t++) {
        piece += tokens[t].atom;
        if (tokens[t].gap.replace(BLOCK_END, "") || WORD.test(tokens[t].atom[0])) { pieces.push(piece); piece = ""; }
      }
      pieces.push(piece);
      text = pieces.reduce(function (a, b) { return b.length > a.length ? b : a; }, "");
    }
    return { html: (from > 0 ? "…" : "") + render(tokens, from, to, marked) + (to < n ? "…" : ""), text: text };
  }
  function title(data) {
    var tokens = decode(data.meta && data.meta.title);
    return tokens.length ? render(tokens, 0, tokens.length, {}) : esc(data.url);
  }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function decodeAtoms(content) { return decode(content).map(function (t) { return t.atom.toLowerCase(); }); }
  var zz = window.zzSearch = { atoms: atoms, units: units, queryUnits: queryUnits, queryVariants: queryVariants, decode: decode,
    decodeAtoms: decodeAtoms };

  // ---- Pagefind ----
  var script = document.currentScript;
  var root = new URL("../", script ? script.src : location.href);   // this file is assets/zz-search.js
  var engine = null, planner = null, total = null;
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
      planner = import(new URL("assets/zz-search-plan.js", root).href).then(function (m) { zz.plan = m; return m; });
      engine = Promise.all([engine, planner]).then(function (r) { return r[0]; });
      engine.catch(function () { engine = null; say("搜索暂时无法使用，请检查网络后重试。"); });
    }
    return engine;
  }

  // The pages for a query, best first. Pagefind's exact-phrase search says which pages contain the whole
  // query but scores them all alike; each unit searched on its own gives Pagefind's relevance (how often,
  // in headings and titles, on how long a page) and says which parts the other pages have.
  function find(pf, query) {
    var n = atoms(query).atoms.length, want = queryUnits(query);
    if (n < 2) return pf.search(want[0]).then(function (r) { return r.results.map(function (x) { return { result: x, want: want, whole: true, cover: 1 }; }); });
    if (want.length > LONG) return findLong(pf, want);
    var distinct = want.filter(function (u, i) { return want.indexOf(u) === i; });
    if (total === null) {  // pages in the index (a search for nothing would fetch every index chunk)
      total = fetch(new URL("pagefind/pagefind-entry.json", root).href).then(function (r) { return r.json(); })
        .then(function (entry) { return entry.languages[LANGUAGE].page_count; }).catch(function () { return 1000; });
    }
    var phrase = want.length > 1 ? pf.search('"' + want.join(" ") + '"') : null;
    return Promise.all([phrase, total, Promise.all(distinct.map(function (u) { return pf.search(u); }))]).then(function (got) {
      var N = got[1], per = got[2], pages = {}, whole = {};
      // How much of the query a page has: each of its atoms weighs as much as the rarest unit over it, and
      // counts when a unit over it is on the page. Counting atoms, not units, keeps a unit that straddles two
      // typed words (后进|支部 → 进支) from crediting pages where those characters meet by chance (推进支部).
      var weight = {};
      distinct.forEach(function (u, i) { weight[u] = Math.log(1 + N / Math.max(1, per[i].results.length)); });
      var atomWeight = [];
      for (var a = 0; a <= want.length; a++) {
        atomWeight.push(Math.max(a < want.length ? weight[want[a]] : 0, a > 0 ? weight[want[a - 1]] : 0));
      }
      var sum = atomWeight.reduce(function (x, y) { return x + y; }, 0), onSite = {};
      distinct.forEach(function (u, i) { onSite[u] = per[i].results.length > 0; });
      // the atoms some page has a unit over (a typed word the site never uses cannot tell pages apart)
      var known = atomWeight.reduce(function (c, w, a) {
        return c + ((a < want.length && onSite[want[a]]) || (a > 0 && onSite[want[a - 1]]) ? w : 0);
      }, 0);
      per.forEach(function (found, i) {
        found.results.forEach(function (r) {
          var p = pages[r.id] || (pages[r.id] = { result: r, units: {}, score: 0 });
          p.units[distinct[i]] = true;
          p.score += r.score;
        });
      });
      Object.keys(pages).forEach(function (id) {
        var p = pages[id];
        p.cover = atomWeight.reduce(function (c, w, a) {
          return c + ((a < want.length && p.units[want[a]]) || (a > 0 && p.units[want[a - 1]]) ? w : 0);
        }, 0);
      });
      (got[0] ? got[0].results : per[0].results).forEach(function (r) { whole[r.id] = true; });
      var all = Object.keys(pages).map(function (id) { return pages[id]; });
      var first = all.filter(function (p) { return whole[p.result.id]; }).sort(function (a, b) { return b.score - a.score; });
      var parts = all.filter(function (p) { return !whole[p.result.id]; })
        .sort(function (a, b) { return b.cover - a.cover || b.score - a.score; });
      var hit = function (whole) {
        return function (p) {
          return { result: p.result, want: want, whole: whole, cover: sum ? p.cover / sum : 0, known: known ? p.cover / known : 0, score: p.score };
        };
      };
      return first.map(hit(true)).concat(parts.map(hit(false)));
    });
  }
  // A pasted paragraph: three phrases of WINDOW units (its start, middle and end) instead of every unit, so only
  // their index chunks are fetched. A page with all three is taken to have it whole (each window is 5 characters
  // in the paragraph's order); a page with some of them has parts.
  function findLong(pf, want) {
    var mid = Math.floor((want.length - WINDOW) / 2), starts = [0, mid, want.length - WINDOW];
    return Promise.all(starts.map(function (s) { return pf.search('"' + want.slice(s, s + WINDOW).join(" ") + '"'); })).then(function (got) {
      var pages = {};
      got.forEach(function (r) {
        r.results.forEach(function (x) { var p = pages[x.id] || (pages[x.id] = { result: x, n: 0, score: 0 }); p.n++; p.score += x.score; });
      });
      return Object.keys(pages).map(function (id) { return pages[id]; }).sort(function (a, b) { return b.n - a.n || b.score - a.score; })
        .map(function (p) { return { result: p.result, want: want, whole: p.n === starts.length, cover: p.n / starts.length }; });
    });
  }

  zz.find = find;
  zz.LONG = LONG;

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
  // The month a result belongs to (or 共用文件, a year's plan), from its address
  function month(url) {
    var path = decodeURI(url || ""), m = path.match(/\/(\d{4})-(\d{2})\//);
    if (m) return m[1] + "年" + parseInt(m[2], 10) + "月";
    if (/\/documents\//.test(path)) return "共用文件";
    m = path.match(/\/plan\/(\d{4})\//);
    return m ? m[1] + "年" : "";
  }
  function item(d, h) {
    var marks = h.marks && h.marks.length ? h.marks : [h.want], ex = excerpt(d.content, marks), when = month(d.url);
    var href = d.url + (ex.text ? "#:~:text=" + encodeURIComponent(ex.text) : "");
    return '<li class="zz-search__result"><a class="zz-search__link" href="' + esc(href) + '">' +
      '<span class="zz-search__title">' + title(d) + (when ? ' <span class="zz-search__month">' + esc(when) + "</span>" : "") + "</span>" +
      '<span class="zz-search__excerpt">' + ex.html + "</span>" +
      (h.why ? '<span class="zz-search__why">' + esc(h.why) + "</span>" : "") + "</a></li>";
  }
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
          if (mine === seq) list.insertAdjacentHTML("beforeend", data.map(function (d, i) { return item(d, shown[i]); }).join(""));
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
