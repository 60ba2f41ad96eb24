-- Patterns with special characters escaped and in sets; %b and %f at edges
print(("a+b"):find("+", 1, true), ("a+b"):find("%+"), ("a.b"):match("a%.b"), ("[x]"):match("%[(.)%]"))
print(("a-b"):gsub("-", "_"), ("a-b"):gsub("%-", "_"), ("x^2"):match("%^(%d)"), ("50%"):match("(%d+)%%"))
print(("(a(b)c)"):match("%b()"), ("no parens"):match("%b()"), ("{x}"):match("%b{}"), (")("):match("%b()"))
print(("hello world"):find("%f[%w]%w+", 2), ("THE END"):gsub("%f[%w]", "|"), ("aXb"):match("%f[%u]."))
print(("key=val"):match("([^=]+)=(.*)"), ("a1b2"):gsub("[%d]", "#"), ("tabs\tand spaces"):gsub("[\t ]", "_"))
print(("]"):find("[]]"), ("^"):find("[%^]"), ("-"):find("[a%-z]"), ("b"):find("[a-c]"), ("-"):find("[ac-]"))
print(pcall(string.find, "x", "%b"), pcall(string.find, "x", "%f"), pcall(string.find, "x", "[%"))
