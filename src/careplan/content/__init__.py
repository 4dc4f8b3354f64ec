"""Content as data: templates/*.yaml, validated once, read as typed objects.

- ``model``: the frozen records the planner and the renderer read (Content, Item, ...).
- ``loading``: ``load()`` reads the templates folder, checks every field, builds the model.
- ``loader``: YAML that keeps line numbers (also used for questions.yaml and string extraction).
- ``validate``: ``Check``, the checks whose errors name the file, the line and the field.
- ``conditions``: the declarative conditions ("suits_when", "when") and how they match answers.
- ``pictures``: posed figures and props as data, each file read when first drawn.
- ``audit``: does every kind of reader get a full, safe plan (``careplan check``)?

Nothing is imported here: importing the conditions (as triage does) must not
load the templates machinery, which itself reads triage's table.
"""
