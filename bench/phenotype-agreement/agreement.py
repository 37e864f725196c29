#!/usr/bin/env python3
"""How far do the three annotations of the same abstracts agree? (issue #7, GSC-family targets)

GSC+, GSC-2024 and RAG-HPO GSC annotate the same PubMed abstracts (shared/benchmarks/phenotype/README.md). A
recogniser sees only the text, so it gives one term set per abstract, scored against all three golds. This script
scores term sets built from the golds themselves (document level, `--scope pa`, with score.py's own id
normalisation): each gold as a prediction for the others (inter-annotator agreement), their union, intersection and
majority, and a coordinate search over the union of the three golds for the set that best meets all three targets at
once (the largest "smallest margin above its target"). It reads only gold files; no recogniser output.

    python3 bench/phenotype-agreement/agreement.py --hpo-obo data/hpo/hp.obo \
        --bench ../shared/benchmarks/phenotype/dev
"""
import argparse, json, os, sys

TARGETS = {"gsc_2024": 0.88, "gsc_plus": 0.76, "raghpo_gsc": 0.80}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hpo-obo", required=True)
    ap.add_argument("--bench", required=True, help="folder with gsc_2024.jsonl, gsc_plus.jsonl, raghpo_gsc.jsonl")
    args = ap.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(args.bench.rstrip("/"))))
    import score  # the benchmark's own scorer: same normalisation (alt_id, obsolete, PA scope)
    onto = score.Ontology(args.hpo_obo)

    golds = {}
    for corpus in TARGETS:
        by_text = {}
        with open(os.path.join(args.bench, corpus + ".jsonl"), encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                by_text[doc["text"].strip()] = score.doc_sets(doc.get("terms"), onto, "pa")[0]
        golds[corpus] = by_text
    texts = sorted(golds["gsc_2024"])

    def counts(pred, corpus):
        tp = n_pred = n_gold = 0
        for text, gold in golds[corpus].items():
            p = pred.get(text, set())
            tp += len(p & gold); n_pred += len(p); n_gold += len(gold)
        return tp, n_pred, n_gold

    def f1s(pred):
        return {c: score.prf(*counts(pred, c))[2] for c in TARGETS}

    def margin(scores):
        return min(scores[c] - TARGETS[c] for c in TARGETS)

    def annotations(text):
        return [golds[c][text] for c in TARGETS if text in golds[c]]

    rows = {
        "gold GSC-2024": {t: set(golds["gsc_2024"][t]) for t in texts},
        "gold GSC+": {t: set(golds["gsc_plus"].get(t, set())) for t in texts},
        "gold RAG-HPO GSC (else GSC-2024)": {t: set(golds["raghpo_gsc"].get(t, golds["gsc_2024"][t])) for t in texts},
        "union of the annotations": {t: set().union(*annotations(t)) for t in texts},
        "intersection GSC-2024 & GSC+": {t: golds["gsc_2024"][t] & golds["gsc_plus"].get(t, set()) for t in texts},
        "majority of the annotations": {t: {x for x in set().union(*annotations(t))
                                            if 2 * sum(x in s for s in annotations(t)) > len(annotations(t))}
                                        for t in texts},
    }

    # Coordinate search from the majority: toggle single (abstract, term) pairs of the union while the smallest
    # margin above the targets grows. An upper-bound flavour: it knows all three golds.
    best = {t: set(s) for t, s in rows["majority of the annotations"].items()}
    best_margin = margin(f1s(best))
    improved = True
    while improved:
        improved = False
        for t in texts:
            for term in sorted(set().union(*annotations(t))):
                best[t] ^= {term}
                m = margin(f1s(best))
                if m > best_margin + 1e-12:
                    best_margin, improved = m, True
                else:
                    best[t] ^= {term}
    rows["best set knowing all three golds"] = best

    print(f"{len(texts)} abstracts ({sum(t in golds['raghpo_gsc'] for t in texts)} also in RAG-HPO GSC); strict F1, pa scope")
    print(f"{'prediction':36} {'GSC-2024':>9} {'GSC+':>7} {'RAG GSC':>8}  smallest margin")
    print(f"{'targets':36} {TARGETS['gsc_2024']:9.2f} {TARGETS['gsc_plus']:7.2f} {TARGETS['raghpo_gsc']:8.2f}")
    for name, pred in rows.items():
        s = f1s(pred)
        print(f"{name:36} {s['gsc_2024']:9.3f} {s['gsc_plus']:7.3f} {s['raghpo_gsc']:8.3f}  {margin(s):+.3f}")


if __name__ == "__main__":
    main()
