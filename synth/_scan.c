/* Text columns in C: which texts contain any of a few words (one pass over each text instead of one per word),
 * which of many words each text contains (word_hits: every word a rule set asks of a column, in one pass),
 * a column's UTF-8 bytes for Arrow in one buffer (no cached UTF-8 copy inside each string), templates
 * filled row by row from columns (fill, below: str.format_map's result without a dict or a parse per row), and a
 * text split around set phrases (the dialogues' agent habits: stages._habit_pattern's split, without a regex scan).
 *
 * The reference is Python: `any(w in text for w in words)` per text, as the medical rules' `_has_any`
 * (domains/medical/checks.py) computes it with `operator.contains` and regex alternations; tests compare the two.
 * Words are compared code point by code point, like `str.__contains__`; an empty word is in every text.
 * Optional: without a compiler the Python code runs, with the same result.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t len;
    Py_UCS4 first;
} Word;

/* Does `word` occur in the text (kind, data, len) at position i, whose code point is ch? */
static inline int word_at(int kind, const void *data, Py_ssize_t len, Py_ssize_t i, Py_UCS4 ch, const Word *word)
{
    if (word->first != ch || word->len > len - i)
        return 0;
    Py_ssize_t k = 1;
    while (k < word->len && PyUnicode_READ(kind, data, i + k) == PyUnicode_READ(word->kind, word->data, k))
        k++;
    return k == word->len;
}
/* The body of holds_one: does the text, its i-th code point CHAR_AT(i) and its length `len`, hold one of the
 * words, given the filter of their first code points? */
#define HOLDS_ONE_BODY(CHAR_AT)                                                                              \
    for (Py_ssize_t i = 0; i < len; i++) {                                                                  \
        Py_UCS4 ch = CHAR_AT(i);                                                                            \
        if (!(firsts[(ch & 0xFFFF) >> 3] & (1u << (ch & 7))))                                               \
            continue;                                                                                       \
        for (Py_ssize_t w = 0; w < nw; w++) {                                                               \
            const Word *word = &words[w];                                                                   \
            if (word->first != ch || word->len > len - i)                                                   \
                continue;                                                                                   \
            Py_ssize_t k = 1;                                                                               \
            while (k < word->len && CHAR_AT(i + k) == PyUnicode_READ(word->kind, word->data, k))           \
                k++;                                                                                        \
            if (k == word->len)                                                                             \
                return 1;                                                                                   \
        }                                                                                                   \
    }                                                                                                       \
    return 0;

/* Does `text` (kind, data, len) hold one of the words, given the filter of their first code points? */
static int holds_one(int kind, const void *data, Py_ssize_t len, const Word *words, Py_ssize_t nw,
                     const unsigned char *firsts)
{
#define ANY_KIND_AT(j) PyUnicode_READ(kind, data, (j))
    HOLDS_ONE_BODY(ANY_KIND_AT)
#undef ANY_KIND_AT
}

/* holds_one for a UCS-2 text (Chinese text), read without the kind switch per character: the same answer. */
static int holds_one_ucs2(const Py_UCS2 *text, Py_ssize_t len, const Word *words, Py_ssize_t nw,
                          const unsigned char *firsts)
{
#define UCS2_AT(j) ((Py_UCS4)text[(j)])
    HOLDS_ONE_BODY(UCS2_AT)
#undef UCS2_AT
}

/* The call has `want` arguments, the first a list; else a TypeError naming `usage`. */
static int check_call(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t want, const char *usage)
{
    if (nargs == want && PyList_Check(args[0]))
        return 0;
    PyErr_SetString(PyExc_TypeError, usage);
    return -1;
}

/* The words of the sequence `seq` (nw strings) into `words`, their first code points into the filter `firsts`;
 * 1 if one is empty, 0 if none, -1 (a TypeError set) if one is not a string. */
static int load_words(PyObject *seq, Py_ssize_t nw, Word *words, unsigned char *firsts)
{
    int empty = 0;
    for (Py_ssize_t w = 0; w < nw; w++) {
        PyObject *word = PySequence_Fast_GET_ITEM(seq, w);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "words must be strings");
            return -1;
        }
        words[w].kind = PyUnicode_KIND(word);
        words[w].data = PyUnicode_DATA(word);
        words[w].len = PyUnicode_GET_LENGTH(word);
        if (words[w].len == 0) {
            empty = 1;
            words[w].first = 0;
            continue;
        }
        words[w].first = PyUnicode_READ(words[w].kind, words[w].data, 0);
        firsts[(words[w].first & 0xFFFF) >> 3] |= (unsigned char)(1u << (words[w].first & 7));
    }
    return empty;
}

PyDoc_STRVAR(contains_any_doc,
"contains_any(texts, words) -> bytearray\n\n"
"Per text of the list `texts`, 1 if it contains one of the strings in the sequence `words`, else 0\n"
"(any(w in text for w in words)).");

/* The words of a call (texts: list, words: sequence) as a fast sequence (a new reference), the numbers of texts and
 * words in *n and *nw; NULL with an error set if the call is not of that shape. */
static PyObject *texts_and_words(PyObject *const *args, Py_ssize_t nargs, const char *usage, Py_ssize_t *n,
                                 Py_ssize_t *nw)
{
    if (check_call(args, nargs, 2, usage) < 0)
        return NULL;
    PyObject *seq = PySequence_Fast(args[1], "words must be a sequence of strings");
    if (seq == NULL)
        return NULL;
    *n = PyList_GET_SIZE(args[0]);
    *nw = PySequence_Fast_GET_SIZE(seq);
    return seq;
}

/* contains_any (masks 0: a byte per text) and which_words (masks 1: a uint64 of word bits per text). */
static PyObject *scan_texts(PyObject *const *args, Py_ssize_t nargs, int masks)
{
    Py_ssize_t n, nw;
    PyObject *texts = args[0];
    PyObject *seq = texts_and_words(args, nargs, masks ? "which_words(texts: list, words: sequence)"
                                                       : "contains_any(texts: list, words: sequence)", &n, &nw);
    if (seq == NULL)
        return NULL;
    if (masks && nw > 64) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_ValueError, "which_words: at most 64 words");
        return NULL;
    }
    Word *words = PyMem_Malloc(sizeof(Word) * (size_t)(nw > 0 ? nw : 1));
    unsigned char *firsts = PyMem_Calloc(8192, 1);
    PyObject *out = PyByteArray_FromStringAndSize(NULL, n * (Py_ssize_t)(masks ? sizeof(uint64_t) : 1));
    if (words == NULL || firsts == NULL || out == NULL) {
        if (out == NULL && !PyErr_Occurred())
            PyErr_NoMemory();
        goto fail;
    }
    char *flags = PyByteArray_AS_STRING(out);
    memset(flags, 0, (size_t)PyByteArray_GET_SIZE(out));
    int empty = load_words(seq, nw, words, firsts);
    if (empty < 0)
        goto fail;
    uint64_t all = nw == 64 ? ~(uint64_t)0 : (((uint64_t)1 << nw) - 1), always = 0;
    for (Py_ssize_t w = 0; w < nw; w++)
        if (words[w].len == 0)
            always |= (uint64_t)1 << w;     /* an empty word is in every text */
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "texts must be strings");
            goto fail;
        }
        if (masks) {
            int kind = PyUnicode_KIND(text);
            const void *data = PyUnicode_DATA(text);
            Py_ssize_t len = PyUnicode_GET_LENGTH(text);
            uint64_t mask = always;
            for (Py_ssize_t k = 0; k < len && mask != all; k++) {
                Py_UCS4 ch = PyUnicode_READ(kind, data, k);
                if (!(firsts[(ch & 0xFFFF) >> 3] & (1u << (ch & 7))))
                    continue;
                for (Py_ssize_t w = 0; w < nw; w++)
                    if (!(mask >> w & 1) && word_at(kind, data, len, k, ch, &words[w]))
                        mask |= (uint64_t)1 << w;
            }
            memcpy(flags + i * (Py_ssize_t)sizeof mask, &mask, sizeof mask);
        } else if (empty) {
            flags[i] = 1;
        } else if (nw >= 2 && PyUnicode_KIND(text) == PyUnicode_2BYTE_KIND) {
            /* Chinese text and two words or more: one scan without the kind switch per character (CPython's
             * search skips ahead faster for one word, but two words are two searches) */
            flags[i] = (char)holds_one_ucs2((const Py_UCS2 *)PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text),
                                            words, nw, firsts);
        } else if (nw <= 2) {
            /* one word, or two in a text of another kind: CPython's own substring search */
            int found = 0;
            for (Py_ssize_t w = 0; w < nw && !found; w++) {
                found = PyUnicode_Contains(text, PySequence_Fast_GET_ITEM(seq, w));
                if (found < 0)
                    goto fail;
            }
            flags[i] = (char)found;
        } else {
            flags[i] = (char)holds_one(PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text),
                                       words, nw, firsts);
        }
    }
    PyMem_Free(words);
    PyMem_Free(firsts);
    Py_DECREF(seq);
    return out;

fail:
    PyMem_Free(words);
    PyMem_Free(firsts);
    Py_XDECREF(out);
    Py_DECREF(seq);
    return NULL;
}

static PyObject *contains_any(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    return scan_texts(args, nargs, 0);
}

PyDoc_STRVAR(which_words_doc,
"which_words(texts, words) -> bytearray\n\n"
"Per text of the list `texts`, a native-endian uint64 whose bit w is set when the text contains words[w]\n"
"(sum(1 << w for w, word in enumerate(words) if word in text)); at most 64 words.");

static PyObject *which_words(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    return scan_texts(args, nargs, 1);
}

