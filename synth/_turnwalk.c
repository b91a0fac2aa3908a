/* The dialogues' fused verdict walk over one dialogue's turn records, in C.
 *
 * The reference is Python: domains/dialogues/verdicts.py's `turn_walk` (and rules.told_once, whose step it takes
 * for nothing_said_twice); a test holds the two to the same verdicts on generated and on planted bad dialogues.
 * What the walk reads from the domain (ACTS, heed's FITS by tag, the topic tables, the date slots and how a date is
 * said, the answer marks of rules.answered) is passed in as `tables`, so no table of today's content lives here.
 * Turns are the dicts of generated records (_scan.turn_records); anything else raises TypeError.
 * Optional: without a compiler the Python walk runs, with the same result.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static PyObject *k_role, *k_act, *k_mentioned, *k_told, *k_text, *k_requested, *k_question, *k_agent, *k_customer,
    *k_send_evidence, *k_step_evidence, *k_step_remedy, *k_ask_info, *k_confirm_info, *k_ask_followup,
    *k_push_back, *k_impatient, *k_confirm, *k_check, *k_react, *k_empty, *k_search;

typedef struct {
    PyObject *acts, *fits_by_tag, *kind_tags, *time_slots, *question_topic, *asks_told, *pushed_on, *date_slots,
        *md, *answer_marks;
} Tables;

#define N_TABLES 10

/* turn[key] (borrowed), KeyError where it is missing. */
static PyObject *item(PyObject *turn, PyObject *key)
{
    PyObject *value = PyDict_GetItemWithError(turn, key);
    if (value == NULL && !PyErr_Occurred())
        PyErr_SetObject(PyExc_KeyError, key);
    return value;
}

/* `turn.get(key) or None`-like read: the value if present and true, else NULL with *error 0 (borrowed). */
static PyObject *truthy(PyObject *turn, PyObject *key, int *error)
{
    PyObject *value = PyDict_GetItemWithError(turn, key);
    if (value == NULL) {
        *error = PyErr_Occurred() != NULL;
        return NULL;
    }
    int true_ = PyObject_IsTrue(value);
    if (true_ < 0) {
        *error = 1;
        return NULL;
    }
    return true_ ? value : NULL;
}

/* a == b; two str compared inline (their length, kind and code units, as str's own equality does): role and act
 * names are compared a dozen times per turn, and a call per comparison costs more than the comparison. */
static inline int same(PyObject *a, PyObject *b)
{
    if (a == b)
        return 1;
    if (PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b)) {
        Py_ssize_t n = PyUnicode_GET_LENGTH(a);
        int kind = PyUnicode_KIND(a);
        return n == PyUnicode_GET_LENGTH(b) && kind == PyUnicode_KIND(b) &&
               memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), (size_t)n * kind) == 0;
    }
    return PyObject_RichCompareBool(a, b, Py_EQ);
}

/* `word in tags` for a turn's told (a list, read with `same`; any other sequence as Python reads it). */
static int tag_in(PyObject *tags, PyObject *word)
{
    if (!PyList_CheckExact(tags))
        return PySequence_Contains(tags, word);
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(tags); i++) {
        int found = same(PyList_GET_ITEM(tags, i), word);
        if (found != 0)
            return found;
    }
    return 0;
}

/* The last tag of a turn's `told` (new reference), "" when it has none. */
static PyObject *last_tag(PyObject *tags)
{
    if (tags == NULL) {
        Py_INCREF(k_empty);
        return k_empty;
    }
    return PySequence_GetItem(tags, -1);
}

/* Whether any key of the dict `said` is in the set `seen` (-1 on error). */
static int any_key_in(PyObject *said, PyObject *seen)
{
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(said, &pos, &key, &value)) {
        int in = PySet_Contains(seen, key);
        if (in != 0)
            return in;
    }
    return 0;
}

