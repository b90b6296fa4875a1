// 站内搜索的第二部分：成员的说法（提问、同义词、繁体、错字、拼音）。zz-search.js 在搜索框打开时才加载本文件，
// 所以页面首次加载不变。
//
// plan() is generator/site/search_query.py's query_plan (tests/test_search_plan.py compares them on every
// query of the test sets): the query folded (traditional and variant forms → the site's, from pagefind/zz-fold.json),
// its forms (the query as typed and as notices write it), its terms (what is left between question words,
// trimmed of filler) and each term's alternatives (its forms, and one synonym replaced).
//
// search() ranks: pages with a whole form of the query (as zz-search.js always did), then pages with every
// term, then pages with a corrected term (a homophone or one character different within four or more, checked
// in the page's own text) or with the Chinese words a pinyin query spells (pagefind/zz-pinyin.json, fetched only
// then), then pages with parts. When no page has it whole, the list is the parts, and the box says so.
var QUESTION_WORDS = ("怎么办 怎么样 怎么弄 怎么做 怎么搞 怎样 怎么 如何 什么时候 什么时间 啥时候 何时 多久 多长时间 " +
  "多少 在哪里 在哪儿 几点钟 几点 几号 几月 几天 几次 几个 几时 哪天 哪一天 哪里 哪儿 在哪 哪些 哪个 哪 是否 是不是 有没有 要不要 需不需要 " +
  "能不能 可不可以 为什么 为何 什么 啥 谁 吗 呢 吧 啊 呀 请问 一下").split(" ");
var FILLER = "一次 一下 一趟 需要 应该 可以 应当 必须 我们 我 要 得 的 了 是 在 到 给 由 把 被 该 都 还 去 来 才 就 又 再 之前 以前 前".split(" ");
function byLength(a, b) { return b.length - a.length; }
// Python's sorted(key=len, reverse=True) is stable: equal lengths keep the order written
function stableByLength(list) {
  return list.map(function (w, i) { return [w, i]; }).sort(function (a, b) { return byLength(a[0], b[0]) || a[1] - b[1]; })
    .map(function (x) { return x[0]; });
}
QUESTION_WORDS = stableByLength(QUESTION_WORDS);
FILLER = stableByLength(FILLER);
var QUESTION = new RegExp(QUESTION_WORDS.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "g");
var EDGE = /^[ ？?！!，,。.、]+|[ ？?！!，,。.、]+$/g;

export function fold(text, table) {
  return Array.from(String(text).normalize("NFKC")).map(function (c) { return table[c] || c; }).join("");
}

export function terms(text) {
  var out = [];
  text.split(QUESTION).forEach(function (part) {
    part = part.replace(EDGE, "");
    var changed = true;
    while (changed && part) {
      changed = false;
      FILLER.forEach(function (w) {
        if (part.length > w.length && part.startsWith(w)) { part = part.slice(w.length); changed = true; }
        if (part.length > w.length && part.endsWith(w)) { part = part.slice(0, -w.length); changed = true; }
      });
    }
    if (part.trim()) out.push(part.trim());
  });
  return out;
}

export function alternatives(term, groups, variants) {
  var out = [];
  variants(term).forEach(function (form) {
    form = form.normalize("NFKC");
    var found = [form];
    groups.forEach(function (g) {
      var w = g.find(function (x) { return form.indexOf(x) >= 0; });
      if (w === undefined || (w.length < 2 && form !== w)) return;
      g.forEach(function (other) { if (other.indexOf(w) < 0) found.push(form.replace(w, other)); });
    });
    found.forEach(function (t) { if (out.indexOf(t) < 0) out.push(t); });
  });
  return out;
}

export function plan(query, table, groups, variants) {
  var text = fold(query, table || {}), nfkc = String(query).normalize("NFKC");
  var forms = [];
  (text === nfkc ? [query] : [query, text]).concat(variants(text).slice(1)).forEach(function (f) {
    if (forms.indexOf(f) < 0) forms.push(f);
  });
  var found = terms(text).map(function (t) { return alternatives(t, groups || [], variants); });
  if (found.length === 1 && found[0].length === 1 && found[0][0] === text) found = [];
  return { forms: forms, terms: found };
}