PyDoc_STRVAR(word_hits_doc,
"word_hits(texts, words, by_word=False, positive=False) -> bytearray\n\n"
"Per text of the list `texts` and word of the sequence `words`, byte [i * len(words) + w] is 1 when texts[i]\n"
"contains words[w], else 0 (int(word in text) for each text, each word): all the words in one pass over each\n"
"text, found through a table of their first code points, for any number of words. With `by_word` true the\n"
"bytes are laid out word by word instead, byte [w * len(texts) + i] (each word's column, ready to read).\n"
"With `positive` true a word counts only inside a clause that states something: clauses are the runs between\n"
"the marks \uff0c \u3002 \uff1b , ; and a clause opening with \u65e0, \u672a or \u5426\u8ba4 denies and is\n"
"skipped (for words without those marks: int(word in symptomatic.positive_text(text))).");

/* word_hits: the words sorted by first code point (`order`), and an open-addressing table from a first code point
 * to its run in `order` (slot: first, start, count; count 0 is an empty slot). */
typedef struct {
    Py_UCS4 first;
    Py_ssize_t start, count;
} Bucket;

/* A clause mark of symptomatic.positive_text: ， 。 ； , ; */
static inline int clause_mark(Py_UCS4 c)
{
    return c == 0xFF0C || c == 0x3002 || c == 0xFF1B || c == ',' || c == ';';
}

/* What word_hits' scan of one stretch of a text needs: the words, their first code points' table and filter, the
 * filter of their first two code points (pairs, hashed by pair_bit; singles: the first code points of one-code-point
 * words, which have no second), and the Set-Horspool skip (shift NULL: every position; span the shortest word's
 * length, at least 1). */
typedef struct {
    const Word *words;
    const Py_ssize_t *order;
    const Bucket *table;
    Py_ssize_t size;
    const unsigned char *firsts, *shift, *pairs, *singles;
    Py_ssize_t span;
} Scan;

/* The bit of the pairs filter for a word opening with code points c0, c1 (a 2^16-bit table: a shared bit only lets
 * a start through to the full test, it never stops one). */
static inline unsigned pair_bit(Py_UCS4 c0, Py_UCS4 c1)
{
    return ((c0 * 2654435761u) ^ (c1 * 40503u)) >> 16;
}

/* The body of scan_stretch: mark in `cell` (cell[w * stride] for word w) every word wholly inside [start, end) of
 * the text, its code point at j read as CHAR_AT(j). */
#define SCAN_STRETCH_BODY(CHAR_AT)                                                                           \
    Py_ssize_t span = sc->span;                                                                             \
    for (Py_ssize_t j = start, step = 1; j <= end - span; j += step) {                                      \
        if (sc->shift != NULL)                                                                              \
            step = sc->shift[CHAR_AT(j + span - 1) & 0xFFFF];                                               \
        Py_UCS4 ch = CHAR_AT(j);                                                                            \
        if (!(sc->firsts[(ch & 0xFFFF) >> 3] & (1u << (ch & 7))))                                           \
            continue;                                                                                       \
        /* most starts that pass the first code point fail the second: the pairs filter skips them, unless a */ \
        /* one-code-point word opens with ch (no word longer than one fits past end - 1) */                 \
        if (!(sc->singles[(ch & 0xFFFF) >> 3] & (1u << (ch & 7)))) {                                        \
            if (j + 1 >= end)                                                                               \
                continue;                                                                                   \
            unsigned bit = pair_bit(ch, CHAR_AT(j + 1));                                                    \
            if (!(sc->pairs[bit >> 3] & (1u << (bit & 7))))                                                 \
                continue;                                                                                   \
        }                                                                                                   \
        size_t slot = (size_t)(ch * 2654435761u) & (size_t)(sc->size - 1);                                 \
        while (sc->table[slot].count && sc->table[slot].first != ch)                                        \
            slot = (slot + 1) & (size_t)(sc->size - 1);                                                     \
        for (Py_ssize_t k = sc->table[slot].start, stop = k + sc->table[slot].count; k < stop; k++) {       \
            Py_ssize_t w = sc->order[k];                                                                    \
            if (!cell[w * stride] && word_at(kind, data, end, j, ch, &sc->words[w]))                        \
                cell[w * stride] = 1;                                                                       \
        }                                                                                                   \
    }

/* Mark in `cell` (cell[w * stride] for word w) every word wholly inside [start, end) of the text. */
static void scan_stretch(const Scan *sc, int kind, const void *data, Py_ssize_t start, Py_ssize_t end, char *cell,
                         Py_ssize_t stride)
{
#define ANY_KIND_AT(j) PyUnicode_READ(kind, data, (j))
    SCAN_STRETCH_BODY(ANY_KIND_AT)
#undef ANY_KIND_AT
}

/* scan_stretch for a UCS-2 text (Chinese text), its code points read without the kind switch: the same marks.
 * Every code point of the text passes through here, so the switch per read was most of the scan's cost. */
static void scan_stretch_ucs2(const Scan *sc, const Py_UCS2 *text, Py_ssize_t start, Py_ssize_t end, char *cell,
                              Py_ssize_t stride)
{
    const int kind = PyUnicode_2BYTE_KIND;
    const void *data = text;
#define UCS2_AT(j) ((Py_UCS4)text[(j)])
    SCAN_STRETCH_BODY(UCS2_AT)
#undef UCS2_AT
}

/* scan_stretch, by the text's kind. */
static inline void scan_text_stretch(const Scan *sc, int kind, const void *data, Py_ssize_t start, Py_ssize_t end,
                                     char *cell, Py_ssize_t stride)
{
    if (kind == PyUnicode_2BYTE_KIND)
        scan_stretch_ucs2(sc, (const Py_UCS2 *)data, start, end, cell, stride);
    else
        scan_stretch(sc, kind, data, start, end, cell, stride);
}

static PyObject *word_hits(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t n, nw;
    PyObject *texts = args[0];
    const char *usage = "word_hits(texts: list, words: sequence, by_word: bool = False, positive: bool = False)";
    int by_word = 0, positive = 0;
    if (nargs > 2 && (by_word = PyObject_IsTrue(args[2])) < 0)
        return NULL;
    if (nargs > 3 && (positive = PyObject_IsTrue(args[3])) < 0)
        return NULL;
    PyObject *seq = texts_and_words(args, nargs > 2 && nargs <= 4 ? 2 : nargs, usage, &n, &nw);
    if (seq == NULL)
        return NULL;
    Py_ssize_t size = 16;
    while (size < 2 * nw)
        size *= 2;
    Word *words = PyMem_Malloc(sizeof(Word) * (size_t)(nw > 0 ? nw : 1));
    Py_ssize_t *order = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(nw > 0 ? nw : 1));
    Bucket *table = PyMem_Calloc((size_t)size, sizeof(Bucket));
    unsigned char *firsts = PyMem_Calloc(8192, 1);
    unsigned char *pairs = PyMem_Calloc(8192, 1), *singles = PyMem_Calloc(8192, 1);
    unsigned char *shift = NULL;
    PyObject *out = NULL;
    if (words == NULL || order == NULL || table == NULL || firsts == NULL || pairs == NULL || singles == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    int empty = load_words(seq, nw, words, firsts);
    if (empty < 0)
        goto fail;
    if (n > 0 && nw > PY_SSIZE_T_MAX / n) {
        PyErr_NoMemory();
        goto fail;
    }
    out = PyByteArray_FromStringAndSize(NULL, n * nw);
    if (out == NULL)
        goto fail;
    char *hits = PyByteArray_AS_STRING(out);
    memset(hits, 0, (size_t)(n * nw));
    /* the non-empty words grouped by first code point (insertion sort: a few hundred words at most) */
    Py_ssize_t m = 0;
    for (Py_ssize_t w = 0; w < nw; w++) {
        if (words[w].len == 0)
            continue;
        Py_ssize_t k = m++;
        while (k > 0 && words[order[k - 1]].first > words[w].first) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = w;
    }
    for (Py_ssize_t k = 0; k < m; k++) {
        Py_UCS4 first = words[order[k]].first;
        size_t slot = (size_t)(first * 2654435761u) & (size_t)(size - 1);
        while (table[slot].count && table[slot].first != first)
            slot = (slot + 1) & (size_t)(size - 1);
        if (!table[slot].count) {
            table[slot].first = first;
            table[slot].start = k;
        }
        table[slot].count++;
    }
    /* Set-Horspool skip: every word is at least `span` code points long, so a word can start at j only if the code
     * point at j + span - 1 is one of the first span - 1 code points of some word at the right distance. After the
     * words starting at j are tried, the scan moves on by the least such distance for the code point at
     * j + span - 1 (span if it is in no word's head); a shift table slot is shared by code points equal modulo
     * 2^16, and keeps the least shift of them, so no start is skipped. Words of 1 code point: every position. */
    Py_ssize_t span = 0;
    for (Py_ssize_t w = 0; w < nw; w++)
        if (words[w].len > 0 && (span == 0 || words[w].len < span))
            span = words[w].len;
    if (span > 255)
        span = 255;
    if (span >= 2) {
        shift = PyMem_Malloc(65536);
        if (shift == NULL) {
            PyErr_NoMemory();
            goto fail;
        }
        memset(shift, (int)span, 65536);
        for (Py_ssize_t w = 0; w < nw; w++)
            for (Py_ssize_t q = 0; words[w].len > 0 && q < span - 1; q++) {
                Py_UCS4 c = PyUnicode_READ(words[w].kind, words[w].data, q);
                unsigned char d = (unsigned char)(span - 1 - q);
                if (shift[c & 0xFFFF] > d)
                    shift[c & 0xFFFF] = d;
            }
    }
    else
        span = 1;
    for (Py_ssize_t w = 0; w < nw; w++) {
        Py_UCS4 c0 = words[w].first;
        if (words[w].len == 1)
            singles[(c0 & 0xFFFF) >> 3] |= (unsigned char)(1u << (c0 & 7));
        else if (words[w].len > 1) {
            unsigned bit = pair_bit(c0, PyUnicode_READ(words[w].kind, words[w].data, 1));
            pairs[bit >> 3] |= (unsigned char)(1u << (bit & 7));
        }
    }
    Scan sc = {words, order, table, size, firsts, shift, pairs, singles, span};
    Py_ssize_t stride = by_word ? n : 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "texts must be strings");
            goto fail;
        }
        char *cell = by_word ? hits + i : hits + i * nw;
        for (Py_ssize_t w = 0; empty && w < nw; w++)     /* a loop over every word per text: only if one is empty */
            if (words[w].len == 0)
                cell[w * stride] = 1;     /* an empty word is in every text */
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        if (!positive) {
            scan_text_stretch(&sc, kind, data, 0, len, cell, stride);
            continue;
        }
        /* clause by clause, skipping those that open with 无, 未 or 否认 */
        for (Py_ssize_t start = 0; start <= len;) {
            Py_ssize_t end = start;
            while (end < len && !clause_mark(PyUnicode_READ(kind, data, end)))
                end++;
            Py_UCS4 c0 = end > start ? PyUnicode_READ(kind, data, start) : 0;
            int denied = c0 == 0x65E0 || c0 == 0x672A ||
                         (c0 == 0x5426 && end > start + 1 && PyUnicode_READ(kind, data, start + 1) == 0x8BA4);
            if (!denied)
                scan_text_stretch(&sc, kind, data, start, end, cell, stride);
            start = end + 1;
        }
    }
    PyMem_Free(words);
    PyMem_Free(order);
    PyMem_Free(table);
    PyMem_Free(firsts);
    PyMem_Free(pairs);
    PyMem_Free(singles);
    PyMem_Free(shift);
    Py_DECREF(seq);
    return out;

