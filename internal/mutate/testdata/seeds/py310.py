# oracle-min: 3.10
# Crash-oracle seed (3.10+): match statements.
def classify(x):
    match x:
        case 0 | 1:
            return "small"
        case [a, b, *rest]:
            return f"seq {a} {b} {rest}"
        case {"k": v, **others}:
            return f"map {v} {others}"
        case str() as s if len(s) > 2:
            return "str " + s
        case (1, _):
            return "pair"
        case _:
            return "other"


class P:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


def point(p):
    match p:
        case P(0, y):
            return y
        case P(x=x, y=0):
            return x
    return None


print([classify(v) for v in (0, [1, 2, 3], {"k": 1, "j": 2}, "abc", (1, 5), 2.5)])
print(point(P(0, 3)), point(P(4, 0)), point(P(1, 1)))
