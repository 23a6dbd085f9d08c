"""Baseline for eval/cluster.eval.ts: scikit-learn AgglomerativeClustering (average linkage,
cosine distance) over TfidfVectorizer vectors of title + text.

Reads a JSON file {"docs": [{"id": str, "text": str}], "thresholds": [float]} and writes JSON
{"<threshold>": {"<id>": label}} to stdout. The vectoriser is fitted on the docs given (one split).
"""
import json
import sys

from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        request = json.load(handle)
    docs = request["docs"]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [doc["text"] for doc in docs]
    ).toarray()
    out = {}
    for threshold in request["thresholds"]:
        try:
            model = AgglomerativeClustering(
                n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
            )
        except TypeError:  # scikit-learn < 1.2 calls it `affinity`
            model = AgglomerativeClustering(
                n_clusters=None, affinity="cosine", linkage="average", distance_threshold=threshold
            )
        labels = model.fit_predict(matrix)
        out[repr(threshold)] = {doc["id"]: int(label) for doc, label in zip(docs, labels)}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
