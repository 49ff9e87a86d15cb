#!/usr/bin/env python3
"""Fits and measures the taught-examples gate on the paraphrase set only.

Input: the FEATURES / EXAMPLE_TERMS lines that `helpportal eval FILE
--examples ALL --verbose` prints, with ALL the three confirmed styles of the
paraphrase set one after the other (phone, manager, agent: as
`scripts/paraphrase-rotation.sh` writes them). Three dumps are read: the
paraphrase set itself (for fitting, split by problem), and the dev and team
sets (only reported, never fitted on).

    python3 scripts/fit-example-gate.py PARAPHRASES.txt DEV.txt TEAM.txt

For every rotation (one style confirmed, the other two scored) each article
that has an example is a candidate with a handful of features (see
`features`); a logistic model says how likely it is the answer. It is fitted
by cross-validation over problems: a problem's phrasings are scored by a
model fitted without that problem (its lines and its examples left out).
Negatives are the examples of other problems, also with the scored
problem's own example taken away (a description of a problem nobody
confirmed yet, as most dev and team lines are).
"""

import json
import math
import sys

import numpy as np

STYLES = ["phone", "manager", "agent"]
FIXTURE = "tests/fixtures/recommend-paraphrases.jsonl"
# Candidates per description: the articles of its nearest examples.
NEAREST = 5
NAMES = [
    "cosine",
    "gap",
    "overlap",
    "idf_overlap",
    "listed",
    "first",
    "score",
    "passage",
    "title",
    "confident",
]


def read_dump(path):
    features, terms = [], []
    with open(path) as f:
        for line in f:
            if line.startswith("FEATURES "):
                features.append(json.loads(line[9:]))
            elif line.startswith("EXAMPLE_TERMS "):
                terms.append(json.loads(line[14:]))
    return features, terms


def idf_of(terms, allowed):
    df = {}
    for i in allowed:
        for t in terms[i]:
            df[t] = df.get(t, 0) + 1
    n = len(allowed)
    idf = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
    idf[None] = math.log((n + 1) / 0.5)
    return idf


def weighted_dice(a, b, idf):
    a, b = set(a), set(b)
    w = lambda s: sum(idf.get(t, idf[None]) for t in s)
    total = w(a) + w(b)
    return 2 * w(a & b) / total if total > 0 else 0.0


def first_match(case):
    """The matches without examples, their ids, and the first's score,
    passage cosine and title cosine."""
    top = case["top"]
    return top, [t[0] for t in top], (top[0][1], top[0][2], top[0][3]) if top else (1.0, 0.0, 0.0)


def features(case, ex_articles, ex_terms, allowed, idf):
    """(article, feature vector) for the articles of the nearest examples."""
    best = {}
    for i in allowed:
        cos, ov = case["examples"][i]
        a = ex_articles[i]
        idf_ov = weighted_dice(case["terms"], ex_terms[i], idf)
        c, o, w = best.get(a, (-1.0, 0.0, 0.0))
        best[a] = (max(c, cos), max(o, ov), max(w, idf_ov))
    ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
    top, ids, (top_score, top_passage, top_title) = first_match(case)
    rows = []
    for a, (cos, ov, idf_ov) in ranked[:NEAREST]:
        other = max([c for b, (c, _, _) in best.items() if b != a] or [0.0])
        listed = ids.index(a) + 1 if a in ids else 11
        score = top[listed - 1][1] / top_score if listed <= len(top) else 0.0
        passage, title = case["articles"].get(a, [0.0, 0.0])
        rows.append(
            (
                a,
                [
                    cos,
                    cos - other,
                    ov,
                    idf_ov,
                    1.0 / listed,
                    1.0 if listed == 1 else 0.0,
                    score,
                    passage - top_passage,
                    title - top_title,
                    1.0 if case["confident"] else 0.0,
                ],
            )
        )
    return rows


