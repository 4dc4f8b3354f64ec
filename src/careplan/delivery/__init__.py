"""Making one handout for a request: choosing language and country, writing the file, saying what happened.

Shared by the command line, the questionnaire and `careplan batch`, so each
of them plans and writes a handout the same way.
"""