/* rules.told_once for one turn: 1 keeps nothing_said_twice, 0 breaks it, -1 on error. `told` and `dates` are sets
 * the walk keeps; `said` is the turn's slots_mentioned dict (NULL where empty). */
static int told_once(PyObject *turn, PyObject *role, PyObject *act, PyObject *said, PyObject *previous,
                     PyObject *told, PyObject *dates, const Tables *t)
{
    int error = 0, is;
    if ((is = same(role, k_agent)) < 0)
        return -1;
    if (is) {
        PyObject *topics = truthy(turn, k_told, &error);
        if (error)
            return -1;
        if (topics != NULL) {
            /* told.intersection(topics), then told.update(topics) less KIND_TAGS (told never holds one) */
            PyObject *seq = PySequence_Fast(topics, "a turn's told is not a sequence");
            if (seq == NULL)
                return -1;
            Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
            PyObject **items = PySequence_Fast_ITEMS(seq);
            for (Py_ssize_t i = 0; i < n; i++) {
                int in = PySet_Contains(told, items[i]);
                if (in != 0) {
                    Py_DECREF(seq);
                    return in < 0 ? -1 : 0;
                }
            }
            for (Py_ssize_t i = 0; i < n; i++) {
                int kind = PySequence_Contains(t->kind_tags, items[i]);
                if (kind < 0 || (!kind && PySet_Add(told, items[i]) < 0)) {
                    Py_DECREF(seq);
                    return -1;
                }
            }
            Py_DECREF(seq);
        }
        if (said != NULL) {
            PyObject *question = PyDict_GetItemWithError(turn, k_question);
            if (question == NULL && PyErr_Occurred())
                return -1;
            int confirm = question == NULL ? 0 : same(question, k_confirm);
            if (confirm < 0)
                return -1;
            if (!confirm) {
                int in = any_key_in(said, dates);
                if (in != 0)
                    return in < 0 ? -1 : 0;
            }
            Py_ssize_t pos = 0;
            PyObject *key, *value;
            while (PyDict_Next(said, &pos, &key, &value)) {
                int timed = PySequence_Contains(t->time_slots, key);
                if (timed < 0 || (timed && PySet_Add(dates, key) < 0))
                    return -1;
            }
        }
        return 1;
    }
    if ((is = same(act, k_ask_followup)) < 0)
        return -1;
    if (is) {
        PyObject *question = PyDict_GetItemWithError(turn, k_question);
        if (question == NULL && PyErr_Occurred())
            return -1;
        PyObject *topic = PyDict_GetItemWithError(t->question_topic, question ? question : Py_None);
        if (topic == NULL && PyErr_Occurred())
            return -1;
        if (topic == NULL)
            topic = Py_None;
        int asked = PySequence_Contains(t->asks_told, topic);
        if (asked <= 0)
            return asked < 0 ? -1 : 1;
        int in = PySet_Contains(told, topic);
        return in < 0 ? -1 : !in;
    }
    int push = same(act, k_push_back);
    if (push < 0 || (!push && (is = same(act, k_impatient)) < 0))
        return -1;
    if (!push && !is)
        return 1;
    if (said != NULL) {
        int in = any_key_in(said, dates);
        if (in != 0)
            return in < 0 ? -1 : 0;
    }
    if (push) {
        if (previous == NULL)
            return 0;
        PyObject *before = item(previous, k_act);
        if (before == NULL)
            return -1;
        int on = PySequence_Contains(t->pushed_on, before);
        return on < 0 ? -1 : on;
    }
    if (previous == NULL)
        return 1;
    PyObject *before_role = item(previous, k_role);
    if (before_role == NULL || (is = same(before_role, k_agent)) < 0)
        return -1;
    if (!is)
        return 1;
    PyObject *before = item(previous, k_act);
    if (before == NULL)
        return -1;
    PyObject *waits[] = {k_check, k_ask_info, k_confirm_info};
    for (int i = 0; i < 3; i++) {
        int w = same(before, waits[i]);
        if (w != 0)
            return w < 0 ? -1 : 1;
    }
    return 0;
}

