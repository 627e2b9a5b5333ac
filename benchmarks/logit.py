"""The conditional logit that fits describe/'s choosers (needs numpy and scipy: ``train``).

Per page, the softmax of its candidates' linear scores; the fit maximises the
log-probability of the page's right candidates (any of them: an author shown as "Ann Lee"
and as "Ann Lee; Bo Chen" is found by either), less an L2 penalty. A page with no right
candidate, or with one candidate, teaches nothing and is left out.
"""

from __future__ import annotations

import numpy as np


def conditional_logit(xs: list[np.ndarray], golds: list[list[int]], l2: float) -> np.ndarray:
    """The weights, one per column of the pages' candidate matrices ``xs``; ``golds[i]``
    are the rows of page ``i``'s right candidates."""
    from scipy.optimize import minimize

    kept = [(x, g) for x, g in zip(xs, golds, strict=True) if g and len(x) > 1]
    a = np.vstack([x for x, _ in kept])
    sizes = [len(x) for x, _ in kept]
    starts = np.cumsum([0, *sizes[:-1]])
    page = np.repeat(np.arange(len(kept)), sizes)
    right = np.zeros(len(a), dtype=bool)
    for start, (_, g) in zip(starts, kept, strict=True):
        right[start + np.asarray(g)] = True

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = a @ w
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - top[page])
        z = np.add.reduceat(e, starts)
        e_right = np.where(right, e, 0.0)
        z_right = np.add.reduceat(e_right, starts)
        log_likelihood = float((np.log(z_right) - np.log(z)).sum())
        grad = (e / z[page]) @ a - (e_right / z_right[page]) @ a + 2 * l2 * w
        return -log_likelihood + l2 * float(w @ w), grad

    return minimize(loss, np.zeros(a.shape[1]), jac=True, method="L-BFGS-B").x


def matrix(rows: list[dict[str, float]], columns: dict[str, int]) -> np.ndarray:
    """Feature rows as a matrix over ``columns`` (name -> column); unknown names dropped."""
    x = np.zeros((len(rows), len(columns)))
    for r, row in enumerate(rows):
        for name, value in row.items():
            j = columns.get(name)
            if j is not None:
                x[r, j] = value
    return x