fail:
    PyMem_Free(words);
    PyMem_Free(order);
    PyMem_Free(table);
    PyMem_Free(firsts);
    PyMem_Free(pairs);
    PyMem_Free(singles);
    PyMem_Free(shift);
    Py_XDECREF(out);
    Py_DECREF(seq);
    return NULL;
}

PyDoc_STRVAR(utf8_column_doc,
"utf8_column(texts, allocate=None) -> (data, offsets) or None\n\n"
"The UTF-8 bytes of the strings of the list `texts` end to end, and the n + 1 int64 offsets where each starts\n"
"and the last ends (an Arrow large_string array's two buffers), encoded in one pass into one buffer. None when\n"
"an item is not exactly a str or holds a lone surrogate (the caller's general path decides those).\n"
"Without `allocate` both are bytes of their exact size. With it, each is the writable buffer `allocate(size)`\n"
"returns (engine.to_series: Arrow's memory pool, whose pages a later batch reuses rather than the fresh pages of\n"
"a new bytes object, each faulted in by the kernel); data may then be longer than offsets' last entry.");

/* The UTF-8 of the n strings of `texts` (each exactly a str) written at `out`, each one's start in at[i] and the
 * end in at[n]; -1 where one holds a lone surrogate (no UTF-8). */
static int encode_column(PyObject *texts, Py_ssize_t n, unsigned char *out, int64_t *at)
{
    unsigned char *start = out;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        at[i] = (int64_t)(out - start);
        if (PyUnicode_IS_ASCII(text)) {
            memcpy(out, PyUnicode_DATA(text), (size_t)len);
            out += len;
            continue;
        }
        int kind = PyUnicode_KIND(text);
        const void *chars = PyUnicode_DATA(text);
        if (kind == PyUnicode_2BYTE_KIND) {     /* Chinese text: a loop without the kind switch per character */
            const Py_UCS2 *u = (const Py_UCS2 *)chars;
            Py_ssize_t k = 0;
            for (; k < len; k++) {
                Py_UCS2 ch = u[k];
                if (ch < 0x80) {
                    *out++ = (unsigned char)ch;
                } else if (ch < 0x800) {
                    *out++ = (unsigned char)(0xC0 | (ch >> 6));
                    *out++ = (unsigned char)(0x80 | (ch & 0x3F));
                } else if (ch < 0xD800 || ch > 0xDFFF) {
                    *out++ = (unsigned char)(0xE0 | (ch >> 12));
                    *out++ = (unsigned char)(0x80 | ((ch >> 6) & 0x3F));
                    *out++ = (unsigned char)(0x80 | (ch & 0x3F));
                } else {
                    break;      /* a lone surrogate has no UTF-8 */
                }
            }
            if (k == len)
                continue;
            return -1;
        }
        for (Py_ssize_t k = 0; k < len; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, chars, k);
            if (ch < 0x80) {
                *out++ = (unsigned char)ch;
            } else if (ch < 0x800) {
                *out++ = (unsigned char)(0xC0 | (ch >> 6));
                *out++ = (unsigned char)(0x80 | (ch & 0x3F));
            } else if (ch < 0x10000) {
                if (ch >= 0xD800 && ch <= 0xDFFF) {     /* a lone surrogate has no UTF-8 */
                    return -1;
                }
                *out++ = (unsigned char)(0xE0 | (ch >> 12));
                *out++ = (unsigned char)(0x80 | ((ch >> 6) & 0x3F));
                *out++ = (unsigned char)(0x80 | (ch & 0x3F));
            } else {
                *out++ = (unsigned char)(0xF0 | (ch >> 18));
                *out++ = (unsigned char)(0x80 | ((ch >> 12) & 0x3F));
                *out++ = (unsigned char)(0x80 | ((ch >> 6) & 0x3F));
                *out++ = (unsigned char)(0x80 | (ch & 0x3F));
            }
        }
    }
    at[n] = (int64_t)(out - start);
    return 0;
}

/* A writable buffer of at least `size` bytes from allocate(size), its view in `view`; NULL (an error set) if not. */
static PyObject *allocated(PyObject *allocate, Py_ssize_t size, Py_buffer *view)
{
    PyObject *buffer = PyObject_CallFunction(allocate, "n", size);
    if (buffer == NULL)
        return NULL;
    if (PyObject_GetBuffer(buffer, view, PyBUF_WRITABLE) < 0) {
        Py_DECREF(buffer);
        return NULL;
    }
    if (view->len < size) {
        PyBuffer_Release(view);
        Py_DECREF(buffer);
        PyErr_SetString(PyExc_ValueError, "utf8_column: allocate(size) returned a buffer shorter than size");
        return NULL;
    }
    return buffer;
}

static PyObject *utf8_column(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (check_call(args, nargs == 2 ? 1 : nargs, 1, "utf8_column(texts: list, allocate=None)") < 0)
        return NULL;
    PyObject *texts = args[0];
    PyObject *allocate = nargs == 2 && args[1] != Py_None ? args[1] : NULL;
    Py_ssize_t n = PyList_GET_SIZE(texts), bound = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_CheckExact(text))
            Py_RETURN_NONE;
        Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        /* at most 1, 2, 3 or 4 bytes a code point (ASCII, Latin-1, UCS-2, UCS-4) */
        int most = PyUnicode_IS_ASCII(text) ? 1 : PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND ? 2
                 : PyUnicode_KIND(text) == PyUnicode_2BYTE_KIND ? 3 : 4;
        if (len > (PY_SSIZE_T_MAX - bound) / 4)
            return PyErr_NoMemory();
        bound += len * most;
    }
    Py_ssize_t offsets_size = (n + 1) * (Py_ssize_t)sizeof(int64_t);
    if (allocate != NULL) {
        Py_buffer data_view, offsets_view;
        PyObject *data = allocated(allocate, bound, &data_view);
        if (data == NULL)
            return NULL;
        PyObject *offsets = allocated(allocate, offsets_size, &offsets_view);
        if (offsets == NULL) {
            PyBuffer_Release(&data_view);
            Py_DECREF(data);
            return NULL;
        }
        int encoded = encode_column(texts, n, (unsigned char *)data_view.buf, (int64_t *)offsets_view.buf);
        PyBuffer_Release(&data_view);
        PyBuffer_Release(&offsets_view);
        if (encoded < 0) {
            Py_DECREF(data);
            Py_DECREF(offsets);
            Py_RETURN_NONE;
        }
        PyObject *pair = PyTuple_Pack(2, data, offsets);
        Py_DECREF(data);
        Py_DECREF(offsets);
        return pair;
    }
    PyObject *offsets = PyBytes_FromStringAndSize(NULL, offsets_size);
    PyObject *data = PyBytes_FromStringAndSize(NULL, bound);
    if (offsets == NULL || data == NULL) {
        Py_XDECREF(offsets);
        Py_XDECREF(data);
        return NULL;
    }
    int64_t *at = (int64_t *)PyBytes_AS_STRING(offsets);
    if (encode_column(texts, n, (unsigned char *)PyBytes_AS_STRING(data), at) < 0) {
        Py_DECREF(offsets);
        Py_DECREF(data);
        Py_RETURN_NONE;
    }
    if (_PyBytes_Resize(&data, (Py_ssize_t)at[n]) < 0) {
        Py_DECREF(offsets);
        return NULL;
    }
    PyObject *pair = PyTuple_Pack(2, data, offsets);
    Py_DECREF(data);
    Py_DECREF(offsets);
    return pair;
}

/* -- int_rows: ragged rows of small integers as two int64 buffers --------------------------------------------------
 * The medical prescriptions are a column of drug tuples; numpy.fromiter over their items makes a Python iterator
 * step and an int conversion per drug, several times a batch (model.drug_table, model.flattened). */
PyDoc_STRVAR(int_rows_doc,
"int_rows(rows) -> (lengths, flat) or None\n\n"
"For the list `rows` of tuples or lists of ints: bytearrays of the int64 of each row's length, and of every\n"
"row's items end to end (numpy.fromiter(map(len, rows)) and numpy.fromiter(chain.from_iterable(rows)) as int64).\n"
"None when a row is not a tuple or list or an item is not an int within int64 (the caller's Python path decides).");