/* The slot `name` as a turn says it (verdicts.expected_texts, for one name: md(value) for a date slot), a new
 * reference; NULL without an error where the truth has no such slot. */
static PyObject *expected_text(PyObject *truth, PyObject *name, const Tables *t)
{
    PyObject *value = PyDict_GetItemWithError(truth, name);
    if (value == NULL)
        return NULL;
    int date = PySequence_Contains(t->date_slots, name);
    if (date < 0)
        return NULL;
    if (date)
        return PyObject_CallOneArg(t->md, value);
    Py_INCREF(value);
    return value;
}

/* rules.answered: whether the follow-up turns[k] is answered by the very next turn, an agent turn of its kind
 * that says what the kind asks (ANSWER_MARKS; a skeleton's placeholder passes). 1, 0, or -1 on error. */
static int answered_at(PyObject *turns, Py_ssize_t k, const Tables *t)
{
    PyObject *kind = PyDict_GetItemWithError(PyList_GET_ITEM(turns, k), k_question);
    int true_ = kind == NULL ? 0 : PyObject_IsTrue(kind);
    if (true_ <= 0)
        return PyErr_Occurred() ? -1 : 0;
    if (k + 1 >= PyList_GET_SIZE(turns))
        return 0;
    PyObject *reply = PyList_GET_ITEM(turns, k + 1);
    if (!PyDict_Check(reply)) {
        PyErr_SetString(PyExc_TypeError, "a turn is not a dict");
        return -1;
    }
    PyObject *role = item(reply, k_role);
    int agent = role == NULL ? -1 : same(role, k_agent);
    if (agent <= 0)
        return agent;
    /* (a reply that is not the next turn is no answer: the rule's next() over later turns decides nothing) */
    PyObject *kind_of_reply = PyDict_GetItemWithError(reply, k_question);
    if (kind_of_reply == NULL)
        return PyErr_Occurred() ? -1 : 0;
    int kind_same = same(kind_of_reply, kind);
    if (kind_same <= 0)
        return kind_same;
    PyObject *mark = PyDict_GetItemWithError(t->answer_marks, kind);
    if (mark == NULL)
        return PyErr_Occurred() ? -1 : 1;
    PyObject *text = item(reply, k_text);
    if (text == NULL)
        return -1;
    if (PyUnicode_Check(text) && PyUnicode_GET_LENGTH(text) > 0 && PyUnicode_READ_CHAR(text, 0) == '[')
        return 1;   /* the skeleton stage: acts, no words yet */
    PyObject *found = PyObject_CallMethodOneArg(mark, k_search, text);
    if (found == NULL)
        return -1;
    int hit = found != Py_None;
    Py_DECREF(found);
    return hit;
}

/* roles_alternate's shape: turns, acts and n_turns agree; the customer opens, the agent closes, and the opening act
 * is the customer's. 1, 0, or -1 on error. */
