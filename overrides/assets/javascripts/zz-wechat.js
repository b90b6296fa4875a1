/* 公众号版 page (issue 18): loads the copy's HTML file (same site) named by the link a.zz-wechat-file,
   shows it in a preview, and adds one button per part: “复制全文” (or “复制第n篇（共m篇）”), which puts the
   part on the clipboard as rich text (text/html, with a text/plain copy) so that a paste into the
   公众号 editor keeps its inline styles. Where the browser lacks ClipboardItem, the preview's text is
   selected and copied with the older copy command. Runs only on pages with div.zz-wechat. */
(function () {
  "use strict";
  var box = document.querySelector(".zz-wechat");
  var link = document.querySelector("a.zz-wechat-file");
  if (!box || !link) return;
  var status = document.createElement("p");
  status.className = "zz-wechat-status";
  status.setAttribute("role", "status");

  function copyFallback(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    sel.removeAllRanges();
    return ok;
  }

  function copy(part, preview) {
    var html = part.outerHTML;
    var text = part.innerText || part.textContent;
    if (navigator.clipboard && window.ClipboardItem) {
      var item = new ClipboardItem({
        "text/html": new Blob([html], { type: "text/html" }),
        "text/plain": new Blob([text], { type: "text/plain" })
      });
      return navigator.clipboard.write([item]).then(function () { return true; },
        function () { return copyFallback(preview); });
    }
    return Promise.resolve(copyFallback(preview));
  }

  fetch(link.href, { credentials: "same-origin" }).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.text();
  }).then(function (source) {
    var doc = new DOMParser().parseFromString(source, "text/html");
    var parts = Array.prototype.filter.call(doc.body.children, function (el) { return el.tagName === "SECTION"; });
    var base = link.href.replace(/[^/]*$/, "");
    parts.forEach(function (part, n) {
      Array.prototype.forEach.call(part.querySelectorAll("img"), function (img) {
        img.setAttribute("src", base + img.getAttribute("src"));   // the preview shows the images beside the file
      });
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button md-button--primary zz-wechat-copy";
      button.textContent = parts.length === 1 ? "复制全文" : "复制第" + (n + 1) + "篇（共" + parts.length + "篇）";
      var preview = document.createElement("div");
      preview.className = "zz-wechat-preview";
      preview.style.cssText = "border:1px solid #ccc;padding:12px;margin:12px 0;max-width:677px;background:#fff";
      preview.appendChild(document.importNode(part, true));
      button.addEventListener("click", function () {
        copy(preview.firstElementChild, preview).then(function (ok) {
          status.textContent = ok ? "已复制" + (parts.length === 1 ? "全文" : "第" + (n + 1) + "篇") + "，请到公众号编辑器正文处粘贴。"
                                  : "浏览器未允许复制，请下载公众号版 HTML 文件后打开复制。";
        });
      });
      box.appendChild(button);
      if (n === 0) box.appendChild(status);
      box.appendChild(preview);
    });
  }).catch(function () {
    box.textContent = "公众号版文件未能载入，请下载后打开复制。";
  });
})();
