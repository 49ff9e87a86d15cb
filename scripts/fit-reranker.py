#!/usr/bin/env python3
"""Fits a learned reranker of recommended steps on the paraphrase set only,
and measures it once on the development and team sets (never fitted on).

Input: the candidate dumps `helpportal eval FILE --dump-candidates OUT`
writes (one JSON object per description: every candidate of the full
matcher, the word matcher's and the encoder's together, with its signals and
whether it is expected):

    python3 scripts/fit-reranker.py PARAPHRASES.jsonl DEV.jsonl TEAM.jsonl

Per candidate a few features are read at query time (see `FEATURES`),
standardised, and a logistic model is fitted with L2: listwise (a softmax
over each description's candidates, the expected ones sharing the target)
or pointwise (each candidate right or wrong). Cross-validation is 7-fold
by problem (a problem's three phrasings are scored by a model fitted
without that problem). The order is scored like `eval` scores it: near-
duplicates by title left out, the first ten kept, top-1 is the first match
right *and* confident (each candidate's confidence is dumped as if it were
first, so the confidence stage is unchanged), top-3, MRR, and false
abstentions / abstentions on unanswerable lines. Also printed: the
regularisation path, a guarded variant (the model changes the first match
only when clearly surer than the fused order) and, as a diagnostic only,
the weights each set alone would ask for.
"""

import json
import math
import sys

import numpy as np

FIXTURE = "tests/fixtures/recommend-paraphrases.jsonl"
FOLDS = 7
DEPTH = 10


def norm_title(t):
    return "".join(c.lower() for c in t if c.isalnum())


