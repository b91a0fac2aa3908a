/* The grammar renderer's inner loop in C: the same walk as `synth.grammar._State`, step for step.
 *
 * `synth/grammar.py` is the reference. This file renders the structures it compiles (tables, flat lists, compiled
 * parts) exactly as `_State` does: the same choices from the same uniforms with the same floating-point
 * operations in the same order, so a text is the same bytes with or without this module (tests/test_render_c.py
 * compares the two). Anything rare or expensive to mirror (building a table, its compiled parts or its flat list,
 * binding variables, the nearest expansion when nothing fits, flat lists with several slot groups) is handed back
 * to the Python methods that define it.
 *
 * The numbers a render reads over and over (a table's weights and length bounds, a flat list's cumulative
 * probabilities and lengths) are copied once into C arrays, kept in a capsule in the object's `native` slot:
 * reading them then costs one attribute lookup, not one per number.
 *
 * Built as an optional extension (setup.py): without a compiler synth runs `_State` and gives the same output.
 * Compile without floating-point contraction (-ffp-contract=off) so that a*b+c is never fused.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <limits.h>
#include <stdint.h>

/* Part opcodes, as in synth/grammar.py (checked there against OPCODES at import). */
enum { TEXT, REF, SLOT, NUM, TOKEN, LIST, CHOICE, TERM, CREF, FLATREF, SPLICE };
#define MAX_DEPTH 60
#define TWO_53 9007199254740992.0
#define FAIL LLONG_MIN   /* a position no render reaches: an exception is set */

static PyObject *SynthError;
static PyObject *s_native, *s_flat, *s_parts, *s_cum, *s_groups, *s_low, *s_high, *s_offsets, *s_weights, *s_total,
    *s_mins, *s_maxs, *s_smin, *s_smax, *s_fit_low, *s_fit_high, *s_compiled, *s_suffix, *s_compile, *s_flat_of,
    *s_bind, *s_rows_of, *s_low_of, *s_high_of, *s_list_counts, *s_aspect, *k_slot, *k_number, *k_empty;

/* ---- uniforms: a row of pre-drawn uniforms, then the SplitMix64 fallback seeded by the row --------------- */

typedef struct {
    PyObject_HEAD
    double *row;
    Py_ssize_t n, next;
    int mixing;          /* the row is used up and the fallback has been seeded */
    uint64_t state;
} Uniforms;

static double uniforms_next(Uniforms *s)
{
    if (s->next < s->n)
        return s->row[s->next++];
    if (!s->mixing) {
        /* as grammar._splitmix_after: (int(row[0] * 2**53) << 11) ^ int(row[-1] * 2**53) */
        s->state = s->n ? (((uint64_t)(s->row[0] * TWO_53)) << 11) ^ (uint64_t)(s->row[s->n - 1] * TWO_53) : 0;
        s->mixing = 1;
    }
    s->state += 0x9E3779B97F4A7C15ULL;
    uint64_t z = s->state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (double)((z ^ (z >> 31)) >> 11) / TWO_53;
}

/* A row of doubles held in a buffer (a NumPy float64 row: one record's slice of a batch's uniforms) copied into
 * self->row, without making a Python float per value: 1 if done, 0 if `source` is no such buffer. */
