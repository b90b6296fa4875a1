// 手机阅读：可左右滑动的表格能用键盘聚焦（读屏软件会读出“表格，可左右滑动”）。
(function () {
  function mark() {
    document.querySelectorAll("article table").forEach(function (table) {
      var box = table;
      while (box && box.tagName !== "ARTICLE" && box.scrollWidth <= box.clientWidth) box = box.parentElement;
      if (!box || box.tagName === "ARTICLE" || box.hasAttribute("data-zz-scroll")) return;
      box.setAttribute("data-zz-scroll", "");
      box.setAttribute("tabindex", "0");
      if (box.tagName !== "TABLE") { box.setAttribute("role", "region"); box.setAttribute("aria-label", "表格，可左右滑动"); }
    });
  }
  function later() { setTimeout(mark, 0); }
  if (window.document$ && document$.subscribe) { document$.subscribe(later); } else { document.addEventListener("DOMContentLoaded", later); }
  window.addEventListener("resize", later);
})();
