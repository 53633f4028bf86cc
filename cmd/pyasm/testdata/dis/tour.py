# A small module for dis --source: a closure with defaults, an f-string,
# a multi-line call, a loop.
def scale(factor=2, *, offset=0):
    def apply(x):
        return x * factor + offset
    return apply


double = scale()
print(f"{double(21)!r:>6}",
      [double(i) for i in range(3)])
for word in "ab", "cd":
    print(word.upper())
