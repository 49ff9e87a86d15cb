#!/usr/bin/env python3
"""The other settings measured next to the gate (BENCHMARKS.md, "Taught
examples"), from the same dumps as scripts/fit-example-gate.py:

- the ceiling: how often the answer is among the pipeline's first three or
  is the nearest example's article (what any merge of the two can reach);
- the offset between a description's cosine to an example and to that
  example's article (query-to-query against query-to-passage);
- examples as extra passages of their article with that offset (replayed
  from the dumped first ten matches: their word share is what remains of the
  fused score after the meaning and title shares, so approximate);
- a joint reranker: one logistic model over the pipeline's ten and the
  examples' five articles, fitted by problem like the gate.

    python3 scripts/example-gate-variants.py PARAPHRASES.txt DEV.txt TEAM.txt
"""

import importlib.util
import json
import os
import statistics
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("gate", os.path.join(here, "fit-example-gate.py"))
gate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gate)

para, ex_terms = gate.read_dump(sys.argv[1])
dev, _ = gate.read_dump(sys.argv[2])
team, _ = gate.read_dump(sys.argv[3])
lines = [json.loads(l) for l in open(gate.FIXTURE) if l.strip()]
for c, l in zip(para, lines):
    c["problem"], c["style"] = l["problem"], l["style"]
examples = [l for s in gate.STYLES for l in lines if l["style"] == s]
exa = [l["expect"][0] for l in examples]
exs = [l["style"] for l in examples]
exp = [l["problem"] for l in examples]
problems = sorted({l["problem"] for l in lines})
fold_of = {p: k % 7 for k, p in enumerate(problems)}
ALL = list(range(len(examples)))


def rotations(decide):
    """(present, absent) lists of per-rotation summaries."""
    result = []
    for absent in (False, True):
        per = []
        for s in gate.STYLES:
            allowed = [i for i in ALL if exs[i] == s]
            outs = []
            for c in para:
                if c["style"] == s:
                    continue
                use = [i for i in allowed if not (absent and exp[i] == c["problem"])]
                outs.append(gate.outcome(c, *decide(c, use)))
            per.append(gate.summary(outs))
        result.append(per)
    return result


def show(label, decide, final_decide=None):
    present, absent = rotations(decide)
    other = [
        gate.summary([gate.outcome(c, *(final_decide or decide)(c, ALL)) for c in cases])
        for cases in (dev, team)
    ]
    print(gate.report_line(label, present, absent, *other))


def ceiling():
    for s in gate.STYLES:
        allowed = [i for i in ALL if exs[i] == s]
        hit = total = 0
        for c in para:
            if c["style"] == s:
                continue
            nearest = max(allowed, key=lambda i: c["examples"][i][0])
            ids = {t[0] for t in c["top"][:3]} | {exa[nearest]}
            hit += bool(ids & set(c["expect"]))
            total += 1
        print(f"ceiling {s}: first three or nearest example's article {hit / total:.3f}")


def offsets():
    right, wrong = [], []
    for s in gate.STYLES:
        for c in para:
            if c["style"] == s:
                continue
            for i in ALL:
                if exs[i] == s:
                    d = c["examples"][i][0] - c["articles"][exa[i]][0]
                    (right if exp[i] == c["problem"] else wrong).append(d)
    q = lambda v: [round(x, 3) for x in statistics.quantiles(v, n=4)]
    print("example cosine minus its article's passage cosine, quartiles:")
    print("  own problem's example", q(right), " another problem's", q(wrong))


def near(best, cosine):
    return max(0.0, 1 - (best - cosine) / 0.08)


def passages(delta):
    def decide(c, allowed):
        top = c["top"]
        if not top:
            return c["confident"], []
        ids = [t[0] for t in top]
        exmax = {}
        for i in allowed:
            exmax[exa[i]] = max(exmax.get(exa[i], -1.0), c["examples"][i][0])
        pc = {t[0]: t[2] for t in top}
        tc = {t[0]: t[3] for t in top}
        for a in exmax:
            pc.setdefault(a, c["articles"][a][0])
            tc.setdefault(a, c["articles"][a][1])
        bc, bt = max(pc.values()), max(t[3] for t in top)
        words = {t[0]: t[1] - 0.5 * near(bc, t[2]) - 0.5 * near(bt, t[3]) for t in top}
        pc2 = {a: max(pc[a], exmax.get(a, -1.0) - delta) for a in pc}
        bc2 = max(pc2.values())
        fused = {
            a: words.get(a, 0.0) + 0.5 * near(bc2, pc2[a]) + 0.5 * near(bt, tc[a])
            for a in pc
            if a in words or pc2[a] > pc[a]
        }
        order = sorted(fused, key=lambda a: -fused[a])
        f = order[0]
        same = f == ids[0]
        words_sure = c["confident"] and same and pc[f] < 0.88
        conf = pc2[f] >= 0.88 or (words_sure and pc2[f] >= 0.82) or (same and c["confident"])
        return conf, order[:3]

    return decide


def joint_rows(c, allowed):
    idf = gate.idf_of(ex_terms, allowed)
    ex = dict(gate.features(c, exa, ex_terms, allowed, idf))
    top, ids, (ts, tp, tt) = gate.first_match(c)
    rows = []
    for a in dict.fromkeys(ids + list(ex)):
        if a in ex:
            v = list(ex[a])
        else:
            r = ids.index(a)
            v = [0, 0, 0, 0, 1 / (r + 1), float(r == 0), top[r][1] / ts, top[r][2] - tp, top[r][3] - tt]
            v.append(float(c["confident"]))
        rows.append((a, v + [float(a in ex)]))
    return rows


def joint(sure):
    def train(keep):
        x, y = [], []
        for s in gate.STYLES:
            allowed = [i for i in ALL if exs[i] == s and exp[i] in keep]
            for c in para:
                if c["style"] == s or c["problem"] not in keep:
                    continue
                for absent in (False, True):
                    use = [i for i in allowed if not (absent and exp[i] == c["problem"])]
                    for a, v in joint_rows(c, use):
                        x.append(v)
                        y.append(float(a in c["expect"]))
        return np.array(x), np.array(y)

    models = {f: gate.fit(*train({p for p in problems if fold_of[p] != f})) for f in range(7)}
    final = gate.fit(*train(set(problems)))

    def with_model(pick):
        def decide(c, allowed):
            w = pick(c)
            scored = sorted(((gate.prob(w, v), a) for a, v in joint_rows(c, allowed)), reverse=True)
            ids = [t[0] for t in c["top"]]
            order = [a for _, a in scored]
            if not order:
                return c["confident"], []
            sure_now = scored[0][0] >= sure
            conf = (c["confident"] or sure_now) if ids[:1] == order[:1] else sure_now
            return conf, order[:3]

        return decide

    return with_model(lambda c: models[fold_of[c["problem"]]]), with_model(lambda c: final)


ceiling()
offsets()
for delta in (0.0, 0.01, 0.02, 0.03, 0.05):
    show(f"passages, offset {delta}", passages(delta))
for sure in (0.9, 0.7, 0.5):
    show(f"joint reranker, sure {sure}", *joint(sure))
