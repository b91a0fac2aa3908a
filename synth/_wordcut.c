/* jieba's no-HMM cut of one block of text in C: `synth.augmenters.wordcut.WordCutter._cut_block`, step for step.
 *
 * `synth/augmenters/wordcut.py` is the reference and documents the method (the maximum-probability path over
 * jieba's prefix dictionary, scored right to left, the longer word winning ties, runs of single ASCII letters
 * and digits glued). This does the same walk with the same floating-point additions and comparisons in the same
 * order, so the words are the same (tests/test_wordcut.py compares the two); what it saves is the interpreter's
 * work per dictionary probe. Optional: without a compiler the Python method runs.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static inline int ascii_alnum(Py_UCS4 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* ends[i]: where the word starting at i ends on the most probable cut of block[i:] (WordCutter._best_ends). */
static int best_ends(PyObject *block, PyObject *weights, double unknown, Py_ssize_t n, Py_ssize_t *ends,
                     double *score)
{
    score[n] = 0.0;
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        double best = 0.0;
        int found = 0;
        Py_ssize_t best_end = i + 1;
        for (Py_ssize_t end = i + 1; end <= n; end++) {   /* the prefixes of block[i:] the dictionary knows */
            PyObject *fragment = PyUnicode_Substring(block, i, end);
            if (fragment == NULL)
                return -1;
            PyObject *weight = PyDict_GetItemWithError(weights, fragment);
            Py_DECREF(fragment);
            if (weight == NULL) {
                if (PyErr_Occurred())
                    return -1;
                break;   /* neither a word nor the prefix of one */
            }
            if (weight != Py_None) {
                double candidate = PyFloat_AsDouble(weight) + score[end];
                if (candidate == -1.0 && PyErr_Occurred())
                    return -1;
                if (!found || candidate >= best) {   /* on a tie the longer word wins, as in jieba */
                    best = candidate;
                    best_end = end;
                    found = 1;
                }
            }
        }
        if (!found)   /* no counted word starts here: the character alone, with a count of 1 */
            best = unknown + score[i + 1];
        score[i] = best;
        ends[i] = best_end;
    }
    return 0;
}

static int append_slice(PyObject *words, PyObject *block, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *word = PyUnicode_Substring(block, start, end);
    if (word == NULL)
        return -1;
    int r = PyList_Append(words, word);
    Py_DECREF(word);
    return r;
}

PyDoc_STRVAR(cut_block_doc,
"cut_block(block, weights, unknown) -> list of words\n\n"
"The words of a run of Chinese characters, letters and digits along jieba's most probable path, exactly as\n"
"synth.augmenters.wordcut.WordCutter._cut_block over the same weights (word or prefix -> log-probability,\n"
"None for a prefix alone) and the same score for an unknown character.");

static PyObject *cut_block(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyUnicode_Check(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "cut_block(block: str, weights: dict, unknown: float)");
        return NULL;
    }
    PyObject *block = args[0], *weights = args[1];
    double unknown = PyFloat_AsDouble(args[2]);
    if (unknown == -1.0 && PyErr_Occurred())
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(block);
    Py_ssize_t ends_stack[256];
    double score_stack[257];
    Py_ssize_t *ends = n <= 256 ? ends_stack : PyMem_Malloc(sizeof(Py_ssize_t) * n);
    double *score = n <= 256 ? score_stack : PyMem_Malloc(sizeof(double) * (n + 1));
    PyObject *words = NULL;
    if (ends == NULL || score == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (best_ends(block, weights, unknown, n, ends, score) < 0 || (words = PyList_New(0)) == NULL)
        goto done;
    /* the words along the path; runs of single ASCII letters or digits glued into one word (_glue_latin) */
    int kind = PyUnicode_KIND(block);
    const void *data = PyUnicode_DATA(block);
    Py_ssize_t latin = -1;   /* where the pending run of single letters starts */
    for (Py_ssize_t start = 0; start < n; start = ends[start]) {
        Py_ssize_t end = ends[start];
        if (end - start == 1 && ascii_alnum(PyUnicode_READ(kind, data, start))) {
            if (latin < 0)
                latin = start;
            continue;
        }
        if ((latin >= 0 && append_slice(words, block, latin, start) < 0) || append_slice(words, block, start, end) < 0) {
            Py_CLEAR(words);
            goto done;
        }
        latin = -1;
    }
    if (latin >= 0 && append_slice(words, block, latin, n) < 0)
        Py_CLEAR(words);
done:
    if (ends != NULL && ends != ends_stack)
        PyMem_Free(ends);
    if (score != NULL && score != score_stack)
        PyMem_Free(score);
    return words;
}

