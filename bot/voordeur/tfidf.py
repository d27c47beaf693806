"""TF-IDF features shared by the NLU components with a model of their own (LinearIntentClassifier and
DangerClassifier): word 1-2-grams and character 2-5-grams within words, persisted as plain arrays and JSON
(vocabularies and idf), never as pickles. scikit-learn and scipy are imported when needed.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Text


def new_vectorizers(dtype: Text = "float64") -> List[Any]:
    """Unfitted vectorizers: word 1-2-grams (every token, one letter included) and char_wb 2-5-grams (min_df 2)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return [TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=False,
                            token_pattern=r"(?u)\b\w+\b", dtype=dtype),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=False, min_df=2,
                            dtype=dtype)]


def features(vectorizers: List[Any], texts: List[Text]):
    """One sparse row per text: the vectorizers' features side by side (CSR)."""
    from scipy.sparse import hstack

    return hstack([v.transform(texts) for v in vectorizers]).tocsr()


def save(directory: Path, name: Text, vectorizers: Optional[List[Any]], meta: Dict[Text, Any],
         arrays: Dict[Text, Any]) -> None:
    """Write `<name>.json` (meta, plus the vocabularies when fitted) and, when fitted, one .npy per array and idf."""
    import numpy as np

    meta = dict(meta)
    if vectorizers is not None:
        for key, value in arrays.items():
            np.save(directory / f"{key}.npy", value)
        for i, v in enumerate(vectorizers):
            np.save(directory / f"idf{i}.npy", v.idf_)
        meta["vocabularies"] = [{k: int(n) for k, n in v.vocabulary_.items()} for v in vectorizers]
    (directory / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False))


def load(directory: Path, name: Text, array_names: List[Text], dtype: Text = "float64"):
    """(meta, vectorizers, arrays) as `save` wrote them; vectorizers and arrays are None for an untrained model.
    Raises FileNotFoundError or ValueError when the files are missing or broken."""
    import numpy as np

    meta = json.loads((directory / f"{name}.json").read_text())
    if "vocabularies" not in meta:
        return meta, None, None
    vectorizers = new_vectorizers(dtype)
    for i, (v, vocabulary) in enumerate(zip(vectorizers, meta["vocabularies"])):
        v.vocabulary_ = vocabulary
        v.idf_ = np.load(directory / f"idf{i}.npy", allow_pickle=False)
    arrays = {key: np.load(directory / f"{key}.npy", allow_pickle=False) for key in array_names}
    return meta, vectorizers, arrays
