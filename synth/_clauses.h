/* Shared by synth's C accelerators: the marks that end a clause, as synth.augmenters.analysis reads them
 * (_PIECES and _MARKS there): ，,；;：:。！？!?…\n */
#ifndef SYNTH_CLAUSES_H
#define SYNTH_CLAUSES_H

#include <Python.h>

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

#endif
