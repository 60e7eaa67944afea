#!/usr/bin/env python3
"""make-profiles.py N DIR [SEED] - write N client profiles for `imprint report`.

Each profile follows the schema of content/profiles/*.yaml (generator/report/profile.c):
client, project, prepared_for, date, workload.{ai_ml, data_pipelines, scientific,
realtime, io_concurrency, cpu_heavy, serverless, mvp, compliance, peak_rps},
team.{frontend, python_devs, node_devs}, hiring.{region, engineers, months}.
Fields are drawn from a seeded RNG (default seed 6), so the set is the same on
every run; client names are unique, so every report gets its own folder.
Python 3 standard library only.
"""
import os
import random
import sys

REGIONS = ["united-states", "western-europe", "eastern-europe", "india", "latin-america"]
AI_ML = ["none", "planned", "core"]
REALTIME = ["none", "light", "heavy"]
IO = ["low", "medium", "high"]
COMPLIANCE = ["HIPAA", "GDPR", "PCI-DSS", "SOC2"]
FRONTEND = ["none", "react", "vue", "angular", "next", "other"]
FIRST = ["Dana", "Marco", "Sofia", "Tom", "Priya", "Lena", "Aiko", "Omar", "Grace", "Kenji"]
LAST = ["Reyes", "Bellini", "Almeida", "Okafor", "Natarajan", "Fischer", "Tanaka", "Haddad", "Kim", "Sato"]
ROLES = ["CTO", "VP Engineering", "Head of Engineering", "Founder", "Engineering Manager"]
KINDS = ["analytics platform", "chat product", "storefront API", "billing SaaS", "dispatch system",
         "patient portal", "trading dashboard", "learning platform", "IoT backend", "content API"]


def profile(rng, i):
    lines = [
        f'client: "Bench Client {i:04d}"',
        f'project: "{rng.choice(KINDS).capitalize()} {i}"',
        f'prepared_for: "{rng.choice(FIRST)} {rng.choice(LAST)}, {rng.choice(ROLES)}"',
        f"date: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "workload:",
        f"  ai_ml: {rng.choice(AI_ML)}",
    ]
    for key in ("data_pipelines", "scientific", "cpu_heavy", "serverless", "mvp"):
        if rng.random() < 0.7:  # sometimes left to its default
            lines.append(f"  {key}: {'true' if rng.random() < 0.35 else 'false'}")
    lines.append(f"  realtime: {rng.choice(REALTIME)}")
    lines.append(f"  io_concurrency: {rng.choice(IO)}")
    comp = [c for c in COMPLIANCE if rng.random() < 0.25]
    if comp:
        lines.append(f"  compliance: [{', '.join(comp)}]")
    lines.append(f"  peak_rps: {rng.choice([100, 500, 800, 1500, 3000, 8000, 12000, 40000, 90000])}")
    lines += [
        "team:",
        f"  frontend: {rng.choice(FRONTEND)}",
        f"  python_devs: {rng.randint(0, 8)}",
        f"  node_devs: {rng.randint(0, 8)}",
        "hiring:",
        f"  region: {rng.choice(REGIONS)}",
        f"  engineers: {rng.randint(1, 20)}",
        f"  months: {rng.randint(1, 24)}",
    ]
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) == 4 else 6)
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        with open(os.path.join(out, f"client-{i:04d}.yaml"), "w") as f:
            f.write(profile(rng, i))


if __name__ == "__main__":
    main()