static int uniforms_from_buffer(Uniforms *self, PyObject *source)
{
    if (PyList_Check(source) || PyTuple_Check(source) || !PyObject_CheckBuffer(source))
        return 0;
    Py_buffer view;
    if (PyObject_GetBuffer(source, &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        PyErr_Clear();
        return 0;
    }
    const char *f = view.format;
    int doubles = view.ndim == 1 && view.itemsize == sizeof(double) && f != NULL
        && (strcmp(f, "d") == 0 || strcmp(f, "=d") == 0 || (strcmp(f, "<d") == 0 && PY_LITTLE_ENDIAN));
    Py_ssize_t n = doubles ? view.len / (Py_ssize_t)sizeof(double) : 0;
    if (doubles && (self->row = PyMem_Malloc(sizeof(double) * (n ? n : 1))) != NULL) {
        memcpy(self->row, view.buf, sizeof(double) * n);
        self->n = n;
    }
    PyBuffer_Release(&view);
    return doubles ? (self->row != NULL ? 1 : -1) : 0;
}

static PyObject *Uniforms_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PyObject *source;
    if (!PyArg_ParseTuple(args, "O:Uniforms", &source))
        return NULL;
    Uniforms *made = (Uniforms *)type->tp_alloc(type, 0);
    if (made == NULL)
        return NULL;
    int copied = uniforms_from_buffer(made, source);
    if (copied < 0) {
        Py_DECREF(made);
        return PyErr_NoMemory();
    }
    if (copied)
        return (PyObject *)made;
    Py_DECREF(made);
    PyObject *seq = PySequence_Fast(source, "Uniforms needs a sequence of floats");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    Uniforms *self = (Uniforms *)type->tp_alloc(type, 0);
    if (self == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    self->row = PyMem_Malloc(sizeof(double) * (n ? n : 1));
    if (self->row == NULL) {
        Py_DECREF(seq);
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        double v = PyFloat_AsDouble(items[i]);
        if (v == -1.0 && PyErr_Occurred()) {
            Py_DECREF(seq);
            Py_DECREF(self);
            return NULL;
        }
        self->row[i] = v;
    }
    Py_DECREF(seq);
    self->n = n;
    return (PyObject *)self;
}

static void Uniforms_dealloc(Uniforms *self)
{
    PyMem_Free(self->row);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Uniforms_call(Uniforms *self, PyObject *args, PyObject *kwargs)
{
    return PyFloat_FromDouble(uniforms_next(self));
}

static PyTypeObject UniformsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "synth._render.Uniforms",
    .tp_doc = PyDoc_STR("Uniforms(row)(): the row's uniforms in order, then a SplitMix64 stream seeded by the row "
                        "(the same values as synth.grammar.uniform_source)."),
    .tp_basicsize = sizeof(Uniforms),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Uniforms_new,
    .tp_dealloc = (destructor)Uniforms_dealloc,
    .tp_call = (ternaryfunc)Uniforms_call,
};

/* ---- reading Python numbers ------------------------------------------------------------------------------ */

static inline double as_double(PyObject *o)
{
    return PyFloat_CheckExact(o) ? PyFloat_AS_DOUBLE(o) : PyFloat_AsDouble(o);
}

static inline long long as_ll(PyObject *o)
{
    return PyLong_AsLongLong(o);   /* callers check PyErr_Occurred() once after a batch of reads */
}

static int attr_ll(PyObject *o, PyObject *name, long long *v)
{
    PyObject *a = PyObject_GetAttr(o, name);
    if (a == NULL)
        return -1;
    *v = as_ll(a);
    Py_DECREF(a);
    return PyErr_Occurred() ? -1 : 0;
}

/* A list of numbers as a new C array; NULL with an exception on failure. */
#define ARRAY_OF(name, type, convert)                                                                          \
    static type *name(PyObject *list, Py_ssize_t *n)                                                            \
    {                                                                                                          \
        PyObject *seq = PySequence_Fast(list, "expected a list of numbers");                                    \
        if (seq == NULL)                                                                                       \
            return NULL;                                                                                       \
        *n = PySequence_Fast_GET_SIZE(seq);                                                                    \
        type *out = PyMem_Malloc(sizeof(type) * (*n ? *n : 1));                                                \
        for (Py_ssize_t i = 0; out != NULL && i < *n; i++)                                                     \
            out[i] = convert(PySequence_Fast_GET_ITEM(seq, i));                                                \
        Py_DECREF(seq);                                                                                        \
        if (out == NULL)                                                                                       \
            PyErr_NoMemory();                                                                                  \
        else if (PyErr_Occurred()) {                                                                           \
            PyMem_Free(out);                                                                                   \
            out = NULL;                                                                                        \
        }                                                                                                      \
        return out;                                                                                            \
    }

ARRAY_OF(doubles_of, double, as_double)
ARRAY_OF(lls_of, long long, as_ll)

/* bisect.bisect_right over a sorted C array, between lo and hi */
#define BISECT_RIGHT(name, type)                                                                               \
    static inline Py_ssize_t name(const type *a, type x, Py_ssize_t lo, Py_ssize_t hi)                         \
    {                                                                                                          \
        while (lo < hi) {                                                                                      \
            Py_ssize_t mid = (lo + hi) / 2;                                                                    \
            if (x < a[mid])                                                                                    \
                hi = mid;                                                                                      \
            else                                                                                               \
                lo = mid + 1;                                                                                  \
        }                                                                                                      \
        return lo;                                                                                             \
    }

BISECT_RIGHT(bisect_right_d, double)
BISECT_RIGHT(bisect_right_ll, long long)

/* bisect.bisect_left over a sorted array of long longs */
static inline Py_ssize_t bisect_left_ll(const long long *a, long long x, Py_ssize_t lo, Py_ssize_t hi)
{
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (a[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- native copies: a Flat, a FlatView, a Table ---------------------------------------------------------- */

/* A Flat: every expansion (`parts`) with the cumulative probabilities over them, and its first slot group's
 * entries sorted by length, for picks in a window (the Python method handles flats with several groups). */
typedef struct {
    PyObject *parts;          /* the Flat's list of expansions */
    double *cum;
    Py_ssize_t n, groups;
    PyObject *entries;        /* group 0 */
    double *gcum, share;
    long long *gmins, *gmaxs, spread;
    Py_ssize_t gn;
    PyObject **joined;        /* per expansion, once used without a trace: its text in one piece (None if it
                                 holds slots or numbers) */
} FlatNative;

/* A FlatView: its Flat's native (kept alive by `flat_capsule`) and the record context's bounds and offset. */
typedef struct {
    PyObject *flat_capsule;
    FlatNative *flat;
    long long low, high, offset;
} ViewNative;

/* A Table: the numbers `_State` reads, the compiled and suffix lists it fills or reads, and what it resolved. */
typedef struct {
    Py_ssize_t n;
    long long smin, smax, fit_low, fit_high;
    double total;
    double *cum, *weights;
    long long *mins, *maxs;
    PyObject *compiled;       /* table.compiled: filled by Grammar._compile as alternatives are first used */
    PyObject *suffix;         /* table.suffix */
    long long **rest;         /* per alternative, the suffix bounds as 2 * parts numbers (lows, then highs) */
    PyObject *view;           /* the table's flat view once known (Py_None: too rich to flatten), else NULL */
    PyObject *counts;         /* table.list_counts() once asked for, else NULL */
} TableNative;

static void flat_native_clear(void *native)
{
    FlatNative *f = native;
    if (f->joined != NULL)
        for (Py_ssize_t i = 0; i < f->n; i++)
            Py_XDECREF(f->joined[i]);
    PyMem_Free(f->joined);
    Py_XDECREF(f->parts);
    Py_XDECREF(f->entries);
    PyMem_Free(f->cum);
    PyMem_Free(f->gcum);
    PyMem_Free(f->gmins);
    PyMem_Free(f->gmaxs);
    PyMem_Free(f);
}

static void view_native_clear(void *native)
{
    ViewNative *v = native;
    Py_XDECREF(v->flat_capsule);
    PyMem_Free(v);
}

static void table_native_clear(void *native)
{
    TableNative *t = native;
    PyMem_Free(t->cum);
    PyMem_Free(t->weights);
    PyMem_Free(t->mins);
    PyMem_Free(t->maxs);
    if (t->rest != NULL)
        for (Py_ssize_t k = 0; k < t->n; k++)
            PyMem_Free(t->rest[k]);
    PyMem_Free(t->rest);
    Py_XDECREF(t->compiled);
    Py_XDECREF(t->suffix);
    Py_XDECREF(t->view);
    Py_XDECREF(t->counts);
    PyMem_Free(t);
}

/* A kind of native copy: its capsule name, how to make it from the Python object, and how to free it. */
typedef struct {
    const char *name;
    void *(*make)(PyObject *obj);   /* NULL with an exception set on failure */
    void (*clear)(void *native);
    PyTypeObject *type;             /* the class whose `native` slot is read in place (found on first use) */
    Py_ssize_t offset;              /* where that slot is in its instances; 0: read it by attribute */
} NativeKind;

static void native_free(PyObject *capsule)
{
    const NativeKind *kind = PyCapsule_GetContext(capsule);
    kind->clear(PyCapsule_GetPointer(capsule, kind->name));
}

/* Where instances of obj's class keep `native`, if it is a plain __slots__ member (Table, Flat and FlatView are):
 * then native_of reads the slot in place instead of looking the attribute up (a type look-up, a descriptor call
 * and a reference taken and dropped per table, several times a piece). Kept for the first class met only. */
static void native_slot(PyObject *obj, NativeKind *kind)
{
    PyObject *descr = PyObject_GetAttr((PyObject *)Py_TYPE(obj), s_native);
    if (descr == NULL) {
        PyErr_Clear();
        return;
    }
    if (Py_IS_TYPE(descr, &PyMemberDescr_Type) && Py_TYPE(obj)->tp_getattro == PyObject_GenericGetAttr) {
        PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
        if (member->type == T_OBJECT_EX && !(member->flags & READONLY) && member->offset > 0) {
            Py_INCREF(Py_TYPE(obj));
            kind->type = Py_TYPE(obj);
            kind->offset = member->offset;
        }
    }
    Py_DECREF(descr);
}

/* obj's native copy, made and kept in obj.native on first use. Borrowed: obj keeps it. */
static void *native_of(PyObject *obj, NativeKind *kind)
{
    if (Py_TYPE(obj) == kind->type) {
        PyObject *kept = *(PyObject **)((char *)obj + kind->offset);   /* borrowed; NULL if never set */
        if (kept != NULL && kept != Py_None)
            return PyCapsule_GetPointer(kept, kind->name);
    }
    else if (kind->type == NULL)
        native_slot(obj, kind);
    PyObject *capsule = PyObject_GetAttr(obj, s_native);
    if (capsule == NULL)
        return NULL;
    void *native = capsule == Py_None ? NULL : PyCapsule_GetPointer(capsule, kind->name);
    Py_DECREF(capsule);
    if (native != NULL || PyErr_Occurred() || (native = kind->make(obj)) == NULL)
        return native;
    PyObject *kept = PyCapsule_New(native, kind->name, native_free);
    if (kept == NULL || PyCapsule_SetContext(kept, (void *)kind) < 0) {
        if (kept != NULL)
            PyCapsule_SetDestructor(kept, NULL);
        Py_XDECREF(kept);
        kind->clear(native);
        return NULL;
    }
    int r = PyObject_SetAttr(obj, s_native, kept);
    Py_DECREF(kept);   /* on failure its destructor frees the copy */
    return r < 0 ? NULL : native;
}

static void *make_flat(PyObject *flat)
{
    FlatNative *f = PyMem_Calloc(1, sizeof(FlatNative));
    if (f == NULL)
        return PyErr_NoMemory();
    PyObject *cum = NULL, *groups = NULL;
    if ((f->parts = PyObject_GetAttr(flat, s_parts)) == NULL || (cum = PyObject_GetAttr(flat, s_cum)) == NULL
        || (groups = PyObject_GetAttr(flat, s_groups)) == NULL || (f->cum = doubles_of(cum, &f->n)) == NULL)
        goto fail;
    f->groups = PyList_GET_SIZE(groups);
    if (f->groups >= 1) {
        /* (slots, entries, cum, mins, maxs, spread, share) */
        PyObject *group = PyList_GET_ITEM(groups, 0);
        Py_ssize_t n;
        f->entries = PyTuple_GET_ITEM(group, 1);
        Py_INCREF(f->entries);
        if ((f->gcum = doubles_of(PyTuple_GET_ITEM(group, 2), &f->gn)) == NULL
            || (f->gmins = lls_of(PyTuple_GET_ITEM(group, 3), &n)) == NULL
            || (f->gmaxs = lls_of(PyTuple_GET_ITEM(group, 4), &n)) == NULL)
            goto fail;
        f->spread = as_ll(PyTuple_GET_ITEM(group, 5));
        f->share = as_double(PyTuple_GET_ITEM(group, 6));
        if (PyErr_Occurred())
            goto fail;
    }
    Py_DECREF(cum);
    Py_DECREF(groups);
    return f;
fail:
    Py_XDECREF(cum);
    Py_XDECREF(groups);
    flat_native_clear(f);
    return NULL;
}

static NativeKind FLAT = {"synth.flat", make_flat, flat_native_clear, NULL, 0};

static void *make_view(PyObject *view)
{
    ViewNative *v = PyMem_Calloc(1, sizeof(ViewNative));
    if (v == NULL)
        return PyErr_NoMemory();
    PyObject *flat = PyObject_GetAttr(view, s_flat), *offsets = NULL;
    if (flat == NULL || (v->flat = native_of(flat, &FLAT)) == NULL
        || (v->flat_capsule = PyObject_GetAttr(flat, s_native)) == NULL
        || (offsets = PyObject_GetAttr(view, s_offsets)) == NULL
        || attr_ll(view, s_low, &v->low) || attr_ll(view, s_high, &v->high)) {
        Py_XDECREF(flat);
        Py_XDECREF(offsets);
        view_native_clear(v);
        return NULL;
    }
    v->offset = PyList_GET_SIZE(offsets) ? as_ll(PyList_GET_ITEM(offsets, 0)) : 0;
    Py_DECREF(flat);
    Py_DECREF(offsets);
    return v;
}

static NativeKind VIEW = {"synth.view", make_view, view_native_clear, NULL, 0};

static void *make_table(PyObject *table)
{
    TableNative *t = PyMem_Calloc(1, sizeof(TableNative));
    if (t == NULL)
        return PyErr_NoMemory();
    PyObject *cum = PyObject_GetAttr(table, s_cum), *weights = PyObject_GetAttr(table, s_weights);
    PyObject *mins = PyObject_GetAttr(table, s_mins), *maxs = PyObject_GetAttr(table, s_maxs), *total = NULL;
    Py_ssize_t n;
    int ok = cum != NULL && weights != NULL && mins != NULL && maxs != NULL
             && (total = PyObject_GetAttr(table, s_total)) != NULL
             && (t->compiled = PyObject_GetAttr(table, s_compiled)) != NULL
             && (t->suffix = PyObject_GetAttr(table, s_suffix)) != NULL
             && (t->cum = doubles_of(cum, &t->n)) != NULL && (t->weights = doubles_of(weights, &n)) != NULL
             && (t->mins = lls_of(mins, &n)) != NULL && (t->maxs = lls_of(maxs, &n)) != NULL
             && !attr_ll(table, s_smin, &t->smin) && !attr_ll(table, s_smax, &t->smax)
             && !attr_ll(table, s_fit_low, &t->fit_low) && !attr_ll(table, s_fit_high, &t->fit_high);
    if (ok) {
        t->total = as_double(total);
        t->rest = PyMem_Calloc(t->n ? t->n : 1, sizeof(long long *));
        if (t->rest == NULL)
            PyErr_NoMemory();
        ok = !PyErr_Occurred();
    }
    Py_XDECREF(cum);
    Py_XDECREF(weights);
    Py_XDECREF(mins);
    Py_XDECREF(maxs);
    Py_XDECREF(total);
    if (!ok) {
        table_native_clear(t);
        return NULL;
    }
    return t;
}

static NativeKind TABLE = {"synth.table", make_table, table_native_clear, NULL, 0};

static inline ViewNative *view_native(PyObject *view) { return native_of(view, &VIEW); }
static inline TableNative *table_native(PyObject *table) { return native_of(table, &TABLE); }

/* The suffix bounds of alternative k (what follows each part), as lows then highs; count in *n. */
static long long *table_rest(TableNative *t, Py_ssize_t k, Py_ssize_t *n)
{
    PyObject *pairs = PyList_GET_ITEM(t->suffix, k);
    *n = PyList_GET_SIZE(pairs);
    if (t->rest[k] == NULL) {
        long long *rest = PyMem_Malloc(sizeof(long long) * 2 * (*n ? *n : 1));
        if (rest == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        for (Py_ssize_t j = 0; j < *n; j++) {
            PyObject *pair = PyList_GET_ITEM(pairs, j);
            rest[j] = as_ll(PyTuple_GET_ITEM(pair, 0));
            rest[*n + j] = as_ll(PyTuple_GET_ITEM(pair, 1));
        }
        if (PyErr_Occurred()) {
            PyMem_Free(rest);
            return NULL;
        }
        t->rest[k] = rest;
    }
    return t->rest[k];
}

/* ---- one render ------------------------------------------------------------------------------------------ */

typedef struct {
    PyObject *g;          /* the Grammar, for the methods that build what is missing */
    PyObject *out;        /* list of (text, kind, tag) */
    PyObject *captures;   /* list of (symbol name, start, end, env) */
    PyObject *values;     /* the record's own variables (a dict), for slot values */
    Uniforms *row;        /* the uniforms, when they come from a Uniforms object */
    PyObject *call;       /* otherwise a callable returning them */
    int depth;
    int text_only;        /* out holds each piece's text, not (text, kind, tag): the caller needs no trace */
} State;

static int next_u(State *st, double *u)
{
    if (st->row != NULL) {
        *u = uniforms_next(st->row);
        return 0;
    }
    PyObject *r = PyObject_CallNoArgs(st->call);
    if (r == NULL)
        return -1;
    *u = PyFloat_AsDouble(r);
    Py_DECREF(r);
    return (*u == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* Write a ready-made (text, kind, tag) piece. */
static inline int add_piece(State *st, PyObject *segment)
{
    return PyList_Append(st->out, st->text_only ? PyTuple_GET_ITEM(segment, 0) : segment);
}

static int append_segment(State *st, PyObject *text, PyObject *kind, PyObject *tag)
{
    if (st->text_only)
        return PyList_Append(st->out, text);
    PyObject *t = PyTuple_Pack(3, text, kind, tag);
    if (t == NULL)
        return -1;
    int r = PyList_Append(st->out, t);
    Py_DECREF(t);
    return r;
}

static int add_capture(State *st, PyObject *name, long long start, long long end, PyObject *env)
{
    PyObject *t = PyTuple_New(4), *a = PyLong_FromLongLong(start), *b = PyLong_FromLongLong(end);
    if (t == NULL || a == NULL || b == NULL) {
        Py_XDECREF(t);
        Py_XDECREF(a);
        Py_XDECREF(b);
        return -1;
    }
    Py_INCREF(name);
    Py_INCREF(env);
    PyTuple_SET_ITEM(t, 0, name);
    PyTuple_SET_ITEM(t, 1, a);
    PyTuple_SET_ITEM(t, 2, b);
    PyTuple_SET_ITEM(t, 3, env);
    int r = PyList_Append(st->captures, t);
    Py_DECREF(t);
    return r;
}

static long long too_deep(PyObject *part)
{
    PyErr_Format(SynthError, "%S: the expansion is nested too deeply (a reference loop through variables?).",
                 PyTuple_GET_ITEM(part, 5));
    return FAIL;
}

/* The number a NUM part (NUM, low, step, count, digits, ...) writes for uniform u, as grammar._number_text. */
static PyObject *number_text(PyObject *part, double u)
{
    long long low = as_ll(PyTuple_GET_ITEM(part, 1)), step = as_ll(PyTuple_GET_ITEM(part, 2));
    long long count = as_ll(PyTuple_GET_ITEM(part, 3)), width = as_ll(PyTuple_GET_ITEM(part, 4));
    if (PyErr_Occurred())
        return NULL;
    long long k = (long long)(u * (double)count);
    if (k > count - 1)
        k = count - 1;
    char buffer[64];
    snprintf(buffer, sizeof buffer, "%0*lld", (int)(width > 40 ? 40 : width), low + step * k);
    return PyUnicode_FromString(buffer);
}

/* A slot's value: the context's, else the record's own (or ""). Returns a new reference. */
static PyObject *slot_value(State *st, PyObject *env, PyObject *name)
{
    PyObject *value = PyDict_GetItemWithError(env, name);
    if (value == NULL || value == Py_None) {
        if (PyErr_Occurred())
            return NULL;
        value = PyDict_GetItemWithError(st->values, name);
        if (value == NULL && PyErr_Occurred())
            return NULL;
        if (value == NULL)
            value = k_empty;
        else {
            int truth = PyObject_IsTrue(value);
            if (truth < 0)
                return NULL;
            if (!truth)
                value = k_empty;
        }
    }
    Py_INCREF(value);
    return value;
}

static PyObject *aspect_of(PyObject *env)   /* env.get("aspect", ""), borrowed */
{
    PyObject *tag = PyDict_GetItemWithError(env, s_aspect);
    return tag == NULL && !PyErr_Occurred() ? k_empty : tag;
}

/* One part of a flat expansion or a free part that writes a single piece: TEXT, SLOT, TERM, NUM. */
static long long emit_simple(State *st, long op, PyObject *part, PyObject *env, long long pos)
{
    if (op == TEXT) {
        if (add_piece(st, PyTuple_GET_ITEM(part, 1)) < 0)
            return FAIL;
        long long length = as_ll(PyTuple_GET_ITEM(part, 2));
        return PyErr_Occurred() ? FAIL : pos + length;
    }
    if (op == SLOT) {
        PyObject *value = slot_value(st, env, PyTuple_GET_ITEM(part, 1));
        if (value == NULL)
            return FAIL;
        Py_ssize_t length = PyObject_Length(value);
        int r = length < 0 ? -1 : append_segment(st, value, k_slot, PyTuple_GET_ITEM(part, 1));
        Py_DECREF(value);
        return r < 0 ? FAIL : pos + length;
    }
    if (op == TERM) {
        PyObject *tag = aspect_of(env);
        if (tag == NULL || append_segment(st, PyTuple_GET_ITEM(part, 1), s_aspect, tag) < 0)
            return FAIL;
        long long length = as_ll(PyTuple_GET_ITEM(part, 2));
        return PyErr_Occurred() ? FAIL : pos + length;
    }
    double u;
    if (next_u(st, &u))
        return FAIL;
    PyObject *value = number_text(part, u);
    if (value == NULL)
        return FAIL;
    int r = append_segment(st, value, k_number, k_empty);
    pos += PyUnicode_GET_LENGTH(value);
    Py_DECREF(value);
    return r < 0 ? FAIL : pos;
}

/* Write a flat expansion (segments or None, length, parts): its parts are TEXT, SLOT, TERM and NUM only. */
static long long emit(State *st, PyObject *expansion, PyObject *env, long long pos)
{
    PyObject *segments = PyTuple_GET_ITEM(expansion, 0);
    if (segments != Py_None) {
        Py_ssize_t n = PyTuple_GET_SIZE(segments);
        for (Py_ssize_t i = 0; i < n; i++)
            if (add_piece(st, PyTuple_GET_ITEM(segments, i)) < 0)
                return FAIL;
        long long length = as_ll(PyTuple_GET_ITEM(expansion, 1));
        return PyErr_Occurred() ? FAIL : pos + length;
    }
    PyObject *parts = PyTuple_GET_ITEM(expansion, 2);
    Py_ssize_t n = PyTuple_GET_SIZE(parts);
    for (Py_ssize_t i = 0; i < n && pos != FAIL; i++) {
        PyObject *part = PyTuple_GET_ITEM(parts, i);
        pos = emit_simple(st, PyLong_AsLong(PyTuple_GET_ITEM(part, 0)), part, env, pos);
    }
    return pos;
}

/* The table's flat view, resolved by Grammar._flat on first use. Borrowed (the native keeps it); Py_None if the
 * symbol is too rich to flatten. */
static PyObject *table_view(State *st, PyObject *table, TableNative *t, PyObject *env)
{
    if (t->view == NULL) {
        PyObject *view = PyObject_GetAttr(table, s_flat);
        if (view == Py_False) {
            Py_DECREF(view);
            view = PyObject_CallMethodObjArgs(st->g, s_flat_of, table, env, NULL);
        }
        if (view == NULL)
            return NULL;
        t->view = view;
    }
    return t->view;
}

/* table.compiled[k], compiled by Grammar._compile on first use. Borrowed (the table's list keeps it). */
static PyObject *compiled_parts(State *st, PyObject *table, TableNative *t, Py_ssize_t k, PyObject *env)
{
    if (k < 0 || k >= PyList_GET_SIZE(t->compiled)) {
        PyErr_SetString(PyExc_IndexError, "no such alternative");
        return NULL;
    }
    PyObject *parts = PyList_GET_ITEM(t->compiled, k);
    if (parts != Py_None)
        return parts;
    PyObject *index = PyLong_FromSsize_t(k);
    if (index == NULL)
        return NULL;
    parts = PyObject_CallMethodObjArgs(st->g, s_compile, table, index, env, NULL);
    Py_DECREF(index);
    if (parts == NULL)
        return NULL;
    Py_DECREF(parts);   /* Grammar._compile stored it in table.compiled */
    return PyList_GET_ITEM(t->compiled, k) == parts ? parts : (PyErr_SetString(PyExc_RuntimeError,
                                                                "_compile did not keep its result"), NULL);
}

/* An expansion for uniform u with no window: FlatView.free. Borrowed. */
/* The index of the expansion for uniform u with no window: FlatView.free. */
static inline Py_ssize_t flat_free(ViewNative *v, double u)
{
    return bisect_right_d(v->flat->cum, u, 0, v->flat->n);
}

/* Write expansion `index` of a flat list. Without a trace, an expansion of plain text is written as one piece,
 * joined the first time it is used. */
static long long emit_at(State *st, FlatNative *f, Py_ssize_t index, PyObject *env, long long pos)
{
    PyObject *expansion = PyList_GET_ITEM(f->parts, index);
    if (!st->text_only || PyTuple_GET_ITEM(expansion, 0) == Py_None)
        return emit(st, expansion, env, pos);
    if (f->joined == NULL && (f->joined = PyMem_Calloc(f->n ? f->n : 1, sizeof(PyObject *))) == NULL) {
        PyErr_NoMemory();
        return FAIL;
    }
    if (f->joined[index] == NULL) {
        PyObject *segments = PyTuple_GET_ITEM(expansion, 0);
        Py_ssize_t n = PyTuple_GET_SIZE(segments);
        PyObject *texts = PyList_New(n);
        if (texts == NULL)
            return FAIL;
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *text = PyTuple_GET_ITEM(PyTuple_GET_ITEM(segments, i), 0);
            Py_INCREF(text);
            PyList_SET_ITEM(texts, i, text);
        }
        f->joined[index] = PyUnicode_Join(k_empty, texts);
        Py_DECREF(texts);
        if (f->joined[index] == NULL)
            return FAIL;
    }
    long long length = as_ll(PyTuple_GET_ITEM(expansion, 1));
    if (PyErr_Occurred() || PyList_Append(st->out, f->joined[index]) < 0)
        return FAIL;
    return pos + length;
}

/* FlatView.pick(u, lo, hi): the index of the expansion in the single-group case here; otherwise -1, with the
 * expansion the Python method picks in *entry (a new reference; NULL on an error). */
static Py_ssize_t flat_pick(PyObject *view, ViewNative *v, double u, long long lo, long long hi, PyObject **entry)
{
    FlatNative *f = v->flat;
    if (f->groups != 1) {
        *entry = PyObject_CallMethod(view, "pick", "dLL", u, lo, hi);
        return -1;
    }
    long long glo = lo - v->offset, ghi = hi - v->offset;
    Py_ssize_t n = f->gn;
    Py_ssize_t i0 = glo - f->spread > f->gmins[0] ? bisect_left_ll(f->gmins, glo - f->spread, 0, n) : 0;
    Py_ssize_t i1 = ghi < f->gmins[n - 1] ? bisect_right_ll(f->gmins, ghi, 0, n) : n;
    while (i0 < i1 && f->gmaxs[i0] < glo)
        i0++;
    if (i0 >= i1) {
        *entry = PyObject_CallMethod(view, "_nearest", "LLd", lo, hi, u);
        return -1;
    }
    double base = i0 ? f->gcum[i0 - 1] : 0.0, top = f->gcum[i1 - 1];
    double weight = (top - base) * f->share, within = 0.0;
    if (weight > 0) {
        within = u * weight / weight;
        if (1.0 < within)
            within = 1.0;
    }
    Py_ssize_t i = bisect_right_d(f->gcum, base + within * (top - base), i0, i1);
    return i < i1 - 1 ? i : i1 - 1;   /* group 0's entries are the first of the flat list's expansions */
}

/* Write a flat view's expansion aimed at [lo, hi] (no window when it cannot miss). */
static long long flat_fit(State *st, PyObject *view, ViewNative *v, PyObject *env, long long lo, long long hi,
                          long long pos)
{
    double u;
    if (next_u(st, &u))
        return FAIL;
    if (lo <= v->low && v->high <= hi)
        return emit_at(st, v->flat, flat_free(v, u), env, pos);
    PyObject *entry = NULL;
    Py_ssize_t index = flat_pick(view, v, u, lo, hi, &entry);
    if (index >= 0)
        return emit_at(st, v->flat, index, env, pos);
    if (entry == NULL)
        return FAIL;
    pos = emit(st, entry, env, pos);
    Py_DECREF(entry);
    return pos;
}

static long long fit(State *st, PyObject *table, PyObject *env, long long lo, long long hi, long long pos);
static long long free_parts(State *st, PyObject *parts, PyObject *env, long long pos);
static long long sequence(State *st, PyObject *parts, PyObject *env, long long lo, long long hi, long long pos,
                          const long long *rest, Py_ssize_t rest_n, PyObject *rows_of, PyObject *low_of,
                          PyObject *high_of);

/* Choose an alternative whose interval [mins[k], maxs[k]] meets [lo, hi] (the closest if none), by weight:
 * _State.pick. */
static Py_ssize_t pick(State *st, TableNative *t, const long long *mins, const long long *maxs, long long lo,
                       long long hi)
{
    Py_ssize_t n = t->n;
    if (n == 1)
        return 0;
    double u;
    if (next_u(st, &u))
        return -1;
    Py_ssize_t stack[64], *feasible = n <= 64 ? stack : PyMem_Malloc(sizeof(Py_ssize_t) * n);
    double cum_stack[64], *cum = n <= 64 ? cum_stack : PyMem_Malloc(sizeof(double) * n);
    Py_ssize_t count = 0, result = -1;
    if (feasible == NULL || cum == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < n; k++)
        if (mins[k] <= hi && maxs[k] >= lo)
            feasible[count++] = k;
    if (count == n) {
        result = bisect_right_d(t->cum, u * t->total, 0, n);
        goto done;
    }
    if (count == 0) {   /* nothing fits: the alternatives nearest the window */
        long long best = 0;
        for (Py_ssize_t k = 0; k < n; k++) {
            long long a = mins[k] - hi, c = lo - maxs[k], d = a > c ? a : c;
            if (k == 0 || d < best)
                best = d;
        }
        for (Py_ssize_t k = 0; k < n; k++) {
            long long a = mins[k] - hi, c = lo - maxs[k], d = a > c ? a : c;
            if (d == best)
                feasible[count++] = k;
        }
    }
    /* cum = accumulate(weights of the feasible); feasible[min(bisect_right(cum, u * cum[-1]), count - 1)] */
    double acc = 0.0;
    for (Py_ssize_t j = 0; j < count; j++) {
        acc = j ? acc + t->weights[feasible[j]] : t->weights[feasible[j]];
        cum[j] = acc;
    }
    Py_ssize_t i = bisect_right_d(cum, u * cum[count - 1], 0, count);
    result = feasible[i < count - 1 ? i : count - 1];
done:
    if (feasible != NULL && feasible != stack)
        PyMem_Free(feasible);
    if (cum != NULL && cum != cum_stack)
        PyMem_Free(cum);
    return PyErr_Occurred() ? -1 : result;
}

/* Bound variables for a reference with bindings: Grammar._bind(bindings, env, symbol). New reference. */
static PyObject *bind(State *st, PyObject *part, PyObject *env)
{
    return PyObject_CallMethodObjArgs(st->g, s_bind, PyTuple_GET_ITEM(part, 4), env, PyTuple_GET_ITEM(part, 6), NULL);
}

/* Whether an optional piece is taken: as the window allows, else by the uniform (_State.part_fit). */
static int take_optional(double u, double p, long long lo, long long hi, long long low, long long high)
{
    int can_skip = lo <= 0;
    int can_take = low <= hi && high >= lo;
    if (can_skip && can_take)
        return u < p;
    if (can_take || can_skip)
        return can_take;
    long long a = lo - high, b = low - hi, near = a > b ? a : b;
    long long c = lo, d = -hi, skip = c > d ? c : d;
    return (near > 0 ? near : 0) < (skip > 0 ? skip : 0);
}

/* A table with no window: _State.free_table. */
static long long free_table(State *st, PyObject *table, TableNative *t, PyObject *env, long long pos)
{
    PyObject *view = table_view(st, table, t, env);
    if (view == NULL)
        return FAIL;
    double u;
    if (view != Py_None) {
        ViewNative *v = view_native(view);
        if (v == NULL || next_u(st, &u))
            return FAIL;
        return emit_at(st, v->flat, flat_free(v, u), env, pos);
    }
    Py_ssize_t k = 0;
    if (t->n != 1) {
        if (next_u(st, &u))
            return FAIL;
        k = bisect_right_d(t->cum, u * t->total, 0, t->n);
    }
    PyObject *parts = compiled_parts(st, table, t, k, env);
    return parts == NULL ? FAIL : free_parts(st, parts, env, pos);
}

/* One part with no window (a step of _State.free_parts). */
static long long free_part(State *st, PyObject *part, PyObject *env, long long pos)
{
    long op = PyLong_AsLong(PyTuple_GET_ITEM(part, 0));
    double u;
    switch (op) {
    case TEXT:
    case SLOT:
    case TERM:
    case NUM:
        return emit_simple(st, op, part, env, pos);
    case CHOICE: {
        PyObject *cum = PyTuple_GET_ITEM(part, 1);
        double total = as_double(PyTuple_GET_ITEM(part, 2));
        if (next_u(st, &u))
            return FAIL;
        double x = u * total;
        Py_ssize_t lo = 0, hi = PyList_GET_SIZE(cum);
        while (lo < hi) {
            Py_ssize_t mid = (lo + hi) / 2;
            if (x < as_double(PyList_GET_ITEM(cum, mid)))
                hi = mid;
            else
                lo = mid + 1;
        }
        PyObject *option = PyTuple_GET_ITEM(PyTuple_GET_ITEM(part, 3), lo);
        long long length = as_ll(PyTuple_GET_ITEM(option, 1));
        if (PyErr_Occurred() || (length && add_piece(st, PyTuple_GET_ITEM(option, 0)) < 0))
            return FAIL;
        return pos + length;
    }
    case FLATREF: {
        PyObject *p = PyTuple_GET_ITEM(part, 2);
        if (p != Py_None) {
            if (next_u(st, &u))
                return FAIL;
            if (u >= as_double(p))
                return pos;
        }
        ViewNative *v = view_native(PyTuple_GET_ITEM(part, 1));
        if (v == NULL || next_u(st, &u))
            return FAIL;
        long long start = pos;
        if ((pos = emit_at(st, v->flat, flat_free(v, u), env, pos)) == FAIL)
            return FAIL;
        PyObject *captured = PyTuple_GET_ITEM(part, 3);
        if (captured != Py_None && add_capture(st, captured, start, pos, env) < 0)
            return FAIL;
        return pos;
    }
    case CREF: {
        PyObject *child = PyTuple_GET_ITEM(part, 1), *p = PyTuple_GET_ITEM(part, 2);
        if (child == Py_None)
            return pos;
        if (p != Py_None) {
            if (next_u(st, &u))
                return FAIL;
            if (u >= as_double(p))
                return pos;
        }
        PyObject *child_env = env;
        if (PyTuple_GET_ITEM(part, 4) != Py_None) {
            if ((child_env = bind(st, part, env)) == NULL)
                return FAIL;
        }
        else
            Py_INCREF(child_env);
        long long start = pos;
        TableNative *t = table_native(child);
        PyObject *view = t == NULL ? NULL : table_view(st, child, t, child_env);
        if (view == NULL)
            pos = FAIL;
        else if (view != Py_None) {
            ViewNative *v = view_native(view);
            pos = v == NULL || next_u(st, &u) ? FAIL : emit_at(st, v->flat, flat_free(v, u), child_env, pos);
        }
        else if (++st->depth > MAX_DEPTH)
            pos = too_deep(part);
        else {
            Py_ssize_t k = 0;
            if (t->n != 1) {
                if (next_u(st, &u))
                    pos = FAIL;
                else
                    k = bisect_right_d(t->cum, u * t->total, 0, t->n);
            }
            if (pos != FAIL) {
                PyObject *parts = compiled_parts(st, child, t, k, child_env);
                pos = parts == NULL ? FAIL : free_parts(st, parts, child_env, pos);
            }
            st->depth--;
        }
        PyObject *captured = PyTuple_GET_ITEM(part, 3);
        if (pos != FAIL && captured != Py_None && add_capture(st, captured, start, pos, child_env) < 0)
            pos = FAIL;
        Py_DECREF(child_env);
        return pos;
    }
    case TOKEN: {
        /* render the inner parts, then join what they wrote into one segment of the token's kind */
        Py_ssize_t mark = PyList_GET_SIZE(st->out);
        long long end = free_parts(st, PyTuple_GET_ITEM(part, 3), env, pos);
        if (end == FAIL)
            return FAIL;
        Py_ssize_t n = PyList_GET_SIZE(st->out);
        PyObject *texts = PyList_New(n - mark);
        if (texts == NULL)
            return FAIL;
        for (Py_ssize_t i = mark; i < n; i++) {
            PyObject *piece = PyList_GET_ITEM(st->out, i);
            PyObject *text = st->text_only ? piece : PyTuple_GET_ITEM(piece, 0);
            Py_INCREF(text);
            PyList_SET_ITEM(texts, i - mark, text);
        }
        PyObject *joined = PyUnicode_Join(k_empty, texts);
        Py_DECREF(texts);
        if (joined == NULL || PyList_SetSlice(st->out, mark, n, NULL) < 0) {
            Py_XDECREF(joined);
            return FAIL;
        }
        PyObject *tag = PyTuple_GET_ITEM(part, 2);
        if (tag == Py_None)
            tag = aspect_of(env);
        int r = tag == NULL ? -1 : append_segment(st, joined, PyTuple_GET_ITEM(part, 1), tag);
        Py_DECREF(joined);
        return r < 0 ? FAIL : end;
    }
    case LIST:
        PyErr_SetString(SynthError, "A list (<@...>) can only be used by the symbol given to render().");
        return FAIL;
    default:
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_RuntimeError, "unknown grammar part opcode %ld", op);
        return FAIL;
    }
}

static long long free_parts(State *st, PyObject *parts, PyObject *env, long long pos)
{
    Py_ssize_t n = PyTuple_GET_SIZE(parts);
    for (Py_ssize_t i = 0; i < n && pos != FAIL; i++)
        pos = free_part(st, PyTuple_GET_ITEM(parts, i), env, pos);
    return pos;
}

/* Expand a table's symbol at pos with its length aimed at [lo, hi]: _State.fit. */
static long long fit(State *st, PyObject *table, PyObject *env, long long lo, long long hi, long long pos)
{
    TableNative *t = table_native(table);
    PyObject *view = t == NULL ? NULL : table_view(st, table, t, env);
    if (view == NULL)
        return FAIL;
    if (view != Py_None) {
        ViewNative *v = view_native(view);
        return v == NULL ? FAIL : flat_fit(st, view, v, env, lo, hi, pos);
    }
    if (lo <= t->smin && t->smax <= hi)
        return free_table(st, table, t, env, pos);
    Py_ssize_t k;
    if (t->n == 1)
        k = 0;
    else if (lo <= t->fit_low && t->fit_high <= hi) {
        double u;
        if (next_u(st, &u))
            return FAIL;
        k = bisect_right_d(t->cum, u * t->total, 0, t->n);
    }
    else if ((k = pick(st, t, t->mins, t->maxs, lo, hi)) < 0)
        return FAIL;
    PyObject *parts = compiled_parts(st, table, t, k, env);
    if (parts == NULL)
        return FAIL;
    if (lo <= t->mins[k] && t->maxs[k] <= hi)
        return free_parts(st, parts, env, pos);
    Py_ssize_t n;
    long long *rest = table_rest(t, k, &n);
    return rest == NULL ? FAIL : sequence(st, parts, env, lo, hi, pos, rest, n, NULL, NULL, NULL);
}

/* A part with its length aimed at [lo, hi]: _State.part_fit (the parts sequence() does not handle inline). */
static long long part_fit(State *st, PyObject *part, PyObject *env, long long lo, long long hi, long long pos)
{
    long op = PyLong_AsLong(PyTuple_GET_ITEM(part, 0));
    double u;
    if (op == CHOICE) {
        /* evenly among the options whose length fits, else the first of the nearest */
        PyObject *options = PyTuple_GET_ITEM(part, 3);
        Py_ssize_t n = PyTuple_GET_SIZE(options), count = 0, nearest = 0;
        long long best = 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            long long length = as_ll(PyTuple_GET_ITEM(PyTuple_GET_ITEM(options, i), 1));
            if (lo <= length && length <= hi)
                count++;
            long long d = length - hi > lo - length ? length - hi : lo - length;
            if (i == 0 || d < best) {
                best = d;
                nearest = i;
            }
        }
        if (PyErr_Occurred() || next_u(st, &u))
            return FAIL;
        Py_ssize_t chosen = nearest;
        if (count) {
            Py_ssize_t j = (Py_ssize_t)(u * (double)count);
            if (j > count - 1)
                j = count - 1;
            for (Py_ssize_t i = 0; i < n; i++) {
                long long length = as_ll(PyTuple_GET_ITEM(PyTuple_GET_ITEM(options, i), 1));
                if (lo <= length && length <= hi && j-- == 0) {
                    chosen = i;
                    break;
                }
            }
        }
        PyObject *option = PyTuple_GET_ITEM(options, chosen);
        long long length = as_ll(PyTuple_GET_ITEM(option, 1));
        if (PyErr_Occurred() || (length && add_piece(st, PyTuple_GET_ITEM(option, 0)) < 0))
            return FAIL;
        return pos + length;
    }
    if (op != CREF)
        return free_part(st, part, env, pos);
    PyObject *child = PyTuple_GET_ITEM(part, 1), *p = PyTuple_GET_ITEM(part, 2);
    if (p != Py_None) {
        if (next_u(st, &u))
            return FAIL;
        if (child == Py_None)
            return pos;
        TableNative *t = table_native(child);
        if (t == NULL)
            return FAIL;
        if (!take_optional(u, as_double(p), lo, hi, t->smin, t->smax))
            return pos;
    }
    PyObject *child_env = env;
    if (PyTuple_GET_ITEM(part, 4) != Py_None) {
        if ((child_env = bind(st, part, env)) == NULL)
            return FAIL;
    }
    else
        Py_INCREF(child_env);
    long long start = pos;
    if (++st->depth > MAX_DEPTH)
        pos = too_deep(part);
    else {
        pos = fit(st, child, child_env, lo, hi, pos);
        st->depth--;
    }
    PyObject *captured = PyTuple_GET_ITEM(part, 3);
    if (pos != FAIL && captured != Py_None && add_capture(st, captured, start, pos, child_env) < 0)
        pos = FAIL;
    Py_DECREF(child_env);
    return pos;
}

/* Render parts one after another, each aimed at what the window leaves once the parts after it are counted
 * (rest: their shortest lengths, then their longest, rest_n of each): _State.sequence. rows_of/low_of/high_of:
 * the lists of an entry symbol, or NULL. */
static long long sequence(State *st, PyObject *parts, PyObject *env, long long lo, long long hi, long long pos,
                          const long long *rest, Py_ssize_t rest_n, PyObject *rows_of, PyObject *low_of,
                          PyObject *high_of)
{
    long long start = pos;
    Py_ssize_t n = PyTuple_GET_SIZE(parts);
    if (rest_n < n)
        n = rest_n;   /* zip(parts, rest) */
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *part = PyTuple_GET_ITEM(parts, j);
        long op = PyLong_AsLong(PyTuple_GET_ITEM(part, 0));
        if (op == TEXT) {
            if ((pos = emit_simple(st, op, part, env, pos)) == FAIL)
                return FAIL;
            continue;
        }
        long long used = pos - start;
        long long plo = lo - used - rest[rest_n + j], phi = hi - used - rest[j];
        if (op == FLATREF) {
            PyObject *view = PyTuple_GET_ITEM(part, 1), *p = PyTuple_GET_ITEM(part, 2);
            ViewNative *v = view_native(view);
            if (v == NULL)
                return FAIL;
            if (p != Py_None) {
                double u;
                if (next_u(st, &u))
                    return FAIL;
                if (!take_optional(u, as_double(p), plo, phi, v->low, v->high))
                    continue;
            }
            long long begin = pos;
            if ((pos = flat_fit(st, view, v, env, plo, phi, pos)) == FAIL)
                return FAIL;
            PyObject *captured = PyTuple_GET_ITEM(part, 3);
            if (captured != Py_None && add_capture(st, captured, begin, pos, env) < 0)
                return FAIL;
            continue;
        }
        if (op == LIST) {
            if (rows_of == NULL) {
                PyErr_SetString(SynthError, "A list (<@...>) can only be used by the symbol given to render().");
                return FAIL;
            }
            PyObject *name = PyTuple_GET_ITEM(part, 1);
            PyObject *rows = PyDict_GetItemWithError(rows_of, name);
            PyObject *tail_low_o = PyDict_GetItemWithError(low_of, name);
            PyObject *tail_high_o = PyDict_GetItemWithError(high_of, name);
            if (rows == NULL || tail_low_o == NULL || tail_high_o == NULL) {
                if (!PyErr_Occurred())
                    PyErr_SetObject(PyExc_KeyError, name);
                return FAIL;
            }
            long long tail_low = as_ll(tail_low_o), tail_high = as_ll(tail_high_o), begin = pos;
            Py_ssize_t count = PyList_GET_SIZE(rows);
            for (Py_ssize_t i = 0; i < count; i++) {
                PyObject *row = PyList_GET_ITEM(rows, i);   /* (item table, item env, its shortest, longest) */
                tail_low -= as_ll(PyTuple_GET_ITEM(row, 2));
                tail_high -= as_ll(PyTuple_GET_ITEM(row, 3));
                if (PyErr_Occurred())
                    return FAIL;
                long long done = pos - begin;
                pos = fit(st, PyTuple_GET_ITEM(row, 0), PyTuple_GET_ITEM(row, 1), plo - done - tail_high,
                          phi - done - tail_low, pos);
                if (pos == FAIL)
                    return FAIL;
            }
            continue;
        }
        if (op == SPLICE) {   /* drawn first (draw_first): its pieces, its captures moved to where it stands */
            PyObject *pieces = PyTuple_GET_ITEM(part, 1), *captures = PyTuple_GET_ITEM(part, 2);
            Py_ssize_t count = PyList_GET_SIZE(captures);
            if (PyList_SetSlice(st->out, PY_SSIZE_T_MAX, PY_SSIZE_T_MAX, pieces) < 0)
                return FAIL;
            for (Py_ssize_t i = 0; i < count; i++) {
                PyObject *c = PyList_GET_ITEM(captures, i);
                long long begin = as_ll(PyTuple_GET_ITEM(c, 1)), end = as_ll(PyTuple_GET_ITEM(c, 2));
                if (PyErr_Occurred() || add_capture(st, PyTuple_GET_ITEM(c, 0), begin + pos, end + pos,
                                                    PyTuple_GET_ITEM(c, 3)) < 0)
                    return FAIL;
            }
            pos += as_ll(PyTuple_GET_ITEM(part, 3));
            if (PyErr_Occurred())
                return FAIL;
            continue;
        }
        if ((pos = part_fit(st, part, env, plo, phi, pos)) == FAIL)
            return FAIL;
    }
    return pos;
}

/* Whether a compiled part is a reference drawn first (<name!>): its last item is True (_State.draw_first). */
static int drawn_first(PyObject *part)
{
    long op = PyLong_AsLong(PyTuple_GET_ITEM(part, 0));
    return (op == FLATREF || op == CREF) && PyTuple_GET_ITEM(part, PyTuple_GET_SIZE(part) - 1) == Py_True;
}

/* _State.draw_first: render each part drawn first, in order, aimed at the room the others leave at their shortest
 * and longest, into pieces of its own; return a new tuple of the parts with each replaced by its SPLICE (NULL on
 * an error), and `after` (lows then highs, n of each) updated with its length. */
static PyObject *draw_first(State *st, PyObject *parts, long long *after, Py_ssize_t n, PyObject *env,
                            long long lo, long long hi, long long low, long long high, PyObject *rows_of,
                            PyObject *low_of, PyObject *high_of)
{
    PyObject *result = PyTuple_New(n);   /* a copy: the compiled parts are shared by every render */
    if (result == NULL)
        return NULL;
    for (Py_ssize_t j = 0; j < n; j++) {
        Py_INCREF(PyTuple_GET_ITEM(parts, j));
        PyTuple_SET_ITEM(result, j, PyTuple_GET_ITEM(parts, j));
    }
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *part = PyTuple_GET_ITEM(result, j);
        if (!drawn_first(part))
            continue;
        long long before_low = j ? low - after[j - 1] : 0, before_high = j ? high - after[n + j - 1] : 0;
        long long own_low = low - before_low - after[j], own_high = high - before_high - after[n + j];
        PyObject *out = st->out, *captures = st->captures, *single = PyTuple_Pack(1, part);
        st->out = PyList_New(0);
        st->captures = PyList_New(0);
        long long zero[2] = {0, 0}, length = FAIL;
        if (single != NULL && st->out != NULL && st->captures != NULL)
            length = sequence(st, single, env, lo - before_high - after[n + j], hi - before_low - after[j], 0,
                              zero, 1, rows_of, low_of, high_of);
        PyObject *splice = NULL;
        if (length != FAIL) {
            PyObject *op = PyLong_FromLong(SPLICE), *size = PyLong_FromLongLong(length);
            if (op != NULL && size != NULL)
                splice = PyTuple_Pack(4, op, st->out, st->captures, size);
            Py_XDECREF(op);
            Py_XDECREF(size);
        }
        Py_XDECREF(single);
        Py_XDECREF(st->out);
        Py_XDECREF(st->captures);
        st->out = out;
        st->captures = captures;
        if (splice == NULL) {
            Py_DECREF(result);
            return NULL;
        }
        PyTuple_SET_ITEM(result, j, splice);
        Py_DECREF(part);   /* the copy's reference */
        for (Py_ssize_t i = 0; i < j; i++) {   /* the parts before it now count its length */
            after[i] += length - own_low;
            after[n + i] += length - own_high;
        }
        low += length - own_low;
        high += length - own_high;
    }
    return result;
}

/* An entry symbol with lists: _State.entry with _ListRows.bounds and .after. */
static long long entry(State *st, PyObject *table, PyObject *rows, PyObject *env, long long lo, long long hi)
{
    TableNative *t = table_native(table);
    if (t == NULL)
        return FAIL;
    if (t->counts == NULL && (t->counts = PyObject_CallMethodNoArgs(table, s_list_counts)) == NULL)
        return FAIL;
    long long pos = FAIL;
    PyObject *rows_of = PyObject_GetAttr(rows, s_rows_of), *low_of = PyObject_GetAttr(rows, s_low_of),
             *high_of = PyObject_GetAttr(rows, s_high_of);
    long long stack[128], *bounds = t->n <= 64 ? stack : PyMem_Malloc(sizeof(long long) * 2 * t->n);
    long long *after = NULL;
    PyObject *drawn = NULL;   /* the parts with those drawn first rendered (draw_first) */
    if (rows_of == NULL || low_of == NULL || high_of == NULL || bounds == NULL)
        goto done;
    /* the alternatives' bounds with the lists counted (_ListRows.bounds) */
    long long *mins = bounds, *maxs = bounds + t->n;
    for (Py_ssize_t k = 0; k < t->n; k++) {
        mins[k] = t->mins[k];
        maxs[k] = t->maxs[k];
    }
    PyObject *name, *counts;
    Py_ssize_t at = 0;
    while (PyDict_Next(t->counts, &at, &name, &counts)) {
        PyObject *low_o = PyDict_GetItemWithError(low_of, name), *high_o = PyDict_GetItemWithError(high_of, name);
        if (low_o == NULL || high_o == NULL) {   /* a list that was not given: the Python method says which */
            if (!PyErr_Occurred())
                Py_XDECREF(PyObject_CallMethod(rows, "bounds", "O", table));
            if (!PyErr_Occurred())
                PyErr_SetObject(PyExc_KeyError, name);
            goto done;
        }
        long long low = as_ll(low_o), high = as_ll(high_o);
        for (Py_ssize_t k = 0; k < t->n; k++) {
            long long c = as_ll(PyList_GET_ITEM(counts, k));
            mins[k] += c * low;
            maxs[k] += c * high;
        }
    }
    if (PyErr_Occurred())
        goto done;
    Py_ssize_t k = pick(st, t, mins, maxs, lo, hi), n;
    PyObject *parts = k < 0 ? NULL : compiled_parts(st, table, t, k, env);
    long long *rest = parts == NULL ? NULL : table_rest(t, k, &n);
    if (rest == NULL || (after = PyMem_Malloc(sizeof(long long) * 2 * (n ? n : 1))) == NULL)
        goto done;
    /* what follows each part, with the lists after it counted (_ListRows.after) */
    long long after_low = 0, after_high = 0;
    for (Py_ssize_t j = n - 1; j >= 0; j--) {
        after[j] = rest[j] + after_low;
        after[n + j] = rest[n + j] + after_high;
        PyObject *part = PyTuple_GET_ITEM(parts, j);
        if (PyLong_AsLong(PyTuple_GET_ITEM(part, 0)) == LIST) {
            PyObject *low_o = PyDict_GetItemWithError(low_of, PyTuple_GET_ITEM(part, 1));
            PyObject *high_o = PyDict_GetItemWithError(high_of, PyTuple_GET_ITEM(part, 1));
            if (low_o == NULL || high_o == NULL) {
                if (!PyErr_Occurred())
                    PyErr_SetObject(PyExc_KeyError, PyTuple_GET_ITEM(part, 1));
                goto done;
            }
            after_low += as_ll(low_o);
            after_high += as_ll(high_o);
        }
    }
    int first = 0;
    for (Py_ssize_t j = 0; j < n && j < PyTuple_GET_SIZE(parts); j++)
        first |= drawn_first(PyTuple_GET_ITEM(parts, j));
    if (first) {
        if ((drawn = draw_first(st, parts, after, n, env, lo, hi, mins[k], maxs[k], rows_of, low_of, high_of)) == NULL)
            goto done;
        parts = drawn;
    }
    pos = sequence(st, parts, env, lo, hi, 0, after, n, rows_of, low_of, high_of);
done:
    Py_XDECREF(drawn);
    if (bounds == NULL && !PyErr_Occurred())
        PyErr_NoMemory();
    if (bounds != NULL && bounds != stack)
        PyMem_Free(bounds);
    PyMem_Free(after);
    Py_XDECREF(rows_of);
    Py_XDECREF(low_of);
    Py_XDECREF(high_of);
    return PyErr_Occurred() ? FAIL : pos;
}

/* ---- the entry point ------------------------------------------------------------------------------------- */

PyDoc_STRVAR(render_doc,
"render(grammar, table, rows, env, values, uniforms, windows, lo, hi, pieces) -> (text, pieces, captures)\n\n"
"What synth.grammar.Grammar._render_windows renders for an entry table (and its _ListRows, or None): aiming at\n"
"each (low, high) of `windows` in turn, from the same `uniforms` (a Uniforms object or any callable returning\n"
"floats in [0, 1)), until a text's length is in [lo, hi]; else the last text. `values` is the record's own\n"
"variables. With `pieces` false the trace of pieces is not kept (None): only the text and the captures.");

/* One render aimed at [lo, hi]: (text, pieces, captures), or NULL with an exception. */
static PyObject *render_once(State *st, PyObject *table, PyObject *rows, PyObject *env, long long lo, long long hi)
{
    PyObject *text = NULL, *result = NULL;
    st->out = PyList_New(0);
    st->captures = PyList_New(0);
    st->depth = 0;
    if (st->out == NULL || st->captures == NULL)
        goto done;
    long long pos = rows == Py_None ? fit(st, table, env, lo, hi, 0) : entry(st, table, rows, env, lo, hi);
    if (pos == FAIL || PyErr_Occurred()) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_RuntimeError, "the C renderer failed without an error");
        goto done;
    }
    /* the text: every piece's text joined */
    if (st->text_only) {
        if ((text = PyUnicode_Join(k_empty, st->out)) != NULL)
            result = PyTuple_Pack(3, text, Py_None, st->captures);
        goto done;
    }
    Py_ssize_t n = PyList_GET_SIZE(st->out);
    PyObject *texts = PyList_New(n);
    if (texts == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *piece = PyTuple_GET_ITEM(PyList_GET_ITEM(st->out, i), 0);
        Py_INCREF(piece);
        PyList_SET_ITEM(texts, i, piece);
    }
    text = PyUnicode_Join(k_empty, texts);
    Py_DECREF(texts);
    if (text != NULL)
        result = PyTuple_Pack(3, text, st->out, st->captures);
done:
    Py_XDECREF(text);
    Py_CLEAR(st->out);
    Py_CLEAR(st->captures);
    return result;
}

