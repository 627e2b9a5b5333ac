"""Features.__init__ is written out (mypyc compiles it): it must set every field, in order."""

from dataclasses import astuple, fields

from segkit.features import Features


def _value(i: int, kind: object) -> object:
    """A value of the field's type (a string annotation, or a class once compiled)."""
    name = kind if isinstance(kind, str) else getattr(kind, "__name__", "")
    return {"str": f"t{i}", "float": i + 0.5, "bool": bool(i % 2)}.get(name, i)


def test_init_sets_every_field_in_order():
    values = [_value(i, field.type) for i, field in enumerate(fields(Features))]
    assert astuple(Features(*values)) == tuple(values)
    names = [field.name for field in fields(Features)]
    assert astuple(Features(**dict(zip(names, values, strict=True)))) == tuple(values)