static int shape_holds(PyObject *turns, PyObject *acts, PyObject *n_turns, const Tables *t)
{
    Py_ssize_t n = PyList_GET_SIZE(turns);
    if (n == 0)
        return 0;
    PyObject *count = PyNumber_Long(n_turns);
    if (count == NULL)
        return -1;
    Py_ssize_t expected = PyLong_AsSsize_t(count);
    Py_DECREF(count);
    if (expected == -1 && PyErr_Occurred()) {
        PyErr_Clear();   /* (a count beyond Py_ssize_t equals no list's length) */
        return 0;
    }
    if (expected != n)
        return 0;
    PyObject *seq = PySequence_Fast(acts, "acts is not a sequence");
    if (seq == NULL)
        return -1;
    int ok = PySequence_Fast_GET_SIZE(seq) == n;
    for (Py_ssize_t i = 0; ok == 1 && i < n; i++) {
        PyObject *turn = PyList_GET_ITEM(turns, i);
        PyObject *act = PyDict_Check(turn) ? item(turn, k_act) : NULL;
        if (act == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "a turn is not a dict");
            ok = -1;
        } else
            ok = same(act, PySequence_Fast_GET_ITEM(seq, i));
    }
    Py_DECREF(seq);
    if (ok != 1)
        return ok;
    PyObject *first = PyList_GET_ITEM(turns, 0), *last = PyList_GET_ITEM(turns, n - 1);
    PyObject *role = item(first, k_role), *act = item(first, k_act);
    if (role == NULL || act == NULL)
        return -1;
    if ((ok = same(role, k_customer)) != 1)
        return ok;
    if (!PyDict_Check(last)) {
        PyErr_SetString(PyExc_TypeError, "a turn is not a dict");
        return -1;
    }
    PyObject *last_role = item(last, k_role);
    if (last_role == NULL || (ok = same(last_role, k_agent)) != 1)
        return last_role == NULL ? -1 : ok;
    PyObject *spec = PyDict_GetItemWithError(t->acts, act);
    if (spec == NULL)
        return PyErr_Occurred() ? -1 : same(k_empty, role);
    PyObject *speaker = PySequence_GetItem(spec, 0);
    if (speaker == NULL)
        return -1;
    ok = same(speaker, role);
    Py_DECREF(speaker);
    return ok;
}