static PyObject *render(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 10) {
        PyErr_SetString(PyExc_TypeError, "render() takes 10 arguments");
        return NULL;
    }
    PyObject *g = args[0], *table = args[1], *rows = args[2], *env = args[3], *values = args[4], *uniforms = args[5];
    PyObject *windows = args[6];
    if (!PyDict_Check(env) || !PyDict_Check(values) || !PyTuple_Check(windows) || PyTuple_GET_SIZE(windows) == 0) {
        PyErr_SetString(PyExc_TypeError, "render() needs dicts for env and values and a tuple of windows");
        return NULL;
    }
    long long lo = PyLong_AsLongLong(args[7]), hi = PyLong_AsLongLong(args[8]);
    if (PyErr_Occurred())
        return NULL;
    int pieces = PyObject_IsTrue(args[9]);
    if (pieces < 0)
        return NULL;
    State st = {g, NULL, NULL, values, NULL, NULL, 0, !pieces};
    if (Py_IS_TYPE(uniforms, &UniformsType))
        st.row = (Uniforms *)uniforms;
    else
        st.call = uniforms;
    PyObject *result = NULL;
    for (Py_ssize_t w = 0; w < PyTuple_GET_SIZE(windows); w++) {
        PyObject *window = PyTuple_GET_ITEM(windows, w);
        long long low = PyLong_AsLongLong(PyTuple_GET_ITEM(window, 0));
        long long high = PyLong_AsLongLong(PyTuple_GET_ITEM(window, 1));
        Py_XDECREF(result);
        if (PyErr_Occurred() || (result = render_once(&st, table, rows, env, low, high)) == NULL)
            return NULL;
        Py_ssize_t length = PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(result, 0));
        if (lo <= length && length <= hi)
            break;
    }
    return result;
}

