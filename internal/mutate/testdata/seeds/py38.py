# oracle-min: 3.8
# Crash-oracle seed (3.8+): assignment expressions, positional-only
# parameters, and (3.10+ in py310.py) what follows.
def posonly(a, b, /, c):
    return a + b + c


def walrus(items):
    out = []
    while (n := len(items)) > 0:
        out.append(items.pop())
    if (m := sum(out)) > 3:
        return m, n
    return [y for x in out if (y := x * 2)]


print(posonly(1, 2, c=3), walrus([1, 2, 3]), f"{1 + 1=}")