def read(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def problems():
    with open(FIXTURE) as f:
        return [json.loads(line)["problem"] for line in f if line.strip()]


def rank_of(values, reverse=True):
    order = sorted(range(len(values)), key=lambda i: -values[i] if reverse else values[i])
    ranks = [0] * len(values)
    for r, i in enumerate(order):
        ranks[i] = r + 1
    return ranks


FEATURES = [
    "fused_gap",  # fused score minus the best candidate's
    "inv_fused_rank",
    "words_rel",  # word score relative to the best candidate's
    "inv_words_rank",
    "bm25_rel",
    "coverage",
    "title_coverage",
    "description_coverage",
    "audience",
    "latent",
    "cosine_gap",  # passage cosine minus the best candidate's
    "inv_cosine_rank",
    "title_gap",  # title-as-query cosine minus the best candidate's
    "inv_title_rank",
    "from_words",  # among the word matcher's candidates
    "log_body",
    "confident",
]


def features(line):
    cands = line["candidates"]
    if not cands:
        return np.zeros((0, len(FEATURES)))
    best = {k: max(c[k] for c in cands) for k in ("fused", "words", "bm25", "cosine", "title_cosine")}
    wr = rank_of([c["words"] for c in cands])
    cr = rank_of([c["cosine"] for c in cands])
    tr = rank_of([c["title_cosine"] for c in cands])
    rows = []
    for i, c in enumerate(cands):
        rows.append(
            [
                c["fused"] - best["fused"],
                1.0 / c["fused_rank"],
                c["words"] / max(best["words"], 1e-6),
                1.0 / wr[i],
                c["bm25"] / max(best["bm25"], 1e-6),
                c["coverage"],
                c["title_coverage"],
                c["description_coverage"],
                c["audience"],
                c["latent"],
                c["cosine"] - best["cosine"],
                1.0 / cr[i],
                c["title_cosine"] - best["title_cosine"],
                1.0 / tr[i],
                1.0 if c["bm25"] > 0 else 0.0,
                math.log1p(c["body_length"]),
                1.0 if c["confident"] else 0.0,
            ]
        )
    return np.array(rows)


def prepare(lines):
    out = []
    for line in lines:
        x = features(line)
        y = np.array([1.0 if c["right"] else 0.0 for c in line["candidates"]])
        out.append((line, x, y))
    return out


def evaluate(data, scorer):
    """eval's figures for the order `scorer(x)` gives (higher first)."""
    a = u = top1 = first = top3 = abst = false = 0
    rr = 0.0
    for line, x, y in data:
        cands = line["candidates"]
        answerable = bool(line["expect"])
        if len(cands) == 0:
            order = []
        else:
            s = scorer(x)
            # ties by the fused order, as the portal breaks them
            order = sorted(range(len(cands)), key=lambda i: (-s[i], cands[i]["fused_rank"]))
        picked, seen = [], set()
        for i in order:
            t = norm_title(cands[i]["title"])
            if t in seen:
                continue
            seen.add(t)
            picked.append(i)
            if len(picked) == DEPTH:
                break
        confident = bool(picked) and cands[picked[0]]["confident"]
        rank = next((r + 1 for r, i in enumerate(picked) if cands[i]["right"]), None)
        if answerable:
            a += 1
            top1 += confident and rank == 1
            first += rank == 1
            top3 += rank is not None and rank <= 3
            rr += 1.0 / rank if rank else 0.0
            false += not confident
        else:
            u += 1
            abst += not confident
    return {
        "top1": top1 / a,
        "first": first / a,
        "top3": top3 / a,
        "mrr": rr / a,
        "abst": abst / u if u else float("nan"),
        "false": false / a,
    }


def fmt(m):
    return "{top1:.3f} / {top3:.3f} / {mrr:.3f} / abst {abst:.2f} / false {false:.3f} (first right {first:.3f})".format(**m)


def report(cv, dev, team, score):
    """Prints the paraphrase cross-validation and `score` applied to dev and team."""
    print("  paraphrases CV", fmt(cv))
    print("  dev           ", fmt(evaluate(dev, score)))
    print("  team          ", fmt(evaluate(team, score)))


def standardiser(data, cols):
    x = np.vstack([d[1][:, cols] for d in data if len(d[1])])
    mu, sd = x.mean(0), x.std(0)
    sd[sd < 1e-9] = 1.0
    return mu, sd


def penalty(names, l2):
    """L2 on every weight but the fused score's (so a strong L2 falls back
    to the current order rather than to no order)."""
    return np.diag([0.0 if n == "fused_gap" else l2 for n in names])


def fit_listwise(data, names, l2, iters=100):
    cols = [FEATURES.index(n) for n in names]
    mu, sd = standardiser(data, cols)
    sets = [((x[:, cols] - mu) / sd, y / y.sum()) for _, x, y in data if len(y) and y.sum() > 0]
    reg = penalty(names, l2) + 1e-6 * np.eye(len(cols))

    def loss(w):
        total = 0.5 * w @ reg @ w
        for z, t in sets:
            s = z @ w
            m = s.max()
            total += m + math.log(np.exp(s - m).sum()) - t @ s
        return total

    w = np.zeros(len(cols))
    current = loss(w)
    for _ in range(iters):
        grad = reg @ w
        hess = reg.copy()
        for z, t in sets:
            s = z @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            grad += z.T @ (p - t)
            zm = p @ z
            hess += (z * p[:, None]).T @ z - np.outer(zm, zm)
        step = np.linalg.solve(hess, grad)
        # backtracking: Newton steps overshoot on skewed features
        rate = 1.0
        while rate > 1e-4 and loss(w - rate * step) > current:
            rate /= 2
        w = w - rate * step
        new = loss(w)
        if current - new < 1e-8:
            break
        current = new
    return mu, sd, w


def fit_pointwise(data, names, l2, iters=100):
    cols = [FEATURES.index(n) for n in names]
    mu, sd = standardiser(data, cols)
    z = np.vstack([(x[:, cols] - mu) / sd for _, x, y in data if len(y)])
    y = np.concatenate([y for _, x, y in data if len(y)])
    z1 = np.hstack([z, np.ones((len(z), 1))])
    w = np.zeros(z1.shape[1])
    reg = np.zeros((z1.shape[1], z1.shape[1]))
    reg[:-1, :-1] = penalty(names, l2)
    reg += 1e-6 * np.eye(z1.shape[1])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(z1 @ w)))
        grad = z1.T @ (p - y) + reg @ w
        hess = (z1 * (p * (1 - p))[:, None]).T @ z1 + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return mu, sd, w[:-1]


def scorer(model, names, top=None):
    """The model's score; with `top`, only the current first `top` are
    reordered (the rest keep their place below them)."""
    mu, sd, w = model
    cols = [FEATURES.index(n) for n in names]
    rank = FEATURES.index("inv_fused_rank")

    def score(x):
        s = ((x[:, cols] - mu) / sd) @ w
        if top is not None:
            below = x[:, rank] < 1.0 / top - 1e-9
            s = np.where(below, -1e6 + x[:, rank], s)
        return s

    return score


def guarded(score, margin):
    """The model's order only when its first beats the fused first by more
    than `margin` (on its own scale); else the fused order."""

    def s(x):
        v = score(x)
        fused_first = int(np.argmax(x[:, FEATURES.index("inv_fused_rank")]))
        if v.max() - v[fused_first] > margin:
            return v
        return x[:, FEATURES.index("fused_gap")]

    return s


