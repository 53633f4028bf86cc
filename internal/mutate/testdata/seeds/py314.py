# oracle-min: 3.14
# Crash-oracle seed (3.14+): template strings, deferred annotations (the
# __annotate__ functions), except without parentheses, finally flow.
from string.templatelib import Template, Interpolation


def tagged(name, n):
    t = t"hi {name!r:>8} x{n * 2}"
    return [type(p).__name__ for p in t], t.values


class Point:
    x: int
    y: "Point | None" = None

    def move(self, dx: int = 1, *, dy: float = 0.0) -> "Point":
        return self


def conditional(flag):
    if flag:
        v: int = 1
    return flag


def catch(kind):
    try:
        raise kind("x")
    except ValueError, TypeError:
        return "value or type"
    except Exception as e:
        return type(e).__name__


print(tagged("a", 2), Point.__annotations__, Point.move.__annotations__)
print(conditional(True), catch(TypeError), catch(KeyError))