def fit(x, y, l2=1.0, steps=30):
    """Logistic regression by Newton's method, L2 on the weights."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    reg = np.eye(x.shape[1]) * l2
    reg[-1, -1] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        g = x.T @ (p - y) + reg @ w
        h = (x.T * (p * (1 - p))) @ x + reg
        w -= np.linalg.solve(h, g)
    return w


def prob(w, v):
    z = float(np.dot(w[:-1], v) + w[-1])
    return 1 / (1 + math.exp(-z))


def strong(case, ex_articles, allowed):
    """The article of the rule in use before the gate (examples.rs)."""
    ids = [t[0] for t in case["top"]]
    best, best_rank = None, -1.0
    for i in allowed:
        cos, ov = case["examples"][i]
        a = ex_articles[i]
        listed = ids.index(a) + 1 if a in ids else None
        if cos >= 0.93 or ov >= 0.75 or (cos >= 0.91 and listed and listed <= 3):
            if cos + 0.5 * ov > best_rank:
                best, best_rank = a, cos + 0.5 * ov
    return best


def decide(case, rows, w, gate):
    """(confident, first three ids) after the examples stage."""
    ids = [t[0] for t in case["top"]]
    confident = case["confident"]
    old = gate.get("old")
    if old is not None:
        first = old
    else:
        first = None
        if rows and w is not None:
            scored = [(prob(w, v), a) for a, v in rows]
            p, a = max(scored)
            if gate.get("moves_only") and ids[:1] == [a]:
                pass
            elif p >= gate["sure"]:
                first = a
            elif p >= gate.get("list", 2.0) and a not in ids[:3]:
                return confident, ids[:2] + [a]
    if first is None:
        return confident, ids[:3]
    return True, ([first] + [i for i in ids if i != first])[:3]


def outcome(case, confident, three):
    expect = set(case["expect"])
    if not expect:
        return None, None, not confident
    return (confident and three[:1] and three[0] in expect), any(i in expect for i in three), None


def summary(outcomes):
    ans = [o for o in outcomes if o[2] is None]
    un = [o for o in outcomes if o[2] is not None]
    n = max(len(ans), 1)
    return (
        sum(1 for o in ans if o[0]) / n,
        sum(1 for o in ans if o[1]) / n,
        sum(1 for o in un if o[2]) / max(len(un), 1),
        len(ans),
        len(un),
    )


def report_line(label, present, absent, dev, team):
    """One row: per rotation, their mean, the mean with the scored problem's
    own example taken away, and the dev and team sets (top-1/top-3, and the
    share of unanswerable lines that abstained)."""
    mean = lambda rs, k: sum(x[k] for x in rs) / len(rs)
    return (
        f"{label:34} "
        + " ".join(f"{x[0]:.3f}/{x[1]:.3f}" for x in present)
        + f" | mean {mean(present, 0):.3f}/{mean(present, 1):.3f}"
        + f" | own absent {mean(absent, 0):.3f}/{mean(absent, 1):.3f}"
        + f" | dev {dev[0]:.3f}/{dev[1]:.3f} abst {dev[2]:.2f}"
        + f" | team {team[0]:.3f}/{team[1]:.3f} abst {team[2]:.2f}"
    )


def main():
    para, ex_terms = read_dump(sys.argv[1])
    dev, _ = read_dump(sys.argv[2])
    team, _ = read_dump(sys.argv[3])
    lines = [json.loads(l) for l in open(FIXTURE) if l.strip()]
    assert len(para) == len(lines)
    for case, line in zip(para, lines):
        case["problem"], case["style"] = line["problem"], line["style"]
    examples = [l for s in STYLES for l in lines if l["style"] == s]
    assert len(examples) == len(ex_terms)
    ex_articles = [l["expect"][0] for l in examples]
    ex_problem = [l["problem"] for l in examples]
    ex_style = [l["style"] for l in examples]
    problems = sorted({l["problem"] for l in lines})
    folds = 7
    fold_of = {p: k % folds for k, p in enumerate(problems)}

    def allowed_for(style, leave_out):
        return [
            i
            for i in range(len(examples))
            if ex_style[i] == style and ex_problem[i] not in leave_out
        ]

    def training(keep):
        x, y = [], []
        for s in STYLES:
            allowed = allowed_for(s, {p for p in problems if p not in keep})
            idf = idf_of(ex_terms, allowed)
            for case in para:
                if case["style"] == s or case["problem"] not in keep:
                    continue
                for absent in (False, True):
                    use = [i for i in allowed if not (absent and ex_problem[i] == case["problem"])]
                    for a, v in features(case, ex_articles, ex_terms, use, idf):
                        x.append(v)
                        y.append(1.0 if a in case["expect"] else 0.0)
        return np.array(x), np.array(y)

    l2 = float(dict(a.split("=") for a in sys.argv[4:]).get("l2", 1.0)) if len(sys.argv) > 4 else 1.0
    models = {}
    for f in range(folds):
        keep = {p for p in problems if fold_of[p] != f}
        x, y = training(keep)
        models[f] = fit(x, y, l2)
    x, y = training(set(problems))
    final = fit(x, y, l2)
    print("final weights:", dict(zip(NAMES + ["bias"], [round(float(v), 3) for v in final])))

    def rotation_rows(case, s, absent):
        allowed = allowed_for(s, set())
        if absent:
            allowed = [i for i in allowed if ex_problem[i] != case["problem"]]
        idf = idf_of(ex_terms, allowed)
        return allowed, features(case, ex_articles, ex_terms, allowed, idf)

    cache = {}
    for s in STYLES:
        for case_ix, case in enumerate(para):
            if case["style"] == s:
                continue
            for absent in (False, True):
                cache[(s, case_ix, absent)] = rotation_rows(case, s, absent)
    all_allowed = list(range(len(examples)))
    all_idf = idf_of(ex_terms, all_allowed)
    other = {
        name: [(c, features(c, ex_articles, ex_terms, all_allowed, all_idf)) for c in cases]
        for name, cases in (("dev", dev), ("team", team))
    }

    def run(gate):
        result = {}
        for absent in (False, True):
            per = []
            for s in STYLES:
                outs = []
                for case_ix, case in enumerate(para):
                    if case["style"] == s:
                        continue
                    allowed, rows = cache[(s, case_ix, absent)]
                    g = dict(gate)
                    g["old"] = strong(case, ex_articles, allowed) if gate.get("keep_old") else None
                    if g["old"] is None:
                        g.pop("old")
                    w = models[fold_of[case["problem"]]] if gate.get("use") else None
                    outs.append(outcome(case, *decide(case, rows, w, g)))
                per.append(summary(outs))
            result["absent" if absent else "present"] = per
        for name, pairs in other.items():
            outs = []
            for case, rows in pairs:
                g = dict(gate)
                g["old"] = strong(case, ex_articles, all_allowed) if gate.get("keep_old") else None
                if g["old"] is None:
                    g.pop("old")
                outs.append(outcome(case, *decide(case, rows, final if gate.get("use") else None, g)))
            result[name] = summary(outs)
        return result

    def show(label, r):
        print(report_line(label, r["present"], r["absent"], r["dev"], r["team"]))

    show("no examples", run({}))
    show("rule in use", run({"keep_old": True}))
    for moves in (False, True):
        for sure in (0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3):
            for lst in (2.0, 0.2):
                gate = {"keep_old": True, "use": True, "sure": sure, "list": lst, "moves_only": moves}
                show(f"gate {'moves ' if moves else ''}sure {sure} list {lst}", run(gate))


if __name__ == "__main__":
    main()
