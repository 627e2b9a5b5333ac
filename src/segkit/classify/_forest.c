/* The forests' walk in C: segkit.classify.trees packs a forest's trees into flat buffers
 * once (Packed) and hands this module a page's rows, so that one call walks every tree
 * for every line. The sums are those of trees._Linked.walk to the last bit: the same
 * comparisons (value <= threshold) and the same additions in the same order; only the
 * forests whose splits never keep a missing value apart come here, so a NaN reads as 0.0.
 *
 * A row may come in parts (a list of lists of rows, the line's row the concatenation of
 * its rows in every part): the labeller's and the context pass's rows extend the content
 * row, which is then never copied in Python.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>

/* One split, as trees.Packed writes it (struct format "=iiiid"): the feature it reads,
 * its children (a node index, or ~leaf when negative), padding, and its threshold. */
typedef struct {
    int32_t feature;
    int32_t left;
    int32_t right;
    int32_t pad;
    double threshold;
} Node;

typedef struct {
    Py_buffer nodes, leaves, roots;
    const Node *node;
    const double *leaf;
    const int32_t *root;
    Py_ssize_t n_nodes, n_leaves, n_trees;
} Trees;

static void release(Trees *t) {
    if (t->nodes.obj) PyBuffer_Release(&t->nodes);
    if (t->leaves.obj) PyBuffer_Release(&t->leaves);
    if (t->roots.obj) PyBuffer_Release(&t->roots);
}

/* Every child and root in range, and the widest feature read: a bad buffer is an error,
 * never a read outside the arrays. */
static int check(Trees *t, int32_t *widest) {
    int32_t top = -1;
    for (Py_ssize_t k = 0; k < t->n_nodes; k++) {
        const Node *n = &t->node[k];
        int32_t kids[2] = {n->left, n->right};
        if (n->feature < 0) goto bad;
        if (n->feature > top) top = n->feature;
        for (int j = 0; j < 2; j++) {
            int32_t c = kids[j];
            /* a child points forward (to a later node) or to a leaf: a walk ends */
            if (c >= 0 ? (c <= k || c >= t->n_nodes) : (~c >= t->n_leaves)) goto bad;
        }
    }
    for (Py_ssize_t k = 0; k < t->n_trees; k++) {
        int32_t r = t->root[k];
        if (r >= 0 ? r >= t->n_nodes : ~r >= t->n_leaves) goto bad;
    }
    *widest = top;
    return 0;
bad:
    PyErr_SetString(PyExc_ValueError, "packed trees: a node or root out of range");
    return -1;
}

/* Line i's row, its parts one after the other, NaN read as 0.0; -1 on a bad row. */
static int fill(PyObject *parts, Py_ssize_t i, double *x, Py_ssize_t width) {
    Py_ssize_t at = 0;
    Py_ssize_t n_parts = PyList_GET_SIZE(parts);
    for (Py_ssize_t p = 0; p < n_parts; p++) {
        PyObject *row = PyList_GET_ITEM(PyList_GET_ITEM(parts, p), i);
        if (!PyList_Check(row)) {
            PyErr_SetString(PyExc_TypeError, "a row must be a list of floats");
            return -1;
        }
        Py_ssize_t m = PyList_GET_SIZE(row);
        if (at + m > width) goto short_row;
        for (Py_ssize_t j = 0; j < m; j++) {
            PyObject *v = PyList_GET_ITEM(row, j);
            double d = PyFloat_CheckExact(v) ? PyFloat_AS_DOUBLE(v) : PyFloat_AsDouble(v);
            if (d == -1.0 && PyErr_Occurred()) return -1;
            x[at++] = d != d ? 0.0 : d;
        }
    }
    if (at == width) return 0;
short_row:
    PyErr_Format(PyExc_ValueError, "line %zd: its row has not the model's %zd columns", i,
                 width);
    return -1;
}

/* Line i's sums, one per class, into out; -1 when memory runs out. */
static int put_line(PyObject *out, Py_ssize_t i, const double *acc, Py_ssize_t classes) {
    for (Py_ssize_t c = 0; c < classes; c++) {
        PyObject *v = PyFloat_FromDouble(acc[c]);
        if (!v) return -1;
        PyList_SET_ITEM(out, i * classes + c, v);
    }
    return 0;
}