static PyObject *int_rows(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (check_call(args, nargs, 1, "int_rows(rows: list)") < 0)
        return NULL;
    PyObject *rows = args[0];
    Py_ssize_t n = PyList_GET_SIZE(rows), total = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PyList_GET_ITEM(rows, i);
        if (!PyTuple_Check(row) && !PyList_Check(row))
            Py_RETURN_NONE;
        total += PySequence_Fast_GET_SIZE(row);
    }
    /* bytearrays: numpy arrays over them are writable, as fromiter's are */
    PyObject *lengths = PyByteArray_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
    PyObject *flat = PyByteArray_FromStringAndSize(NULL, total * (Py_ssize_t)sizeof(int64_t));
    if (lengths == NULL || flat == NULL)
        goto fail;
    int64_t *len_at = (int64_t *)PyByteArray_AS_STRING(lengths), *out = (int64_t *)PyByteArray_AS_STRING(flat);
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PyList_GET_ITEM(rows, i);
        Py_ssize_t m = PySequence_Fast_GET_SIZE(row);
        PyObject **items = PySequence_Fast_ITEMS(row);
        /* (a list row is read as it is now: nothing here runs Python code that could change it) */
        if (k + m > total)
            goto none;
        for (Py_ssize_t j = 0; j < m; j++) {
            if (!PyLong_CheckExact(items[j]))
                goto none;
            int overflow = 0;
            long long v = PyLong_AsLongLongAndOverflow(items[j], &overflow);
            if (overflow)
                goto none;
            out[k++] = (int64_t)v;
        }
        len_at[i] = (int64_t)m;
    }
    if (k != total)
        goto none;
    PyObject *pair = PyTuple_Pack(2, lengths, flat);
    Py_DECREF(lengths);
    Py_DECREF(flat);
    return pair;
none:
    Py_DECREF(lengths);
    Py_DECREF(flat);
    Py_RETURN_NONE;
fail:
    Py_XDECREF(lengths);
    Py_XDECREF(flat);
    return NULL;
}

/* -- fill: templates filled row by row ----------------------------------------------------------------------------
 * fill(templates, columns) is [t.format_map({name: column[i] for name, column in columns.items()})
 * for i, t in enumerate(templates)] for templates whose only fields are plain {name}s: the pieces of each distinct
 * template are found once per call, and each row's text is written into one new string (no dict per row, no
 * parse per row). It returns None where it cannot give format_map's answer (a brace escape, a conversion, a format
 * spec, an index or attribute, a name not in columns, a column shorter than the templates, more than MAX_PIECES
 * pieces): the caller then runs the Python definition. A value that is not exactly a str is formatted as
 * format_map formats it (format(value, "")). */
#define MAX_PIECES 64

/* The pieces of a template: a tuple of literal strings and column lists, alternately (literals at even places,
 * the first and last maybe empty); NULL with no error set when the template is not plain. */
static PyObject *parse_template(PyObject *template, PyObject *columns)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(template);
    int kind = PyUnicode_KIND(template);
    const void *data = PyUnicode_DATA(template);
    PyObject *pieces = PyList_New(0);
    if (pieces == NULL)
        return NULL;
    Py_ssize_t start = 0, i = 0;
    while (i < len) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch == '}')
            goto unsupported;
        if (ch != '{') {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < len) {
            Py_UCS4 c = PyUnicode_READ(kind, data, j);
            if (c == '}')
                break;
            if (c == '{' || c == '!' || c == ':' || c == '.' || c == '[' || c == ']')
                goto unsupported;
            j++;
        }
        if (j >= len || j == i + 1)
            goto unsupported;
        PyObject *literal = PyUnicode_Substring(template, start, i);
        PyObject *name = PyUnicode_Substring(template, i + 1, j);
        if (literal == NULL || name == NULL) {
            Py_XDECREF(literal);
            Py_XDECREF(name);
            Py_DECREF(pieces);
            return NULL;
        }
        PyObject *column = PyDict_GetItemWithError(columns, name);   /* borrowed */
        Py_DECREF(name);
        if (column == NULL || !PyList_CheckExact(column) || PyList_Append(pieces, literal) < 0 ||
                PyList_Append(pieces, column) < 0) {
            Py_DECREF(literal);
            Py_DECREF(pieces);
            return NULL;        /* an error set, or (no error) a name that is not a column */
        }
        Py_DECREF(literal);
        i = start = j + 1;
    }
    PyObject *tail = PyUnicode_Substring(template, start, len);
    if (tail == NULL || PyList_Append(pieces, tail) < 0) {
        Py_XDECREF(tail);
        Py_DECREF(pieces);
        return NULL;
    }
    Py_DECREF(tail);
    if (PyList_GET_SIZE(pieces) > MAX_PIECES)
        goto unsupported;
    PyObject *out = PyList_AsTuple(pieces);
    Py_DECREF(pieces);
    return out;
unsupported:
    Py_DECREF(pieces);
    return NULL;
}

PyDoc_STRVAR(fill_doc,
"fill(templates, columns) -> list of str, or None\n\n"
"Each template filled from its row of the columns (a dict of name -> list), as\n"
"template.format_map({name: column[i], ...}); None where a template is not made of plain {name} fields.");

static PyObject *fill(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyList_CheckExact(args[0]) || !PyDict_CheckExact(args[1])) {
        PyErr_SetString(PyExc_TypeError, "fill(templates: list, columns: dict)");
        return NULL;
    }
    PyObject *templates = args[0], *columns = args[1];
    Py_ssize_t n = PyList_GET_SIZE(templates);
    PyObject *name, *column;
    Py_ssize_t pos = 0;
    while (PyDict_Next(columns, &pos, &name, &column))
        if (!PyList_CheckExact(column) || PyList_GET_SIZE(column) < n)
            Py_RETURN_NONE;
    PyObject *parsed = PyDict_New();        /* template -> its pieces (the same few templates recur) */
    PyObject *out = PyList_New(n);
    if (parsed == NULL || out == NULL)
        goto error;
    PyObject *empty = PyUnicode_New(0, 0);
    if (empty == NULL)
        goto error;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *template = PyList_GET_ITEM(templates, i);
        if (!PyUnicode_CheckExact(template)) {
            Py_DECREF(empty);
            goto fallback;
        }
        PyObject *pieces = PyDict_GetItemWithError(parsed, template);    /* borrowed */
        if (pieces == NULL) {
            if (PyErr_Occurred() || (pieces = parse_template(template, columns)) == NULL) {
                Py_DECREF(empty);
                if (PyErr_Occurred())
                    goto error;
                goto fallback;
            }
            int failed = PyDict_SetItem(parsed, template, pieces);
            Py_DECREF(pieces);      /* the dict holds it */
            if (failed < 0) {
                Py_DECREF(empty);
                goto error;
            }
        }
        Py_ssize_t np = PyTuple_GET_SIZE(pieces);
        PyObject *parts[MAX_PIECES];
        Py_ssize_t size = 0;
        Py_UCS4 most = 0;
        int bad = 0;
        for (Py_ssize_t k = 0; k < np; k++) {
            PyObject *piece = PyTuple_GET_ITEM(pieces, k);
            if (k & 1) {
                piece = PyList_GET_ITEM(piece, i);
                if (PyUnicode_CheckExact(piece)) {
                    Py_INCREF(piece);
                } else {
                    piece = PyObject_Format(piece, empty);
                    if (piece == NULL || !PyUnicode_Check(piece)) {
                        Py_XDECREF(piece);
                        for (Py_ssize_t m = 0; m < k; m++)
                            Py_DECREF(parts[m]);
                        bad = 1;
                        break;
                    }
                }
            } else {
                Py_INCREF(piece);
            }
            parts[k] = piece;
            size += PyUnicode_GET_LENGTH(piece);
            Py_UCS4 top = PyUnicode_MAX_CHAR_VALUE(piece);
            if (top > most)
                most = top;
        }
        if (bad) {
            Py_DECREF(empty);
            goto error;
        }
        PyObject *text = PyUnicode_New(size, most);
        Py_ssize_t at = 0;
        for (Py_ssize_t k = 0; k < np; k++) {
            if (text != NULL) {
                Py_ssize_t len = PyUnicode_GET_LENGTH(parts[k]);
                if (len && PyUnicode_CopyCharacters(text, at, parts[k], 0, len) < 0)
                    Py_CLEAR(text);
                at += len;
            }
            Py_DECREF(parts[k]);
        }
        if (text == NULL) {
            Py_DECREF(empty);
            goto error;
        }
        PyList_SET_ITEM(out, i, text);
    }
    Py_DECREF(empty);
    Py_DECREF(parsed);
    return out;
fallback:
    Py_XDECREF(parsed);
    Py_XDECREF(out);
    Py_RETURN_NONE;
error:
    Py_XDECREF(parsed);
    Py_XDECREF(out);
    return NULL;
}

/* ---- set phrases: a text split around them, the longest phrase at each position (dialogues' agent habits) ---- */

/* The phrases by the low byte of their first code point, each bucket longest first: at a position only the phrases
 * that can start there are compared, and the first that matches is the longest. */
typedef struct {
    PyObject *keep;       /* the tuple of phrases (their data stays valid while it lives) */
    Word *words;
    Py_ssize_t n;
    Py_ssize_t start[257];   /* bucket b holds order[start[b] .. start[b + 1]) */
    Py_ssize_t *order;
    unsigned char firsts[8192];
} Phrases;

static void phrases_free(PyObject *capsule)
{
    Phrases *p = PyCapsule_GetPointer(capsule, "synth.phrases");
    if (p == NULL)
        return;
    Py_XDECREF(p->keep);
    PyMem_Free(p->words);
    PyMem_Free(p->order);
    PyMem_Free(p);
}

PyDoc_STRVAR(phrase_table_doc,
"phrase_table(phrases) -> capsule\n\n"
"The non-empty strings `phrases` prepared for split_phrases.");

