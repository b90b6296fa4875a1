/* The month form: @json-editor/json-editor driven by schema/month.schema.json; each save is checked by the
   project's own check and every problem is shown at its field and in a list that jumps to it. No inline
   script: this file is loaded from the console itself. */
(function () {
  "use strict";
  var el = document.getElementById("editor");
  if (!el) return;
  var month = el.dataset.month, canEdit = el.dataset.canEdit === "1";
  var base = el.dataset.base || ("/month/" + month + "/");
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  var editor = null, digest = null;
  /* a document's body (Markdown) in Vditor, when the page has one: its own Chinese interface, loaded
     from the console's static files (cdn), never from outside */
  var bodyBox = document.getElementById("body-field"), bodyEl = document.getElementById("body-editor");
  var vditor = null, bodyText = null, bodyBaseline = null;
  var status = document.getElementById("status");

  JSONEditor.defaults.languages.zh = {
    button_add_row_title: "添加{{0}}", button_delete_row_title: "删除此{{0}}", button_delete_row_title_short: "删除",
    button_delete_all: "全部删除", button_delete_all_title: "全部删除", button_delete_last: "删除最后一个{{0}}",
    button_delete_last_title: "删除最后一个{{0}}", button_move_up_title: "上移", button_move_down_title: "下移",
    button_collapse: "收起", button_expand: "展开", button_copy_row_title: "复制{{0}}", button_copy_row_title_short: "复制",
    button_object_properties: "可选栏目", button_properties: "可选栏目", button_add: "添加", button_cancel: "取消",
    button_save: "确定", button_edit_json: "编辑", button_delete_node_warning: "确定删除吗？",
    choose_type: "选择类型", flatpickr_clear_button: "清除", flatpickr_toggle_button: "切换", paragraph_empty: "（空）"
  };
  JSONEditor.defaults.language = "zh";

  function prepare(schema) {           /* names shown instead of ids; "$schema" is not a field */
    if (Array.isArray(schema)) return schema.map(prepare);
    if (!schema || typeof schema !== "object") return schema;
    var out = {};
    Object.keys(schema).forEach(function (k) {
      if (k === "$schema" || k === "$id") return;
      out[k] = k === "properties" ? filterProps(schema[k]) : prepare(schema[k]);
    });
    if (out.type === "string" && out.format === "month-or-date") delete out.format;
    if (out.oneOf) out.oneOf.forEach(function (s, i) {
      if (!s.title && s.required && s.required.length) s.title = s.required.join("/");
    });
    return out;
  }
  function filterProps(props) {
    var out = {};
    Object.keys(props).forEach(function (k) { if (k.charAt(0) !== "$") out[k] = prepare(props[k]); });
    return out;
  }

  function fieldEditor(path) {
    if (path === "body" && bodyBox) return { container: bodyBox };
    var parts = (path || "root").split(".");
    while (parts.length) {
      var ed = editor.getEditor(parts.join("."));
      if (ed && ed.container) return ed;
      parts.pop();
    }
    return editor.getEditor("root");
  }
  function clearMarks(cls) {
    Array.prototype.forEach.call(document.querySelectorAll("." + cls), function (n) { n.remove(); });
  }
  function mark(path, cls, text) {
    var ed = fieldEditor(path);
    var p = document.createElement("p");
    p.className = cls;
    p.setAttribute("data-path", path || "root");
    if (cls === "field-error") p.setAttribute("role", "alert");
    p.textContent = text;
    ed.container.insertBefore(p, ed.container.firstChild);
    return ed;
  }
  function jump(path) {
    var ed = fieldEditor(path);
    ed.container.scrollIntoView({ block: "center" });
    var input = ed.container.querySelector("input, textarea, select");
    if (input) input.focus();
  }
  function fill(listId, boxId, items, cls, describe) {
    var list = document.getElementById(listId), box = document.getElementById(boxId);
    list.innerHTML = "";
    box.hidden = !items.length;
    items.forEach(function (item) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = "#"; a.textContent = describe(item);
      a.addEventListener("click", function (e) { e.preventDefault(); if (item.path) jump(item.path); });
      li.appendChild(a); list.appendChild(li);
      if (item.path) mark(item.path, cls, describe(item, true));
    });
  }
  function showErrors(errors) {
    clearMarks("field-error");
    fill("problem-list", "problems", errors, "field-error", function (e, short) {
      var text = e.message + (e.fix ? "。修改建议：" + e.fix : "");
      return short ? text : e.file + (e.line ? " 第 " + e.line + " 行" : "") + "：" + text;
    });
  }
  function showRemarks(remarks) {
    clearMarks("field-remark");
    fill("remark-list", "remarks", remarks, "field-remark", function (r) { return r.message; });
  }

  function save() {
    status.textContent = "正在保存并检查……";
    document.getElementById("conflict").hidden = true;
    fetch(base + "save", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(bodyEl ? { data: editor.getValue(), digest: digest, body: bodyValue() }
                                  : { data: editor.getValue(), digest: digest })
    }).then(function (r) { return r.json().then(function (body) { return [r.status, body]; }); })
      .then(function (res) {
        var code = res[0], body = res[1];
        if (code === 409 && body.theirs !== undefined) {
          document.getElementById("conflict").hidden = false;
          document.getElementById("conflict-message").textContent = body.message;
          document.getElementById("theirs").textContent = body.theirs;
          document.getElementById("mine").textContent = body.mine;
          status.textContent = "未保存：有冲突。";
          return;
        }
        if (code !== 200) { status.textContent = body.message || "保存失败。"; return; }
        digest = body.digest;
        if (bodyEl) { bodyText = bodyValue(); bodyBaseline = vditor.getValue(); }
        showErrors(body.errors);
        status.textContent = body.errors.length ? "已保存，检查发现 " + body.errors.length + " 处问题，请按提示修改。"
                                                : "已保存，检查通过。" + body.preview;
      })
      .catch(function () { status.textContent = "保存失败：无法连接控制台，请稍后重试。"; });
  }

  function bodyValue() {              /* what the clerk typed; untouched, the text as loaded (no reformatting) */
    if (!vditor) return bodyText;
    var now = vditor.getValue();
    return now === bodyBaseline ? bodyText : now;
  }
  function startBody(text, ready) {
    bodyText = text;
    /* source and rendered text side by side on a wide screen; on a phone the source alone (the eye button shows
       the rendering). Split view only (no edit-mode button): there the source is the text as typed, whereas the
       WYSIWYG modes write the whole text back as Vditor's own Markdown */
    vditor = new Vditor(bodyEl, {
      cdn: bodyEl.dataset.cdn, lang: "zh_CN", mode: "sv", value: text, height: 480, minHeight: 240,
      cache: { enable: false }, counter: { enable: true }, placeholder: "在这里写正文（Markdown）",
      preview: { mode: window.innerWidth < 800 ? "editor" : "both", delay: 300, markdown: { sanitize: true }, math: { engine: "KaTeX" },
                 hljs: { enable: false }, actions: [] },
      toolbar: ["headings", "bold", "italic", "strike", "|", "list", "ordered-list", "quote", "line", "table", "link",
                "|", "undo", "redo", "|", "preview", "fullscreen"],
      toolbarConfig: { pin: false }, resize: { enable: true },
      after: function () {
        bodyBaseline = vditor.getValue();   /* the editor's own reading of the text, to tell an edit from none */
        if (!canEdit) vditor.disabled();
        bodyEl.setAttribute("data-ready", "1");
        ready();
      }
    });
  }

  fetch(base + "data", { credentials: "same-origin" })
    .then(function (r) { return r.json().then(function (body) { return [r.status, body]; }); })
    .then(function (res) {
      var payload = res[1];
      if (res[0] !== 200) { status.textContent = payload.message || "载入失败。"; return; }
      digest = payload.digest;
      editor = new JSONEditor(el, {
        schema: prepare(payload.schema), startval: payload.data, theme: "html", iconlib: null,
        disable_edit_json: true, disable_properties: false, remove_empty_properties: true, show_errors: "never",
        prompt_before_delete: false, disable_array_delete_all_rows: true, disable_array_delete_last_row: true,
        array_controls_top: false, keep_oneof_values: false, use_default_values: false
      });
      editor.on("ready", function () {
        if (!canEdit) editor.disable();
        var done = function () {
          showRemarks(payload.remarks);
          showErrors(payload.errors);
          status.textContent = payload.errors.length ? "检查发现 " + payload.errors.length + " 处问题。" : "检查通过。";
          el.setAttribute("data-ready", "1");
        };
        if (bodyEl && payload.body !== undefined) startBody(payload.body, done); else done();
      });
    });
  var button = document.getElementById("save");
  if (button) button.addEventListener("click", save);
})();