/* The non-empty pieces of st->out (st->out itself when none is empty, as in most renders): a new reference. */
static PyObject *pieces_of(State *st)
{
    Py_ssize_t n = PyList_GET_SIZE(st->out), kept = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        kept += PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(PyList_GET_ITEM(st->out, i), 0)) > 0;
    if (kept == n) {
        Py_INCREF(st->out);
        return st->out;
    }
    PyObject *result = PyList_New(kept);
    if (result == NULL)
        return NULL;
    for (Py_ssize_t i = 0, k = 0; i < n; i++) {
        PyObject *piece = PyList_GET_ITEM(st->out, i);
        if (PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(piece, 0)) > 0) {
            Py_INCREF(piece);
            PyList_SET_ITEM(result, k++, piece);
        }
    }
    return result;
}

PyDoc_STRVAR(pieces_doc,
"pieces(grammar, table, rows, env, values, uniforms) -> list\n\n"
"The non-empty pieces (text, kind, tag) of one render from an entry table with no length window: what\n"
"synth.grammar.Grammar.render_pieces returns, without the joined text and the captures `render` also builds.");

/* Text written piece by piece (a dialogue's turns: a few renders each, hundreds of thousands per run) needs only
   the pieces: joining their text and packing a result tuple cost a fifth of each call. */
