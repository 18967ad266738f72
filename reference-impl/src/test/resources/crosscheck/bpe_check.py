"""Test-only oracle: a plain byte-level BPE, written from the Tokenizer contract, with no third-party modules.

Usage: python3 bpe_check.py CORPUS_FILE VOCAB_SIZE MERGES_OUT [TEXTS_FILE ENCODED_OUT]
Writes one merge per line, "left right token". With TEXTS_FILE (one hex-encoded UTF-8 text per line) it also
writes, per text, the encoded ids separated by spaces.
"""
import sys
import unicodedata
from collections import Counter

JAVA_SPACE = " \t\n\x0b\x0c\r"   # Java's \s (without UNICODE_CHARACTER_CLASS)


def kind(ch):
    if ch in JAVA_SPACE:
        return "space"
    cat = unicodedata.category(ch)
    return "letter" if cat[0] == "L" else "number" if cat[0] == "N" else "other"


def chunks(text):
    """Maximal runs of letters, numbers, whitespace and other symbols: the contract's CHUNK_PATTERN."""
    out, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or kind(text[i]) != kind(text[start]):
            out.append(text[start:i])
            start = i
    return [c for c in out if c]


def replace(ids, pair, token):
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(token)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def train(text, vocab_size):
    freq = Counter(chunks(text))
    words = {c: list(c.encode("utf-8")) for c in freq}
    merges = []
    for token in range(256, vocab_size):
        pairs = Counter()
        for c, n in freq.items():
            w = words[c]
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] += n
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))     # most frequent, then smallest pair
        merges.append((best[0], best[1], token))
        words = {c: replace(w, best, token) for c, w in words.items()}
    return merges


def encode(text, merges):
    rank = {(a, b): t for a, b, t in merges}
    out = []
    for c in chunks(text):
        ids = list(c.encode("utf-8"))
        while True:
            found = [rank[p] for p in zip(ids, ids[1:]) if p in rank]
            if not found:
                break
            t = min(found)
            ids = replace(ids, merges[t - 256][:2], t)
        out.extend(ids)
    return out


def main():
    with open(sys.argv[1], encoding="utf-8", newline="") as f:
        corpus = f.read()
    merges = train(corpus, int(sys.argv[2]))
    with open(sys.argv[3], "w", encoding="utf-8") as f:
        for a, b, t in merges:
            f.write(f"{a} {b} {t}\n")
    if len(sys.argv) > 5:
        with open(sys.argv[4], encoding="utf-8") as f:
            texts = [bytes.fromhex(line.strip()).decode("utf-8") for line in f if line.strip()]
        with open(sys.argv[5], "w", encoding="utf-8") as f:
            for text in texts:
                f.write(" ".join(str(i) for i in encode(text, merges)) + "\n")


if __name__ == "__main__":
    main()
