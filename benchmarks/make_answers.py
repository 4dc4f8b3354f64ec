"""Write N varied answers files for `careplan batch` (benchmarks and checks).

Run: python benchmarks/make_answers.py OUTDIR [--count 1000] [--seed 1]
Each file's patient_name is "Profile NNNN" with the file's own number, so
check_batch.py can tell that every PDF holds its own answers file's patient.
The mix covers every level, region, language, pregnancy, children and older
readers, with a few files broken on purpose (their names start with "bad-").
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

LOCATIONS = [["lower_back"], ["neck"], ["upper_back"], ["neck", "lower_back"]]
DURATIONS = ["under_1_week", "1_to_6_weeks", "6_to_12_weeks", "over_12_weeks"]
CAUSES = ["none_known", "lifting", "awkward_movement", "sport_or_exercise", "long_sitting_or_standing", "minor_fall"]
REGIONS = ["GB", "US", "DE", "ES", "RU", "FR", "JP", "NZ", "AU", "IE", "MX", "CA"]
RARE_FLAGS = ["saddle_numbness", "fever", "night_or_rest_pain", "weight_loss"]


def languages() -> list[str]:
    """Every language careplan offers patients, each as likely: a batch of many languages is the
    hardest for a worker's memos (cli/batch_order.py), and Arabic and Chinese cost the most."""
    from careplan.i18n.locales import complete_locales

    return sorted(complete_locales())


def profile(n: int, rng: random.Random, langs: list[str]) -> dict:
    age = rng.choice([8, 14, 25, 34, 42, 51, 63, 70, 78])
    data: dict = {
        "version": 1, "age": age, "locations": rng.choice(LOCATIONS), "duration": rng.choice(DURATIONS),
        "onset": rng.choice(["sudden", "gradual"]), "activity": rng.choice(["sedentary", "moderate", "active"]),
        "cause": rng.choice(CAUSES), "intensity": rng.randint(2, 9), "region": rng.choice(REGIONS),
        "language": rng.choice(langs), "patient_name": f"Profile {n:04d}",
    }
    if rng.random() < 0.3:
        data["radiation"] = rng.sample(["buttock_or_thigh", "below_knee", "arm"], rng.randint(1, 2))
    if 16 <= age <= 45 and rng.random() < 0.2:
        data["pregnancy"] = rng.choice(["first_trimester", "second_trimester", "third_trimester"])
        data["pelvic_girdle_pain"] = rng.random() < 0.5
    if rng.random() < 0.1:
        data["conditions"] = [rng.choice(["osteoporosis", "long_term_steroids", "cancer_history"])]
    if rng.random() < 0.08:
        data["red_flags"] = [rng.choice(RARE_FLAGS)]
    return data


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bad", type=int, default=0, help="how many broken files to add")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.outdir.mkdir(parents=True, exist_ok=True)
    langs = languages()
    for n in range(1, args.count + 1):
        text = yaml.safe_dump(profile(n, rng, langs), sort_keys=False, allow_unicode=True)
        (args.outdir / f"answers-{n:04d}.yaml").write_text(text, encoding="utf-8")
    for n in range(1, args.bad + 1):
        (args.outdir / f"bad-{n:02d}.yaml").write_text("version: 1\nage: 400\n", encoding="utf-8")
    print(f"{args.count} answers files (+{args.bad} broken) in {args.outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
