# oracle-min: 2.7
# Crash-oracle seed (2.7 and 3.6+): what most modules do, compiled by each
# release's own compiler and disassembled; the oracle mutates the text.
from __future__ import print_function


def deco(f):
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)
    return wrapper


@deco
def add(a, b=2, *rest, **opts):
    total = a + b
    for r in rest:
        total += r
    for k in sorted(opts):
        total -= opts[k]
    return total


class Base(object):
    count = 0

    def __init__(self, name):
        self.name = name
        Base.count += 1

    def describe(self):
        return "%s#%d" % (self.name, Base.count)


class Child(Base):
    def describe(self):
        return "child " + Base.describe(self)


def gen(n):
    i = 0
    while i < n:
        yield i * i
        i += 1
    else:
        yield -1


def closures():
    x = 1

    def inner(y):
        return x + y
    fs = [lambda k=k: k * x for k in range(3)]
    return inner(2), [f() for f in fs]


def flow(items):
    out = []
    for i, item in enumerate(items):
        if i == 1:
            continue
        try:
            if item is None:
                raise ValueError("none")
            out.append(10 // item)
        except ZeroDivisionError:
            out.append("zero")
        except ValueError as e:
            out.append(str(e))
        else:
            out.append("ok")
        finally:
            out.append(i)
        if len(out) > 12:
            break
    return out


class Ctx(object):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is KeyError


def with_block():
    with Ctx() as c:
        d = {}
        d["missing"]
    with Ctx():
        pass
    return c is not None


G = 0


def glob():
    global G
    G += 1
    del G
    G = 5
    return G


def data():
    t = (1, 2, 3)
    a, b, c = t
    l = [a, b, c][::-1]
    l[0:1] = [9]
    s = {x for x in l if x > 1}
    d = dict((k, v) for k, v in zip("abc", l))
    d.update(a=1)
    assert a < b < c, "order"
    return l, sorted(s), sorted(d.items()), not a or b and c


print(add(1, 2, 3, x=1), add(5))
print(Child("c").describe())
print(list(gen(4)), closures())
print(flow([1, 0, 2, None, 4]))
print(with_block(), glob(), data())
