# oracle-min: 3.12
# Crash-oracle seed (3.12+): type parameters and type aliases.
def first[T](items: list[T], default: T = None) -> T:
    return items[0] if items else default


class Box[T]:
    def __init__(self, v: T):
        self.v = v

    def get[U](self, other: U = 1) -> tuple[T, U]:
        return self.v, other


type Pair[K] = tuple[K, K]
print(first([3]), first([], 7), Box(2).get(), Pair.__value__)
