/* jieba's no-HMM cut in C: `synth.augmenters.wordcut.WordCutter._cut_block` and `Analyser.cut`, step for step.
 *
 * `synth/augmenters/wordcut.py` is the reference and documents the method (the maximum-probability path over
 * jieba's prefix dictionary, scored right to left, the longer word winning ties, runs of single ASCII letters
 * and digits glued). This does the same walk with the same floating-point additions and comparisons in the same
 * order, so the words are the same (tests/test_wordcut.py compares the two with each other and with jieba).
 *
 * The dictionary (word or prefix -> log-probability, None for a prefix alone) is copied once into a `Prefixes`
 * table: a trie whose edges (node, character) -> node sit in one open-addressing hash table, so walking the
 * prefixes of the text at a position costs one probe per character instead of a new string, its hash and a
 * lookup in a dict of half a million entries. Optional: without a compiler the Python method runs.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_clauses.h"
#include <stdint.h>

/* ---- the table ------------------------------------------------------------------------------------------- */

typedef struct {
    uint32_t parent;   /* the parent node + 1; 0 marks an empty slot */
    uint32_t character;
    uint32_t child;
} Edge;

typedef struct {
    PyObject_HEAD
    Edge *edges;
    uint64_t mask;     /* slots - 1 (a power of two) */
    double *weight;    /* per node: the log-probability of the word it spells */
    uint8_t *state;    /* per node: 0 not in the dictionary, 1 a prefix alone (None), 2 a word */
    uint32_t nodes, capacity;
} Prefixes;

enum { ABSENT, PREFIX, WORD };

static inline uint64_t slot_of(uint32_t parent, Py_UCS4 c, uint64_t mask)
{
    return ((((uint64_t)parent << 21) | c) * 0x9E3779B97F4A7C15ULL >> 17) & mask;
}

/* The child of `node` by character c, or 0 (node 0 is the root, never a child). */
static inline uint32_t child_of(const Prefixes *p, uint32_t node, Py_UCS4 c)
{
    uint32_t parent = node + 1;
    for (uint64_t s = slot_of(parent, c, p->mask);; s = (s + 1) & p->mask) {
        const Edge *e = &p->edges[s];
        if (e->parent == parent && e->character == c)
            return e->child;
        if (e->parent == 0)
            return 0;
    }
}

/* Twice the slots, every edge moved to its new place (keeps the table at most three-quarters full). */
static int grow_edges(Prefixes *p)
{
    uint64_t old_slots = p->mask + 1, mask = old_slots * 2 - 1;
    Edge *edges = PyMem_Calloc(old_slots * 2, sizeof(Edge));
    if (edges == NULL)
        return -1;
    for (uint64_t k = 0; k < old_slots; k++) {
        Edge e = p->edges[k];
        if (e.parent == 0)
            continue;
        uint64_t s = slot_of(e.parent, e.character, mask);
        while (edges[s].parent != 0)
            s = (s + 1) & mask;
        edges[s] = e;
    }
    PyMem_Free(p->edges);
    p->edges = edges;
    p->mask = mask;
    return 0;
}

static int grow_nodes(Prefixes *p)
{
    uint32_t capacity = p->capacity ? p->capacity * 2 : 1024;
    double *weight = PyMem_Realloc(p->weight, sizeof(double) * capacity);
    if (weight == NULL)
        return -1;
    p->weight = weight;
    uint8_t *state = PyMem_Realloc(p->state, capacity);
    if (state == NULL)
        return -1;
    p->state = state;
    p->capacity = capacity;
    return 0;
}

/* The child of `node` by c, made if missing; 0 on failure (out of memory). */
static uint32_t child_made(Prefixes *p, uint32_t node, Py_UCS4 c)
{
    uint32_t found = child_of(p, node, c);
    if (found != 0)
        return found;
    if ((p->nodes == p->capacity && grow_nodes(p) < 0)
        || ((uint64_t)p->nodes * 4 >= (p->mask + 1) * 3 && grow_edges(p) < 0))
        return 0;
    uint32_t child = p->nodes++;
    p->weight[child] = 0.0;
    p->state[child] = ABSENT;
    uint64_t s = slot_of(node + 1, c, p->mask);
    while (p->edges[s].parent != 0)
        s = (s + 1) & p->mask;
    p->edges[s].parent = node + 1;
    p->edges[s].character = c;
    p->edges[s].child = child;
    return child;
}

