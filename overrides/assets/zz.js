// 工作清单：勾选状态只保存在本机浏览器（localStorage），不发送到任何地方。
(function () {
  var KEY = "zz-checklist:";
  function bind() {
    document.querySelectorAll(".zz-checklist input[type=checkbox][data-id]").forEach(function (box) {
      var id = KEY + box.dataset.id;
      try { box.checked = localStorage.getItem(id) === "1"; } catch (e) {}
      box.addEventListener("change", function () {
        try { box.checked ? localStorage.setItem(id, "1") : localStorage.removeItem(id); } catch (e) {}
      });
    });
  }
  if (window.document$ && document$.subscribe) { document$.subscribe(bind); } else { document.addEventListener("DOMContentLoaded", bind); }
})();