static PyObject *phrase_table(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 1) {
        PyErr_SetString(PyExc_TypeError, "phrase_table(phrases: sequence of str)");
        return NULL;
    }
    PyObject *keep = PySequence_Tuple(args[0]);
    if (keep == NULL)
        return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(keep);
    Phrases *p = PyMem_Calloc(1, sizeof(Phrases));
    if (p == NULL) {
        Py_DECREF(keep);
        return PyErr_NoMemory();
    }
    p->keep = keep;
    p->n = n;
    p->words = PyMem_Malloc(sizeof(Word) * (size_t)(n ? n : 1));
    p->order = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n ? n : 1));
    if (p->words == NULL || p->order == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_ssize_t count[256] = {0};
    for (Py_ssize_t w = 0; w < n; w++) {
        PyObject *word = PyTuple_GET_ITEM(keep, w);
        if (!PyUnicode_Check(word) || PyUnicode_GET_LENGTH(word) == 0) {
            PyErr_SetString(PyExc_ValueError, "phrases must be non-empty strings");
            goto fail;
        }
        p->words[w].kind = PyUnicode_KIND(word);
        p->words[w].data = PyUnicode_DATA(word);
        p->words[w].len = PyUnicode_GET_LENGTH(word);
        p->words[w].first = PyUnicode_READ(p->words[w].kind, p->words[w].data, 0);
        p->firsts[(p->words[w].first & 0xFFFF) >> 3] |= (unsigned char)(1u << (p->words[w].first & 7));
        count[p->words[w].first & 255]++;
    }
    for (int b = 0; b < 256; b++)
        p->start[b + 1] = p->start[b] + count[b];
    Py_ssize_t fill[256];
    memcpy(fill, p->start, sizeof fill);
    for (Py_ssize_t w = 0; w < n; w++) {   /* into its bucket, kept longest first (insertion) */
        int b = p->words[w].first & 255;
        Py_ssize_t j = fill[b]++;
        while (j > p->start[b] && p->words[p->order[j - 1]].len < p->words[w].len) {
            p->order[j] = p->order[j - 1];
            j--;
        }
        p->order[j] = w;
    }
    PyObject *capsule = PyCapsule_New(p, "synth.phrases", phrases_free);
    if (capsule != NULL)
        return capsule;
fail:
    Py_XDECREF(p->keep);
    PyMem_Free(p->words);
    PyMem_Free(p->order);
    PyMem_Free(p);
    return NULL;
}

/* The longest phrase of `p` that starts at position i of the text (its index in *w), as its length; 0 if none. */
static inline Py_ssize_t phrase_at(const Phrases *p, int kind, const void *data, Py_ssize_t len, Py_ssize_t i,
                                   Py_ssize_t *w)
{
    Py_UCS4 ch = PyUnicode_READ(kind, data, i);
    if (!(p->firsts[(ch & 0xFFFF) >> 3] & (1u << (ch & 7))))
        return 0;
    int b = ch & 255;
    for (Py_ssize_t j = p->start[b]; j < p->start[b + 1]; j++)
        if (word_at(kind, data, len, i, ch, &p->words[p->order[j]])) {
            *w = p->order[j];
            return p->words[*w].len;
        }
    return 0;
}

PyDoc_STRVAR(split_phrases_doc,
"split_phrases(table, text) -> tuple\n\n"
"`text` split around the phrases of `table` (phrase_table), as re.split with a group around an alternation of\n"
"the phrases longest first: (text,) if none occurs, else (before, phrase, between, phrase, ..., after); at each\n"
"position the longest phrase that starts there, scanning left to right.");

static PyObject *split_phrases(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "split_phrases(table, text: str)");
        return NULL;
    }
    Phrases *p = PyCapsule_GetPointer(args[0], "synth.phrases");
    if (p == NULL)
        return NULL;
    PyObject *text = args[1], *out = NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text), last = 0, i = 0;
    while (i < len) {
        Py_ssize_t w, found = phrase_at(p, kind, data, len, i, &w);
        if (!found) {
            i++;
            continue;
        }
        if (out == NULL && (out = PyList_New(0)) == NULL)
            return NULL;
        PyObject *before = PyUnicode_Substring(text, last, i), *phrase = PyUnicode_Substring(text, i, i + found);
        int r = before == NULL || phrase == NULL ? -1 : PyList_Append(out, before);
        if (r == 0)
            r = PyList_Append(out, phrase);
        Py_XDECREF(before);
        Py_XDECREF(phrase);
        if (r < 0) {
            Py_DECREF(out);
            return NULL;
        }
        i += found;
        last = i;
    }
    if (out == NULL)
        return PyTuple_Pack(1, text);
    PyObject *after = PyUnicode_Substring(text, last, len);
    if (after == NULL || PyList_Append(out, after) < 0) {
        Py_XDECREF(after);
        Py_DECREF(out);
        return NULL;
    }
    Py_DECREF(after);
    PyObject *parts = PyList_AsTuple(out);
    Py_DECREF(out);
    return parts;
}

static PyObject *k_text, *k_empty;   /* (interned at import: PyInit__scan) */

/* ---- an agent's set phrases said its way: domains/dialogues/stages.py _habits in one call ---- */

/* `text` with each set phrase (the longest at each position, left to right, as split_phrases finds them) replaced
 * by the member of its family this agent says now: info[w] = (family, variants) for the table's phrase w; the
 * member is variants[((mixed >> 33) + times) % len(variants)], mixed = habit * 6364136223846793005 + (family + 1)
 * * 1442695040888963407 mod 2**64, times = how often the family was said before (said[family] + 1, then stored).
 * A new reference; `text` itself where no phrase occurs. */
static PyObject *said_by_habit(Phrases *p, PyObject *info, PyObject *text, uint64_t habit, PyObject *said)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text), last = 0, i = 0;
    PyObject *parts = NULL;
    while (i < len) {
        Py_ssize_t w, found = phrase_at(p, kind, data, len, i, &w);
        if (!found) {
            i++;
            continue;
        }
        PyObject *item = PyTuple_GET_ITEM(info, w), *family, *variants;
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2 || !PyLong_Check(family = PyTuple_GET_ITEM(item, 0))
                || !PyTuple_Check(variants = PyTuple_GET_ITEM(item, 1)) || PyTuple_GET_SIZE(variants) == 0) {
            PyErr_SetString(PyExc_TypeError, "say_habits: info items must be (family: int, variants: tuple)");
            goto error;
        }
        long fam = PyLong_AsLong(family);
        if (fam == -1 && PyErr_Occurred())
            goto error;
        PyObject *before = PyDict_GetItemWithError(said, family);
        long times = 0;
        if (before != NULL) {
            times = PyLong_AsLong(before) + 1;
            if (times == 0 && PyErr_Occurred())
                goto error;
        } else if (PyErr_Occurred())
            goto error;
        PyObject *count = PyLong_FromLong(times);
        if (count == NULL || PyDict_SetItem(said, family, count) < 0) {
            Py_XDECREF(count);
            goto error;
        }
        Py_DECREF(count);
        uint64_t mixed = habit * 6364136223846793005ULL + (uint64_t)(fam + 1) * 1442695040888963407ULL;
        PyObject *variant = PyTuple_GET_ITEM(variants, (Py_ssize_t)(((mixed >> 33) + (uint64_t)times)
                                                                     % (uint64_t)PyTuple_GET_SIZE(variants)));
        if (parts == NULL && (parts = PyList_New(0)) == NULL)
            return NULL;
        PyObject *head = PyUnicode_Substring(text, last, i);
        int r = head == NULL ? -1 : PyList_Append(parts, head);
        Py_XDECREF(head);
        if (r < 0 || PyList_Append(parts, variant) < 0)
            goto error;
        i += found;
        last = i;
    }
    if (parts == NULL) {
        Py_INCREF(text);
        return text;
    }
    PyObject *tail = PyUnicode_Substring(text, last, len);
    if (tail == NULL || PyList_Append(parts, tail) < 0) {
        Py_XDECREF(tail);
        goto error;
    }
    Py_DECREF(tail);
    PyObject *joined = PyUnicode_Join(k_empty, parts);
    Py_DECREF(parts);
    return joined;
error:
    Py_XDECREF(parts);
    return NULL;
}

PyDoc_STRVAR(say_habits_doc,
"say_habits(table, info, segs, habit, said) -> None\n\n"
"domains/dialogues/stages.py _habits in place: each run of free-text pieces of `segs` (a list of (text, kind, tag)\n"
"tuples) becomes one piece (its texts joined with the set phrases of `table` said the agent's way, \"text\", the\n"
"run's first tag); other pieces are kept. info[w] = (family, variants) for the table's phrase w; `habit` is the\n"
"agent's number (< 2**64), `said` the dict family -> times said so far (updated).");