def cross_validate(data, probs, fit, names, l2, top=None, margin=None):
    ids = sorted(set(probs))
    fold_of = {p: i % FOLDS for i, p in enumerate(ids)}
    scores = [None] * len(data)
    for k in range(FOLDS):
        train = [d for d, p in zip(data, probs) if fold_of[p] != k]
        model = fit(train, names, l2)
        s = scorer(model, names, top)
        if margin is not None:
            s = guarded(s, margin)
        for i, ((_, x, _), p) in enumerate(zip(data, probs)):
            if fold_of[p] == k:
                scores[i] = s(x)
    it = iter(scores)
    return evaluate(data, lambda x: next(it))


BASE = ["fused_gap", "words_rel", "coverage", "cosine_gap", "title_gap"]
SETS = {
    "all": FEATURES,
    "fused, words, meaning": BASE,
    "those and ranks": BASE + ["inv_fused_rank", "inv_words_rank", "inv_cosine_rank"],
    "those and fields": BASE + ["title_coverage", "description_coverage", "latent", "audience"],
    "those and length": BASE + ["log_body", "from_words", "confident"],
}
FITS = {"listwise": fit_listwise, "pointwise": fit_pointwise}


def main():
    para, dev, team = (prepare(read(p)) for p in sys.argv[1:4])
    probs = problems()
    assert len(probs) == len(para), "the paraphrase dump must be of " + FIXTURE
    fused = lambda x: x[:, FEATURES.index("fused_gap")]
    for name, data in (("paraphrases", para), ("dev", dev), ("team", team)):
        answerable = [y for line, _, y in data if line["expect"]]
        held = sum(1 for y in answerable if y.sum() > 0)
        print(f"{name}: an expected article among the candidates for {held} of {len(answerable)} answerable lines")
    print("current fused order (eval's figures): top-1 / top-3 / MRR / abstentions / false abstentions;")
    print("first right: the first match expected, confident or not")
    print("  paraphrases", fmt(evaluate(para, fused)))
    print("  dev        ", fmt(evaluate(dev, fused)))
    print("  team       ", fmt(evaluate(team, fused)))
    results = []
    for fit_name, fit in FITS.items():
        for set_name, names in SETS.items():
            for l2 in (1.0, 10.0, 100.0):
                for top in (None, 5):
                    m = cross_validate(para, probs, fit, names, l2, top)
                    results.append((m["top1"] + m["top3"] + m["mrr"], fit_name, set_name, l2, top, m))
                    print(f"CV {fit_name:9} {set_name:22} l2 {l2:5} top {top}: {fmt(m)}", flush=True)
    results.sort(key=lambda r: -r[0])
    print("\nbest five by CV top-1 + top-3 + MRR, each fitted on all paraphrases and applied once:")
    for _, fit_name, set_name, l2, top, m in results[:5]:
        names = SETS[set_name]
        model = FITS[fit_name](para, names, l2)
        s = scorer(model, names, top)
        print(f"{fit_name}, {set_name}, l2 {l2}, top {top}")
        print("  paraphrases CV         ", fmt(m))
        print("  paraphrases (fitted on)", fmt(evaluate(para, s)))
        print("  dev                    ", fmt(evaluate(dev, s)))
        print("  team                   ", fmt(evaluate(team, s)))
        mu, sd, w = model
        print("  weights on standardised features: " + ", ".join(f"{n} {w_:.3f}" for n, w_ in zip(names, w)))

    print("\nregularisation path (listwise; a strong L2 falls back to the fused order):")
    for set_name in ("all", "fused, words, meaning"):
        names = SETS[set_name]
        for l2 in (1.0, 100.0, 1000.0, 10000.0):
            m = cross_validate(para, probs, fit_listwise, names, l2)
            s = scorer(fit_listwise(para, names, l2), names)
            print(f"{set_name}, l2 {l2}")
            report(m, dev, team, s)
    print("\nguarded (listwise, all features): reorders only when its first beats the fused first by a margin")
    names = SETS["all"]
    for l2 in (1.0, 100.0):
        model = fit_listwise(para, names, l2)
        for margin in (0.5, 1.0, 2.0):
            m = cross_validate(para, probs, fit_listwise, names, l2, margin=margin)
            s = guarded(scorer(model, names), margin)
            print(f"l2 {l2}, margin {margin}")
            report(m, dev, team, s)
    print("\ndiagnostic only (never used for a choice): the same model fitted on each set alone")
    names = SETS["fused, words, meaning"]
    for name, data in (("paraphrases", para), ("dev", dev), ("team", team)):
        _, _, w = fit_listwise(data, names, 10.0)
        print(f"  {name:12} " + ", ".join(f"{n} {w_:.2f}" for n, w_ in zip(names, w)))


if __name__ == "__main__":
    main()