static PyObject *pieces(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError, "pieces() takes 6 arguments");
        return NULL;
    }
    PyObject *table = args[1], *rows = args[2], *env = args[3], *values = args[4], *uniforms = args[5];
    if (!PyDict_Check(env) || !PyDict_Check(values)) {
        PyErr_SetString(PyExc_TypeError, "pieces() needs dicts for env and values");
        return NULL;
    }
    State st = {args[0], NULL, NULL, values, NULL, NULL, 0, 0};
    if (Py_IS_TYPE(uniforms, &UniformsType))
        st.row = (Uniforms *)uniforms;
    else
        st.call = uniforms;
    PyObject *result = NULL;
    st.out = PyList_New(0);
    st.captures = PyList_New(0);
    if (st.out == NULL || st.captures == NULL)
        goto done;
    const long long far = 1LL << 30;   /* synth.grammar._NO_WINDOW: a window no text is outside of */
    long long pos = rows == Py_None ? fit(&st, table, env, -far, far, 0) : entry(&st, table, rows, env, -far, far);
    if (pos == FAIL || PyErr_Occurred()) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_RuntimeError, "the C renderer failed without an error");
        goto done;
    }
    result = pieces_of(&st);
done:
    Py_CLEAR(st.out);
    Py_CLEAR(st.captures);
    return result;
}

