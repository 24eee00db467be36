// Token search: which FF values write a token, which FF keys read it, which units list it and which
// heads pair it, across every layer of the atlas.
"use strict";
(() => {
  const box = document.getElementById("query");
  const shownTokens = document.getElementById("tokens");
  const results = document.getElementById("results");
  const el = Atlas.el, meta = Atlas.meta;
  const heads = Atlas.data.heads;

  function unitLink(code) {
    const r = Atlas.ref(Atlas.unit(code));
    return el("a", {href: "unit.html#" + r}, r);
  }

  function unitList(cls, title, flat, valueText) {
    const list = el("ol", {class: "units " + cls});
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const r = Atlas.ref(Atlas.unit(flat[i]));
      list.append(el("li", {"data-vector": r}, unitLink(flat[i]), " ", el("span", {class: "num"}, valueText(flat[i + 1]))));
    }
    return el("section", {class: "hits"}, el("h3", {}, title + " ", el("small", {}, "(" + flat.length / 2 + ")")),
        flat.length ? list : el("p", {class: "note"}, "none"));
  }

  function headHits(id) {
    const list = el("ol", {class: "heads"});
    let n = 0;
    for (const [name, h] of Object.entries(heads)) {
      for (const circuit of ["ov", "qk"]) {
        const pairs = h[circuit];
        for (let i = 0; i < pairs.length; i += 3) {
          if (pairs[i] !== id && pairs[i + 1] !== id) continue;
          const [l, hh] = name.substring(1).split(".H");
          list.append(el("li", {"data-head": name, "data-circuit": circuit},
              el("a", {href: "head-" + l + "-" + hh + ".html"}, name), " " + circuit + " #" + (i / 3 + 1) + ": ",
              Atlas.shown(pairs[i]), " → ", Atlas.shown(pairs[i + 1]), " ", el("span", {class: "num"}, Atlas.score(pairs[i + 2]))));
          n++;
        }
      }
    }
    return el("section", {class: "hits"}, el("h3", {}, "Heads whose top pairs contain it ", el("small", {}, "(" + n + ")")),
        n ? list : el("p", {class: "note"}, "none"));
  }

  async function tokenSection(id) {
    const shard = Math.floor(id / meta.shard);
    const d = await Atlas.load("data/tokens/" + shard + ".js", "tokens-" + shard);
    const key = String(id);
    const s = el("section", {class: "token", "data-id": id}, el("h2", {}, Atlas.shown(id), " ", el("small", {}, "id " + id)));
    const grid = el("div", {class: "three"});
    for (const kind of meta.kinds.slice().reverse()) {
      if (!d[kind]) continue;
      const title = kind === "ff.value" ? "FF values that write it most" : kind === "ff.key" ? "FF keys that read it most" : kind + " units that score it most";
      grid.append(unitList("reverse-" + kind.replace(".", "-"), title, d[kind][key] || [], Atlas.score));
    }
    grid.append(unitList("contains", "Units whose top " + meta.k + " lists it", d.in[key] || [], r => "#" + (r + 1)));
    grid.append(headHits(id));
    s.append(grid);
    return s;
  }

  let generation = 0;
  async function search(query) {
    const mine = ++generation;
    let ids;
    if (/^id=\d+$/.test(query)) {
      ids = [+query.substring(3)];
      shownTokens.textContent = "";
    } else {
      const direct = AtlasTokenizer.lookup(query);
      const enc = AtlasTokenizer.encode(query);
      const core = enc.ids.slice(enc.added, enc.added + enc.core).filter(i => i >= 0);
      // a vocabulary item as typed (stored or readable) is itself; other text is tokenized
      ids = direct >= 0 ? [direct] : core;
      shownTokens.replaceChildren(...enc.tokens.map((t, i) => el("code", {class: "piece", "data-id": enc.ids[i]}, t)));
    }
    const sections = [];
    for (const id of [...new Set(ids)].filter(i => i >= 0 && i < Atlas.vocab.tokens.length)) {
      sections.push(await tokenSection(id));
    }
    if (mine === generation) results.replaceChildren(...sections);
  }

  let pending;
  box.addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(() => { history.replaceState(null, "", "#" + encodeURIComponent(box.value)); search(box.value.trim()); }, 200);
  });
  function fromHash() {
    const q = decodeURIComponent(location.hash.substring(1));
    if (q && q !== box.value) box.value = q;
    if (q) search(q.trim());
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