// ---- tables, fetched from the site ----
var tables = {}, base = null;
function table(name) {
  if (!tables[name]) {
    tables[name] = fetch(new URL("pagefind/" + name, base).href).then(function (r) { return r.json(); })
      .catch(function () { return null; });
  }
  return tables[name];
}
export function foldTable() {
  return table("zz-fold.json").then(function (t) {
    var map = {}, chars = Array.from((t && t.fold) || "");
    for (var i = 0; i + 1 < chars.length; i += 2) map[chars[i]] = chars[i + 1];
    return { fold: map, synonyms: (t && t.synonyms) || [] };
  });
}
var pinyinCache = null;
function pinyinTable() {
  if (!pinyinCache) {
    pinyinCache = table("zz-pinyin.json").then(function (t) {
      var chars = {}, full = {}, initials = {}, words = [];
      if (!t) return null;
      t.chars.split(" ").forEach(function (x) { var c = Array.from(x)[0]; chars[c] = x.slice(c.length); });
      t.words.forEach(function (line) {
        var parts = line.split(" "), w = { word: parts[0], syllables: parts.slice(1, -1), count: +parts[parts.length - 1] };
        var key = w.syllables.join(""), ini = w.syllables.map(function (s) { return s[0]; }).join("");
        (initials[ini] = initials[ini] || []).push(w);
        words.push(w);
        // every run of two or more of its syllables spells that part of the word (宪法 inside 宪法宣传周)
        var chars = Array.from(w.word);
        for (var i = 0; i < chars.length; i++) {
          for (var j = i + 2; j <= chars.length; j++) {
            var k = w.syllables.slice(i, j).join("");
            (full[k] = full[k] || []).push(i === 0 && j === chars.length ? w : { word: chars.slice(i, j).join(""), count: w.count });
          }
        }
      });
      return { chars: chars, full: full, initials: initials, words: words };
    });
  }
  return pinyinCache;
}

// Latin letters typed as pinyin, full (dangfei, dang fei) or initials (dfjn): the site's words they spell, fewest
// words first, then the most frequent. Returns the Chinese text, or null.
export function spell(letters, py) {
  var s = letters.toLowerCase().replace(/[^a-z]/g, ""), n = s.length;
  if (!n || n > 40) return null;
  return spellWith(s, py, false) || (n <= 6 && !/\s/.test(letters.trim()) ? spellWith(s, py, true) : null);
}
function spellWith(s, py, byInitials) {
  var n = s.length;
  var best = [{ words: 0, count: 0, text: "" }];
  for (var i = 1; i <= n; i++) best.push(null);
  for (i = 0; i < n; i++) {
    if (!best[i]) continue;
    for (var j = i + 1; j <= Math.min(n, i + 30); j++) {
      var key = s.slice(i, j), cands = byInitials ? (j - i >= 2 ? py.initials[key] || [] : []) : py.full[key] || [];
      if (!cands.length) continue;
      var w = cands.reduce(function (a, b) { return b.count > a.count || (b.count === a.count && b.word.length > a.word.length) ? b : a; });
      var cand = { words: best[i].words + 1, count: best[i].count + Math.log(1 + w.count), text: best[i].text + w.word };
      var cur = best[j];
      if (!cur || cand.words < cur.words || (cand.words === cur.words && cand.count > cur.count)) best[j] = cand;
    }
  }
  return best[n] ? best[n].text : null;
}

// A run of the page's text (its atoms, lower case) that is the term with one character different: one with the
// same pinyin, or any character but the first and last when the term has four or more. Returns the run, or null.
function oneOff(term, atoms, py) {
  var k = term.length;
  for (var i = 0; i + k <= atoms.length; i++) {
    var diff = -1, bad = false;
    for (var j = 0; j < k && !bad; j++) {
      if (atoms[i + j] !== term[j]) { if (diff >= 0) bad = true; else diff = j; }
    }
    if (bad || diff < 0) continue;
    var same = py && py.chars[term[diff]] && py.chars[term[diff]] === py.chars[atoms[i + diff]];
    // another reading only inside a word of four or more (at its ends, the next word of the page would do)
    if (same || (k >= 4 && diff > 0 && diff < k - 1)) return atoms.slice(i, i + k).join("");
  }
  return null;
}