static PyObject *say_habits(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5 || !PyTuple_Check(args[1]) || !PyList_Check(args[2]) || !PyDict_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError, "say_habits(table, info: tuple, segs: list, habit: int, said: dict)");
        return NULL;
    }
    Phrases *p = PyCapsule_GetPointer(args[0], "synth.phrases");
    if (p == NULL)
        return NULL;
    PyObject *info = args[1], *segs = args[2], *said = args[4];
    if (PyTuple_GET_SIZE(info) != p->n) {
        PyErr_SetString(PyExc_ValueError, "say_habits: info must have one item per phrase of the table");
        return NULL;
    }
    uint64_t habit = PyLong_AsUnsignedLongLong(args[3]);
    if (habit == (uint64_t)-1 && PyErr_Occurred())
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(segs);
    if (n == 0)
        Py_RETURN_NONE;
    for (Py_ssize_t i = 0; i < n; i++) {   /* every piece a (text: str, kind: str, tag, ...) tuple */
        PyObject *seg = PyList_GET_ITEM(segs, i);
        if (!PyTuple_Check(seg) || PyTuple_GET_SIZE(seg) < 3 || !PyUnicode_Check(PyTuple_GET_ITEM(seg, 0))
                || !PyUnicode_Check(PyTuple_GET_ITEM(seg, 1))) {
            PyErr_SetString(PyExc_TypeError, "say_habits: the pieces must be (text: str, kind: str, tag) tuples");
            return NULL;
        }
    }
    PyObject *out = PyList_New(0), *texts = NULL;
    if (out == NULL)
        return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        PyObject *seg = PyList_GET_ITEM(segs, i);
        if (PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(seg, 1), "text") != 0) {
            if (PyList_Append(out, seg) < 0)
                goto error;
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < n && PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(PyList_GET_ITEM(segs, j), 1), "text") == 0)
            j++;
        PyObject *run;
        if (j - i == 1) {
            run = PyTuple_GET_ITEM(seg, 0);
            Py_INCREF(run);
        } else {
            if ((texts = PyList_New(j - i)) == NULL)
                goto error;
            for (Py_ssize_t k = i; k < j; k++) {
                PyObject *t = PyTuple_GET_ITEM(PyList_GET_ITEM(segs, k), 0);
                Py_INCREF(t);
                PyList_SET_ITEM(texts, k - i, t);
            }
            run = PyUnicode_Join(k_empty, texts);
            Py_CLEAR(texts);
            if (run == NULL)
                goto error;
        }
        PyObject *said_text = said_by_habit(p, info, run, habit, said);
        Py_DECREF(run);
        if (said_text == NULL)
            goto error;
        PyObject *piece = PyTuple_Pack(3, said_text, k_text, PyTuple_GET_ITEM(seg, 2));
        Py_DECREF(said_text);
        if (piece == NULL)
            goto error;
        int r = PyList_Append(out, piece);
        Py_DECREF(piece);
        if (r < 0)
            goto error;
        i = j;
    }
    if (PyList_SetSlice(segs, 0, n, out) < 0)
        goto error;
    Py_DECREF(out);
    Py_RETURN_NONE;
error:
    Py_XDECREF(texts);
    Py_DECREF(out);
    return NULL;
}

/* ---- what looks like a value in a dialogue: domains/dialogues/rules.py LOOKS_LIKE_A_VALUE, match by match ---- */

#define IS_UPPER(c) ((c) >= 'A' && (c) <= 'Z')
#define IS_ASCII_DIGIT(c) ((c) >= '0' && (c) <= '9')

/* (?=[A-Z\d尾后]): ASCII by range, the CJK ideographs (no decimal digit among them) by the two, else by \d. */
static inline int may_start(Py_UCS4 c)
{
    return c < 128 ? IS_UPPER(c) || IS_ASCII_DIGIT(c)
        : c >= 0x3000 && c < 0xA000 ? c == 0x5C3E /* 尾 */ || c == 0x540E /* 后 */ : Py_UNICODE_ISDECIMAL(c);
}

/* The end of the match of LOOKS_LIKE_A_VALUE at i (its alternatives in order, backtracking as sre does), or -1;
 * g[0..4] get the spans of the groups number, phone, tail, month, day (start -1: not in the match). */
static Py_ssize_t value_at(int kind, const void *data, Py_ssize_t len, Py_ssize_t i, Py_ssize_t g[5][2])
{
#define AT(k) PyUnicode_READ(kind, data, (k))
#define DEC(k) ((k) < len && Py_UNICODE_ISDECIMAL(AT(k)))
    Py_UCS4 c = AT(i);   /* (the caller has checked the lookahead, may_start) */
    for (int k = 0; k < 5; k++)
        g[k][0] = g[k][1] = -1;
    /* (?<![A-Za-z0-9*])(?P<number>[A-Z]{0,2}\d{11,19})(?![0-9]) */
    Py_UCS4 before = i > 0 ? AT(i - 1) : 0;
    if (!(i > 0 && (IS_UPPER(before) || (before >= 'a' && before <= 'z') || IS_ASCII_DIGIT(before) || before == '*'))) {
        Py_ssize_t letters = 0;
        while (letters < 2 && i + letters < len && IS_UPPER(AT(i + letters)))
            letters++;
        for (Py_ssize_t l = letters; l >= 0; l--) {
            Py_ssize_t run = 0;
            while (run < 19 && DEC(i + l + run))
                run++;
            for (Py_ssize_t d = run; d >= 11; d--) {
                Py_ssize_t end = i + l + d;
                if (end < len && IS_ASCII_DIGIT(AT(end)))
                    continue;
                g[0][0] = i;
                g[0][1] = end;
                return end;
            }
        }
    }
    /* (?P<phone>1\d{2}\*{4}\d{4}) */
    if (c == '1' && i + 11 <= len && DEC(i + 1) && DEC(i + 2) && AT(i + 3) == '*' && AT(i + 4) == '*'
        && AT(i + 5) == '*' && AT(i + 6) == '*' && DEC(i + 7) && DEC(i + 8) && DEC(i + 9) && DEC(i + 10)) {
        g[1][0] = i;
        g[1][1] = i + 11;
        return i + 11;
    }
    /* (?:尾号|后四位是|后四位)(?P<tail>\d{4}) */
    Py_ssize_t heads[2] = {-1, -1};
    if (c == 0x5C3E && i + 1 < len && AT(i + 1) == 0x53F7)   /* 尾号 */
        heads[0] = i + 2;
    else if (c == 0x540E && i + 2 < len && AT(i + 1) == 0x56DB && AT(i + 2) == 0x4F4D) {   /* 后四位 */
        if (i + 3 < len && AT(i + 3) == 0x662F)   /* 是 */
            heads[0] = i + 4;
        heads[1] = i + 3;
    }
    for (int h = 0; h < 2; h++) {
        Py_ssize_t at = heads[h];
        if (at >= 0 && DEC(at) && DEC(at + 1) && DEC(at + 2) && DEC(at + 3)) {
            g[2][0] = at;
            g[2][1] = at + 4;
            return at + 4;
        }
    }
    /* (?P<month>\d{1,2})月(?P<day>\d{1,2})日 */
    for (Py_ssize_t m = 2; m >= 1; m--) {
        if (!DEC(i) || (m == 2 && !DEC(i + 1)) || i + m >= len || AT(i + m) != 0x6708 /* 月 */)
            continue;
        Py_ssize_t day = i + m + 1;
        for (Py_ssize_t d = 2; d >= 1; d--) {
            if (!DEC(day) || (d == 2 && !DEC(day + 1)) || day + d >= len || AT(day + d) != 0x65E5 /* 日 */)
                continue;
            g[3][0] = i;
            g[3][1] = i + m;
            g[4][0] = day;
            g[4][1] = day + d;
            return day + d + 1;
        }
    }
    return -1;
#undef AT
#undef DEC
}

PyDoc_STRVAR(looks_like_values_doc,
"looks_like_values(text) -> list\n\n"
"For each match of domains/dialogues/rules.py LOOKS_LIKE_A_VALUE in `text` (finditer), the groups\n"
"(number, phone, tail, month, day), None for those not in the match.");