static PyObject *walk_turns(PyObject *truth, PyObject *turns, PyObject *acts, PyObject *n_turns, const Tables *t)
{
    int mentions = 1, asks = 1, twice = 1, answered = 1, heeded = 1, evidence = -1, photos_asked = 0,
        photos_sent = 0, roles, run = 1, error = 0;
    PyObject *given = NULL, *told = NULL, *dates = NULL, *heard = NULL, *previous = NULL;
    PyObject *result = NULL;
    if ((roles = shape_holds(turns, acts, n_turns, t)) < 0)
        return NULL;
    if ((given = PySet_New(NULL)) == NULL || (told = PySet_New(NULL)) == NULL || (dates = PySet_New(NULL)) == NULL)
        goto done;
    Py_ssize_t n = PyList_GET_SIZE(turns);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *turn = PyList_GET_ITEM(turns, k);
        if (!PyDict_Check(turn)) {
            PyErr_SetString(PyExc_TypeError, "a turn is not a dict");
            goto done;
        }
        PyObject *role = item(turn, k_role), *act = item(turn, k_act);
        if (role == NULL || act == NULL)
            goto done;
        PyObject *said = truthy(turn, k_mentioned, &error);
        if (error)
            goto done;
        if (said != NULL && !PyDict_Check(said)) {
            PyErr_SetString(PyExc_TypeError, "a turn's slots_mentioned is not a dict");
            goto done;
        }
        PyObject *tags = truthy(turn, k_told, &error);
        if (error)
            goto done;
        int agent = same(role, k_agent), is;
        if (agent < 0)
            goto done;
        /* customer_heeds_the_agent: the FITS of the agent turn just before */
        if (agent) {
            PyObject *last = last_tag(tags);
            if (last == NULL)
                goto done;
            heard = PyDict_GetItemWithError(t->fits_by_tag, last);
            Py_DECREF(last);
            if (heard == NULL && PyErr_Occurred())
                goto done;
        } else {
            if (heard != NULL && heeded) {
                PyObject *last = last_tag(tags);
                if (last == NULL)
                    goto done;
                if (PyUnicode_Check(last) && PyUnicode_Tailmatch(last, k_react, 0, 6, -1) == 1) {
                    PyObject *rest = PyUnicode_Substring(last, 6, PyUnicode_GET_LENGTH(last));
                    int fits = rest == NULL ? -1 : PySequence_Contains(heard, rest);
                    Py_XDECREF(rest);
                    if (fits < 0) {
                        Py_DECREF(last);
                        goto done;
                    }
                    heeded = fits;
                }
                Py_DECREF(last);
            }
            heard = NULL;
        }
        /* evidence_before_remedy, until decided */
        if (evidence < 0) {
            if ((is = same(act, k_send_evidence)) < 0)
                goto done;
            photos_sent |= is;
            int asked = tags ? tag_in(tags, k_step_evidence) : 0;
            int remedy = tags ? tag_in(tags, k_step_remedy) : 0;
            if (asked < 0 || remedy < 0)
                goto done;
            if (asked) {
                if (remedy)
                    evidence = 1;
                photos_asked = 1;
            } else if (remedy)
                evidence = photos_asked && photos_sent;
        }
        /* slot_mentions_are_true: each slot as the turn says it, and said in its text */
        if (mentions && said != NULL) {
            PyObject *text = item(turn, k_text);
            if (text == NULL)
                goto done;
            Py_ssize_t pos = 0;
            PyObject *name, *value;
            while (PyDict_Next(said, &pos, &name, &value)) {
                PyObject *want = expected_text(truth, name, t);
                if (want == NULL && PyErr_Occurred())
                    goto done;
                int differs = want == NULL ? 1 : PyObject_RichCompareBool(want, value, Py_NE);
                Py_XDECREF(want);
                int in = differs ? 0 : PySequence_Contains(text, value);
                if (differs < 0 || in < 0)
                    goto done;
                if (!in) {
                    mentions = 0;
                    break;
                }
            }
        }
        /* roles_alternate: each act by its role, nobody more than twice in a row */
        if (roles && previous != NULL) {
            PyObject *before = item(previous, k_role);
            if (before == NULL || (is = same(role, before)) < 0)
                goto done;
            run = is ? run + 1 : 1;
            PyObject *spec = PyDict_GetItemWithError(t->acts, act);
            if (spec == NULL && PyErr_Occurred())
                goto done;
            PyObject *speaker = spec == NULL ? (Py_INCREF(k_empty), k_empty) : PySequence_GetItem(spec, 0);
            if (speaker == NULL)
                goto done;
            int differs = PyObject_RichCompareBool(speaker, role, Py_NE);
            Py_DECREF(speaker);
            if (differs < 0)
                goto done;
            if (differs || run > 2)
                roles = 0;
        }
        /* asks_are_needed: never asks for what was given; confirms only what was given */
        if (asks) {
            int ask = same(act, k_ask_info), confirm = ask ? 0 : same(act, k_confirm_info);
            if (ask < 0 || confirm < 0)
                goto done;
            if (ask || confirm) {
                PyObject *requested = truthy(turn, k_requested, &error);
                if (error)
                    goto done;
                if (requested != NULL) {
                    PyObject *it = PyObject_GetIter(requested), *slot;
                    if (it == NULL)
                        goto done;
                    while ((slot = PyIter_Next(it)) != NULL) {
                        int in = PySet_Contains(given, slot);
                        Py_DECREF(slot);
                        if (in < 0) {
                            Py_DECREF(it);
                            goto done;
                        }
                        if (in == ask) {   /* asked for a slot given, or confirmed one not given */
                            asks = 0;
                            break;
                        }
                    }
                    Py_DECREF(it);
                    if (PyErr_Occurred())
                        goto done;
                }
            }
            if ((is = same(role, k_customer)) < 0)
                goto done;
            if (is && said != NULL) {
                Py_ssize_t pos = 0;
                PyObject *name, *value;
                while (PyDict_Next(said, &pos, &name, &value))
                    if (PySet_Add(given, name) < 0)
                        goto done;
            }
        }
        /* nothing_said_twice: agent turns and the customer steps told_once reads */
        if (twice) {
            int step = agent;
            if (!step && ((step = same(act, k_ask_followup)) < 0 ||
                          (!step && (step = same(act, k_push_back)) < 0) ||
                          (!step && (step = same(act, k_impatient)) < 0)))
                goto done;
            if (step && (twice = told_once(turn, role, act, said, previous, told, dates, t)) < 0)
                goto done;
        }
        /* answered_followups: asked, and answered by the very next turn */
        if (answered) {
            if ((is = same(act, k_ask_followup)) < 0)
                goto done;
            if (is && (answered = answered_at(turns, k, t)) < 0)
                goto done;
        }
        previous = turn;
    }
    if (evidence < 0)
        evidence = !photos_asked || photos_sent;
    result = Py_BuildValue("(NNNNNNN)", PyBool_FromLong(mentions), PyBool_FromLong(roles), PyBool_FromLong(asks),
                           PyBool_FromLong(twice), PyBool_FromLong(answered), PyBool_FromLong(heeded),
                           PyBool_FromLong(evidence));
