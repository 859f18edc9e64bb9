// Every visible text element of the page, in the browser: nothing wider than its box or the
// screen, no word split across two lines (words found with Intl.Segmenter, so Japanese and
// Chinese words count too; each word's Range.getClientRects() must stay on one line), and no
// field whose placeholder is cut. Long Chinese and Japanese sentences are exempt from the word
// rule (they wrap between characters by design); their names, labels and cells are not.
// Evaluated by tests/e2e/test_phone.py; returns a list of sentences, empty when all is well.
() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === "string"
    ? "." + el.className.trim().split(/\s+/).join(".") : "") + ` "${(el.innerText || el.placeholder || "").trim().slice(0, 30)}"`;
  const skipped = (el) => el.closest(".leaflet-container, model-viewer, .visually-hidden, .skip-link, script, style, svg, audio");
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in ${width} px`);
  }
  for (const el of document.body.querySelectorAll("*")) {
    // Not drawn: hidden, or inside a closed <details> (the language list).
    if (skipped(el) || !el.getClientRects().length || !el.checkVisibility({ visibilityProperty: true })) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden") continue;
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5)) {
      problems.push(`${name(el)} leaves the screen: ${Math.round(box.left)}–${Math.round(box.right)} of ${width}`);
    }
    if (el.clientWidth && el.scrollWidth > el.clientWidth + 1 && !["auto", "scroll"].includes(style.overflowX)) {
      problems.push(`${name(el)} overflows its box: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    if (el.placeholder && !el.value) {
      const context = document.createElement("canvas").getContext("2d");
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const needed = context.measureText(el.placeholder).width;
      if (needed > room + 1) problems.push(`${name(el)} cuts its placeholder: ${Math.round(needed)} px in ${Math.round(room)} px`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || skipped(parent) || !parent.checkVisibility({ visibilityProperty: true }) || !node.data.trim()) continue;
    const lang = parent.closest("[lang]")?.lang || document.documentElement.lang;
    // Chinese and Japanese sentences wrap between any two characters, as they are typeset; a
    // name, a label or a table cell (a short text) must still keep each word whole.
    if (/^(ja|zh)/.test(lang) && node.data.trim().length > 20) continue;
    const words = new Intl.Segmenter(lang, { granularity: "word" }).segment(node.data);
    for (const word of words) {
      if (!word.isWordLike || word.segment.length < 2) continue;
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word.segment.length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
      if (lines.size > 1) problems.push(`"${word.segment}" is broken across lines in ${name(parent)}`);
    }
  }
  return problems;
}
