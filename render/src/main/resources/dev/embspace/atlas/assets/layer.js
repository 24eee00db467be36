// A layer page: every FF vector of the layer in one virtualised Tabulator table.
"use strict";
(() => {
  const host = document.getElementById("units");
  const layer = +host.dataset.layer;
  const d = Atlas.data["layer-" + layer];
  const k = d.k;
  const rows = [];
  for (const [kind, v] of Object.entries(d.vectors)) {
    for (let i = 0; i < d.units; i++) {
      rows.push({ref: "L" + layer + "." + kind + "." + i, kind, index: i, norm: v.norm[i],
        max: v.topScore[i * k], min: v.bottomScore[i * k],
        top: v.top.slice(i * k, i * k + k), topScore: v.topScore.slice(i * k, i * k + k),
        bottom: v.bottom.slice(i * k, i * k + k), bottomScore: v.bottomScore.slice(i * k, i * k + k)});
    }
  }
  const kindBox = document.getElementById("kind");
  const filterBox = document.getElementById("tokenFilter");
  const textBox = document.getElementById("text");
  const count = document.getElementById("count");

  function tokens(ids, scores) {
    const filter = filterBox.value;
    let html = "";
    for (let r = 0; r < ids.length; r++) {
      if (!Atlas.accepts(filter, ids[r])) continue;
      const t = Atlas.shown(ids[r]).replace(/&/g, "&amp;").replace(/</g, "&lt;");
      html += '<span class="tok" title="id ' + ids[r] + ", score " + Atlas.score(scores[r]) + '">' + t + "</span> ";
    }
    return html;
  }

  const table = new Tabulator(host, {
    data: rows,
    index: "ref",
    height: "70vh",
    layout: "fitColumns",
    renderVertical: "virtual",
    columns: [
      {title: "Unit", field: "ref", width: 150, sorter: (a, b, ra, rb) => ra.getData().index - rb.getData().index
          || ra.getData().kind.localeCompare(rb.getData().kind),
        formatter: c => '<a href="unit.html#' + c.getValue() + '">' + c.getValue() + "</a>"},
      {title: "Norm", field: "norm", width: 80, hozAlign: "right", formatter: c => c.getValue().toFixed(3)},
      {title: "Max", field: "max", width: 80, hozAlign: "right", formatter: c => c.getValue().toFixed(3)},
      {title: "Top " + k + " tokens", field: "top", headerSort: false, variableHeight: true, formatter: c => tokens(c.getValue(), c.getData().topScore)},
      {title: "Min", field: "min", width: 80, hozAlign: "right", formatter: c => c.getValue().toFixed(3)},
      {title: "Bottom " + k + " tokens", field: "bottom", headerSort: false, variableHeight: true, formatter: c => tokens(c.getValue(), c.getData().bottomScore)},
    ],
  });

  function matches(row) {
    if (kindBox.value && row.kind !== kindBox.value) return false;
    const text = textBox.value.trim().toLowerCase();
    if (!text) return true;
    const filter = filterBox.value;
    const has = id => Atlas.accepts(filter, id) && Atlas.readable(id).toLowerCase().includes(text);
    return row.top.some(has) || row.bottom.some(has);
  }

  function refilter() {
    table.setFilter(matches);
    table.redraw(true);
  }

  table.on("dataFiltered", (filters, shown) => { count.textContent = shown.length + " of " + rows.length + " vectors"; });
  table.on("tableBuilt", () => {
    count.textContent = rows.length + " vectors";
    // read by the browser test: time from navigation start to a rendered table
    window.atlasRendered = performance.now();
  });
  kindBox.addEventListener("change", refilter);
  filterBox.addEventListener("change", refilter);
  let pending;
  textBox.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(refilter, 150); });
})();
