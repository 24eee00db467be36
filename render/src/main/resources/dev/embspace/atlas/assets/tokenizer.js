// Text to token ids in the page, as the model's tokenizer does it (io/tokenizer in Java): BERT's
// WordPiece pipeline and GPT-2's byte-level BPE, with the settings of data/tokenizer.js. The browser
// test checks that this page and the Java tokenizer agree.
"use strict";
const AtlasTokenizer = (() => {
  const spec = Atlas.data.tokenizer;
  const ids = new Map();
  Atlas.vocab.tokens.forEach((t, i) => { if (!ids.has(t)) ids.set(t, i); });

  // --- BERT: normalizer, pre-tokenizer, WordPiece ---
  const isWhitespace = cp => cp === 9 || cp === 10 || cp === 11 || cp === 12 || cp === 13 || cp === 32 || cp === 0x85
      || cp === 0xa0 || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029
      || cp === 0x202f || cp === 0x205f || cp === 0x3000;
  const isControl = c => c !== "\t" && c !== "\n" && c !== "\r" && /[\p{Cc}\p{Cf}\p{Co}]/u.test(c);
  const isPunctuation = (c, cp) => cp < 0x80
      ? (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)
      : /\p{P}/u.test(c);
  const isChinese = cp => (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf)
      || (cp >= 0x20000 && cp <= 0x2a6df) || (cp >= 0x2a700 && cp <= 0x2b73f) || (cp >= 0x2b740 && cp <= 0x2b81f)
      || (cp >= 0x2b920 && cp <= 0x2ceaf) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);

  function normalize(text) {
    let out = "";
    for (const c of text) {
      let cp = c.codePointAt(0), ch = c;
      if (spec.clean) {
        if (cp === 0 || cp === 0xfffd || isControl(c)) continue;
        if (isWhitespace(cp)) { ch = " "; cp = 32; }
      }
      out += spec.chinese && isChinese(cp) ? " " + ch + " " : ch;
    }
    if (spec.stripAccents) out = out.normalize("NFD").replace(/\p{Mn}/gu, "");
    // per character, as Rust's char::to_lowercase: no final-sigma context
    if (spec.lowercase) out = Array.from(out, c => c.toLowerCase()).join("");
    return out;
  }

  function words(text) {
    const out = [];
    let word = "";
    const flush = () => { if (word) out.push(word); word = ""; };
    for (const c of text) {
      const cp = c.codePointAt(0);
      if (isWhitespace(cp)) flush();
      else if (isPunctuation(c, cp)) { flush(); out.push(c); }
      else word += c;
    }
    flush();
    return out;
  }

  function wordPiece(word, out) {
    const chars = Array.from(word);
    if (chars.length > spec.maxChars) { out.push(spec.unk); return; }
    const pieces = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length, found = null;
      while (start < end) {
        const candidate = (start > 0 ? spec.continuing : "") + chars.slice(start, end).join("");
        if (ids.has(candidate)) { found = candidate; break; }
        end--;
      }
      if (found === null) { out.push(spec.unk); return; }
      pieces.push(found);
      start = end;
    }
    out.push(...pieces);
  }

  // --- GPT-2: byte-level pre-tokenization and BPE merges ---
  const SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;
  let byteChars = null, ranks = null;
  const cache = new Map();

  function byteLevelAlphabet() {
    const bs = [];
    for (let b = 33; b <= 126; b++) bs.push(b);
    for (let b = 161; b <= 172; b++) bs.push(b);
    for (let b = 174; b <= 255; b++) bs.push(b);
    const chars = new Array(256);
    bs.forEach(b => { chars[b] = String.fromCodePoint(b); });
    let n = 0;
    for (let b = 0; b < 256; b++) if (chars[b] === undefined) chars[b] = String.fromCodePoint(256 + n++);
    return chars;
  }

  function bpe(word) {
    if (cache.has(word)) return cache.get(word);
    let symbols = Array.from(word);
    while (symbols.length > 1) {
      let best = -1, bestRank = Infinity;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const r = ranks.get(symbols[i] + " " + symbols[i + 1]);
        if (r !== undefined && r < bestRank) { bestRank = r; best = i; }
      }
      if (best < 0) break;
      const a = symbols[best], b = symbols[best + 1], merged = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) { merged.push(a + b); i++; }
        else merged.push(symbols[i]);
      }
      symbols = merged;
    }
    cache.set(word, symbols);
    return symbols;
  }

  function byteLevel(text, out) {
    if (!byteChars) {
      byteChars = byteLevelAlphabet();
      ranks = new Map(spec.merges.map((m, i) => [m, i]));
    }
    if (spec.addPrefixSpace && !text.startsWith(" ")) text = " " + text;
    const encoder = new TextEncoder();
    for (const m of text.matchAll(SPLIT)) {
      const mapped = Array.from(encoder.encode(m[0]), b => byteChars[b]).join("");
      out.push(...bpe(mapped));
    }
  }

  /** The tokens and ids of {@code text}, special tokens included as the model's tokenizer adds them. */
  function encode(text) {
    const tokens = [];
    if (spec.type === "wordpiece") for (const w of words(normalize(text))) wordPiece(w, tokens);
    else if (spec.type === "bpe") byteLevel(text, tokens);
    else if (text.length) tokens.push(text);
    const all = [...(spec.prefix || []), ...tokens, ...(spec.suffix || [])];
    return {tokens: all, ids: all.map(t => ids.has(t) ? ids.get(t) : -1), added: (spec.prefix || []).length, core: tokens.length};
  }

  /** The vocabulary id of a stored or readable token, or -1. */
  function lookup(token) {
    if (ids.has(token)) return ids.get(token);
    if (Atlas.vocab.readable) {
      const i = Atlas.vocab.readable.indexOf(token);
      if (i >= 0) return i;
    }
    return -1;
  }

  return {encode, lookup, type: spec.type};
})();