// ---- the search ----
// zz: window.zzSearch (atoms, queryVariants, find, decodeText); pf: the Pagefind instance.
export function search(zz, pf, query, root) {
  base = root;
  return foldTable().then(function (t) {
    var p = plan(query, t.fold, t.synonyms, zz.queryVariants);
    // a pasted paragraph is the page's own text: searched as it is (its windows, zz-search.js), no variants or terms
    var pasted = zz.queryUnits(query).length > zz.LONG;
    var forms = (pasted ? [query] : p.forms.slice().reverse()).filter(function (f) { return zz.atoms(f).atoms.length; });
    var termAlts = (pasted ? [] : p.terms).map(function (alts) { return alts.filter(function (a) { return zz.atoms(a).atoms.length; }); })
      .filter(function (alts) { return alts.length; });
    var jobs = forms.map(function (f) { return zz.find(pf, f); });
    var flat = [];
    termAlts.forEach(function (alts, ti) { alts.forEach(function (a) { flat.push({ term: ti, alt: a }); jobs.push(zz.find(pf, a)); }); });
    return Promise.all(jobs).then(function (lists) {
      var seen = {}, tiers = { whole: [], terms: [], fixed: [], parts: [] };
      function add(tier, h, why, want) {
        if (seen[h.result.id]) return;
        seen[h.result.id] = true;
        tiers[tier].push({ result: h.result, want: want || h.want, whole: tier !== "parts", why: why, marks: h.marks });
      }
      // 1. a whole form of the query (the date as notices write it first, as before)
      forms.forEach(function (f, i) {
        lists[i].forEach(function (h) { if (h.whole) add("whole", h, "含完整的“" + f + "”", h.want); });
      });
      // 2. every term (some alternative of it) on the page
      var byPage = {}, sizes = termAlts.map(function (alts) { return zz.atoms(alts[0]).atoms.length; });
      flat.forEach(function (job, k) {
        lists[forms.length + k].forEach(function (h) {
          if (!h.whole) return;
          var e = byPage[h.result.id] || (byPage[h.result.id] = { h: h, terms: {}, score: 0, words: [], marks: [] });
          if (!e.terms[job.term]) { e.terms[job.term] = job.alt; e.words.push(job.alt); e.marks.push(h.want); }
          e.score += h.result.score || 0;
        });
      });
      var entries = Object.keys(byPage).map(function (id) {
        var e = byPage[id];
        e.weight = termAlts.reduce(function (c, alts, ti) { return c + (e.terms[ti] ? sizes[ti] : 0); }, 0);
        e.all = termAlts.every(function (alts, ti) { return e.terms[ti]; });
        e.long = termAlts.some(function (alts, ti) { return e.terms[ti] && sizes[ti] >= 2; });
        return e;
      }).sort(function (a, b) { return b.weight - a.weight || b.score - a.score; });
      entries.forEach(function (e) {
        if (e.all) add("terms", { result: e.h.result, want: e.marks[0], marks: e.marks }, "含“" + e.words.join("”“") + "”");
      });
      // parts: how much of the query a page has (as before: more than half of it); with terms, how much of the
      // terms (each term its best alternative on the page, weighted by its length), most first
      var parts = [];
      forms.forEach(function (f, i) { lists[i].forEach(function (h) { if (!h.whole && h.cover > 0.5) parts.push({ h: h, f: f, cover: h.cover }); }); });
      if (termAlts.length) {
        var cov = {}, total = sizes.reduce(function (a, b) { return a + b; }, 0);
        flat.forEach(function (job, k) {
          lists[forms.length + k].forEach(function (h) {
            var c = cov[h.result.id] || (cov[h.result.id] = { h: h, best: {}, words: {} });
            var got = h.whole ? 1 : (h.cover + h.known) / 2;  // a word the site never uses counts half
            if (!(c.best[job.term] >= got)) { c.best[job.term] = got; if (got > 0.5) c.words[job.term] = job.alt; }
          });
        });
        Object.keys(cov).forEach(function (id) {
          var c = cov[id], have = termAlts.reduce(function (a, alts, ti) { return a + sizes[ti] * (c.best[ti] || 0); }, 0) / total;
          var words = Object.keys(c.words).map(function (ti) { return c.words[ti]; });
          if (have > 0.5) parts.push({ h: c.h, f: words.join("”“") || query, cover: have, marks: words.map(zz.queryUnits) });
        });
      }
      parts.sort(function (a, b) { return b.cover - a.cover || (b.h.score || 0) - (a.h.score || 0); });
      var partial = function () {
        parts.forEach(function (x) {
          add("parts", x.marks && x.marks.length ? { result: x.h.result, want: x.h.want, marks: x.marks.concat([x.h.want]) } : x.h,
            "含“" + x.f + "”中的部分词语");
        });
      };
      var letters = /^[a-z ]+$/i.test(query.trim());
      if ((tiers.whole.length || tiers.terms.length) && !letters) {
        partial();
        return done(tiers, false);
      }
      // 3. a pinyin query (also when its letters are on the site: a file name), or, nothing whole, a term with one character wrong
      var wrong = (termAlts.length ? termAlts.map(function (a) { return a[0]; }) : [forms[forms.length - 1]])
        .filter(function (x) { return zz.atoms(x).atoms.length >= 2 && !/[0-9A-Za-z]/.test(x); });
      if (!letters && !wrong.length) { partial(); return done(tiers, true); }
      return pinyinTable().then(function (py) {
        if (!py) { partial(); return done(tiers, true); }
        if (letters) {
          var text = spell(query, py);
          if (!text) { partial(); return done(tiers, !tiers.whole.length); }
          return zz.find(pf, text).then(function (hits) {
            hits.forEach(function (h) { if (h.whole) add("fixed", h, "拼音“" + query.trim() + "”：" + text); });
            hits.forEach(function (h) { if (!h.whole && h.cover > 0.5) add("parts", h, "拼音“" + query.trim() + "”：" + text + "（部分）"); });
            partial();
            return done(tiers, !tiers.fixed.length && !tiers.whole.length);
          });
        }
        if (tiers.whole.length || tiers.terms.length) { partial(); return done(tiers, false); }
        return fixTerms(zz, pf, wrong, py, forms, lists).then(function (fixed) {
          fixed.forEach(function (x) { add("fixed", x.h, "按“" + x.text + "”（输入的是“" + x.typed + "”）", x.want); });
          partial();
          return done(tiers, !tiers.fixed.length);
        });
      });
    });
  });
}