done:
    Py_XDECREF(given);
    Py_XDECREF(told);
    Py_XDECREF(dates);
    return result;
}

PyDoc_STRVAR(turn_walk_doc,
"turn_walk(tables, truth, turns, acts, n_turns) -> (mentions, roles, asks, twice, answered, heeded, evidence)\n\n"
"verdicts.turn_walk's loop over one dialogue's turn records (a list of dicts). tables: (ACTS, FITS by tag,\n"
"KIND_TAGS, TIME_SLOTS, QUESTION_TOPIC, ASKS_TOLD, PUSHED_ON, DATE_SLOTS, md(value) -> str, ANSWER_MARKS).");

static PyObject *turn_walk(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5 || !PyTuple_Check(args[0]) || PyTuple_GET_SIZE(args[0]) != N_TABLES || !PyList_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "turn_walk(tables: tuple of 10, truth, turns: list, acts, n_turns)");
        return NULL;
    }
    PyObject **items = &PyTuple_GET_ITEM(args[0], 0);
    Tables t = {items[0], items[1], items[2], items[3], items[4], items[5], items[6], items[7], items[8], items[9]};
    if (!PyDict_Check(t.acts) || !PyDict_Check(t.fits_by_tag) || !PyDict_Check(t.question_topic) ||
        !PyDict_Check(t.answer_marks) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "turn_walk: ACTS, FITS by tag, QUESTION_TOPIC, ANSWER_MARKS and truth must "
                        "be dicts");
        return NULL;
    }
    return walk_turns(args[1], args[2], args[3], args[4], &t);
}

static PyMethodDef methods[] = {
    {"turn_walk", (PyCFunction)(void (*)(void))turn_walk, METH_FASTCALL, turn_walk_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "synth._turnwalk",
    "The dialogues' fused verdict walk in C; optional, the same verdicts as the Python walk.", -1, methods,
};

PyMODINIT_FUNC PyInit__turnwalk(void)
{
    struct { PyObject **at; const char *text; } names[] = {
        {&k_role, "role"}, {&k_act, "act"}, {&k_mentioned, "slots_mentioned"}, {&k_told, "told"}, {&k_text, "text"},
        {&k_requested, "slots_requested"}, {&k_question, "question"}, {&k_agent, "agent"},
        {&k_customer, "customer"}, {&k_send_evidence, "send_evidence"}, {&k_step_evidence, "step:evidence"},
        {&k_step_remedy, "step:remedy"}, {&k_ask_info, "ask_info"}, {&k_confirm_info, "confirm_info"},
        {&k_ask_followup, "ask_followup"}, {&k_push_back, "push_back"}, {&k_impatient, "impatient"},
        {&k_confirm, "confirm"}, {&k_check, "check"}, {&k_react, "react:"}, {&k_empty, ""}, {&k_search, "search"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (*names[i].at == NULL && (*names[i].at = PyUnicode_InternFromString(names[i].text)) == NULL)
            return NULL;
    return PyModule_Create(&module_def);
}
