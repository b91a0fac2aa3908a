/* Marking a cut sentence's words in C: three loops of `synth.augmenters.analysis.Analyser`, step for step.
 *
 * `synth/augmenters/analysis.py` is the reference and says what each flag means: `mark_words` is
 * `Analyser._mark_words`, `protect_unknown` is `Analyser._protect_unknown_words` and `mark_negations` is
 * `Analyser._mark_negations`. They read and write the same lists in the same order, so an analysis is the same
 * with or without this module (tests/test_augment.py compares the two). Optional: without a compiler the
 * Python methods run.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_clauses.h"

/* Token flags, as in synth/augmenters/analysis.py (checked there against FLAGS at import). */
enum { PROT = 1, NEG = 2, LEXNEG = 4, DEG = 8, PUNCT = 16, SENT = 32, CONN = 64 };

static inline long flag_at(PyObject *flags, Py_ssize_t i)
{
    return PyLong_AsLong(PyList_GET_ITEM(flags, i));
}

static int set_flag(PyObject *flags, Py_ssize_t i, long value)
{
    PyObject *v = PyLong_FromLong(value);
    return v == NULL ? -1 : PyList_SetItem(flags, i, v);   /* steals v */
}

/* `container` holds the one-character string `word[0]`. */
static int first_in(PyObject *word, PyObject *container)
{
    PyObject *first = PyUnicode_Substring(word, 0, 1);
    if (first == NULL)
        return -1;
    int r = PySequence_Contains(container, first);
    Py_DECREF(first);
    return r;
}

static int all_space(PyObject *word)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    for (Py_ssize_t k = 0; k < n; k++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(word, k)))
            return 0;
    return 1;
}

static int check_lists(PyObject *words, PyObject *flags, PyObject *pol)
{
    if (!PyList_Check(words) || !PyList_Check(flags) || (pol != NULL && !PyList_Check(pol))
        || PyList_GET_SIZE(flags) != PyList_GET_SIZE(words) || (pol != NULL && PyList_GET_SIZE(pol) != PyList_GET_SIZE(words))) {
        PyErr_SetString(PyExc_TypeError, "words, flags (and pol) must be lists of one length");
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(mark_words_doc,
"mark_words(marks, punct_chars, negation_chars, words, flags, pol) -> ambiguous positions\n\n"
"Analyser._mark_words: flag punctuation and lexicon words in place (marks: word -> (flags, polarity)).");

static PyObject *mark_words(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 6 || !PyDict_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "mark_words(marks: dict, punct_chars, negation_chars, words, flags, pol)");
        return NULL;
    }
    PyObject *marks = args[0], *punct = args[1], *negation = args[2], *words = args[3], *flags = args[4], *pol = args[5];
    if (check_lists(words, flags, pol) < 0)
        return NULL;
    PyObject *ambiguous = PyList_New(0);
    if (ambiguous == NULL)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words);
    for (Py_ssize_t i = 0; i < n; i++) {
        long f = flag_at(flags, i);
        if (f == -1 && PyErr_Occurred())
            goto fail;
        if (f)
            continue;
        PyObject *word = PyList_GET_ITEM(words, i);
        if (!PyUnicode_Check(word) || PyUnicode_GET_LENGTH(word) == 0) {
            PyErr_SetString(PyExc_IndexError, "string index out of range");
            goto fail;
        }
        PyObject *found = PyDict_GetItemWithError(marks, word);
        if (found != NULL) {
            PyObject *mark_flags = PyTuple_GET_ITEM(found, 0), *polarity = PyTuple_GET_ITEM(found, 1);
            Py_INCREF(mark_flags);
            Py_INCREF(polarity);
            if (PyList_SetItem(flags, i, mark_flags) < 0 || PyList_SetItem(pol, i, polarity) < 0)
                goto fail;
            long m = PyLong_AsLong(mark_flags);
            if (m & DEG && m & SENT) {
                PyObject *at = PyLong_FromSsize_t(i);
                int r = at == NULL ? -1 : PyList_Append(ambiguous, at);
                Py_XDECREF(at);
                if (r < 0)
                    goto fail;
            }
            continue;
        }
        if (PyErr_Occurred())
            goto fail;
        int is_punct = first_in(word, punct);
        if (is_punct < 0)
            goto fail;
        if (is_punct || Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(word, 0))) {
            if (set_flag(flags, i, !all_space(word) && is_punct ? PUNCT : PUNCT | PROT) < 0)
                goto fail;
        }
        else if (PyUnicode_GET_LENGTH(word) > 1) {
            int negated = first_in(word, negation);
            if (negated < 0 || (negated && set_flag(flags, i, LEXNEG) < 0))
                goto fail;
        }
    }
    return ambiguous;
