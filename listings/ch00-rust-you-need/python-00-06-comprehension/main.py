squares = [n * n for n in range(1, 11) if n % 2 == 0]
print(squares)
print(sum(n * n for n in range(1, 11) if n % 2 == 0))  # a lazy generator, no list
