// Shared by every page: the data the pages loaded as scripts, token display, unit addresses.
"use strict";
const Atlas = (() => {
  const data = window.ATLAS_DATA || (window.ATLAS_DATA = {});
  const meta = data.meta;
  const vocab = data.vocab;

  /** A token as a person reads it ("##ing", " the"). */
  function readable(id) {
    return vocab.readable ? vocab.readable[id] : vocab.tokens[id];
  }

  /** Quoted so that leading spaces show; control characters escaped. */
  function shown(id) {
    return "'" + readable(id).replace(/[\u0000-\u001f\u007f]/g,
        c => "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0")) + "'";
  }

  /** TokenFilter's tests on the readable form (engine/vocab/TokenFilter.java). */
  function accepts(filter, id) {
    if (filter === "none") return true;
    let core = readable(id).trim();
    if (core.startsWith("##")) core = core.substring(2);
    if (core.length === 0) return false;
    return filter === "ascii" ? /^[\x20-\x7e]+$/.test(core) : /^[A-Za-z0-9]+$/.test(core);
  }

  /** A unit code of the token index files (site/UnitCodes.java) as its address. */
  function unit(code) {
    const n = meta.units, kinds = meta.kinds.length;
    const rest = Math.floor(code / n);
    return {layer: Math.floor(rest / kinds), kind: meta.kinds[rest % kinds], index: code % n};
  }

  function ref(u) {
    return "L" + u.layer + "." + u.kind + "." + u.index;
  }

  function parseRef(text) {
    const m = /^L(\d+)\.(ff\.[a-z]+)\.(\d+)$/.exec(text);
    return m ? {layer: +m[1], kind: m[2], index: +m[3]} : null;
  }

  /** Runs a data script once and resolves to its value (script tags work from file://, fetch() does not). */
  function load(file, key) {
    if (data[key] !== undefined) return Promise.resolve(data[key]);
    return new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = file;
      s.onload = () => data[key] !== undefined ? resolve(data[key]) : reject(new Error(file + " did not define " + key));
      s.onerror = () => reject(new Error("cannot load " + file));
      document.head.appendChild(s);
    });
  }

  /** document.createElement with attributes and children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    return e;
  }

  function score(v) {
    return v === null ? "–" : v.toFixed(4);
  }

  return {data, meta, vocab, readable, shown, accepts, unit, ref, parseRef, load, el, score};
})();
