# oracle-min: 3.6
# Crash-oracle seed (3.6+): the Python 3 forms: f-strings, keyword-only
# arguments, nonlocal, yield from, star unpacking, super(), async code.
import asyncio


def kwonly(a, *, b=2, **kw):
    return f"{a!r:>4}|{b}|{sorted(kw)}"


def counter():
    n = 0

    def bump():
        nonlocal n
        n += 1
        return n
    bump()
    return bump()


def inner():
    x = yield 1
    yield x


def outer():
    r = yield from inner()
    return r


class A:
    def hello(self):
        return "A"


class B(A):
    def hello(self):
        return "B" + super().hello()


async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i


class AC:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


async def main():
    total = [i async for i in agen(3)]
    async with AC():
        async for i in agen(2):
            total.append(i)
    return total


def unpack():
    first, *rest = [1, 2, 3]
    merged = {**{"a": 1}, "b": 2}
    return first, rest, [*rest, *rest], merged, print(*rest, sep="-")


g = outer()
print(next(g), g.send("sent"))
print(kwonly(1, c=3), counter(), B().hello(), unpack())
print(asyncio.run(main()) if hasattr(asyncio, "run") else "no run")
