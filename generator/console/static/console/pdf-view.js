/* The booklet or checklist in the page, drawn by pdf.js (pdfjs-dist from npm, served by the console). */
const box = document.getElementById("pdf");
const pdfjs = await import(box.dataset.lib);
pdfjs.GlobalWorkerOptions.workerSrc = box.dataset.worker;
const status = document.getElementById("pdf-status");
try {
  const doc = await pdfjs.getDocument({ url: box.dataset.src, isEvalSupported: false }).promise;
  status.textContent = `共 ${doc.numPages} 页`;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: Math.min(1.5, (box.clientWidth - 20) / page.getViewport({ scale: 1 }).width) });
    const canvas = document.createElement("canvas");
    canvas.width = viewport.width; canvas.height = viewport.height;
    canvas.setAttribute("aria-label", `第 ${n} 页`);
    box.appendChild(canvas);
    await page.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
  }
  box.setAttribute("data-ready", String(doc.numPages));
} catch (e) {
  status.textContent = "PDF 无法显示，请用“下载”打开。";
}
