/* Whole columns read in one C loop for the medical rules (domains/medical/checks.py), where a Python loop over
 * every record cost more than the work it did:
 *
 *   distinct_codes(values)  (per value the index of its first equal value among the distinct ones, as int64 bytes;
 *                           the distinct values in order of first appearance): what a dict's setdefault per value
 *                           gives (checks._compute_distinct; the rules scan a repeating column once per distinct
 *                           text, and the Python loop cost twice the hashing it does)
 *
 * The reference is that Python line; tests/test_columns_c.py compares the two. Optional: without a compiler the
 * Python runs, with the same result.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

PyDoc_STRVAR(distinct_codes_doc,
"distinct_codes(values) -> (bytes, list)\n\n"
"For a list of hashable values: per value, as native int64 bytes, the index of its first equal value in the\n"
"list of distinct values (in order of first appearance), and that list: index.setdefault(v, len(index)) per\n"
"value, then list(index).");

static PyObject *distinct_codes(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 1 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "distinct_codes(values: list)");
        return NULL;
    }
    PyObject *values = args[0];
    Py_ssize_t n = PyList_GET_SIZE(values);
    PyObject *codes = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
    PyObject *index = PyDict_New();
    PyObject *distinct = PyList_New(0);
    if (codes == NULL || index == NULL || distinct == NULL)
        goto fail;
    int64_t *code = (int64_t *)PyBytes_AS_STRING(codes);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *value = PyList_GET_ITEM(values, i);
        PyObject *next = PyLong_FromSsize_t(PyList_GET_SIZE(distinct));
        if (next == NULL)
            goto fail;
        PyObject *known = PyDict_SetDefault(index, value, next);     /* borrowed; `next` if the value is new */
        if (known == NULL) {
            Py_DECREF(next);
            goto fail;
        }
        if (known == next && PyList_Append(distinct, value) < 0) {
            Py_DECREF(next);
            goto fail;
        }
        code[i] = (int64_t)PyLong_AsSsize_t(known);
        Py_DECREF(next);
    }
    Py_DECREF(index);
    PyObject *out = PyTuple_Pack(2, codes, distinct);
    Py_DECREF(codes);
    Py_DECREF(distinct);
    return out;
fail:
    Py_XDECREF(codes);
    Py_XDECREF(index);
    Py_XDECREF(distinct);
    return NULL;
}

static PyMethodDef methods[] = {
    {"distinct_codes", (PyCFunction)(void (*)(void))distinct_codes, METH_FASTCALL, distinct_codes_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "synth._columns",
    "Columns read in one C loop for the medical rules; optional, the same results as the Python lines.", -1,
    methods,
};

PyMODINIT_FUNC PyInit__columns(void)
{
    return PyModule_Create(&module_def);
}