function done(tiers, partial) {
  return { hits: tiers.whole.concat(tiers.terms, tiers.fixed, tiers.parts), partial: partial && tiers.parts.length > 0 };
}

// For each term no page has whole: homophones among the site's words (two or three characters), and the pages
// that have most of it checked for a run with one character different. Returns hits with the corrected text.
function fixTerms(zz, pf, wrong, py, forms, lists) {
  var jobs = wrong.map(function (term) {
    var atoms = zz.atoms(term).atoms, key = atoms.map(function (c) { return py.chars[c] || "?"; }).join("");
    var homophones = (py.full[key] || []).filter(function (w) { return w.word !== term && w.word.length === atoms.length; });
    var byWord = homophones.length ? zz.find(pf, homophones[0].word).then(function (hits) {
      return hits.filter(function (h) { return h.whole; }).map(function (h) { return { h: h, text: homophones[0].word, typed: term, want: h.want }; });
    }) : Promise.resolve([]);
    var near = atoms.length >= 3 ? zz.find(pf, term).then(function (hits) {
      var cands = hits.filter(function (h) { return !h.whole && (atoms.length >= 4 ? h.cover > 0 : h.cover >= 0.5); }).slice(0, 8);
      return Promise.all(cands.map(function (h) { return h.result.data(); })).then(function (data) {
        var out = [];
        data.forEach(function (d, i) {
          var text = oneOff(atoms.map(function (a) { return a.toLowerCase(); }), zz.decodeAtoms(d.content), py);
          if (text) out.push({ h: cands[i], text: text, typed: term, want: zz.queryUnits(text) });
        });
        return out;
      });
    }) : Promise.resolve([]);
    return Promise.all([byWord, near]).then(function (r) { return r[0].concat(r[1]); });
  });
  return Promise.all(jobs).then(function (r) { return [].concat.apply([], r); });
}

// ---- finding and showing results (moved here from zz-search.js so that a page's first load does not carry it) ----
// tools(zz, c) returns find (the pages for one query), findLong, decode, decodeAtoms, excerpt and item (a result's
// list entry); zz-search.js adds them to window.zzSearch when the box opens.
export function tools(zz, c) {
  var atoms = zz.atoms, queryUnits = zz.queryUnits, root = c.root, LANGUAGE = c.LANGUAGE, BLOCK_END = c.BLOCK_END;
  var WORD = c.WORD, ALNUM = c.ALNUM, LONG = c.LONG, WINDOW = 3, total = null;
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
  // A pasted paragraph: two phrases of WINDOW units (its first and last four characters) instead of every unit, so
  // only their index chunks are fetched. A page with both is taken to have it whole; a page with one has parts.
  function findLong(pf, want) {
    var starts = [0, want.length - WINDOW];
    return Promise.all(starts.map(function (s) { return pf.search('"' + want.slice(s, s + WINDOW).join(" ") + '"'); })).then(function (got) {
      var pages = {};
      got.forEach(function (r) {
        r.results.forEach(function (x) { var p = pages[x.id] || (pages[x.id] = { result: x, n: 0, score: 0 }); p.n++; p.score += x.score; });
      });
      return Object.keys(pages).map(function (id) { return pages[id]; }).sort(function (a, b) { return b.n - a.n || b.score - a.score; })
        .map(function (p) { return { result: p.result, want: want, whole: p.n === starts.length, cover: p.n / starts.length }; });
    });
  }


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
  function decodeAtoms(content) { return decode(content).map(function (t) { return t.atom.toLowerCase(); }); }
  return { find: find, findLong: findLong, decode: decode, decodeAtoms: decodeAtoms, excerpt: excerpt, item: item, LONG: LONG };
}