/* The lines of parts (a list of lists of rows, as many in each); -1 on a bad one. */
static Py_ssize_t count_lines(PyObject *parts) {
    Py_ssize_t n_parts = PyList_GET_SIZE(parts), lines = 0;
    for (Py_ssize_t p = 0; p < n_parts; p++) {
        PyObject *part = PyList_GET_ITEM(parts, p);
        if (!PyList_Check(part)) {
            PyErr_SetString(PyExc_TypeError, "parts: a list of lists of rows");
            return -1;
        }
        if (p == 0) lines = PyList_GET_SIZE(part);
        else if (PyList_GET_SIZE(part) != lines) {
            PyErr_SetString(PyExc_ValueError, "parts: not as many rows in every part");
            return -1;
        }
    }
    return lines;
}

/* sums(nodes, leaves, roots, width, classes, allowed, parts) -> list of floats:
 * for each line, for each class c, the sum of the leaves reached in trees c, c + classes,
 * ... (tree order); a class not allowed (allowed: bytes of 0/1 per class, or None) gets
 * no trees walked and 0.0. */
static PyObject *sums(PyObject *self, PyObject *args) {
    Trees t = {0};
    Py_ssize_t width, classes;
    PyObject *allowed, *parts, *out = NULL;
    double *x = NULL, *acc = NULL;
    if (!PyArg_ParseTuple(args, "y*y*y*nnOO!", &t.nodes, &t.leaves, &t.roots, &width,
                          &classes, &allowed, &PyList_Type, &parts))
        return NULL;
    t.node = (const Node *)t.nodes.buf;
    t.leaf = (const double *)t.leaves.buf;
    t.root = (const int32_t *)t.roots.buf;
    t.n_nodes = t.nodes.len / (Py_ssize_t)sizeof(Node);
    t.n_leaves = t.leaves.len / (Py_ssize_t)sizeof(double);
    t.n_trees = t.roots.len / (Py_ssize_t)sizeof(int32_t);
    int32_t widest;
    if (check(&t, &widest) < 0) goto done;
    if (classes < 1 || widest >= width) {
        PyErr_SetString(PyExc_ValueError, "sums: the trees read past the row, or no class");
        goto done;
    }
    const char *ok = NULL;
    if (allowed != Py_None) {
        if (!PyBytes_Check(allowed) || PyBytes_GET_SIZE(allowed) != classes) {
            PyErr_SetString(PyExc_TypeError, "allowed: bytes of one flag per class, or None");
            goto done;
        }
        ok = PyBytes_AS_STRING(allowed);
    }
    Py_ssize_t lines = count_lines(parts);
    if (lines < 0) goto done;
    x = PyMem_Malloc(sizeof(double) * (width > 0 ? width : 1));
    acc = PyMem_Malloc(sizeof(double) * classes);
    out = PyList_New(lines * classes);
    if (!x || !acc || !out) {
        Py_CLEAR(out);
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < lines; i++) {
        if (fill(parts, i, x, width) < 0) {
            Py_CLEAR(out);
            goto done;
        }
        for (Py_ssize_t c = 0; c < classes; c++) acc[c] = 0.0;
        Py_ssize_t c = 0;
        for (Py_ssize_t k = 0; k < t.n_trees; k++) {
            if (!ok || ok[c]) {
                int32_t at = t.root[k];
                while (at >= 0) {
                    const Node *n = &t.node[at];
                    at = x[n->feature] <= n->threshold ? n->left : n->right;
                }
                acc[c] += t.leaf[~at];
            }
            if (++c == classes) c = 0;
        }
        if (put_line(out, i, acc, classes) < 0) {
            Py_CLEAR(out);
            goto done;
        }
    }
done:
    PyMem_Free(x);
    PyMem_Free(acc);
    release(&t);
    return out;
}

/* masked_sums(offsets, thresholds, owners, masks, bases, classes_of, leaves, width, classes,
 * parts) -> list of floats: the sums of sums(), found by feature rather than by tree
 * (QuickScorer, Lucchese et al., SIGIR 2015), which spares the walk its mispredicted
 * branches. Each tree's leaves, left to right, are the bits of a 64-bit mask. The
 * splits are sorted by feature, then threshold: feature f's are entries offsets[f] to
 * offsets[f + 1], each with its threshold, its tree (owners) and the mask of the leaves
 * its right branch leaves reachable. For a line, each feature clears the masks of the
 * splits whose threshold lies below its value (those the line leaves to the right); a
 * tree's exit is then its leftmost leaf still set, whose value is leaves[bases[k] + bit].
 * Tree k adds to class classes_of[k], the trees in their order: the same additions as
 * sums() makes. */