static PyObject *looks_like_values(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 1 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "looks_like_values(text: str)");
        return NULL;
    }
    PyObject *text = args[0], *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text), i = 0, g[5][2];
    while (i < len) {
        Py_ssize_t end = may_start(PyUnicode_READ(kind, data, i)) ? value_at(kind, data, len, i, g) : -1;
        if (end < 0) {
            i++;
            continue;
        }
        PyObject *groups = PyTuple_New(5);
        if (groups == NULL)
            goto fail;
        for (int k = 0; k < 5; k++) {
            PyObject *value = g[k][0] < 0 ? Py_NewRef(Py_None) : PyUnicode_Substring(text, g[k][0], g[k][1]);
            if (value == NULL) {
                Py_DECREF(groups);
                goto fail;
            }
            PyTuple_SET_ITEM(groups, k, value);
        }
        int r = PyList_Append(out, groups);
        Py_DECREF(groups);
        if (r < 0)
            goto fail;
        i = end;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* -- a dialogue's turns as records (domains/dialogues/stages.py as_records) --------------------------------- */

static PyObject *k_role, *k_act, *k_info, *k_segs, *k_question, *k_text, *k_mentioned, *k_requested, *k_told,
    *k_slot, *k_ask_info, *k_confirm_info, *k_not_found, *k_empty;

/* The record of one turn (an object with role, act, info, segs and question) told `topics`, or NULL. */
static PyObject *turn_record(PyObject *turn, PyObject *topics, PyObject *slots)
{
    PyObject *role = NULL, *act = NULL, *info = NULL, *segs = NULL, *question = NULL, *texts = NULL;
    PyObject *text = NULL, *said = NULL, *requested = NULL, *told = NULL, *record = NULL;
    if ((role = PyObject_GetAttr(turn, k_role)) == NULL || (act = PyObject_GetAttr(turn, k_act)) == NULL
        || (info = PyObject_GetAttr(turn, k_info)) == NULL || (segs = PyObject_GetAttr(turn, k_segs)) == NULL
        || (question = PyObject_GetAttr(turn, k_question)) == NULL)
        goto done;
    if (!PyList_Check(segs)) {
        PyErr_SetString(PyExc_TypeError, "a turn's segs must be a list");
        goto done;
    }
    Py_ssize_t n = PyList_GET_SIZE(segs);
    if ((texts = PyList_New(n)) == NULL || (said = PyDict_New()) == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *seg = PyList_GET_ITEM(segs, i);
        if (!PyTuple_Check(seg) || PyTuple_GET_SIZE(seg) != 3) {
            PyErr_SetString(PyExc_TypeError, "a turn's pieces must be (text, kind, tag) tuples");
            goto done;
        }
        PyList_SET_ITEM(texts, i, Py_NewRef(PyTuple_GET_ITEM(seg, 0)));
        int slot = PyObject_RichCompareBool(PyTuple_GET_ITEM(seg, 1), k_slot, Py_EQ);
        if (slot < 0)
            goto done;
        if (slot) {   /* {tag: text} for the slot pieces whose tag is a slot of the plan */
            PyObject *tag = PyTuple_GET_ITEM(seg, 2);
            int known = PyDict_Check(slots) ? PyDict_Contains(slots, tag) : PySequence_Contains(slots, tag);
            if (known < 0 || (known && PyDict_SetItem(said, tag, PyTuple_GET_ITEM(seg, 0)) < 0))
                goto done;
        }
    }
    if ((text = PyUnicode_Join(k_empty, texts)) == NULL)
        goto done;
    int asks = PyObject_RichCompareBool(act, k_ask_info, Py_EQ);
    if (asks == 0)
        asks = PyObject_RichCompareBool(act, k_confirm_info, Py_EQ);
    if (asks == 0)   /* a number that finds nothing asks for it again (domains/dialogues/leads.py) */
        asks = PyObject_RichCompareBool(act, k_not_found, Py_EQ);
    if (asks < 0 || (requested = asks ? PySequence_List(info) : PyList_New(0)) == NULL
        || (told = PySequence_List(topics)) == NULL || (record = _PyDict_NewPresized(7)) == NULL)
        goto done;
    if (PyDict_SetItem(record, k_role, role) < 0 || PyDict_SetItem(record, k_text, text) < 0
        || PyDict_SetItem(record, k_act, act) < 0 || PyDict_SetItem(record, k_mentioned, said) < 0
        || PyDict_SetItem(record, k_requested, requested) < 0 || PyDict_SetItem(record, k_question, question) < 0
        || PyDict_SetItem(record, k_told, told) < 0)
        Py_CLEAR(record);
done:
    Py_XDECREF(role);
    Py_XDECREF(act);
    Py_XDECREF(info);
    Py_XDECREF(segs);
    Py_XDECREF(question);
    Py_XDECREF(texts);
    Py_XDECREF(text);
    Py_XDECREF(said);
    Py_XDECREF(requested);
    Py_XDECREF(told);
    return record;
}

PyDoc_STRVAR(turn_records_doc,
"turn_records(turns, slots, told) -> list\n\n"
"domains/dialogues/stages.py as_records: for each turn (role, act, info, segs of (text, kind, tag), question)\n"
"and its topics in `told` (as zip pairs them), the dict {role, text (the pieces' texts joined), act,\n"
"slots_mentioned ({tag: text} of the slot pieces whose tag is in `slots`), slots_requested (list(info) for\n"
"ask_info, confirm_info and not_found, else []), question, told (list(topics))}, its keys in that order.");

static PyObject *turn_records(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (check_call(args, nargs, 3, "turn_records(turns: list, slots: dict, told: sequence)") < 0)
        return NULL;
    PyObject *turns = args[0], *told = PySequence_Fast(args[2], "told must be a sequence");
    if (told == NULL)
        return NULL;
    Py_ssize_t n = Py_MIN(PyList_GET_SIZE(turns), PySequence_Fast_GET_SIZE(told));
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *record = turn_record(PyList_GET_ITEM(turns, i), PySequence_Fast_GET_ITEM(told, i), args[1]);
        if (record == NULL)
            Py_CLEAR(out);
        else
            PyList_SET_ITEM(out, i, record);
    }
    Py_DECREF(told);
    return out;
}

/* Item `item` of the piece segs[i] if the piece is a tuple holding it and it is a string; else NULL with a
 * TypeError saying `message`. */
static PyObject *piece_item(PyObject *segs, Py_ssize_t i, Py_ssize_t item, const char *message)
{
    PyObject *seg = PyList_GET_ITEM(segs, i), *value;
    if (!PyTuple_Check(seg) || PyTuple_GET_SIZE(seg) <= item || !PyUnicode_Check(value = PyTuple_GET_ITEM(seg, item))) {
        PyErr_SetString(PyExc_TypeError, message);
        return NULL;
    }
    return value;
}

PyDoc_STRVAR(untidy_doc,
"untidy(segs) -> bool\n\n"
"domains/dialogues/stages.py _tidy's test: whether the texts of the pieces (text, kind, tag), joined by \"\\0\",\n"
"show an empty piece or a \"\\0，\" or \"\\0。\" (a piece after the first that starts with a comma or a full stop).");

static PyObject *untidy(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (check_call(args, nargs, 1, "untidy(segs: list)") < 0)
        return NULL;
    PyObject *segs = args[0];
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(segs); i++) {
        PyObject *text = piece_item(segs, i, 0, "untidy: the pieces must be tuples whose first item is a string");
        if (text == NULL)
            return NULL;
        Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        if (len == 0)
            Py_RETURN_TRUE;
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_UCS4 first = PyUnicode_READ(kind, data, 0);
        if (i > 0 && (first == 0xFF0C || first == 0x3002))   /* ， 。 */
            Py_RETURN_TRUE;
        for (Py_ssize_t k = 0; k + 1 < len; k++) {   /* (a NUL inside a piece, before a comma or full stop) */
            if (PyUnicode_READ(kind, data, k) == 0) {
                Py_UCS4 next = PyUnicode_READ(kind, data, k + 1);
                if (next == 0xFF0C || next == 0x3002)
                    Py_RETURN_TRUE;
            }
        }
    }
    Py_RETURN_FALSE;
}

/* Whether code point c is one of stages.PUNCT (，。！？；：、~). */
static int is_punct(Py_UCS4 c)
{
    return c == 0xFF0C || c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == 0xFF1A || c == 0x3001
        || c == '~';
}

/* Whether a piece's kind is "text". */
static int is_text_kind(PyObject *seg)
{
    PyObject *kind = PyTuple_GET_SIZE(seg) > 1 ? PyTuple_GET_ITEM(seg, 1) : NULL;
    return kind != NULL && PyUnicode_Check(kind) && PyUnicode_CompareWithASCIIString(kind, "text") == 0;
}

PyDoc_STRVAR(tidied_doc,
"tidied(segs) -> list or None\n\n"
"domains/dialogues/stages.py _tidied: None where untidy(segs) is false (most turns); else the pieces mended: the\n"
"empty ones dropped, a ，or 。 dropped from the start of a free-text piece that follows a free-text piece ending\n"
"in a mark of stages.PUNCT (or left empty by that), and the pieces left empty dropped (a new list).");

/* untidy() and the mending in one call: a turn that needs mending (one in six) is mended without a Python loop
   over its pieces, and one that does not costs the test alone. */
static PyObject *tidied(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *answer = untidy(module, args, nargs);
    if (answer == NULL)
        return NULL;
    Py_DECREF(answer);
    if (answer == Py_False)
        Py_RETURN_NONE;
    PyObject *segs = args[0];
    Py_ssize_t n = PyList_GET_SIZE(segs);
    PyObject *kept = PyList_New(0);
    if (kept == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {   /* (untidy checked every piece is a tuple whose text is a string) */
        PyObject *seg = PyList_GET_ITEM(segs, i);
        if (PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(seg, 0)) > 0 && PyList_Append(kept, seg) < 0)
            goto fail;
    }
    Py_ssize_t m = PyList_GET_SIZE(kept);
    for (Py_ssize_t k = 1; k < m; k++) {
        PyObject *prev = PyList_GET_ITEM(kept, k - 1), *cur = PyList_GET_ITEM(kept, k);
        if (PyTuple_GET_SIZE(cur) < 3 || !is_text_kind(prev) || !is_text_kind(cur))
            continue;
        PyObject *before = PyTuple_GET_ITEM(prev, 0), *text = PyTuple_GET_ITEM(cur, 0);
        Py_ssize_t blen = PyUnicode_GET_LENGTH(before), len = PyUnicode_GET_LENGTH(text);
        /* (an empty previous piece, emptied here, counts as ending in a mark: "" in PUNCT) */
        if (blen > 0 && !is_punct(PyUnicode_READ_CHAR(before, blen - 1)))
            continue;
        Py_UCS4 first = PyUnicode_READ_CHAR(text, 0);
        if (first != 0xFF0C && first != 0x3002)
            continue;
        PyObject *rest = PyUnicode_Substring(text, 1, len);
        if (rest == NULL)
            goto fail;
        PyObject *mended = PyTuple_Pack(3, rest, PyTuple_GET_ITEM(cur, 1), PyTuple_GET_ITEM(cur, 2));
        Py_DECREF(rest);
        if (mended == NULL || PyList_SetItem(kept, k, mended) < 0)
            goto fail;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL)
        goto fail;
    for (Py_ssize_t k = 0; k < m; k++) {
        PyObject *seg = PyList_GET_ITEM(kept, k);
        if (PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(seg, 0)) > 0 && PyList_Append(out, seg) < 0) {
            Py_DECREF(out);
            goto fail;
        }
    }
    Py_DECREF(kept);
    return out;
fail:
    Py_DECREF(kept);
    return NULL;
}

PyDoc_STRVAR(text_run_doc,
"text_run(segs) -> str or None\n\n"
"The texts of the pieces `segs` (a list of (text, kind, tag) tuples) joined, if every piece's kind is \"text\";\n"
"else None (\"\".join(map(itemgetter(0), segs)) if list(map(itemgetter(1), segs)).count(\"text\") == len(segs)).");

