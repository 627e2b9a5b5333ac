"""Training: line gold from truth files, models fitted with LightGBM, cross-validation.

Needs the ``train`` extra (LightGBM, scikit-learn, NumPy); nothing at run time imports it.
"""