/* jieba's word blocks: 一-鿕 (U+4E00-U+9FD5), ASCII letters and digits, and +#&._%- (jieba.re_han_default) */
static inline int in_block(Py_UCS4 c)
{
    return (c >= 0x4E00 && c <= 0x9FD5) || ascii_alnum(c) || c == '+' || c == '#' || c == '&' || c == '.'
           || c == '_' || c == '%' || c == '-';
}

/* The clause marks synth.augmenters.analysis cuts at (_PIECES): each is a token of its own. */
static inline int clause_mark(Py_UCS4 c)
{
    switch (c) {
    case 0xFF0C: case ',': case 0xFF1B: case ';': case 0xFF1A: case ':': case 0x3002: case 0xFF01: case 0xFF1F:
    case '!': case '?': case 0x2026: case '\n':
        return 1;
    default:
        return 0;
    }
}

/* The words of one piece of text (WordCutter.cut): blocks cut by cut_block, everything else one character at
 * a time, but "\r\n" whole (jieba.re_skip_default). New reference. */
static PyObject *cut_piece(PyObject *piece, PyObject *weights, PyObject *unknown)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(piece);
    int kind = PyUnicode_KIND(piece);
    const void *data = PyUnicode_DATA(piece);
    PyObject *words = PyList_New(0);
    if (words == NULL)
        return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        Py_ssize_t j = i + 1;
        if (in_block(c)) {
            while (j < n && in_block(PyUnicode_READ(kind, data, j)))
                j++;
            PyObject *block = PyUnicode_Substring(piece, i, j);
            PyObject *args[3] = {block, weights, unknown};
            PyObject *cut = block == NULL ? NULL : cut_block(NULL, args, 3);
            Py_XDECREF(block);
            Py_ssize_t end = PyList_GET_SIZE(words);
            if (cut == NULL || PyList_SetSlice(words, end, end, cut) < 0) {
                Py_XDECREF(cut);
                Py_DECREF(words);
                return NULL;
            }
            Py_DECREF(cut);
        }
        else {
            if (c == '\r' && j < n && PyUnicode_READ(kind, data, j) == '\n')
                j++;
            if (append_slice(words, piece, i, j) < 0) {
                Py_DECREF(words);
                return NULL;
            }
        }
        i = j;
    }
    return words;
}

PyDoc_STRVAR(cut_text_doc,
"cut_text(text, weights, unknown, cache) -> list of words\n\n"
"synth.augmenters.analysis.Analyser.cut: the text split at runs of clause marks (，,；;：:。！？!?…\\n, each mark a\n"
"token), every piece cut as WordCutter.cut does and remembered in `cache` (piece -> words, cleared past\n"
"200,000 entries, as Segmenter.cut does).");

static PyObject *cut_text(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyUnicode_Check(args[0]) || !PyDict_Check(args[1]) || !PyDict_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "cut_text(text: str, weights: dict, unknown: float, cache: dict)");
        return NULL;
    }
    PyObject *text = args[0], *weights = args[1], *unknown = args[2], *cache = args[3];
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *words = PyList_New(0);
    if (words == NULL)
        return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        if (clause_mark(PyUnicode_READ(kind, data, i))) {
            if (append_slice(words, text, i, i + 1) < 0)
                goto fail;
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < n && !clause_mark(PyUnicode_READ(kind, data, j)))
            j++;
        PyObject *piece = PyUnicode_Substring(text, i, j);
        if (piece == NULL)
            goto fail;
        PyObject *cut = PyDict_GetItemWithError(cache, piece);
        if (cut != NULL)
            Py_INCREF(cut);
        else if (!PyErr_Occurred() && (cut = cut_piece(piece, weights, unknown)) != NULL) {
            if (PyDict_GET_SIZE(cache) > 200000)
                PyDict_Clear(cache);
            if (PyDict_SetItem(cache, piece, cut) < 0)
                Py_CLEAR(cut);
        }
        Py_DECREF(piece);
        Py_ssize_t end = PyList_GET_SIZE(words);
        if (cut == NULL || PyList_SetSlice(words, end, end, cut) < 0) {
            Py_XDECREF(cut);
            goto fail;
        }
        Py_DECREF(cut);
        i = j;
    }
    return words;
fail:
    Py_DECREF(words);
    return NULL;
}

static PyMethodDef methods[] = {
    {"cut_block", (PyCFunction)(void (*)(void))cut_block, METH_FASTCALL, cut_block_doc},
    {"cut_text", (PyCFunction)(void (*)(void))cut_text, METH_FASTCALL, cut_text_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "synth._wordcut",
    "jieba's no-HMM cut of a block (synth.augmenters.wordcut.WordCutter._cut_block) in C; optional, same words.",
    -1, methods,
};

PyMODINIT_FUNC PyInit__wordcut(void)
{
    return PyModule_Create(&module_def);
}
