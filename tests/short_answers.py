"""A short answers file for tests that need many of them (the batch, the overlapped writes):
format it with an age and a number, which the handout prints as the name "Profile 0007"."""

SHORT_ANSWERS = ("version: 1\nage: {age}\nlocations: [lower_back]\nduration: under_1_week\nonset: sudden\n"
                 "activity: moderate\nregion: GB\npatient_name: \"Profile {n:04d}\"\n")