static void Prefixes_dealloc(Prefixes *self)
{
    PyMem_Free(self->edges);
    PyMem_Free(self->weight);
    PyMem_Free(self->state);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Prefixes_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PyObject *weights;
    if (!PyArg_ParseTuple(args, "O!:Prefixes", &PyDict_Type, &weights))
        return NULL;
    /* jieba's dictionary holds every prefix of its words, so there is about one node per key: room for 1.6
     * times the keys keeps probes short (the table grows if a dictionary needs more) */
    Py_ssize_t at = 0;
    PyObject *word, *value;
    uint64_t slots = 1024;
    while (slots < (uint64_t)PyDict_GET_SIZE(weights) * 8 / 5)
        slots *= 2;
    Prefixes *self = (Prefixes *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->mask = slots - 1;
    self->edges = PyMem_Calloc(slots, sizeof(Edge));
    if (self->edges == NULL || grow_nodes(self) < 0) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    self->nodes = 1;   /* the root */
    self->state[0] = ABSENT;
    at = 0;
    while (PyDict_Next(weights, &at, &word, &value)) {
        if (!PyUnicode_Check(word)) {
            Py_DECREF(self);
            PyErr_SetString(PyExc_TypeError, "Prefixes needs a dict of str keys");
            return NULL;
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(word);
        int kind = PyUnicode_KIND(word);
        const void *data = PyUnicode_DATA(word);
        uint32_t node = 0;
        for (Py_ssize_t k = 0; k < n; k++)
            if ((node = child_made(self, node, PyUnicode_READ(kind, data, k))) == 0) {
                Py_DECREF(self);
                return PyErr_NoMemory();
            }
        if (n == 0)
            continue;   /* the empty string is no word: a walk never asks for it */
        if (value == Py_None)
            self->state[node] = PREFIX;
        else {
            double w = PyFloat_AsDouble(value);
            if (w == -1.0 && PyErr_Occurred()) {
                Py_DECREF(self);
                return NULL;
            }
            self->weight[node] = w;
            self->state[node] = WORD;
        }
    }
    return (PyObject *)self;
}

static PyTypeObject PrefixesType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "synth._wordcut.Prefixes",
    .tp_doc = PyDoc_STR("Prefixes(weights): jieba's prefix dictionary (word or prefix -> log-probability or None) "
                        "as a trie, for cut_block and cut_text."),
    .tp_basicsize = sizeof(Prefixes),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Prefixes_new,
    .tp_dealloc = (destructor)Prefixes_dealloc,
};

/* ---- cutting --------------------------------------------------------------------------------------------- */

static inline int ascii_alnum(Py_UCS4 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* ends[i]: where the word starting at i ends on the most probable cut of text[from + i : from + n]
 * (WordCutter._best_ends). */
static void best_ends(const Prefixes *p, int kind, const void *data, Py_ssize_t from, Py_ssize_t n, double unknown,
                      Py_ssize_t *ends, double *score)
{
    score[n] = 0.0;
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        double best = 0.0;
        int found = 0;
        Py_ssize_t best_end = i + 1;
        uint32_t node = 0;
        for (Py_ssize_t end = i + 1; end <= n; end++) {   /* the prefixes of the block at i the dictionary knows */
            node = child_of(p, node, PyUnicode_READ(kind, data, from + end - 1));
            if (node == 0 || p->state[node] == ABSENT)
                break;   /* neither a word nor the prefix of one */
            if (p->state[node] == WORD) {
                double candidate = p->weight[node] + score[end];
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
}

static int append_slice(PyObject *words, PyObject *text, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *word = PyUnicode_Substring(text, start, end);
    if (word == NULL)
        return -1;
    int r = PyList_Append(words, word);
    Py_DECREF(word);
    return r;
}

/* Append the words of text[from:to], a run of block characters, to `words` (WordCutter._cut_block). */
static int cut_run(const Prefixes *p, PyObject *text, Py_ssize_t from, Py_ssize_t to, double unknown, PyObject *words)
{
    Py_ssize_t n = to - from;
    Py_ssize_t ends_stack[256];
    double score_stack[257];
    Py_ssize_t *ends = n <= 256 ? ends_stack : PyMem_Malloc(sizeof(Py_ssize_t) * n);
    double *score = n <= 256 ? score_stack : PyMem_Malloc(sizeof(double) * (n + 1));
    int r = -1;
    if (ends == NULL || score == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    best_ends(p, kind, data, from, n, unknown, ends, score);
    /* the words along the path; runs of single ASCII letters or digits glued into one word (_glue_latin) */
    Py_ssize_t latin = -1;   /* where the pending run of single letters starts */
    for (Py_ssize_t start = 0; start < n; start = ends[start]) {
        Py_ssize_t end = ends[start];
        if (end - start == 1 && ascii_alnum(PyUnicode_READ(kind, data, from + start))) {
            if (latin < 0)
                latin = start;
            continue;
        }
        if ((latin >= 0 && append_slice(words, text, from + latin, from + start) < 0)
            || append_slice(words, text, from + start, from + end) < 0)
            goto done;
        latin = -1;
    }
    if (latin >= 0 && append_slice(words, text, from + latin, from + n) < 0)
        goto done;
    r = 0;
done:
    if (ends != NULL && ends != ends_stack)
        PyMem_Free(ends);
    if (score != NULL && score != score_stack)
        PyMem_Free(score);
    return r;
}

static int read_args(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t want, const char *usage, Prefixes **p,
                     double *unknown)
{
    if (nargs != want || !PyUnicode_Check(args[0]) || !Py_IS_TYPE(args[1], &PrefixesType)) {
        PyErr_SetString(PyExc_TypeError, usage);
        return -1;
    }
    *p = (Prefixes *)args[1];
    *unknown = PyFloat_AsDouble(args[2]);
    return (*unknown == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

PyDoc_STRVAR(cut_block_doc,
"cut_block(block, prefixes, unknown) -> list of words\n\n"
"The words of a run of Chinese characters, letters and digits along jieba's most probable path, exactly as\n"
"synth.augmenters.wordcut.WordCutter._cut_block over the same dictionary (a Prefixes table) and the same score\n"
"for an unknown character.");

static PyObject *cut_block(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Prefixes *p;
    double unknown;
    if (read_args(args, nargs, 3, "cut_block(block: str, prefixes: Prefixes, unknown: float)", &p, &unknown) < 0)
        return NULL;
    PyObject *words = PyList_New(0);
    if (words != NULL && cut_run(p, args[0], 0, PyUnicode_GET_LENGTH(args[0]), unknown, words) < 0)
        Py_CLEAR(words);
    return words;
}

/* jieba's word blocks: 一-鿕 (U+4E00-U+9FD5), ASCII letters and digits, and +#&._%- (jieba.re_han_default) */
static inline int in_block(Py_UCS4 c)
{
    return (c >= 0x4E00 && c <= 0x9FD5) || ascii_alnum(c) || c == '+' || c == '#' || c == '&' || c == '.'
           || c == '_' || c == '%' || c == '-';
}

/* The words of one piece of text (WordCutter.cut): blocks cut by cut_run, everything else one character at a
 * time, but "\r\n" whole (jieba.re_skip_default). New reference. */
static PyObject *cut_piece(const Prefixes *p, PyObject *piece, double unknown)
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
            if (cut_run(p, piece, i, j, unknown, words) < 0) {
                Py_DECREF(words);
                return NULL;
            }
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
"cut_text(text, prefixes, unknown, cache) -> list of words\n\n"
"synth.augmenters.analysis.Analyser.cut: the text split at runs of clause marks (，,；;：:。！？!?…\\n, each mark a\n"
"token), every piece cut as WordCutter.cut does and remembered in `cache` (piece -> words, cleared past\n"
"200,000 entries, as Segmenter.cut does).");

static PyObject *cut_text(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Prefixes *p;
    double unknown;
    if (read_args(args, nargs, 4, "cut_text(text: str, prefixes: Prefixes, unknown: float, cache: dict)", &p,
                  &unknown) < 0)
        return NULL;
    PyObject *text = args[0], *cache = args[3];
    if (!PyDict_Check(cache)) {
        PyErr_SetString(PyExc_TypeError, "cut_text needs a dict as its cache");
        return NULL;
    }
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
        else if (!PyErr_Occurred() && (cut = cut_piece(p, piece, unknown)) != NULL) {
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
    "jieba's no-HMM cut (synth.augmenters.wordcut.WordCutter._cut_block, Analyser.cut) in C; optional, same words.",
    -1, methods,
};

PyMODINIT_FUNC PyInit__wordcut(void)
{
    if (PyType_Ready(&PrefixesType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module_def);
    if (m == NULL)
        return NULL;
    Py_INCREF(&PrefixesType);
    if (PyModule_AddObject(m, "Prefixes", (PyObject *)&PrefixesType) < 0) {
        Py_DECREF(&PrefixesType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
