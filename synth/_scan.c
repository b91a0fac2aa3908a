/* Text columns in C: which texts contain any of a few words (one pass over each text instead of one per word),
 * and a column's UTF-8 bytes for Arrow in one buffer (no cached UTF-8 copy inside each string).
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

/* Does `text` (kind, data, len) hold one of the words, given the filter of their first code points? */
static int holds_one(int kind, const void *data, Py_ssize_t len, const Word *words, Py_ssize_t nw,
                     const unsigned char *firsts)
{
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (!(firsts[(ch & 0xFFFF) >> 3] & (1u << (ch & 7))))
            continue;
        for (Py_ssize_t w = 0; w < nw; w++) {
            const Word *word = &words[w];
            if (word->first != ch || word->len > len - i)
                continue;
            Py_ssize_t k = 1;
            while (k < word->len && PyUnicode_READ(kind, data, i + k) == PyUnicode_READ(word->kind, word->data, k))
                k++;
            if (k == word->len)
                return 1;
        }
    }
    return 0;
}

/* The call has `want` arguments, the first a list; else a TypeError naming `usage`. */
static int check_call(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t want, const char *usage)
{
    if (nargs == want && PyList_Check(args[0]))
        return 0;
    PyErr_SetString(PyExc_TypeError, usage);
    return -1;
}

PyDoc_STRVAR(contains_any_doc,
"contains_any(texts, words) -> bytearray\n\n"
"Per text of the list `texts`, 1 if it contains one of the strings in the sequence `words`, else 0\n"
"(any(w in text for w in words)).");

static PyObject *contains_any(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (check_call(args, nargs, 2, "contains_any(texts: list, words: sequence)") < 0)
        return NULL;
    PyObject *texts = args[0];
    PyObject *seq = PySequence_Fast(args[1], "words must be a sequence of strings");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(texts), nw = PySequence_Fast_GET_SIZE(seq);
    Word *words = PyMem_Malloc(sizeof(Word) * (size_t)(nw > 0 ? nw : 1));
    unsigned char *firsts = PyMem_Calloc(8192, 1);
    PyObject *out = PyByteArray_FromStringAndSize(NULL, n);
    if (words == NULL || firsts == NULL || out == NULL) {
        if (out == NULL && !PyErr_Occurred())
            PyErr_NoMemory();
        goto fail;
    }
    char *flags = PyByteArray_AS_STRING(out);
    memset(flags, 0, (size_t)n);
    int empty = 0;
    for (Py_ssize_t w = 0; w < nw; w++) {
        PyObject *word = PySequence_Fast_GET_ITEM(seq, w);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "words must be strings");
            goto fail;
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
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "texts must be strings");
            goto fail;
        }
        if (empty) {
            flags[i] = 1;
        } else if (nw <= 2) {
            /* one or two words: CPython's own substring search (it skips ahead faster than the scan below) */
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

PyDoc_STRVAR(utf8_column_doc,
"utf8_column(texts) -> (data, offsets) or None\n\n"
"The UTF-8 bytes of the strings of the list `texts` end to end, and the n + 1 int64 offsets where each starts\n"
"and the last ends (an Arrow large_string array's two buffers), encoded in one pass into one buffer. None when\n"
"an item is not exactly a str or holds a lone surrogate (the caller's general path decides those).");

static PyObject *utf8_column(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (check_call(args, nargs, 1, "utf8_column(texts: list)") < 0)
        return NULL;
    PyObject *texts = args[0];
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
    PyObject *offsets = PyBytes_FromStringAndSize(NULL, (n + 1) * (Py_ssize_t)sizeof(int64_t));
    PyObject *data = PyBytes_FromStringAndSize(NULL, bound);
    if (offsets == NULL || data == NULL) {
        Py_XDECREF(offsets);
        Py_XDECREF(data);
        return NULL;
    }
    int64_t *at = (int64_t *)PyBytes_AS_STRING(offsets);
    unsigned char *out = (unsigned char *)PyBytes_AS_STRING(data), *start = out;
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
            Py_DECREF(offsets);
            Py_DECREF(data);
            Py_RETURN_NONE;
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
                    Py_DECREF(offsets);
                    Py_DECREF(data);
                    Py_RETURN_NONE;
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
    if (_PyBytes_Resize(&data, (Py_ssize_t)(out - start)) < 0) {
        Py_DECREF(offsets);
        return NULL;
    }
    PyObject *pair = PyTuple_Pack(2, data, offsets);
    Py_DECREF(data);
    Py_DECREF(offsets);
    return pair;
}

static PyMethodDef methods[] = {
    {"contains_any", (PyCFunction)(void (*)(void))contains_any, METH_FASTCALL, contains_any_doc},
    {"utf8_column", (PyCFunction)(void (*)(void))utf8_column, METH_FASTCALL, utf8_column_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "synth._scan",
    "Text columns in C: word scans and UTF-8 for Arrow; optional, the same results as the Python paths.", -1,
    methods,
};

PyMODINIT_FUNC PyInit__scan(void)
{
    return PyModule_Create(&module_def);
}
