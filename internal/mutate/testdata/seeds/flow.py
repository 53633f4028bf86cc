# oracle-min: 2.7
# Crash-oracle seed (2.7 and 3.6+): the less common paths of the flow and
# the data model: generators thrown into and closed, returns and breaks
# through finally, deletes, star imports, class-level comprehensions,
# descriptors, augmented assignment to items and attributes, slices.
from __future__ import print_function
from os.path import *


def guarded():
    try:
        yield 1
        try:
            yield 2
        except KeyError:
            yield "caught"
    finally:
        print("closed")


def thrown():
    g = guarded()
    out = [next(g), next(g), g.throw(KeyError)]
    g.close()
    return out


def early(n):
    seen = []
    for i in range(n):
        try:
            if i == 3:
                return seen
            if i == 0:
                continue
            if i == n - 1:
                break
        finally:
            seen.append(i)
    return -1


def maybe(flag):
    if flag:
        x = 1
    try:
        return x
    except NameError:
        return "unbound"
    finally:
        if flag:
            del x


class Shape(object):
    squares = [i * i for i in range(4)]

    def __init__(self, w):
        self._w = w

    @property
    def width(self):
        return self._w

    @staticmethod
    def unit():
        return Shape(1)

    @classmethod
    def named(cls, w):
        return cls(w)


def items():
    d = {"a": [1, 2, 3]}
    d["a"][1] += 10
    s = Shape.named(3)
    s._w *= 2
    l = list(range(10))
    l[::3] = [0, 0, 0, 0]
    del l[1:3], d["a"][0]
    return d, s.width, l[-3:], l[1:8:2], Shape.unit().width, Shape.squares


def calls(*args, **kwargs):
    f = lambda a, b=2, *c, **d: (a, b, c, sorted(d))
    return f(*args, **kwargs), f(1, *args), f(b=3, *[1], **{"z": 0})


print(thrown(), early(5), maybe(True), maybe(False))
print(items(), calls(1, 2, q=3), isabs("/"), 1 if not 2 else ~3 ^ 4 & 5 | 6 << 1)
