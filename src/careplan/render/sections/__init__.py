"""The handout's sections, one module each, in reading order.

header (title, name, date, clinic), glance ("Your plan at a glance"),
positions ("Right now: ease the pain", getting up), exercises (with items, the
picture rows both share), habits, medicines, chart (the 7-day chart and its
tick boxes), notes ("Notes from your clinician"), warnings ("When to get
help": the warning boxes), why ("Why these exercises were chosen for you"), disclaimer; emergency is the
one-page "call now" sheet. Each is a function from the plan to its flowables.
"""