fail:
    Py_DECREF(ambiguous);
    return NULL;
}

PyDoc_STRVAR(protect_unknown_doc,
"protect_unknown(word_chars, known, surnames, words, flags) -> None\n\n"
"Analyser._protect_unknown_words: flag runs of loose characters and surname + given name as protected.");

static PyObject *protect_unknown(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "protect_unknown(word_chars, known, surnames, words, flags)");
        return NULL;
    }
    PyObject *word_chars = args[0], *known = args[1], *surnames = args[2], *words = args[3], *flags = args[4];
    if (check_lists(words, flags, NULL) < 0)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words), i = 0;
    while (i < n) {
        PyObject *word = PyList_GET_ITEM(words, i);
        long f = flag_at(flags, i);
        if (!f && PyObject_Length(word) == 1) {
            int is_word = PySequence_Contains(word_chars, word);
            if (is_word < 0)
                return NULL;
            if (!is_word) {
                Py_ssize_t j = i;
                while (j + 1 < n) {
                    PyObject *next = PyList_GET_ITEM(words, j + 1);
                    if (PyObject_Length(next) != 1 || flag_at(flags, j + 1) & (PUNCT | PROT))
                        break;
                    int next_is_word = PySequence_Contains(word_chars, next);
                    if (next_is_word < 0)
                        return NULL;
                    if (next_is_word)
                        break;
                    j++;
                }
                if (j > i)
                    for (Py_ssize_t k = i; k <= j; k++)
                        if (set_flag(flags, k, flag_at(flags, k) | PROT) < 0)
                            return NULL;
                i = j + 1;
                continue;
            }
        }
        if (i + 1 < n) {
            int surname = PySequence_Contains(surnames, word);
            if (surname < 0)
                return NULL;
            PyObject *next = PyList_GET_ITEM(words, i + 1);
            if (surname && PyObject_Length(next) <= 2) {
                int is_known = PySequence_Contains(known, next);
                if (is_known < 0)
                    return NULL;
                if (is_known && !(flag_at(flags, i + 1) & (PUNCT | NEG | DEG))) {
                    if (set_flag(flags, i, flag_at(flags, i) | PROT) < 0
                        || set_flag(flags, i + 1, flag_at(flags, i + 1) | PROT) < 0)
                        return NULL;
                    i += 2;
                    continue;
                }
            }
        }
        i++;
    }
    if (PyErr_Occurred())
        return NULL;
    Py_RETURN_NONE;
}

PyDoc_STRVAR(mark_negations_doc,
"mark_negations(negators, bridge, words, flags) -> [(start, end), ...]\n\n"
"Analyser._mark_negations: each negator with the words it governs, all flagged NEG in place.");

static PyObject *mark_negations(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "mark_negations(negators, bridge, words, flags)");
        return NULL;
    }
    PyObject *negators = args[0], *bridge = args[1], *words = args[2], *flags = args[3];
    if (check_lists(words, flags, NULL) < 0)
        return NULL;
    PyObject *negations = PyList_New(0);
    if (negations == NULL)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!(flag_at(flags, i) & NEG))
            continue;
        int negator = PySequence_Contains(negators, PyList_GET_ITEM(words, i));
        if (negator < 0)
            goto fail;
        if (!negator)
            continue;
        Py_ssize_t j = i + 1;
        while (j < n && j - i < 4) {
            long f = flag_at(flags, j);
            if (f & PUNCT)
                break;
            if (!(f & DEG)) {
                int bridged = PySequence_Contains(bridge, PyList_GET_ITEM(words, j));
                if (bridged < 0)
                    goto fail;
                if (!bridged)
                    break;
            }
            j++;
        }
        Py_ssize_t end = j < n && !(flag_at(flags, j) & PUNCT) ? j + 1 : j;
        for (Py_ssize_t k = i; k < end; k++)
            if (set_flag(flags, k, flag_at(flags, k) | NEG) < 0)
                goto fail;
        PyObject *span = Py_BuildValue("(nn)", i, end);
        int r = span == NULL ? -1 : PyList_Append(negations, span);
        Py_XDECREF(span);
        if (r < 0)
            goto fail;
    }
    if (PyErr_Occurred())
        goto fail;
    return negations;
fail:
    Py_DECREF(negations);
    return NULL;
}

/* (positive, negative, tuple(sorted(negations))), consuming `negations` (a list of str). */
static PyObject *signature_of(long positive, long negative, PyObject *negations)
{
    if (PyList_Sort(negations) < 0)
        return NULL;
    PyObject *sorted = PyList_AsTuple(negations);
    if (sorted == NULL)
        return NULL;
    PyObject *result = Py_BuildValue("(llN)", positive, negative, sorted);
    return result;
}