/* ---- a bound entry: Grammar.bound_pieces with the C renderer ---------------------------------------------- */

/* `pieces` with its grammar, table, rows and context bound, as one object called with (values, uniforms). A
 * dialogue renders some twenty symbols a turn through these; a partial over `pieces` found the table's native copy,
 * its flat view and the view's native copy through three capsules on every call, each a read of memory no other
 * step touches (most of a short render's time on a busy machine). The entry finds them on its first call and keeps
 * them: a table's view and a view's native copy never change once made. */
typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *g, *table, *rows, *env;
    PyObject *view;       /* the table's flat view (kept alive here) once known to be one, else NULL */
    ViewNative *native;   /* its native copy */
    int resolved;         /* whether the view was looked for (rows None only: an entry with lists has none) */
} BoundEntry;

static PyObject *BoundEntry_vectorcall(PyObject *self_, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    BoundEntry *self = (BoundEntry *)self_;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs != 2 || kwnames != NULL || !PyDict_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "a bound entry takes (values: dict, uniforms)");
        return NULL;
    }
    State st = {self->g, NULL, NULL, args[0], NULL, NULL, 0, 0};
    if (Py_IS_TYPE(args[1], &UniformsType))
        st.row = (Uniforms *)args[1];
    else
        st.call = args[1];
    PyObject *result = NULL;
    if ((st.out = PyList_New(0)) == NULL)
        return NULL;
    if (!self->resolved && self->rows == Py_None) {
        /* fit()'s first step, once: the table's flat view, if it has one */
        TableNative *t = table_native(self->table);
        PyObject *view = t == NULL ? NULL : table_view(&st, self->table, t, self->env);
        if (view == NULL)
            goto done;
        if (view != Py_None) {
            if ((self->native = view_native(view)) == NULL)
                goto done;
            Py_INCREF(view);
            self->view = view;
        }
        self->resolved = 1;
    }
    const long long far = 1LL << 30;   /* synth.grammar._NO_WINDOW, as in pieces() */
    long long pos;
    if (self->native != NULL && self->native->low >= -far && self->native->high <= far) {
        /* flat_fit with a window no expansion is outside of: the uniform picks the expansion */
        double u;
        pos = next_u(&st, &u) ? FAIL : emit_at(&st, self->native->flat, flat_free(self->native, u), self->env, 0);
    }
    else {
        if ((st.captures = PyList_New(0)) == NULL)
            goto done;
        pos = self->rows == Py_None ? fit(&st, self->table, self->env, -far, far, 0)
                                    : entry(&st, self->table, self->rows, self->env, -far, far);
    }
    if (pos == FAIL || PyErr_Occurred()) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_RuntimeError, "the C renderer failed without an error");
        goto done;
    }
    result = pieces_of(&st);
