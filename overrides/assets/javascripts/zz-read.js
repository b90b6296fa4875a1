// 阅读（适老化）：字号三档（标准、大、长辈版，记在本机）、朗读全文（浏览器自带的语音，中文）、宽表格的滑动提示；
// 并注册离线阅读的 sw.js（generator/site/offline.py 生成）。不向网站以外发送任何请求。
(function () {
  var KEY = "zz-size", STEPS = ["标准", "大", "长辈版"], html = document.documentElement;
  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : location.href);   // this file is assets/javascripts/zz-read.js

  function stored() {
    try { var v = +localStorage.getItem(KEY); return v > 0 && v < STEPS.length ? v : 0; } catch (e) { return 0; }
  }
  function apply(step) {
    if (step) html.setAttribute("data-zz-size", String(step)); else html.removeAttribute("data-zz-size");
    document.querySelectorAll("[data-zz-size-button]").forEach(function (b) {
      b.setAttribute("aria-label", "字号：" + STEPS[step] + "。点按改为" + STEPS[(step + 1) % STEPS.length]);
    });
    hints();
  }
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("[data-zz-size-button]")) return;
    var step = (stored() + 1) % STEPS.length;
    try { step ? localStorage.setItem(KEY, String(step)) : localStorage.removeItem(KEY); } catch (e) {}
    apply(step);
  });

  // 宽表格：放不下时在表格上方写明可以左右滑动
  function hints() {
    document.querySelectorAll("article table").forEach(function (table) {
      var box = table;
      while (box && box.tagName !== "ARTICLE" && box.scrollWidth <= box.clientWidth + 1) box = box.parentElement;
      var wrap = table.closest(".md-typeset__scrollwrap") || table;
      var hint = wrap.previousElementSibling;
      var has = hint && hint.classList.contains("zz-scroll-hint");
      var wide = box && box.tagName !== "ARTICLE";
      if (wide && !has) {
        hint = document.createElement("p");
        hint.className = "zz-scroll-hint";
        hint.setAttribute("data-zz-noread", "");
        hint.textContent = "表格较宽，请左右滑动查看 →";
        wrap.parentNode.insertBefore(hint, wrap);
      } else if (!wide && has) {
        hint.remove();
      }
    });
  }

  // 朗读全文：只在浏览器有语音合成（Web Speech API）时显示
  var speaking = false, button = null;
  function speech() { return !!(window.speechSynthesis && window.SpeechSynthesisUtterance); }
  function voice() {
    var voices = speechSynthesis.getVoices() || [];
    return voices.filter(function (v) { return /^zh[-_]CN/i.test(v.lang); })[0]
        || voices.filter(function (v) { return /^zh/i.test(v.lang); })[0] || null;
  }
  function text(article) {
    var blocks = article.querySelectorAll("h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, caption");
    var parts = [];
    blocks.forEach(function (el) {
      if (el.closest("[data-zz-noread], .md-button, .zz-search, .headerlink") || !el.offsetParent) return;
      if (el.querySelector("p, li, dt, dd, td, th")) return;   // its inner blocks are read on their own
      if (el.querySelector(".md-button")) return;             // the row of download buttons
      var t = el.innerText.replace(/\s+/g, " ").trim();
      if (t) parts.push(t);
    });
    var chunks = [], current = "";
    parts.join("。\n").split(/(?<=[。！？；\n])/).forEach(function (s) {
      if ((current + s).length > 120 && current) { chunks.push(current); current = ""; }
      current += s;
    });
    if (current.trim()) chunks.push(current);
    return chunks;
  }
  function stop() {
    speaking = false;
    try { speechSynthesis.cancel(); } catch (e) {}
    if (button) { button.textContent = "朗读全文"; button.setAttribute("aria-pressed", "false"); }
  }
  function start(article) {
    var chunks = text(article), v = voice();
    speechSynthesis.cancel();
    speaking = true;
    button.textContent = "停止";
    button.setAttribute("aria-pressed", "true");
    chunks.forEach(function (chunk, i) {
      var u = new SpeechSynthesisUtterance(chunk);
      u.lang = "zh-CN";
      if (v) u.voice = v;
      u.rate = 0.9;
      if (i === chunks.length - 1) u.onend = function () { if (speaking) stop(); };
      speechSynthesis.speak(u);
    });
  }
  function reader() {
    var article = document.querySelector("article.md-content__inner");
    if (!article || !speech() || article.querySelector(".zz-read-aloud")) return;
    button = document.createElement("button");
    button.type = "button";
    button.className = "md-button zz-read-aloud";
    button.setAttribute("data-zz-noread", "");
    button.setAttribute("aria-pressed", "false");
    button.textContent = "朗读全文";
    button.addEventListener("click", function () { speaking ? stop() : start(article); });
    var row = article.querySelector(".md-button") && article.querySelector(".md-button").parentElement;
    var h1 = article.querySelector("h1");
    if (row && row.tagName === "P") row.appendChild(button);   // beside the page's own buttons (PDF, 清单)
    else if (h1) h1.insertAdjacentElement("afterend", button);
    else article.insertBefore(button, article.firstChild);
    var check = function () {   // voices known and none Chinese: the phone cannot read Chinese aloud
      var all = speechSynthesis.getVoices() || [];
      if (button) button.hidden = all.length > 0 && !voice();
    };
    check();
    if (speechSynthesis.addEventListener) speechSynthesis.addEventListener("voiceschanged", check);
  }
  window.addEventListener("pagehide", stop);

  function ready() { apply(stored()); reader(); hints(); }
  if (window.document$ && document$.subscribe) { document$.subscribe(function () { setTimeout(ready, 0); }); }
  else { document.addEventListener("DOMContentLoaded", ready); }
  window.addEventListener("resize", hints);

  // 离线阅读：打开过的页面保存在本机（sw.js 由 generator/site/offline.py 在构建时生成）
  if ("serviceWorker" in navigator && /^https?:$/.test(location.protocol)) {
    var register = function () { navigator.serviceWorker.register(new URL("sw.js", root).href).catch(function () {}); };
    if (document.readyState === "complete") register(); else window.addEventListener("load", register);
  }
})();
