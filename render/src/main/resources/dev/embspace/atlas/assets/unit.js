// A unit page: one FF vector's top and bottom tokens (and, with a corpus, its evidence).
"use strict";
(() => {
  const host = document.getElementById("unit");
  const title = document.getElementById("title");
  const el = Atlas.el;

  function tokenTable(id, caption, ids, scores) {
    const t = el("table", {class: "pairs", id});
    t.append(el("caption", {}, caption));
    t.append(el("tr", {}, el("th", {}, "#"), el("th", {}, "token"), el("th", {}, "id"), el("th", {}, "score")));
    ids.forEach((tok, r) => t.append(el("tr", {"data-id": tok},
        el("td", {}, r + 1), el("td", {}, el("a", {class: "tok", href: "search.html#id=" + tok}, Atlas.shown(tok))),
        el("td", {class: "num"}, tok), el("td", {class: "num"}, Atlas.score(scores[r])))));
    return t;
  }

  async function show() {
    host.replaceChildren();
    const u = Atlas.parseRef(decodeURIComponent(location.hash.substring(1)));
    if (!u) {
      title.textContent = "FF unit";
      return;
    }
    title.textContent = Atlas.ref(u);
    document.title = Atlas.ref(u) + " · " + Atlas.meta.model;
    let d;
    try {
      d = await Atlas.load("data/layer-" + u.layer + ".js", "layer-" + u.layer);
    } catch (e) {
      host.append(el("p", {class: "note"}, "Layer " + u.layer + " is not in this atlas."));
      return;
    }
    const v = d.vectors[u.kind];
    if (!v || u.index >= d.units) {
      host.append(el("p", {class: "note"}, Atlas.ref(u) + " is not a unit of this model."));
      return;
    }
    const k = d.k, from = u.index * k;
    const siblings = Object.keys(d.vectors).filter(kind => kind !== u.kind)
        .map(kind => el("a", {href: "#L" + u.layer + "." + kind + "." + u.index}, kind));
    host.append(el("p", {}, "Norm ", el("b", {}, v.norm[u.index].toFixed(4)), " · ",
        el("a", {href: "layer-" + u.layer + ".html"}, "layer " + u.layer), " · same unit: ", ...siblings.flatMap((a, i) => i ? [", ", a] : [a])));
    host.append(el("div", {class: "two"},
        tokenTable("top", "Top " + k + " tokens of E x", v.top.slice(from, from + k), v.topScore.slice(from, from + k)),
        tokenTable("bottom", "Bottom " + k + " tokens of E x", v.bottom.slice(from, from + k), v.bottomScore.slice(from, from + k))));
    if (Atlas.meta.corpus && window.AtlasEvidence) window.AtlasEvidence.show(host, u);
  }

  window.addEventListener("hashchange", show);
  show();
})();
