# -*- coding: utf-8 -*-
"""A tour of a .pyc: each line below adds a kind of object to the file."""
from __future__ import print_function
import sys


def scale(values, factor=1.5):
    offset = -7
    def shift(x):  # a closure: factor and offset live in cells
        return x * factor + offset
    total = 0
    for i in range(len(values)):
        if values[i] > 1:
            total += shift(values[i])
    return total


try:  # 1180591620717411303424 is 2**70, a long in every marshal version
    print(scale((1, 2, 3)), 1180591620717411303424, len(b'\x00pyc'), len(u'héllo'), sys.maxsize > 0)
except ZeroDivisionError:
    print('never')
