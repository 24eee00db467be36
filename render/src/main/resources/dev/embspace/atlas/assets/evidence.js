// With --corpus: a unit's top activating contexts (token highlighted) and its activation histogram.
"use strict";
window.AtlasEvidence = (() => {
  const el = Atlas.el;

  function snippet(before, token, after) {
    // byte-level vocabularies carry their spaces in the readable form; WordPiece marks continuations with ##
    const piece = (id, first) => {
      const r = Atlas.readable(id);
      if (Atlas.vocab.readable) return r;
      return r.startsWith("##") ? r.substring(2) : (first ? "" : " ") + r;
    };
    const text = ids => ids.map((id, i) => piece(id, i === 0)).join("");
    return el("span", {class: "snippet"}, text(before), el("mark", {}, piece(token, before.length === 0)), text(after));
  }

  function histogram(start, width, counts) {
    const w = 520, h = 120, n = counts.length, max = Math.max(1, ...counts);
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${w} ${h + 18}`);
    svg.setAttribute("class", "histogram");
    counts.forEach((c, i) => {
      const r = document.createElementNS(ns, "rect");
      const bh = c ? Math.max(1, Math.log1p(c) / Math.log1p(max) * h) : 0;
      r.setAttribute("x", (i * w / n).toFixed(1));
      r.setAttribute("y", (h - bh).toFixed(1));
      r.setAttribute("width", Math.max(1, w / n - 1).toFixed(1));
      r.setAttribute("height", bh.toFixed(1));
      r.setAttribute("class", "bar");
      const t = document.createElementNS(ns, "title");
      t.textContent = `[${(start + i * width).toFixed(3)}, ${(start + (i + 1) * width).toFixed(3)}): ${c}`;
      r.append(t);
      svg.append(r);
    });
    for (const [x, label, anchor] of [[0, start.toFixed(2), "start"], [w, (start + n * width).toFixed(2), "end"]]) {
      const t = document.createElementNS(ns, "text");
      t.setAttribute("x", x);
      t.setAttribute("y", h + 14);
      t.setAttribute("text-anchor", anchor);
      t.textContent = label;
      svg.append(t);
    }
    return svg;
  }

  async function show(host, u) {
    let d;
    try {
      d = await Atlas.load("data/examples-" + u.layer + ".js", "examples-" + u.layer);
    } catch (e) {
      return;
    }
    const unit = d.units[u.index];
    const rows = el("table", {class: "pairs", id: "examples"},
        el("caption", {}, "Top activating contexts in the corpus"),
        el("tr", {}, el("th", {}, "#"), el("th", {}, "activation"), el("th", {}, "context")));
    unit.top.forEach(([activation, token, before, after], r) => rows.append(el("tr", {"data-token": token},
        el("td", {}, r + 1), el("td", {class: "num"}, Atlas.score(activation)), el("td", {}, snippet(before, token, after)))));
    const [start, width, counts] = unit.hist;
    host.append(el("section", {class: "evidence"}, el("h2", {}, "Evidence from the corpus"),
        el("div", {class: "two"}, rows, el("div", {}, el("h3", {}, "Activation histogram ", el("small", {}, "(log count)")),
            histogram(start, width, counts)))));
  }

  return {show};
})();