/* "".join(words[start:end]) */
static PyObject *joined(PyObject *words, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *empty = PyUnicode_FromStringAndSize(NULL, 0), *slice = PyList_GetSlice(words, start, end), *out = NULL;
    if (empty != NULL && slice != NULL)
        out = PyUnicode_Join(empty, slice);
    Py_XDECREF(empty);
    Py_XDECREF(slice);
    return out;
}

PyDoc_STRVAR(clause_signatures_doc,
"clause_signatures(words, flags, pol, negations) -> ([(start, end, signature), ...], complete)\n\n"
"analysis._clause_signatures over an analysis's lists: each clause's (positive, negative, sorted negations),\n"
"stopping (complete False) at a protected token that swallowed a clause mark.");

static PyObject *clause_signatures(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyList_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "clause_signatures(words, flags, pol, negations)");
        return NULL;
    }
    PyObject *words = args[0], *flags = args[1], *pol = args[2], *spans = args[3];
    if (check_lists(words, flags, pol) < 0)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words), next_span = 0, start = 0;
    long positive = 0, negative = 0;
    int complete = 1;
    PyObject *out = PyList_New(0), *negations = PyList_New(0);
    if (out == NULL || negations == NULL)
        goto fail;
    for (Py_ssize_t i = 0; i <= n; i++) {
        PyObject *word = i < n ? PyList_GET_ITEM(words, i) : NULL;
        long f = i < n ? flag_at(flags, i) : 0;
        int ends = i == n;
        if (!ends && f & PUNCT && PyUnicode_GET_LENGTH(word) > 0 && clause_mark(PyUnicode_READ_CHAR(word, 0)))
            ends = 1;
        if (ends) {
            if (i > start) {
                PyObject *signature = signature_of(positive, negative, negations);
                PyObject *entry = signature == NULL ? NULL : Py_BuildValue("(nnN)", start, i, signature);
                int r = entry == NULL ? -1 : PyList_Append(out, entry);
                Py_XDECREF(entry);
                if (r < 0)
                    goto fail;
            }
            Py_DECREF(negations);
            if ((negations = PyList_New(0)) == NULL)
                goto fail;
            start = i + 1;
            positive = negative = 0;
            continue;
        }
        if (f & PROT) {
            Py_ssize_t length = PyUnicode_GET_LENGTH(word);
            for (Py_ssize_t k = 0; k < length && complete; k++)
                if (clause_mark(PyUnicode_READ_CHAR(word, k)))
                    complete = 0;
            if (!complete)
                break;
        }
        long p = PyLong_AsLong(PyList_GET_ITEM(pol, i));
        if (p > 0)
            positive++;
        else if (p < 0)
            negative++;
        /* the negation (if any) that starts here: the spans are in order of their starts */
        while (next_span < PyList_GET_SIZE(spans)) {
            PyObject *span = PyList_GET_ITEM(spans, next_span);
            Py_ssize_t s = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0));
            if (s > i)
                break;
            next_span++;
            if (s == i) {
                PyObject *text = joined(words, i, PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1)));
                int r = text == NULL ? -1 : PyList_Append(negations, text);
                Py_XDECREF(text);
                if (r < 0)
                    goto fail;
            }
        }
        if (f & LEXNEG && PyList_Append(negations, word) < 0)
            goto fail;
    }
    if (PyErr_Occurred())
        goto fail;
    Py_DECREF(negations);
    return Py_BuildValue("(NO)", out, complete ? Py_True : Py_False);
fail:
    Py_XDECREF(out);
    Py_XDECREF(negations);
    return NULL;
}

static PyMethodDef methods[] = {
    {"clause_signatures", (PyCFunction)(void (*)(void))clause_signatures, METH_FASTCALL, clause_signatures_doc},
    {"mark_words", (PyCFunction)(void (*)(void))mark_words, METH_FASTCALL, mark_words_doc},
    {"protect_unknown", (PyCFunction)(void (*)(void))protect_unknown, METH_FASTCALL, protect_unknown_doc},
    {"mark_negations", (PyCFunction)(void (*)(void))mark_negations, METH_FASTCALL, mark_negations_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "synth._marks",
    "The word-marking loops of synth.augmenters.analysis.Analyser in C; optional, same flags.", -1, methods,
};

PyMODINIT_FUNC PyInit__marks(void)
{
    PyObject *m = PyModule_Create(&module_def);
    if (m != NULL && PyModule_AddObject(m, "FLAGS", Py_BuildValue("(iiiiiii)", PROT, NEG, LEXNEG, DEG, PUNCT, SENT,
                                                                     CONN)) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
