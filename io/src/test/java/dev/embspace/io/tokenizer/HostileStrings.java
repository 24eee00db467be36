package dev.embspace.io.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Inputs that break careless tokenizers: empty, huge, control characters, emoji, mixed scripts. */
final class HostileStrings {

    private HostileStrings() {
    }

    static List<String> all() {
        List<String> out = new ArrayList<>(List.of(
                "", " ", "   ", "\t", "\n", "\r\n", " \n \t ", "\u0000", "a\u0000b", "\u0001\u0002\u0003\u001F\u007F",
                "tab\there\nnewline\rreturn\u000Bvt\u000Cff", "a\u0085b\u00A0c\u1680d\u2000e\u200Af\u2028g\u2029h\u202Fi\u205Fj\u3000k",
                "zero\u200Bwidth\u200Cnon\u200Djoiner\uFEFFbom", "soft\u00ADhyphen", "\uFFFD\uFFFD replacement",
                "emoji 😀😃😄 and 👍🏽 skin, 👨‍👩‍👧‍👦 family, 🇫🇷 flag, ❤️ heart",
                "🥰🦀🫠 newer emoji", "Mixed: English, русский, العربية, עברית, हिन्दी, 中文, 日本語, 한국어, ελληνικά, ไทย",
                "naïve café résumé façade Ångström Øre Straße İstanbul ΣΊΣΥΦΟΣ", "ﬁ ﬂ ﬃ ① ² ½ Ⅻ ｆｕｌｌｗｉｄｔｈ",
                "e\u0301 vs \u00E9, a\u0308\u0304 stacked marks", "Z̸̢͎̈́a̶͉͊l̸̰̾g̷̣͝o̵̱͑ text",
                "math: ∀x∈ℝ, ∑ᵢ xᵢ² ≤ ∞ → ⊥", "quotes “curly” ‘single’ «guillemets» „low“",
                "dashes – — ‒ ―, ellipsis …, bullets • ·", "$100.00 €50 £20 ¥1000 ₹500 ₿0.1 ¢",
                "URL https://example.com/path?q=1&r=2#frag and mail a.b+c@d.org",
                "code: if (x != null && y >= 0) { return a[i] << 2; } // done",
                "numbers 1234567890 3.14159 1e-10 -0.0 0x1F 1,000,000", "CAPS LOCK SHOUTING AND MiXeD CaSe",
                "'s 't 're 've 'm 'll 'd don't I'm we'll they're", "repeated!!!!!!!! ?????? ...... ------",
                "[CLS] [SEP] [MASK] [PAD] [UNK] inside text", "<|endoftext|> gpt marker <|endoftext|>",
                "<s> </s> <pad> <unk> <mask>", "[cls] lowercase [sep] specials",
                "日本語のテキスト、句読点。カタカナ　全角スペース", "漢字漢字漢字 mixed with english",
                "한국어 텍스트입니다", "ข้อความภาษาไทย", "तमिऴ் தமிழ் বাংলা", "\uD835\uDC00\uD835\uDD0A\uD835\uDFCE math alphanumerics",
                "private use \uE000\uF8FF and \uDB80\uDC00", "noncharacters \uFDD0 \uFFFE \uFFFF",
                "unassigned \u0378 \u0380 \uD83F\uDFFF", "variation selectors ︎ ️ 󠄀", "tags \uDB40\uDC01\uDB40\uDC20",
                "  leading and trailing spaces  ", "multiple     internal      spaces", "\u00A0\u00A0nbsp start",
                "a".repeat(99), "b".repeat(100), "c".repeat(101), "supercalifragilisticexpialidocious".repeat(4)));
        out.add("The quick brown fox jumps over the lazy dog. ".repeat(400));
        out.add("x".repeat(20_000));
        out.add("🙂".repeat(3_000));
        out.add("word ".repeat(2_000) + "😀 日本 " + "\t".repeat(50));
        StringBuilder controls = new StringBuilder();
        for (int c = 0; c < 0x20; c++) controls.append((char) c).append('x');
        out.add(controls.toString());
        return out;
    }

    /** Strings with unpaired surrogates, which only Java (not UTF-8) can hold. */
    static List<String> unpairedSurrogates() {
        return List.of("a\uD800b", "\uDC00", "end\uD83D", "\uDE00start", "mix \uD83D\uDE00 ok \uD800 bad", "\uDFFF\uD800");
    }
}