done:
    Py_XDECREF(st.out);
    Py_XDECREF(st.captures);
    return result;
}

static PyObject *BoundEntry_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PyObject *g, *table, *rows, *env;
    if (!PyArg_ParseTuple(args, "OOOO!:bound", &g, &table, &rows, &PyDict_Type, &env))
        return NULL;
    BoundEntry *self = (BoundEntry *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->vectorcall = BoundEntry_vectorcall;
    Py_INCREF(g);
    Py_INCREF(table);
    Py_INCREF(rows);
    Py_INCREF(env);
    self->g = g;
    self->table = table;
    self->rows = rows;
    self->env = env;
    return (PyObject *)self;
}

static int BoundEntry_traverse(BoundEntry *self, visitproc visit, void *arg)
{
    Py_VISIT(self->g);
    Py_VISIT(self->table);
    Py_VISIT(self->rows);
    Py_VISIT(self->env);
    Py_VISIT(self->view);
    return 0;
}

static int BoundEntry_clear(BoundEntry *self)
{
    Py_CLEAR(self->g);
    Py_CLEAR(self->table);
    Py_CLEAR(self->rows);
    Py_CLEAR(self->env);
    self->native = NULL;
    Py_CLEAR(self->view);
    self->resolved = 0;
    return 0;
}

