"""Baseline for eval/cluster.eval.ts: scikit-learn AgglomerativeClustering over TfidfVectorizer
vectors of title + text, with the same time window as roundup.

Reads a JSON file
  {"docs": [{"id": str, "text": str, "publishedAt": epoch ms}], "windowMs": number,
   "runs": [{"linkage": "average" | "complete", "threshold": float}]}
and writes JSON [{"<id>": label}, ...] (one object per run, in order) to stdout. The vectoriser is
fitted on the docs given (one split).

The window: the cosine distance of two documents published more than `windowMs` apart is set to
FAR (well above every threshold tried), on a precomputed distance matrix. With complete linkage no
cluster can then hold two documents more than a window apart; with average linkage one such pair
adds FAR / (|A| × |B|) to the mean, which keeps clusters from spanning the window in practice. Like
roundup, which only compares a post with stories active within the window of its time.

With "eventSpanMs" and "agePenaltyPerDay" in the request (a diagnostic), two documents published
more than eventSpanMs apart are that much further apart: agePenaltyPerDay per day beyond, as
roundup's age penalty.
"""
import json
import sys

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances

FAR = 1000.0


def model_for(linkage: str, threshold: float) -> AgglomerativeClustering:
    try:
        return AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage=linkage, distance_threshold=threshold
        )
    except TypeError:  # scikit-learn < 1.2 calls it `affinity`
        return AgglomerativeClustering(
            n_clusters=None, affinity="precomputed", linkage=linkage, distance_threshold=threshold
        )


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        request = json.load(handle)
    docs = request["docs"]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [doc["text"] for doc in docs]
    )
    distances = cosine_distances(matrix)
    times = np.array([float(doc["publishedAt"]) for doc in docs])
    gaps = np.abs(times[:, None] - times[None, :])
    if "eventSpanMs" in request:
        beyond = np.maximum(gaps - float(request["eventSpanMs"]), 0.0)
        distances = distances + float(request["agePenaltyPerDay"]) * beyond / 86_400_000.0
    distances[gaps > float(request["windowMs"])] = FAR
    out = []
    for run in request["runs"]:
        labels = model_for(run["linkage"], run["threshold"]).fit_predict(distances)
        out.append({doc["id"]: int(label) for doc, label in zip(docs, labels)})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