static PyObject *text_run(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (check_call(args, nargs, 1, "text_run(segs: list)") < 0)
        return NULL;
    PyObject *segs = args[0];
    Py_ssize_t n = PyList_GET_SIZE(segs);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *kind = piece_item(segs, i, 1, "text_run: the pieces must be (text, kind, ...) tuples of strings");
        if (kind == NULL)
            return NULL;
        if (PyUnicode_CompareWithASCIIString(kind, "text") != 0)
            Py_RETURN_NONE;
    }
    PyObject *texts = PyList_New(n);
    if (texts == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyTuple_GET_ITEM(PyList_GET_ITEM(segs, i), 0);
        Py_INCREF(text);
        PyList_SET_ITEM(texts, i, text);
    }
    PyObject *empty = PyUnicode_New(0, 0);
    PyObject *joined = empty == NULL ? NULL : PyUnicode_Join(empty, texts);
    Py_XDECREF(empty);
    Py_DECREF(texts);
    return joined;
}


/* -- first_free: a derivation that denies nothing the record says ------------------------------------------------
 * text.compatible per record: the medical present illness picks each record's pertinent negatives (无胸痛、咯血)
 * as derivation k of its pool, or the next one of the pool none of whose denied chunks is in the record's own text
 * (its complaint, what its history says of its other conditions, what a parent cannot report). A loop over every
 * record in Python was 1.5% of a medical batch (a join of the record's text parts and a Python step per chunk);
 * here the parts are searched where they are (in_parts). */
PyDoc_STRVAR(first_free_doc,
"first_free(parts, chunks, start, pool_size) -> bytes\n\n"
"Per record i, the first derivation d of the pool of start[i] (d = start[i] - start[i] % pool_size + (k + s) %\n"
"pool_size for s = 0, 1, ..., with k = start[i] % pool_size) none of whose chunks, chunks[d] (a tuple of strings),\n"
"is in the text parts[0][i] + parts[1][i] + ... (a list of lists of strings), or -1 if there is none; as int64.\n"
"The reference is sections._first_free_python (text.compatible per record).");

#define FIRST_FREE_MAX_PARTS 8

/* Is `chunk` in the text texts[0] + texts[1] + ... (np_ strings)? 1, 0, or -1 with an error set. A chunk of two
 * code points (all that negated_chunks makes) is found in a part by CPython's own search (str.__contains__'s) or
 * across the boundary of two non-empty parts, without the parts joined; another length is looked for in them
 * joined. */
static int in_parts(PyObject *const *texts, Py_ssize_t np_, PyObject *chunk)
{
    Py_ssize_t m = PyUnicode_GET_LENGTH(chunk);
    if (m != 2) {
        PyObject *sep = PyUnicode_New(0, 0), *seq = sep == NULL ? NULL : PyTuple_New(np_);
        if (seq == NULL) {
            Py_XDECREF(sep);
            return -1;
        }
        for (Py_ssize_t p = 0; p < np_; p++) {
            Py_INCREF(texts[p]);
            PyTuple_SET_ITEM(seq, p, texts[p]);
        }
        PyObject *joined = PyUnicode_Join(sep, seq);
        Py_DECREF(sep);
        Py_DECREF(seq);
        if (joined == NULL)
            return -1;
        int found = PyUnicode_Contains(joined, chunk);
        Py_DECREF(joined);
        return found;
    }
    for (Py_ssize_t p = 0; p < np_; p++) {
        Py_ssize_t at = PyUnicode_Find(texts[p], chunk, 0, PY_SSIZE_T_MAX, 1);
        if (at == -2)
            return -1;
        if (at >= 0)
            return 1;
    }
    Py_UCS4 c0 = PyUnicode_READ_CHAR(chunk, 0), c1 = PyUnicode_READ_CHAR(chunk, 1), last = 0;
    int after = 0;      /* a non-empty part came before: `last` is its last code point */
    for (Py_ssize_t p = 0; p < np_; p++) {
        Py_ssize_t len = PyUnicode_GET_LENGTH(texts[p]);
        if (len == 0)
            continue;
        if (after && last == c0 && PyUnicode_READ_CHAR(texts[p], 0) == c1)
            return 1;
        last = PyUnicode_READ_CHAR(texts[p], len - 1);
        after = 1;
    }
    return 0;
}

static PyObject *first_free(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyList_Check(args[0]) || !PyList_Check(args[1]) || !PyList_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "first_free(parts: list of lists, chunks: list, start: list, pool_size: int)");
        return NULL;
    }
    PyObject *parts = args[0], *chunks = args[1], *start = args[2];
    Py_ssize_t pool_size = PyLong_AsSsize_t(args[3]);
    if (pool_size == -1 && PyErr_Occurred())
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(start), np_ = PyList_GET_SIZE(parts), nd = PyList_GET_SIZE(chunks);
    if (pool_size <= 0) {
        PyErr_SetString(PyExc_ValueError, "first_free: pool_size must be positive");
        return NULL;
    }
    for (Py_ssize_t p = 0; p < np_; p++) {
        PyObject *column = PyList_GET_ITEM(parts, p);
        if (!PyList_Check(column) || PyList_GET_SIZE(column) < n) {
            PyErr_SetString(PyExc_ValueError, "first_free: each part must be a list as long as start");
            return NULL;
        }
    }
    for (Py_ssize_t d = 0; d < nd; d++) {
        PyObject *denied = PyList_GET_ITEM(chunks, d);
        if (!PyTuple_Check(denied)) {
            PyErr_SetString(PyExc_TypeError, "first_free: chunks must be tuples of strings");
            return NULL;
        }
        for (Py_ssize_t c = 0; c < PyTuple_GET_SIZE(denied); c++)
            if (!PyUnicode_Check(PyTuple_GET_ITEM(denied, c))) {
                PyErr_SetString(PyExc_TypeError, "first_free: chunks must be tuples of strings");
                return NULL;
            }
    }
    if (np_ > FIRST_FREE_MAX_PARTS) {
        PyErr_SetString(PyExc_ValueError, "first_free: at most 8 parts");
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
    if (out == NULL)
        return NULL;
    int64_t *chosen = (int64_t *)PyBytes_AS_STRING(out);
    PyObject *texts[FIRST_FREE_MAX_PARTS];
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t first = PyLong_AsSsize_t(PyList_GET_ITEM(start, i));
        if (first == -1 && PyErr_Occurred())
            goto fail;
        if (first < 0 || first >= nd) {
            PyErr_SetString(PyExc_IndexError, "first_free: a start is not a derivation of chunks");
            goto fail;
        }
        for (Py_ssize_t p = 0; p < np_; p++) {
            texts[p] = PyList_GET_ITEM(PyList_GET_ITEM(parts, p), i);
            if (!PyUnicode_Check(texts[p])) {
                PyErr_SetString(PyExc_TypeError, "first_free: parts must hold strings");
                goto fail;
            }
        }
        Py_ssize_t base = first - first % pool_size, k = first % pool_size;
        int64_t found = -1;
        for (Py_ssize_t s = 0; s < pool_size && found < 0; s++) {
            Py_ssize_t d = base + (k + s) % pool_size;
            if (d >= nd)
                continue;
            PyObject *denied = PyList_GET_ITEM(chunks, d);
            Py_ssize_t c = 0, nc = PyTuple_GET_SIZE(denied);
            for (; c < nc; c++) {
                int in = in_parts(texts, np_, PyTuple_GET_ITEM(denied, c));
                if (in < 0)
                    goto fail;
                if (in)
                    break;
            }
            if (c == nc)
                found = d;
        }
        chosen[i] = found;
    }
    return out;

fail:
    Py_DECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"contains_any", (PyCFunction)(void (*)(void))contains_any, METH_FASTCALL, contains_any_doc},
    {"which_words", (PyCFunction)(void (*)(void))which_words, METH_FASTCALL, which_words_doc},
    {"word_hits", (PyCFunction)(void (*)(void))word_hits, METH_FASTCALL, word_hits_doc},
    {"first_free", (PyCFunction)(void (*)(void))first_free, METH_FASTCALL, first_free_doc},
    {"utf8_column", (PyCFunction)(void (*)(void))utf8_column, METH_FASTCALL, utf8_column_doc},
    {"int_rows", (PyCFunction)(void (*)(void))int_rows, METH_FASTCALL, int_rows_doc},
    {"fill", (PyCFunction)(void (*)(void))fill, METH_FASTCALL, fill_doc},
    {"phrase_table", (PyCFunction)(void (*)(void))phrase_table, METH_FASTCALL, phrase_table_doc},
    {"split_phrases", (PyCFunction)(void (*)(void))split_phrases, METH_FASTCALL, split_phrases_doc},
    {"looks_like_values", (PyCFunction)(void (*)(void))looks_like_values, METH_FASTCALL, looks_like_values_doc},
    {"turn_records", (PyCFunction)(void (*)(void))turn_records, METH_FASTCALL, turn_records_doc},
    {"untidy", (PyCFunction)(void (*)(void))untidy, METH_FASTCALL, untidy_doc},
    {"tidied", (PyCFunction)(void (*)(void))tidied, METH_FASTCALL, tidied_doc},
    {"text_run", (PyCFunction)(void (*)(void))text_run, METH_FASTCALL, text_run_doc},
    {"say_habits", (PyCFunction)(void (*)(void))say_habits, METH_FASTCALL, say_habits_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "synth._scan",
    "Text columns in C: word scans, UTF-8 for Arrow, template filling; optional, the same results as the Python paths.", -1,
    methods,
};

PyMODINIT_FUNC PyInit__scan(void)
{
    struct { PyObject **at; const char *text; } names[] = {
        {&k_role, "role"}, {&k_act, "act"}, {&k_info, "info"}, {&k_segs, "segs"}, {&k_question, "question"},
        {&k_text, "text"}, {&k_mentioned, "slots_mentioned"}, {&k_requested, "slots_requested"}, {&k_told, "told"},
        {&k_slot, "slot"}, {&k_ask_info, "ask_info"}, {&k_confirm_info, "confirm_info"}, {&k_not_found, "not_found"},
        {&k_empty, ""},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (*names[i].at == NULL && (*names[i].at = PyUnicode_InternFromString(names[i].text)) == NULL)
            return NULL;
    return PyModule_Create(&module_def);
}