static void BoundEntry_dealloc(BoundEntry *self)
{
    PyObject_GC_UnTrack(self);
    BoundEntry_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject BoundEntryType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "synth._render.bound",
    .tp_doc = PyDoc_STR("bound(grammar, table, rows, env): pieces(grammar, table, rows, env, values, uniforms) as a "
                        "callable of (values, uniforms)"),
    .tp_basicsize = sizeof(BoundEntry),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_new = BoundEntry_new,
    .tp_dealloc = (destructor)BoundEntry_dealloc,
    .tp_traverse = (traverseproc)BoundEntry_traverse,
    .tp_clear = (inquiry)BoundEntry_clear,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(BoundEntry, vectorcall),
};

PyDoc_STRVAR(call_keyed_doc,
"call_keyed(lookups, fallback, key, values, uniforms) -> the entry's result, or fallback(key, values, uniforms)\n\n"
"A cached render looked up and called without a Python frame: `lookups[key]` is (reads, n, table), `table`\n"
"maps the values of the variables `reads` (None if it reads none, the value itself for one, a tuple for more;\n"
"a missing variable as None, as dict.get gives it) to a callable of (values, uniforms) or None. Where `key` or\n"
"the values are not cached yet, and where the call meets a RecursionError, `fallback(key, values, uniforms)`\n"
"answers instead (it builds what is missing, and turns a reference loop into its message).");

/* The dialogue stages render a symbol twenty times a turn through a look-up written in Python
   (synth/domains/dialogues/stages.py `_render`, the fallback here); its Python frame cost as much as the render. */
static PyObject *call_keyed(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5 || !PyDict_Check(args[0]) || !PyDict_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "call_keyed() takes a dict, a callable, a key, a dict and the uniforms");
        return NULL;
    }
    PyObject *lookups = args[0], *fallback = args[1], *env = args[3];
    PyObject *found = PyDict_GetItemWithError(lookups, args[2]);   /* borrowed */
    if (found == NULL) {
        if (PyErr_Occurred())
            return NULL;
        goto slow;
    }
    if (!PyTuple_Check(found) || PyTuple_GET_SIZE(found) != 3 || !PyTuple_Check(PyTuple_GET_ITEM(found, 0))
        || !PyDict_Check(PyTuple_GET_ITEM(found, 2)))
        goto slow;
    PyObject *reads = PyTuple_GET_ITEM(found, 0), *table = PyTuple_GET_ITEM(found, 2), *key;
    Py_ssize_t n = PyTuple_GET_SIZE(reads);
    if (n == 0) {
        key = Py_None;
        Py_INCREF(key);
    }
    else if (n == 1) {
        key = PyDict_GetItemWithError(env, PyTuple_GET_ITEM(reads, 0));
        if (key == NULL && PyErr_Occurred())
            return NULL;
        key = key == NULL ? Py_None : key;
        Py_INCREF(key);
    }
    else {
        if ((key = PyTuple_New(n)) == NULL)
            return NULL;
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *value = PyDict_GetItemWithError(env, PyTuple_GET_ITEM(reads, i));
            if (value == NULL) {
                if (PyErr_Occurred()) {
                    Py_DECREF(key);
                    return NULL;
                }
                value = Py_None;
            }
            Py_INCREF(value);
            PyTuple_SET_ITEM(key, i, value);
        }
    }
    PyObject *entry = PyDict_GetItemWithError(table, key);   /* borrowed */
    Py_DECREF(key);
    if (entry == NULL) {
        if (PyErr_Occurred())
            return NULL;
        goto slow;
    }
    if (entry == Py_None)
        Py_RETURN_NONE;
    Py_INCREF(entry);   /* the table may be changed by what the call builds */
    PyObject *result = PyObject_Vectorcall(entry, args + 3, 2, NULL);
    Py_DECREF(entry);
    if (result != NULL || !PyErr_ExceptionMatches(PyExc_RecursionError))
        return result;
    PyErr_Clear();
slow:
    return PyObject_Vectorcall(fallback, args + 2, 3, NULL);
}

static PyMethodDef methods[] = {
    {"render", (PyCFunction)(void (*)(void))render, METH_FASTCALL, render_doc},
    {"pieces", (PyCFunction)(void (*)(void))pieces, METH_FASTCALL, pieces_doc},
    {"call_keyed", (PyCFunction)(void (*)(void))call_keyed, METH_FASTCALL, call_keyed_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "synth._render",
    "The grammar renderer's inner loop (synth.grammar._State) in C; optional, same output.", -1, methods,
};

#define INTERN(var, text) if ((var = PyUnicode_InternFromString(text)) == NULL) return NULL

PyMODINIT_FUNC PyInit__render(void)
{
    INTERN(s_native, "native");
    INTERN(s_flat, "flat");
    INTERN(s_parts, "parts");
    INTERN(s_cum, "cum");
    INTERN(s_groups, "groups");
    INTERN(s_low, "low");
    INTERN(s_high, "high");
    INTERN(s_offsets, "offsets");
    INTERN(s_weights, "weights");
    INTERN(s_total, "total");
    INTERN(s_mins, "mins");
    INTERN(s_maxs, "maxs");
    INTERN(s_smin, "smin");
    INTERN(s_smax, "smax");
    INTERN(s_fit_low, "fit_low");
    INTERN(s_fit_high, "fit_high");
    INTERN(s_compiled, "compiled");
    INTERN(s_suffix, "suffix");
    INTERN(s_compile, "_compile");
    INTERN(s_flat_of, "_flat");
    INTERN(s_bind, "_bind");
    INTERN(s_rows_of, "rows_of");
    INTERN(s_low_of, "low_of");
    INTERN(s_high_of, "high_of");
    INTERN(s_list_counts, "list_counts");
    INTERN(s_aspect, "aspect");
    INTERN(k_slot, "slot");
    INTERN(k_number, "number");
    INTERN(k_empty, "");
    PyObject *errors = PyImport_ImportModule("synth.errors");
    if (errors == NULL)
        return NULL;
    SynthError = PyObject_GetAttrString(errors, "SynthError");
    Py_DECREF(errors);
    if (SynthError == NULL || PyType_Ready(&UniformsType) < 0 || PyType_Ready(&BoundEntryType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module_def);
    if (m == NULL)
        return NULL;
    Py_INCREF(&UniformsType);
    Py_INCREF(&BoundEntryType);
    if (PyModule_AddObject(m, "Uniforms", (PyObject *)&UniformsType) < 0
        || PyModule_AddObject(m, "bound", (PyObject *)&BoundEntryType) < 0
        || PyModule_AddObject(m, "OPCODES", Py_BuildValue("(iiiiiiiiiii)", TEXT, REF, SLOT, NUM, TOKEN, LIST, CHOICE,
                                                           TERM, CREF, FLATREF, SPLICE)) < 0
        || PyModule_AddIntConstant(m, "MAX_DEPTH", MAX_DEPTH) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
