# oracle-min: 3.11
# Crash-oracle seed (3.11+): exception groups and except*.
def groups():
    out = []
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        out.append(len(e.exceptions))
    except* TypeError:
        out.append("type")
    try:
        try:
            raise ValueError("x")
        except ValueError as e:
            raise KeyError("y") from e
    except KeyError as k:
        out.append(repr(k.__cause__))
    return out


print(groups())
