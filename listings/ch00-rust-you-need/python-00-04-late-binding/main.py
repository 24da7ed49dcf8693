name = "Ada"
greet = lambda: f"hello, {name}"  # captures the variable, not its value
name = "Grace"
print(greet())

callbacks = [lambda: i for i in range(3)]  # three closures, one variable `i`
print([f() for f in callbacks])
