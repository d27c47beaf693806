#!/usr/bin/env python
"""NLU evaluation on two test sets, side by side with two baselines (`make evaluate`).

Test sets (never trained on):
  heldout      tests/nlu/heldout.yml: written by the same hands as the training data (shares their words);
  onafhankelijk tests/nlu/onafhankelijk/: round 1, written and labelled by independent writers who never saw
               bot/data (persona briefs and the taxonomy only), labelled twice, disagreements resolved with a
               note (besluiten.jsonl); plus mid-conversation answers (*-midden.jsonl) for the danger detectors.
  ronde2       tests/nlu/onafhankelijk/ronde2/: round 2, new writers, the same way; written after round 1's
               errors had been studied, so it measures what that tuning did for people nobody looked at.
  ronde3       tests/nlu/onafhankelijk/ronde3/: round 3, new writers again (1 December), after round 2's errors
               had been studied.
  ronde4       tests/nlu/onafhankelijk/ronde4/: round 4, new writers again (2 December), scored before anyone
               read it. The rounds are listed once, in tests/nlu/onafhankelijk/rondes.yml.

Systems, all trained on the same training data (bot/data/nlu) in this run:
  ours      bot/config.yml (Dutch pipeline + SafetyNet)
  rasa      Rasa 3.6's default pipeline (the one `rasa init` writes), language nl
  tfidf     TF-IDF (word 1-2 grams) + logistic regression (scikit-learn)
Every system's parse goes through the same first-message function as the live assistant and `make predict`
(routing.eerste_bericht -> routing.triage), so wet, urgentie and melder are measured end to end.

The fallback threshold for ours (and for tfidf) is chosen on a validation split carved from the
TRAINING data (stratified 80/20, seed 42) -- never on the held-out set. Rasa's default keeps its own 0.3.

Writes reports/evaluation.md and reports/evaluation.json. Models go to /tmp/voordeur-eval-<hash>/ and are
reused when config and data are unchanged (`--retrain` forces training).
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple  # noqa: F401

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from predict import warnings_to_log  # noqa: E402

# Third-party warnings (SQLAlchemy 1.4 inside Rasa, random.randrange from TensorFlow, ...) go to a log file,
# not the screen, whatever filters the libraries set later.
WARNINGS_LOG = REPO / "var" / "logs" / "evaluate-warnings.log"
warnings_to_log(WARNINGS_LOG)

import yaml  # noqa: E402

import routing  # noqa: E402
from release import rondes  # noqa: E402
from release.rondes import Ronde  # noqa: E402,F401  (gate.py and the tests name it)
from predict import Parser, quiet_rasa  # noqa: E402

INTENT_PREFIX = "vraag_"

TRAIN_DATA = REPO / "bot" / "data" / "nlu"
HELDOUT = REPO / "tests" / "nlu" / "heldout.yml"


# The independent writers' rounds (persona groups: see each folder's README): tests/nlu/onafhankelijk/rondes.yml.
RONDES = rondes.RONDES
CONFIG = REPO / "bot" / "config.yml"
REPORT_MD = REPO / "reports" / "evaluation.md"
REPORT_JSON = REPO / "reports" / "evaluation.json"
RASA = REPO / ".venv-bot" / "bin" / "rasa"
SEED = 42
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 19)]  # 0.05 .. 0.90
SYSTEMS = ("ours", "rasa", "tfidf")
# Kept in the report so a reader can judge how "held-out" the held-out numbers still are.
NOTES = (
    "- Run 1 (2026-11-24, before anyone looked at held-out errors; fallback threshold 0.40): onderwerp accuracy "
    "ours 88.3%, Rasa default 87.4%, TF-IDF 83.5%; wet 90.9% / 91.7% / 84.3%; spoed recall 93.8% / 100% / 93.8%.\n"
    "- After run 1: threshold set to the validation choice (0.75) and 35 general training lines added for weak spots "
    "seen in run 1's errors (travel by bus/ov, taxi complaints, help with papers, school transport with autism, "
    "'een einde aan maken'). No held-out line was copied, but this is test-informed tuning: later runs are slightly "
    "optimistic. Add fresh held-out lines before the next round of tuning.\n"
    "- Run 2 (threshold 0.75): ours 90.9%, Rasa default 91.7%, TF-IDF 87.0%; spoed recall 93.8% / 100% / 100%, "
    "precision 100% / 84.2% / 94.1%. The validation choice moved to 0.80 with the new data (J is flat between 0.65 and "
    "0.85), so the config follows it. Ours missed one suicide line below the fallback threshold; since then a "
    "veiligheid first choice with >= 0.30 (Rasa's default threshold, not tuned) is kept in the fallback path "
    "(scripts/predict.py, SAFETY_FLOOR).\n"
    "- Run 3 (threshold 0.80, safety floor): ours 91.7%, Rasa default 91.7%, TF-IDF 87.0%; wet 94.3% / 93.9% / "
    "87.0%; also recall 69.2% / 53.8% / 76.9%, precision 38.6% / 27.7% / 34.8%. Known gaps: also-precision is low "
    "(extra onderwerpen come from ALSO_THRESHOLD 0.15, a prior value, and from routing's keyword list); in the "
    "fallback path a keyword wins over lopende_aanvraag/klacht_bezwaar ('traplift aangevraagd' -> woningaanpassing).\n"
    "- Run 4 (same training data and config; routing's synoniemen gained everyday phrasings such as 'baan kwijt' and "
    "'niet meer naar school', a change made for the conversation, not for this set): the numbers above. Also-recall "
    "rose for all three systems; one jeugdhulp line ('gaat niet meer naar school ... jeugd-ggz') now falls to the "
    "leerplicht keyword below the fallback threshold. Rasa default's differences also come from retraining. Not "
    "tuned further on these lines.\n"
    "- Run 5 (issue 8, 2026-11-30): the independent set arrives (640 lines by four writers who never saw bot/data). "
    "The assistant as it was scored 55.6% onderwerp, 72.2% wet, spoed recall 26.2% at precision 51.9% on it (the "
    "*before* column). Then, in this order: ~2,900 training lines by other writers (persona-driven, hard negatives; "
    "they never saw tests/); the lexicon by risk group with negation, written from the issue's risk list before "
    "this set was scored; the DangerClassifier; melder from the words; one first-message function. DIET lost its "
    "transformer and went to 40 epochs with min_df 2, for training time (the long stories made training 4x slower), "
    "not for accuracy. **Test-informed, after looking at this set's errors** (so the independent figures below are "
    "somewhat optimistic for these points): the law of a danger situation (a named child Jeugdwet, an adult or "
    "domestic violence Wmo; grounded in the law, but the errors showed it); ages only where a number stands as an "
    "age (the entity tagger called '2 dagen' an age); the melder rules were developed on the og and tt writers' "
    "lines (the oa and pr lines were not looked at for melder); the DangerClassifier's features (TF-IDF instead of "
    "hashing, role words removed) were chosen on out-of-fold figures of the training data, but after seeing that "
    "the first variant raised many false alarms here. Add fresh lines from new writers before the next round. "
    "The validation split now picks a fallback threshold of 0.85 (J is flat between 0.75 and 0.90); bot/config.yml "
    "keeps 0.80, because short dialogue answers sit just above it ('ja' 0.81 with this model) and a typed 'ja' "
    "that falls back is a worse conversation than an unsure onderwerp that the assistant confirms. Rasa's default "
    "pipeline (DIET with a two-layer transformer, 100 epochs) did not finish training on the 5,139 examples within "
    "30 minutes in this session, so run 5 compares ours with TF-IDF only (`--systems ours,tfidf`); its figures on "
    "the held-out set with the old data are in run 4 above.\n"
    "- Run 6 (issue 8, 2026-11-30, a later session): round 2 arrives (390 lines by three new writers, written after "
    "round 1's errors had been studied; nobody looked at its errors before this run). Its *before* column is the "
    "assistant at the start of that session (c249212): onderwerp 77.7%, wet 83.8%, spoed recall 93.2% at precision "
    "67.0%, melder 82.6%. Then, in this order, all chosen without round 2: 1,209 training lines by two new writers "
    "(near misses, sounds-social-but-is-not, hidden danger, 150 danger hard negatives; the weak kinds came from the "
    "issue's list and round 1's per-kind table, which is test-informed for round 1 only); eight short training lines "
    "equal to round-2 lines and two equal to held-out lines removed; the lexicon's idioms, past-tense and helper "
    "rules, developed on the false alarms it raised on the new training lines (33 -> 6) and on sentences written "
    "for its tests; the intent classifier: DIET tags entities only, intents come from calibrated linear SVMs over "
    "TF-IDF of normalised text, chosen by cross-validation on the training data (grouped by source file and an "
    "80/20 split; scripts/cv_intent.py), fallback threshold 0.70 by Youden's J on those folds. The validation "
    "model in this run was trained before the two held-out duplicates were removed (2 of 5,000 lines). The "
    "Rasa default pipeline was again left out (`--systems ours,tfidf`): it does not train within 30 minutes on "
    "this data on 2 cores.\n"
    "- Run 7 (2026-11-30, evening): conversation repairs; 129 training lines of form answers "
    "(bot/data/nlu/breedte/antwoorden_formulier.yml, from name and organisation lists, not from a test set); danger "
    "in the middle of a conversation from the classifier alone asks 'Is er nu gevaar?' instead of the spoed path. "
    "First-message figures moved within noise (round 2 83.8%, round 1 80.6%, held-out 90.9%).\n"
    "- Run 8 (2026-12-01): round 3 arrives: 390 first messages and 48 mid-conversation answers by three new "
    "writers (labelled twice, 66 disagreements decided by a third reader), and 46 conversation scenarios by two "
    "more. Its *before* column is the assistant at the start of that session (e566367), run once before anyone "
    "read round 3: onderwerp 86.4%, wet 84.9%, spoed recall 88.6% at precision 83.8%, melder 78.7%; conversations "
    "web 13/24, telefoon 11/22. Then, all without reading round 3's first messages: melder rules (a relative who "
    "died, mantelzorger and noaber, a name before the role by phone, a sign-off), developed on rounds 1-2's "
    "conversation openings; urgentie-hoog patterns from the taxonomy's definitions and rounds 1-2's conversation "
    "misses; two training lines equal to round-3 lines removed. The dialogue was repaired after reading round 3's "
    "conversation transcripts, so round 3's conversation figures in this run are no longer blind; its first-"
    "message figures still are, except for the melder and hoog rules' effect, which was chosen on other rounds.\n"
    "- Run 9 (2026-12-01, morning): conversation round 4 arrives (46 scenarios by two new writers, first play web "
    "18/24, telefoon 14/22 before anyone read it). No new NLU training data: 420 danger lines by a new writer "
    "(bot/nlu_uitgesteld/) were trained once, but make gate refused that candidate (spoed recall rounds 2/3 up, "
    "spoed precision and onderwerp accuracy down), so the model's NLU is run 8's. The lexicon changed: jokes "
    "with a marker, a small child's tantrum, writing or talking about a topic and 'not in crisis' are no signal "
    "(developed on that writer's hard negatives, not on the test sets); a partner who checks one's phone is "
    "(the issue's risk list; one round-1 line, og-081, was looked at); urgentie hoog for 'hoe lang ik dit nog "
    "volhoud' and rent arrears handed to a bailiff (round 3's conversations, test-informed). Dialogue repairs "
    "after reading rounds 1-3 transcripts and round 4's summary lines (one round-4 transcript, gt4-21, was read "
    "for the age-question loop).\n"
    "- Run 10 (2026-12-01, afternoon): first messages as run 9 (the same NLU). Conversations only: the read-back "
    "and consent are one question, on the web the number and when to call are one question, an age in a "
    "correction is taken at once, 'wat zegt u?' on the phone repeats the question, thanks after the crisis "
    "numbers ends the conversation. All developed on transcripts of rounds 1-4 that had been read before; no "
    "new scenarios.\n"
    "- Run 11 (2026-12-02, night): conversations only (make evaluate was stopped in its Rasa-default baseline "
    "after 55 minutes on a busy machine, then run with --gesprekken=alleen), so the first-message figures above "
    "are run 9's. The NLU changed only through the lexicon's input (Achterhoeks 'nich' read as 'niet', a filler "
    "word inside 'zie het niet meer zitten'; gt2-01's wording, so that line is no longer independent evidence); "
    "make gate measured this model on every set (reports/gate.md: onderwerp rounds 1-3 81.1/84.1/87.7%, spoed "
    "recall 96.1/91.9/88.6%). Conversations: a danger signal that only a model saw gives the crisis numbers and "
    "asks 'Is er nu gevaar?' instead of taking the spoed path by itself (ja or no answer is spoed; the lexicon "
    "still is spoed at once), the intent model's vraag_veiligheid for an answer under three words is no signal, "
    "a professional's organisation place is not the inwoner's, 'ja, …, dat klopt' confirms, a story after a "
    "callback request goes on to the contact form, and place names split by speech-to-text are joined. All "
    "developed on transcripts of rounds 1-4 that had been read before; no new scenarios.\n"
    "- Run 12 (2026-12-02, afternoon): conversations only (--gesprekken=alleen; first-message figures above are "
    "still run 9's, make gate measured this model: reports/gate.md, onderwerp rounds 1-3 81.4/83.8/87.7%, spoed "
    "recall 96.1/91.9/90.0%). The same NLU; the danger classifier retrained on the lexicon's new input "
    "(spoken hesitations left out). Conversations: 'dan bel ik zelf wel' without a sign that the offer helped "
    "gets the number and 'Of zal ik uw vraag nu doorgeven?' (no: nothing kept, geen_toestemming), a doubt or "
    "question is no yes, 'net over de grens bij …' is outside Berkelland, a professional asking only what "
    "there is gets the voorzieningen, the phone asks no time of its own, a score that opens a comment is "
    "counted with it, an answer to 'Klopt dat?' is read against the guess, a spoken no with a number goes to "
    "the NLU whole, web addresses are said on the phone; lexicon: 'bang voor vannacht' is a crisis signal, "
    "urgentie hoog for 'niet lang meer volhouden' and sleeping at changing addresses. Test-informed: developed "
    "on transcripts of rounds 1-4 read before; the simulator no longer counts a question the caller asked to "
    "hear again ('wat zeg ie') towards 'asked a third time'. No new scenarios.\n"
)
SYSTEM_LABELS = {
    "ours": "ours (bot/config.yml)",
    "rasa": "Rasa default pipeline",
    "tfidf": "TF-IDF + logistic regression",
}


def say(msg: str) -> None:
    print(f"[evaluate] {time.strftime('%H:%M:%S')} {msg}", flush=True)


# ----------------------------------------------------------------------------------------------- data
@dataclass(frozen=True)
class Gold:
    text: str
    onderwerp: str
    also: Tuple[str, ...]
    spoed: bool
    wet: str
    melder: Optional[str] = None
    soort: Tuple[str, ...] = ()
    id: str = ""


def load_nlu(path: Path):
    from rasa.shared.nlu.training_data.loading import load_data

    return load_data(str(path))


def gold_wet(catalog, onderwerp: str, also: Sequence[str], explicit: Optional[str]) -> str:
    """The annotated wet, else the taxonomy wet of the onderwerp (situational ones: first law of also, else overig)."""
    if explicit:
        return explicit
    wet = catalog.onderwerpen[onderwerp].wet
    if wet:
        return wet
    return next((catalog.onderwerpen[o].wet for o in also if catalog.onderwerpen[o].wet not in (None, "overig")), "overig")


def load_heldout(catalog) -> List[Gold]:
    td = load_nlu(HELDOUT)
    out = []
    for msg in td.intent_examples:
        intent = msg.get("intent")
        if not intent.startswith(INTENT_PREFIX):
            raise SystemExit(f"held-out intent {intent} is not a vraag_* intent")
        code = intent[len(INTENT_PREFIX):]
        md = (msg.get("metadata") or {}).get("example") or {}
        also = tuple(md.get("also") or ())
        for c in (code,) + also:
            if c not in catalog.onderwerpen:
                raise SystemExit(f"held-out code {c!r} is not in the taxonomy")
        spoed = bool(md.get("spoed")) or code == "veiligheid"
        out.append(Gold(msg.get("text"), code, also, spoed, gold_wet(catalog, code, also, md.get("wet")),
                        id=f"heldout-{len(out) + 1:03d}"))
    return out


def read_jsonl(path: Path) -> List[Dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def onafhankelijk_labels(ronde: Ronde) -> List[Dict[str, Any]]:
    """The independent writers' lines with their final labels: the writer's, or the resolution where the
    second labeller disagreed (besluiten.jsonl)."""
    besluiten = {b["id"]: b for b in read_jsonl(ronde.folder / "besluiten.jsonl")}
    rows = []
    for schrijver in ronde.schrijvers:
        for row in read_jsonl(ronde.folder / f"{schrijver}.jsonl"):
            final = dict(row)
            if row["id"] in besluiten:
                final.update({k: besluiten[row["id"]][k] for k in ("onderwerp", "also", "wet", "urgentie", "melder")})
            rows.append(final)
    return rows


def load_onafhankelijk(catalog, ronde: Ronde) -> List[Gold]:
    out = []
    for row in onafhankelijk_labels(ronde):
        for c in [row["onderwerp"], *row["also"]]:
            if c not in catalog.onderwerpen:
                raise SystemExit(f"{row['id']}: code {c!r} is not in the taxonomy")
        out.append(Gold(row["text"], row["onderwerp"], tuple(row["also"]), row["urgentie"] == "spoed", row["wet"],
                        row["melder"], tuple(row.get("soort") or ()), row["id"]))
    return out


def load_midden(rondes: Sequence[Ronde]) -> List[Dict[str, Any]]:
    """Mid-conversation answers (spoed or not), resolved like the first messages (majority of two labellers is
    not possible: where they disagree the writer's label stands and the line is reported)."""
    rows = []
    for ronde in rondes:
        for schrijver in ronde.schrijvers:
            tweede = {r["id"]: r for r in read_jsonl(ronde.folder / "tweede" / f"{schrijver}-midden.jsonl")}
            for row in read_jsonl(ronde.folder / f"{schrijver}-midden.jsonl"):
                rows.append({**row, "ronde": ronde.set_name,
                             "eens": tweede.get(row["id"], {}).get("spoed") == row["spoed"]})
    return rows


def inputs_hash(extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    for path in [CONFIG, *sorted(TRAIN_DATA.rglob("*.yml")), REPO / "bot" / "voordeur" / "components.py",
                 REPO / "bot" / "voordeur" / "intent.py", REPO / "bot" / "voordeur" / "tekst.py"]:
        if path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def rasa_default_config() -> Dict[str, Any]:
    """Rasa 3.6's packaged default config (what `rasa init` writes), NLU part, language nl."""
    import rasa.engine.recipes.default_recipe  # noqa: F401  (locate the package)
    import rasa as rasa_pkg

    path = Path(rasa_pkg.__file__).parent / "engine" / "recipes" / "config_files" / "default_config.yml"
    config = yaml.safe_load(path.read_text())
    return {"recipe": "default.v1", "assistant_id": "rasa_default_baseline", "language": "nl", "pipeline": config["pipeline"]}


def config_fallback_threshold(config: Dict[str, Any]) -> float:
    for comp in config.get("pipeline") or []:
        if comp.get("name") == "FallbackClassifier":
            return float(comp.get("threshold", 0.3))
    return 0.3


# ------------------------------------------------------------------------------------------- training
def train_rasa(config_path: Path, data_path: Path, out_dir: Path, name: str) -> Tuple[Path, float]:
    model = out_dir / f"{name}.tar.gz"
    seconds_file = out_dir / f"{name}.seconds"
    if model.exists() and seconds_file.exists():
        say(f"  {name}: reusing {model}")
        return model, float(seconds_file.read_text())
    say(f"  {name}: training NLU ({config_path.name}) ...")
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.monotonic()
    proc = subprocess.run(
        [str(RASA), "train", "nlu", "--config", str(config_path), "--nlu", str(data_path), "--out", str(out_dir),
         "--fixed-model-name", name, "--quiet"],
        cwd=str(REPO), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    seconds = time.monotonic() - start
    if proc.returncode != 0 or not model.exists():
        print(proc.stdout[-4000:], file=sys.stderr)
        raise SystemExit(f"training {name} failed")
    seconds_file.write_text(f"{seconds:.1f}")
    say(f"  {name}: trained in {seconds:.0f} s")
    return model, seconds


class TfidfParser:
    """TF-IDF + logistic regression, with a Rasa-like parse dict."""

    def __init__(self, texts: Sequence[str], intents: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        self.model = make_pipeline(
            TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True),
            LogisticRegression(C=10.0, max_iter=3000, random_state=SEED),
        )
        start = time.monotonic()
        self.model.fit(list(texts), list(intents))
        self.train_seconds = time.monotonic() - start
        self.classes = list(self.model.classes_)
        self.threshold = 0.0  # below it, the intent is nlu_fallback (as Rasa's FallbackClassifier does)

    def parse(self, text: str) -> Dict[str, Any]:
        probs = self.model.predict_proba([text])[0]
        ranking = sorted(zip(self.classes, probs), key=lambda kv: kv[1], reverse=True)[:10]
        items = [{"name": n, "confidence": float(p)} for n, p in ranking]
        intent = items[0] if items[0]["confidence"] >= self.threshold else {"name": "nlu_fallback",
                                                                            "confidence": self.threshold}
        return {"text": text, "intent": intent, "intent_ranking": items, "entities": []}


# ------------------------------------------------------------------------------------ threshold choice
def sweep(results: List[Tuple[str, str, float]]) -> Tuple[float, List[Dict[str, float]]]:
    """results: (gold intent, predicted top intent, confidence). Youden's J over accept/reject."""
    correct = [c for g, p, c in results if g == p]
    wrong = [c for g, p, c in results if g != p]
    rows = []
    for t in THRESHOLDS:
        tpr = sum(c >= t for c in correct) / len(correct) if correct else 0.0
        fpr = sum(c >= t for c in wrong) / len(wrong) if wrong else 0.0
        accepted = [(g, p) for g, p, c in results if c >= t]
        acc_acc = sum(g == p for g, p in accepted) / len(accepted) if accepted else 0.0
        rows.append({"threshold": t, "correct_kept": tpr, "wrong_caught": 1 - fpr, "j": tpr - fpr,
                     "fallback_rate": 1 - len(accepted) / len(results), "accuracy_of_accepted": acc_acc})
    best = max(rows, key=lambda r: (round(r["j"], 6), -r["threshold"]))
    return best["threshold"], rows


def top_intent(parse: Dict[str, Any]) -> Tuple[str, float]:
    """Top intent of the NLU model (nlu_fallback set aside)."""
    # The model's own output: for ours that includes SafetyNet (it is part of the NLU pipeline).
    ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
    if not ranking:
        intent = parse.get("intent") or {}
        return intent.get("name", ""), float(intent.get("confidence") or 0.0)
    best = max(ranking, key=lambda r: r.get("confidence") or 0.0)
    return best["name"], float(best["confidence"])


# ------------------------------------------------------------------------------------------ evaluation
@dataclass
class SystemResult:
    name: str
    fallback_threshold: float
    train_seconds: float
    latencies_ms: List[float] = field(default_factory=list)
    rows: List[Dict[str, Any]] = field(default_factory=list)


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def percentile(values: List[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def run_system(name: str, parse: Callable[[str], Dict[str, Any]], gold: List[Gold], catalog, threshold: float,
               train_seconds: float) -> SystemResult:
    res = SystemResult(name, threshold, train_seconds)
    for _ in range(3):  # warm-up (graph, caches) outside the timing
        parse("hallo")
    for g in gold:
        masked, _ = routing.mask_bsn(g.text)
        start = time.perf_counter()
        p = parse(masked)
        res.latencies_ms.append(1000 * (time.perf_counter() - start))
        label = routing.eerste_bericht(catalog, masked, p)
        intent, conf = top_intent(p)
        res.rows.append({
            "id": g.id, "text": g.text, "gold": g.onderwerp, "gold_also": list(g.also), "gold_spoed": g.spoed,
            "gold_wet": g.wet, "gold_melder": g.melder, "soort": list(g.soort),
            "pred": label.onderwerp, "pred_also": list(label.also), "pred_wet": label.wet,
            "pred_urgentie": label.urgentie, "pred_melder": label.melder,
            "confidence": label.confidence, "fallback": not label.zeker, "bron": label.bron,
            "nlu_intent": intent, "nlu_confidence": conf,
            "safety": (p.get("safety") or {}).get("bron") if p.get("safety") else None,
            "gevaar_score": (p.get("gevaar") or {}).get("score"),
        })
    return res


def spoed_counts(rows: List[Dict[str, Any]], predicted: Callable[[Dict[str, Any]], bool]) -> Dict[str, Any]:
    tp = sum(r["gold_spoed"] and predicted(r) for r in rows)
    fp = sum((not r["gold_spoed"]) and predicted(r) for r in rows)
    fn = sum(r["gold_spoed"] and not predicted(r) for r in rows)
    return {"recall": tp / (tp + fn) if tp + fn else 0.0, "precision": tp / (tp + fp) if tp + fp else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def metrics(rows: List[Dict[str, Any]], codes: Sequence[str], res: Optional[SystemResult] = None) -> Dict[str, Any]:
    """Figures over one set's rows (of one system, or of the kept 'before' predictions)."""
    n = len(rows)
    per = {}
    for code in codes:
        sub = [r for r in rows if r["gold"] == code]
        if sub:
            per[code] = {"n": len(sub), "accuracy": sum(r["pred"] == code for r in sub) / len(sub)}
    soorten: Dict[str, Dict[str, Any]] = {}
    for soort in sorted({s for r in rows for s in r.get("soort") or ()}):
        sub = [r for r in rows if soort in (r.get("soort") or ())]
        soorten[soort] = {"n": len(sub), "accuracy": sum(r["pred"] == r["gold"] for r in sub) / len(sub)}
    multi = [r for r in rows if r["gold_also"]]
    also_hits = sum(len(set(r["gold_also"]) & ({r["pred"]} | set(r["pred_also"]))) for r in multi)
    also_total = sum(len(r["gold_also"]) for r in multi)
    pred_also_total = sum(len(r["pred_also"]) for r in rows)
    pred_also_ok = sum(len(set(r["pred_also"]) & ({r["gold"]} | set(r["gold_also"]))) for r in rows)
    confusions = collections.Counter((r["gold"], r["pred"]) for r in rows if r["gold"] != r["pred"])
    melder_rows = [r for r in rows if r.get("gold_melder") and r.get("pred_melder")]
    dood = [r for r in rows if "dood" in r["text"].lower() and not r["gold_spoed"]]
    out = {
        "n": n,
        "accuracy": sum(r["pred"] == r["gold"] for r in rows) / n,
        "macro_accuracy": statistics.mean(v["accuracy"] for v in per.values()),
        "wet_accuracy": sum(r["pred_wet"] == r["gold_wet"] for r in rows) / n,
        "spoed": spoed_counts(rows, lambda r: r["pred_urgentie"] == "spoed"),
        "missed_spoed": [{"id": r.get("id"), "text": r["text"], "pred": r["pred"]} for r in rows
                         if r["gold_spoed"] and r["pred_urgentie"] != "spoed"],
        "false_spoed": [{"id": r.get("id"), "text": r["text"], "gold": r["gold"]} for r in rows
                        if not r["gold_spoed"] and r["pred_urgentie"] == "spoed"],
        "dood_idioms": {"n": len(dood), "false_spoed": sum(r["pred_urgentie"] == "spoed" for r in dood)},
        "also": {"multi_lines": len(multi), "recall": also_hits / also_total if also_total else 0.0,
                 "precision": pred_also_ok / pred_also_total if pred_also_total else 0.0,
                 "predicted_also": pred_also_total},
        "melder_accuracy": (sum(r["pred_melder"] == r["gold_melder"] for r in melder_rows) / len(melder_rows)
                            if melder_rows else None),
        "per_onderwerp": per,
        "per_soort": soorten,
        "confusions": [{"gold": g, "pred": p, "count": c} for (g, p), c in confusions.most_common(12)],
    }
    if res is not None:
        out.update({
            "nlu_intent_accuracy": sum(r["nlu_intent"] == INTENT_PREFIX + r["gold"] for r in rows) / n,
            "fallback_rate": sum(r["fallback"] for r in rows) / n,
            # what each detector contributes on its own (ours: the lexicon and the DangerClassifier in SafetyNet)
            "spoed_lexicon": spoed_counts(rows, lambda r: r["safety"] in ("woorden", "beide")),
            "spoed_classifier": spoed_counts(rows, lambda r: r["safety"] in ("classifier", "beide")),
            "latency_ms": {"p50": percentile(res.latencies_ms, 0.5), "p95": percentile(res.latencies_ms, 0.95)},
            "train_seconds": res.train_seconds,
            "fallback_threshold": res.fallback_threshold,
        })
    return out


def before_rows(gold: List[Gold], path: Optional[Path]) -> Optional[List[Dict[str, Any]]]:
    """The kept predictions of an earlier assistant on a round (`make predict` output), as rows."""
    if path is None or not path.exists():
        return None
    pred = {r["id"]: r for r in read_jsonl(path)}
    if any(g.id not in pred for g in gold):
        return None
    return [{"id": g.id, "text": g.text, "gold": g.onderwerp, "gold_also": list(g.also), "gold_spoed": g.spoed,
             "gold_wet": g.wet, "gold_melder": g.melder, "soort": list(g.soort), "pred": pred[g.id]["onderwerp"],
             "pred_also": pred[g.id]["also"], "pred_wet": pred[g.id]["wet"], "pred_urgentie": pred[g.id]["urgentie"],
             "pred_melder": pred[g.id].get("melder")} for g in gold]


def midden_metrics(parse: Callable[[str], Dict[str, Any]], midden: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Danger in the middle of the intake: does the NLU (both detectors) raise vraag_veiligheid on the answer?"""
    rows = []
    for m in midden:
        p = parse(routing.mask_bsn(m["text"])[0])
        rows.append({"id": m["id"], "vraag": m["vraag"], "text": m["text"], "gold_spoed": bool(m["spoed"]),
                     "pred": bool(p.get("safety")) or (p.get("intent") or {}).get("name") == "vraag_veiligheid",
                     "eens": m["eens"]})
    counts = spoed_counts(rows, lambda r: r["pred"])
    counts["missed"] = [r for r in rows if r["gold_spoed"] and not r["pred"]]
    counts["false"] = [r for r in rows if not r["gold_spoed"] and r["pred"]]
    counts["n"] = len(rows)
    rondes = sorted({m.get("ronde") for m in midden if m.get("ronde")})
    if len(rondes) > 1:
        counts["per_ronde"] = {name: spoed_counts([r for r, m in zip(rows, midden) if m.get("ronde") == name],
                                                  lambda r: r["pred"]) for name in rondes}
    return counts


# ---------------------------------------------------------------------------------------------- report
TARGETS = {"accuracy": 0.90, "wet_accuracy": 0.93, "spoed_recall": 1.0, "spoed_precision": 0.85,
           "also_recall": 0.80, "also_precision": 0.50, "melder_accuracy": 0.90}


def agreement(ronde: Ronde) -> Dict[str, Any]:
    """How often the second, blind labeller agreed with the writer, per field, and how many lines were resolved."""
    fields = ("onderwerp", "wet", "urgentie", "melder")
    same = collections.Counter()
    n = 0
    for schrijver in ronde.schrijvers:
        tweede = {r["id"]: r for r in read_jsonl(ronde.folder / "tweede" / f"{schrijver}.jsonl")}
        for row in read_jsonl(ronde.folder / f"{schrijver}.jsonl"):
            n += 1
            for f in fields:
                same[f] += row[f] == tweede[row["id"]][f]
            same["also"] += set(row["also"]) == set(tweede[row["id"]]["also"])
    return {"n": n, "resolved": len(read_jsonl(ronde.folder / "besluiten.jsonl")),
            **{f: same[f] / n for f in (*fields, "also")}}


def write_report(summary: Dict[str, Any]) -> None:
    sets = summary["sets"]
    independent = [r for r in RONDES if r.set_name in sets]
    lines: List[str] = []
    add = lines.append

    before_labels = {r.set_name: r.before_label for r in independent}

    def table(setname: str, with_before: bool) -> None:
        m = sets[setname]["systems"]
        cols = [s for s in SYSTEMS if s in m]
        before = sets[setname].get("before") if with_before else None
        targeted = setname != "heldout"
        heads = ([before_labels[setname]] if before else []) + [SYSTEM_LABELS[s] for s in cols]
        add("| | " + " | ".join(heads) + (" | target |" if targeted else " |") + "\n")
        add("|---|" + "---:|" * len(heads) + ("---:|" if targeted else "") + "\n")

        def row(label: str, f: Callable[[Dict[str, Any]], str], target: str = "", nlu_only: bool = False) -> None:
            cells = ([("–" if nlu_only else f(before))] if before else []) + [f(m[s]) for s in cols]
            add(f"| {label} | " + " | ".join(cells) + (f" | {target} |" if targeted else " |") + "\n")

        row("onderwerp accuracy", lambda x: pct(x["accuracy"]), "≥ 90%, ahead of both baselines")
        row("macro accuracy over onderwerpen", lambda x: pct(x["macro_accuracy"]))
        row("wet accuracy", lambda x: pct(x["wet_accuracy"]), "≥ 93%")
        row("spoed recall", lambda x: f"{pct(x['spoed']['recall'])} ({x['spoed']['tp']}/{x['spoed']['tp'] + x['spoed']['fn']})", "100%")
        row("spoed precision", lambda x: f"{pct(x['spoed']['precision'])} ({x['spoed']['fp']} false alarms)", "≥ 85%")
        row("also: recall of extra onderwerpen", lambda x: f"{pct(x['also']['recall'])} ({x['also']['multi_lines']} lines)", "≥ 80%")
        row("also: precision of predicted also", lambda x: f"{pct(x['also']['precision'])} ({x['also']['predicted_also']} predicted)", "≥ 50%")
        row("melder accuracy", lambda x: pct(x["melder_accuracy"]) if x.get("melder_accuracy") is not None else "–", "≥ 90%")
        row("NLU top-intent accuracy (model output alone)", lambda x: pct(x["nlu_intent_accuracy"]), nlu_only=True)
        row("asked instead of sure (fallback rate)", lambda x: pct(x["fallback_rate"]), nlu_only=True)
        row("parse latency p50 / p95", lambda x: f"{x['latency_ms']['p50']:.1f} / {x['latency_ms']['p95']:.1f} ms", nlu_only=True)

    v = summary["validation"]
    add("# NLU evaluation: independent test sets and our held-out set, ours vs two baselines\n\n")
    add(f"Generated by `make evaluate` (scripts/evaluate.py) on {summary['generated']} (UTC). Training data: "
        f"{summary['train_examples']} examples in `bot/data/nlu/` ({summary['train_vraag_examples']} in the 20 `vraag_*` "
        "intents). The systems in this run were trained on the same data, and every parse goes through the "
        "same first-message function as the live assistant and `make predict` (`routing.eerste_bericht`), so wet, "
        "urgentie and melder are end to end. Latency is one in-process parse per line on a shared 2-core machine.\n\n")
    add("Test sets, never trained on:\n\n")
    for ronde in independent:
        a = summary["agreement"][ronde.set_name]
        rel = ronde.folder.relative_to(REPO)
        add(f"- **{ronde.set_name}** ({ronde.titel}; {sets[ronde.set_name]['n']} lines, `{rel}/`): written by "
            f"{len(ronde.schrijvers)} independent writers who never saw `bot/data/` (persona briefs and the taxonomy "
            "only), each line labelled twice, blind; the second labeller agreed on the onderwerp for "
            f"{pct(a['onderwerp'])}, wet {pct(a['wet'])}, urgentie {pct(a['urgentie'])}, melder {pct(a['melder'])}, "
            f"also {pct(a['also'])}; the {a['resolved']} lines with any disagreement were resolved by a third reader "
            f"with a note (`besluiten.jsonl`). {summary['overlap'][ronde.set_name]} exact and "
            f"{summary['overlap']['near_' + ronde.set_name]} near-duplicate overlaps with the training data.\n")
    add(f"- **heldout** ({sets['heldout']['n']} lines, `tests/nlu/heldout.yml`): written by the same hands as the "
        "training data; it shares their words, so it overstates what real people get.\n\n")
    add("Round 1's errors were studied while the assistant was improved (see the history), so its figures are "
        "somewhat optimistic. Round 2 was written afterwards by new writers and nobody tuned anything to it: "
        "**round 2 is the honest figure**.\n\n")
    missing = [SYSTEM_LABELS[s] for s in SYSTEMS if s not in sets[independent[0].set_name]["systems"]]
    if missing:
        add(f"**Not in this run**: {', '.join(missing)} (`--systems`); see the history for why.\n\n")
    add("## Independent sets (the figures that count)\n\n")
    for ronde in sorted(independent, key=lambda r: r.set_name != "ronde2"):
        add(f"### {ronde.set_name} ({ronde.titel})\n\n")
        table(ronde.set_name, True)
        add("\n")
    add("A *before* column is an earlier assistant (its model, its `scripts/predict.py`), run once over the round and "
        "kept in `reports/*-voor.jsonl`: round 1 before issue 8's work (it had no melder output), round 2 as it stood "
        "when round 2 was written, before this round's training data and model changes.\n\n")
    add("## Our own held-out set\n\n")
    table("heldout", False)
    all_sets = [r.set_name for r in independent] + ["heldout"]
    ours = {name: sets[name]["systems"]["ours"] for name in all_sets}
    add("\n## The two danger detectors (ours)\n\n")
    add("Either detector raises spoed (SafetyNet). Alone, on the first messages:\n\n")
    add("| set | lexicon alone (recall / precision) | DangerClassifier alone | together, end to end |\n|---|---:|---:|---:|\n")
    for name, x in ours.items():
        add(f"| {name} | {pct(x['spoed_lexicon']['recall'])} / {pct(x['spoed_lexicon']['precision'])} | "
            f"{pct(x['spoed_classifier']['recall'])} / {pct(x['spoed_classifier']['precision'])} | "
            f"{pct(x['spoed']['recall'])} / {pct(x['spoed']['precision'])} |\n")
    md = summary["midden"]
    add(f"\n**Danger in the middle of the intake** ({md['n']} answers to intake questions by the independent writers "
        f"of both rounds, {md['tp'] + md['fn']} revealing danger): recall {pct(md['recall'])} ({md['tp']}/{md['tp'] + md['fn']}), "
        f"precision {pct(md['precision'])} ({md['fp']} false alarms)")
    for name, sub in (md.get("per_ronde") or {}).items():
        add(f"; {name}: recall {pct(sub['recall'])} ({sub['tp']}/{sub['tp'] + sub['fn']}), precision {pct(sub['precision'])}")
    add(". The NLU runs both detectors on every user turn, forms included; a rule then answers with the crisis "
        "numbers.\n\n")
    add("### Every missed spoed line (ours)\n\n")
    missed = [(name, r) for name, x in ours.items() for r in x["missed_spoed"]] + \
        [("midden", {"id": r["id"], "text": r["text"], "pred": "-"}) for r in md["missed"]]
    if missed:
        add("| set | id | predicted | text |\n|---|---|---|---|\n")
        for name, r in missed:
            add(f"| {name} | {r.get('id') or ''} | {r['pred']} | {r['text'][:160].replace('|', '/')} |\n")
    else:
        add("None.\n")
    add("\n### False alarms (ours)\n\n| set | id | gold | text |\n|---|---|---|---|\n")
    for name, x in ours.items():
        for r in x["false_spoed"]:
            add(f"| {name} | {r.get('id') or ''} | {r['gold']} | {r['text'][:160].replace('|', '/')} |\n")
    for r in md["false"]:
        add(f"| midden | {r['id']} | - | {r['text'][:160].replace('|', '/')} |\n")
    cols = [s for s in SYSTEMS if s in sets[independent[0].set_name]["systems"]]
    for ronde in independent:
        name = ronde.set_name
        before = sets[name].get("before")
        add(f"\n## {name} per kind of message (onderwerp accuracy)\n\n")
        add("| kind | n | " + ("before | " if before else "") + " | ".join(SYSTEM_LABELS[s] for s in cols) + " |\n")
        add("|---|---:|" + ("---:|" if before else "") + "---:|" * len(cols) + "\n")
        for soort, info in ours[name]["per_soort"].items():
            cells = ([pct(before["per_soort"][soort]["accuracy"])] if before and soort in before["per_soort"] else
                     ["–"] if before else []) + \
                [pct(sets[name]["systems"][s]["per_soort"][soort]["accuracy"]) for s in cols]
            add(f"| {soort} | {info['n']} | " + " | ".join(cells) + " |\n")
    others = [s for s in cols if s != "ours"]
    names = [r.set_name for r in independent]
    add("\n## Per onderwerp\n\n| onderwerp | " + " | ".join(f"n {n}" for n in names) + " | "
        + " | ".join(f"ours {n}" for n in names) + " | ours heldout | "
        + " | ".join(f"{SYSTEM_LABELS[s]} {n}" for s in others for n in names) + " |\n|---|"
        + "---:|" * (2 * len(names) + 1 + len(others) * len(names)) + "\n")

    def acc(system: str, name: str, code: str) -> str:
        x = sets[name]["systems"][system]["per_onderwerp"].get(code)
        return pct(x["accuracy"]) if x else "–"

    for code in summary["codes"]:
        add(f"| {code} | " + " | ".join(str(ours[n]["per_onderwerp"].get(code, {}).get("n", 0)) for n in names) + " | "
            + " | ".join(acc("ours", n, code) for n in names) + f" | {acc('ours', 'heldout', code)} | "
            + " | ".join(acc(s, n, code) for s in others for n in names) + " |\n")
    add("\n## Top confusion pairs on the independent sets (gold → predicted)\n\n")
    for name in names:
        for s in cols:
            pairs = ", ".join(f"{c['gold']} → {c['pred']} ({c['count']})" for c in sets[name]["systems"][s]["confusions"][:8]) or "none"
            add(f"- **{name}, {SYSTEM_LABELS[s]}**: {pairs}\n")
    add("\n## Fallback threshold: chosen on a validation split of the training data\n\n")
    add(f"The training data was split stratified per intent, 80/20 (seed {SEED}); ours was trained on the 80% "
        f"({v['train_examples']} examples) and parsed the 20% ({v['validation_examples']} examples; top-intent accuracy "
        f"{pct(v['accuracy'])}). For each threshold: the share of correct top intents kept, the share of wrong ones "
        "caught by the fallback, and Youden's J (kept − let through). The threshold with the highest J (lowest on a tie) "
        f"is **{v['chosen']:.2f}**; bot/config.yml has **{v['config_threshold']:.2f}**"
        + (" (matches).\n\n" if abs(v['chosen'] - v['config_threshold']) < 1e-9 else " — **differs**: the history below says whether the config follows, and why.\n\n"))
    add("| threshold | correct kept | wrong caught | J | fallback rate | accuracy of accepted |\n|---:|---:|---:|---:|---:|---:|\n")
    for r in v["sweep"]:
        mark = " **←**" if abs(r["threshold"] - v["chosen"]) < 1e-9 else ""
        add(f"| {r['threshold']:.2f}{mark} | {pct(r['correct_kept'])} | {pct(r['wrong_caught'])} | {r['j']:.3f} | "
            f"{pct(r['fallback_rate'])} | {pct(r['accuracy_of_accepted'])} |\n")
    tv = summary.get("tfidf_validation")
    if tv:
        add(f"\nThe TF-IDF baseline got its own threshold the same way: **{tv['chosen']:.2f}** "
            f"(validation accuracy {pct(tv['accuracy'])}). Rasa's default keeps its configured 0.30.\n")
    add("\n## Errors of ours on the independent sets\n\n`how`: which step of `routing.eerste_bericht` decided (model, woorden, gok, "
        "veiligheid).\n\n| id | gold | predicted | conf | how | text |\n|---|---|---|---:|---|---|\n")
    for name in names:
        for r in sets[name]["ours_errors"]:
            add(f"| {r['id']} | {r['gold']} | {r['pred']} | {r['confidence']:.2f} | {r['bron']} | {r['text'][:110].replace('|', '/')} |\n")
    add(gesprekken_section(summary.get("gesprekken")))
    add("\n## History and caveats\n\n" + NOTES)
    add("\n## How to reproduce\n\n`make evaluate` (models are cached in /tmp/voordeur-eval-<hash>/ while config and data "
        "are unchanged; `.venv-bot/bin/python scripts/evaluate.py --retrain` forces training). "
        "Raw numbers: `reports/evaluation.json`.\n")
    REPORT_MD.write_text("".join(lines), encoding="utf-8")


# ------------------------------------------------------------------------------------------------ gesprekken
GESPREKKEN_JSON = REPO / "reports" / "gesprekken.json"


def run_gesprekken() -> Optional[Dict[str, Any]]:
    """Play the independent conversation scenarios (tests/gesprekken/onafhankelijk/) through a running stack with
    the live model (tests/support/simulator.py, its own processes); progress as `[evaluate] gesprekken i/n`."""
    say("gesprekken: the independent scenarios through the running stack (web: socket.io, phone: Twilio webhooks)")
    cmd = [sys.executable, "-m", "tests.support.simulator", "--json", str(GESPREKKEN_JSON),
           "--prefix", "[evaluate] gesprekken"]
    if subprocess.run(cmd, cwd=REPO).returncode != 0 or not GESPREKKEN_JSON.exists():
        say("WARNING: gesprekken not played (see above)")
        return None
    return json.loads(GESPREKKEN_JSON.read_text(encoding="utf-8"))["summary"]


def gesprekken_section(g: Optional[Dict[str, Any]]) -> str:
    """The report's section Gesprekken: success per kanaal, median user turns, questions asked a third time,
    and every failure with where it stopped."""
    if not g:
        return ""
    def rate(k: str) -> str:
        x = g[k]
        return f"{x['gelukt']}/{x['n']} ({x['percentage']}%)" if x["n"] else "-"
    def med(k: str) -> str:
        x = g[k]
        return f"{x['mediaan']} (n={x['n']})" if x["n"] else "-"
    out = ["\n## Gesprekken: independent scenarios end to end\n\n",
           "Written by independent writers (tests/gesprekken/onafhankelijk/, never seen bot/), played by "
           "tests/support/simulator.py through the running stack: web over socket.io, phone as signed Twilio "
           "webhooks; the outcome is checked in the inbox (aanmelding, monitoring). User turns: messages and key "
           "presses up to the outcome, in the scenarios that reached it."
           + (" Played {wanneer} with model {model} at commit {commit}.".format(**g["gemeten"]) if g.get("gemeten")
              else "") + "\n\n",
           "| | result | target |\n|---|---:|---:|\n",
           f"| success web | {rate('web')} | ≥ 90% |\n", f"| success telefoon | {rate('telefoon')} | ≥ 90% |\n",
           f"| median user turns to a voorziening | {med('beurten_tot_voorziening')} | ≤ 5 |\n",
           f"| median user turns to an aanmelding (incl. spoed) | {med('beurten_tot_aanmelding')} | ≤ 9 |\n",
           f"| scenarios with a form question asked a third time | {len(g.get('derde_keer_formulier', []))} | 0 |\n",
           f"| scenarios with any question asked a third time | {len(g['derde_keer'])} | 0 |\n"]
    per_ronde = g.get("per_ronde") or {}
    if len(per_ronde) > 1:
        out.append("\nPer round of writers. Round 1's failures were read and the dialogue repaired after them. Round 2 "
                   "was written afterwards by new writers from the same brief; its first play (30 November, evening: web "
                   "9/22, telefoon 7/20) came before any of it was read, but some of its transcripts were read for the "
                   "repairs after that, so it is no longer blind either. Rounds 3 and 4 were each played once before "
                   "anyone read them (round 3: web 13/24, telefoon 11/22 on 1 December, night; round 4: web 18/24, "
                   "telefoon 14/22 on 1 December, morning, with the assistant at 7e932c9); some of their transcripts "
                   "were read afterwards for repairs, so the rows below are no longer blind."
                   "\n\n| round | web | telefoon |\n|---|---:|---:|\n")
        for naam, x in per_ronde.items():
            cel = lambda y: f"{y['gelukt']}/{y['n']} ({y['percentage']}%)" if y["n"] else "-"  # noqa: E731
            out.append(f"| {naam} | {cel(x['web'])} | {cel(x['telefoon'])} |\n")
    if g["derde_keer"]:
        out.append("\nAsked a third time (form questions are plaats, leeftijd, naam, telefoon, email, "
                   "contactvoorkeur, toestemming and the professional's; any question adds e.g. 'wilt u dat wij u "
                   "terugbellen?' after 'niet begrepen'): " + "; ".join(f"{d['id']} ({', '.join(d['kinds'])})"
                                                                  for d in g["derde_keer"]) + ".\n")
    if g["mislukt"]:
        out.append("\nFailures by the question where they stopped: "
                   + ", ".join(f"{k} {n}" for k, n in g["gestopt_bij"].items()) + ".\n\n"
                   "| id | expected | reached | stopped at | why | the assistant's last words |\n"
                   "|---|---|---|---|---|---|\n")
        for f in g["mislukt"]:
            last = (f["laatste_tekst"] or "")[:160].replace("|", "/").replace("\n", " ")
            out.append(f"| {f['id']} | {f['verwacht']} | {f['bereikt'] or '-'} | {f['gestopt_bij'] or '-'} | "
                       f"{f['reden'].replace('|', '/')} | {last} |\n")
    return "".join(out)


# ------------------------------------------------------------------------------------------------ main
def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--retrain", action="store_true", help="train even when cached models exist")
    ap.add_argument("--work-dir", default=None, help="where models go (default /tmp/voordeur-eval-<hash>)")
    ap.add_argument("--systems", default=",".join(SYSTEMS),
                    help="which systems to train and compare (default: all three; the report says which ran)")
    ap.add_argument("--validation-only", action="store_true",
                    help="only step 1: the fallback threshold table of ours on the validation split (no test set)")
    ap.add_argument("--gesprekken", choices=["ja", "nee", "alleen"], default="ja",
                    help="play the independent conversation scenarios (alleen: only those, into the last report)")
    args = ap.parse_args(argv)
    if args.gesprekken == "alleen":
        summary = json.loads(REPORT_JSON.read_text(encoding="utf-8"))
        summary["gesprekken"] = run_gesprekken()
        REPORT_JSON.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        write_report(summary)
        return 0 if summary["gesprekken"] else 1
    systems_run = tuple(x for x in SYSTEMS if x in args.systems.split(","))
    quiet_rasa()
    catalog = routing.default_catalog()
    codes = list(catalog.onderwerpen)
    from overlap import overlaps, training_texts

    say("loading the training data" + ("" if args.validation_only else " and both test sets"))
    train = load_nlu(TRAIN_DATA)
    rondes = [r for r in RONDES if r.exists]
    sets_gold: Dict[str, List[Gold]] = {}
    midden: List[Dict[str, Any]] = []
    overlap: Dict[str, int] = {}
    if not args.validation_only:  # the threshold table alone never reads a test set
        sets_gold = {**{r.set_name: load_onafhankelijk(catalog, r) for r in rondes}, "heldout": load_heldout(catalog)}
        midden = load_midden(rondes)
        train_plain = [t for _, t in training_texts(TRAIN_DATA)]
        for name, gold in sets_gold.items():
            exact, near = overlaps([g.text for g in gold], train_plain)
            overlap[name], overlap[f"near_{name}"] = len(exact), len(near)
            if exact or near:
                say(f"WARNING: {name}: {len(exact)} exact and {len(near)} near-duplicate overlaps with the training data")
        for name, gold in sets_gold.items():
            missing = [c for c in codes if not any(g.onderwerp == c for g in gold)]
            if missing:
                say(f"WARNING: {name}: no lines for {missing}")

    default_cfg = rasa_default_config()
    work = Path(args.work_dir) if args.work_dir else Path(tempfile.gettempdir()) / f"voordeur-eval-{inputs_hash(json.dumps(default_cfg))}"
    if args.retrain and work.exists():
        for f in work.glob("*"):
            f.unlink()
    work.mkdir(parents=True, exist_ok=True)
    say(f"work dir {work}")
    (work / "rasa_default_config.yml").write_text(yaml.safe_dump(default_cfg, sort_keys=False))
    ours_cfg = yaml.safe_load(CONFIG.read_text())

    # 1. validation split (training data only) -> fallback threshold
    say("1/4 validation split 80/20 of the training data, for the fallback threshold")
    v_train, v_test = train.train_test_split(train_frac=0.8, random_seed=SEED)
    split_file = work / "validation_train.yml"
    split_file.write_text(v_train.nlu_as_yaml(), encoding="utf-8")
    v_model, _ = train_rasa(CONFIG, split_file, work, "validation-ours")
    parser = Parser(v_model)
    v_results = []
    for msg in v_test.intent_examples:
        intent, conf = top_intent(parser.parse(msg.get("text")))
        v_results.append((msg.get("intent"), intent, conf))
    chosen, rows = sweep(v_results)
    del parser
    validation = {
        "train_examples": len(v_train.intent_examples), "validation_examples": len(v_results),
        "accuracy": sum(g == p for g, p, _ in v_results) / len(v_results),
        "chosen": chosen, "config_threshold": config_fallback_threshold(ours_cfg), "sweep": rows,
    }
    say(f"  validation accuracy {pct(validation['accuracy'])}; chosen threshold {chosen:.2f} "
        f"(config has {validation['config_threshold']:.2f})")
    if args.validation_only:
        print("| threshold | correct kept | wrong caught | J | fallback rate | accuracy of accepted |\n"
              "|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['threshold']:.2f} | {pct(r['correct_kept'])} | {pct(r['wrong_caught'])} | {r['j']:.3f} | "
                  f"{pct(r['fallback_rate'])} | {pct(r['accuracy_of_accepted'])} |")
        return 0

    tf_v = TfidfParser([m.get("text") for m in v_train.intent_examples], [m.get("intent") for m in v_train.intent_examples])
    tf_results = []
    for msg in v_test.intent_examples:
        p = tf_v.parse(msg.get("text"))
        tf_results.append((msg.get("intent"), p["intent_ranking"][0]["name"], p["intent_ranking"][0]["confidence"]))
    tf_chosen, _ = sweep(tf_results)
    tfidf_validation = {"chosen": tf_chosen, "accuracy": sum(g == p for g, p, _ in tf_results) / len(tf_results)}

    # 2. train the three systems on all training data
    say("2/4 training the three systems on bot/data/nlu")
    ours_model, ours_secs = train_rasa(CONFIG, TRAIN_DATA, work, "ours")
    rasa_model, rasa_secs = (train_rasa(work / "rasa_default_config.yml", TRAIN_DATA, work, "rasa-default")
                             if "rasa" in systems_run else (None, 0.0))
    tfidf = TfidfParser([m.get("text") for m in train.intent_examples], [m.get("intent") for m in train.intent_examples])
    tfidf.threshold = tf_chosen
    say(f"  tfidf: trained in {tfidf.train_seconds:.1f} s")

    # 3. both test sets, every system
    say(f"3/4 parsing {sum(len(g) for g in sets_gold.values())} test lines with each system")
    parsers = {"ours": Parser(ours_model), **({"rasa": Parser(rasa_model)} if rasa_model else {})}
    thresholds = {"ours": config_fallback_threshold(ours_cfg), "rasa": config_fallback_threshold(default_cfg),
                  "tfidf": tf_chosen}
    seconds = {"ours": ours_secs, "rasa": rasa_secs, "tfidf": tfidf.train_seconds}
    parse_fns = {"ours": parsers["ours"].parse, "tfidf": tfidf.parse,
                 **({"rasa": parsers["rasa"].parse} if "rasa" in parsers else {})}
    sets: Dict[str, Any] = {}
    for name, gold in sets_gold.items():
        systems = {}
        results = {}
        for system in systems_run:
            results[system] = run_system(system, parse_fns[system], gold, catalog, thresholds[system], seconds[system])
            systems[system] = metrics(results[system].rows, codes, results[system])
            say(f"  {name}: {SYSTEM_LABELS[system]} done")
        ronde = next((r for r in rondes if r.set_name == name), None)
        before = before_rows(gold, ronde.before) if ronde else None
        sets[name] = {"n": len(gold), "systems": systems,
                      "before": metrics(before, codes) if before else None,
                      "ours_errors": [r for r in results["ours"].rows if r["pred"] != r["gold"]]}
    midden_result = midden_metrics(parsers["ours"].parse, midden)

    gesprekken = run_gesprekken() if args.gesprekken == "ja" else None

    # 4. report
    say("4/4 writing reports/evaluation.md and reports/evaluation.json")
    summary = {
        "generated": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
        "train_examples": len(train.intent_examples),
        "train_vraag_examples": sum(m.get("intent").startswith(INTENT_PREFIX) for m in train.intent_examples),
        "overlap": overlap,
        "agreement": {r.set_name: agreement(r) for r in rondes},
        "codes": codes,
        "validation": validation,
        "tfidf_validation": tfidf_validation,
        "sets": sets,
        "midden": midden_result,
        "gesprekken": gesprekken,
    }
    REPORT_JSON.parent.mkdir(parents=True, exist_ok=True)
    REPORT_JSON.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    write_report(summary)
    for name in sets:
        for system in systems_run:
            x = sets[name]["systems"][system]
            say(f"  {name:13s} {SYSTEM_LABELS[system]:30s} acc {pct(x['accuracy'])}  wet {pct(x['wet_accuracy'])}  "
                f"spoed R {pct(x['spoed']['recall'])} P {pct(x['spoed']['precision'])}  also R {pct(x['also']['recall'])} "
                f"P {pct(x['also']['precision'])}  melder {pct(x['melder_accuracy'] or 0)}")
    say(f"  midden: spoed R {pct(midden_result['recall'])} P {pct(midden_result['precision'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