static PyObject *masked_sums(PyObject *self, PyObject *args) {
    Py_buffer off = {0}, thr = {0}, own = {0}, msk = {0}, bas = {0}, cof = {0}, lea = {0};
    Py_ssize_t width, classes;
    PyObject *parts, *out = NULL;
    double *x = NULL, *acc = NULL;
    uint64_t *live = NULL;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*y*nnO!", &off, &thr, &own, &msk, &bas, &cof,
                          &lea, &width, &classes, &PyList_Type, &parts))
        return NULL;
    const int32_t *offsets = off.buf, *owners = own.buf, *bases = bas.buf, *cls = cof.buf;
    const double *thresholds = thr.buf, *leaves = lea.buf;
    const uint64_t *masks = msk.buf;
    Py_ssize_t n_entries = thr.len / (Py_ssize_t)sizeof(double);
    Py_ssize_t n_trees = bas.len / (Py_ssize_t)sizeof(int32_t);
    Py_ssize_t n_leaves = lea.len / (Py_ssize_t)sizeof(double);
    /* Every index in range, so that a bad buffer is an error, never a wild read. */
    int bad = width < 0 || classes < 1 || off.len != (width + 1) * (Py_ssize_t)sizeof(int32_t)
              || own.len / (Py_ssize_t)sizeof(int32_t) != n_entries
              || msk.len / (Py_ssize_t)sizeof(uint64_t) != n_entries
              || cof.len / (Py_ssize_t)sizeof(int32_t) != n_trees;
    for (Py_ssize_t f = 0; !bad && f < width; f++)
        bad = offsets[f] < 0 || offsets[f] > offsets[f + 1];
    bad = bad || offsets[0] != 0 || offsets[width] != n_entries; /* the buffer's size is checked */
    for (Py_ssize_t j = 0; !bad && j < n_entries; j++) bad = owners[j] < 0 || owners[j] >= n_trees;
    for (Py_ssize_t k = 0; !bad && k < n_trees; k++)
        bad = cls[k] < 0 || cls[k] >= classes || bases[k] < 0 || bases[k] >= n_leaves;
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "masked trees: an entry out of range");
        goto done;
    }
    Py_ssize_t lines = count_lines(parts);
    if (lines < 0) goto done;
    x = PyMem_Malloc(sizeof(double) * (width > 0 ? width : 1));
    acc = PyMem_Malloc(sizeof(double) * classes);
    live = PyMem_Malloc(sizeof(uint64_t) * (n_trees > 0 ? n_trees : 1));
    out = PyList_New(lines * classes);
    if (!x || !acc || !live || !out) {
        Py_CLEAR(out);
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < lines; i++) {
        for (Py_ssize_t k = 0; k < n_trees; k++) live[k] = ~(uint64_t)0;
        int failed = fill(parts, i, x, width) < 0;
        for (Py_ssize_t f = 0; !failed && f < width; f++) {
            double value = x[f];
            for (int32_t j = offsets[f], end = offsets[f + 1]; j < end; j++) {
                if (!(thresholds[j] < value)) break; /* this split and the rest: left */
                live[owners[j]] &= masks[j];
            }
        }
        for (Py_ssize_t c = 0; c < classes; c++) acc[c] = 0.0;
        for (Py_ssize_t k = 0; !failed && k < n_trees; k++) {
            Py_ssize_t at = live[k] ? bases[k] + __builtin_ctzll(live[k]) : n_leaves;
            if (at >= n_leaves) {
                PyErr_SetString(PyExc_ValueError, "masked trees: a tree has no exit leaf");
                failed = 1;
            } else {
                acc[cls[k]] += leaves[at];
            }
        }
        if (failed || put_line(out, i, acc, classes) < 0) {
            Py_CLEAR(out);
            break;
        }
    }
done:
    PyMem_Free(x);
    PyMem_Free(acc);
    PyMem_Free(live);
    Py_buffer *all[] = {&off, &thr, &own, &msk, &bas, &cof, &lea};
    for (int b = 0; b < 7; b++)
        if (all[b]->obj) PyBuffer_Release(all[b]);
    return out;
}

static PyMethodDef methods[] = {
    {"sums", sums, METH_VARARGS,
     "sums(nodes, leaves, roots, width, classes, allowed, parts): each line's sum per class."},
    {"masked_sums", masked_sums, METH_VARARGS,
     "masked_sums(offsets, thresholds, owners, masks, bases, classes_of, leaves, width, "
     "classes, parts): sums()'s sums, found by feature."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_forest", "The forests' walk in C (see segkit.classify.trees).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__forest(void) { return PyModule_Create(&module); }
