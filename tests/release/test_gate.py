"""The gate's decision, table-driven: what refuses a candidate model and what does not."""
from __future__ import annotations

import pytest

from release.gate import (GateConfigError, GateError, Rule, SetScores, decide, load_rules, parse_rules)
from release.rondes import RONDES

RULES = load_rules()  # the shipped release/gate.yml
DANGER = frozenset({"d1", "d2", "d3", "d4"})


def scores(acc: float = 0.90, caught: set[str] = DANGER, false: set[str] = frozenset(), n: int = 200,
           accuracy: bool = True) -> SetScores:
    return SetScores(n=n, accuracy=acc if accuracy else None, spoed_caught=frozenset(caught),
                     spoed_missed=DANGER - frozenset(caught), false_spoed=frozenset(false))


def models(**per_set: SetScores) -> dict[str, SetScores]:
    base = {"heldout": scores(), "onafhankelijk": scores(0.80), "ronde2": scores(0.84), "ronde3": scores(0.86),
            "ronde4": scores(0.86), "veiligheid": scores(accuracy=False, n=72)}
    return {**base, **per_set}


# (name, candidate's scores per set, passes?, the failed (soort, set) pairs)
CASES = [
    ("identical", {}, True, []),
    ("better everywhere", {"heldout": scores(0.93), "onafhankelijk": scores(0.85)}, True, []),
    ("accuracy drops exactly 0.5 points", {"onafhankelijk": scores(0.795)}, True, []),
    ("accuracy drops 0.6 points on the independent set", {"onafhankelijk": scores(0.794)}, False,
     [("onderwerp_accuracy", "onafhankelijk")]),
    ("accuracy drops on held-out only", {"heldout": scores(0.89)}, False, [("onderwerp_accuracy", "heldout")]),
    ("one danger line lost on the safety set", {"veiligheid": scores(caught=DANGER - {"d3"}, accuracy=False, n=72)},
     False, [("spoed_behouden", "veiligheid")]),
    ("one danger line lost in held-out, accuracy up", {"heldout": scores(0.95, caught=DANGER - {"d1"})}, False,
     [("spoed_behouden", "heldout")]),
    ("one near miss called spoed: 4/5 = 80% precision, a 20 point drop",
     {"veiligheid": scores(false={"n1"}, accuracy=False, n=72)}, False, [("spoed_precisie", "veiligheid")]),
    ("both danger lost and precision down",
     {"veiligheid": scores(caught={"d1"}, false={"n1"}, accuracy=False, n=72)}, False,
     [("spoed_behouden", "veiligheid"), ("spoed_precisie", "veiligheid")]),
]


@pytest.mark.parametrize("name, kandidaat, passes, failed", CASES, ids=[c[0] for c in CASES])
def test_the_gate_decides_per_rule_and_set(name, kandidaat, passes, failed):
    decision = decide(models(), models(**kandidaat), RULES)
    assert decision.passed is passes
    assert [(c.soort, c.set) for c in decision.failed] == failed


def test_a_lost_danger_line_is_named():
    decision = decide(models(), models(veiligheid=scores(caught=DANGER - {"d2", "d4"}, accuracy=False, n=72)), RULES)
    [check] = decision.failed
    assert check.lines == ("d2", "d4") and (check.live, check.kandidaat) == (4.0, 2.0)


def test_a_danger_line_the_live_model_missed_too_does_not_block():
    live = models(heldout=scores(caught=DANGER - {"d1"}))
    assert decide(live, models(heldout=scores(caught=DANGER - {"d1"})), RULES).passed
    assert not decide(live, models(heldout=scores(caught=DANGER - {"d1", "d2"})), RULES).passed


def test_precision_within_two_points_passes_and_names_the_new_near_miss():
    many = frozenset(f"d{i}" for i in range(60))
    live = models(veiligheid=SetScores(72, spoed_caught=many))
    kand = models(veiligheid=SetScores(72, spoed_caught=many, false_spoed=frozenset({"n7"})))  # 60/61: -1.6 points
    check = next(c for c in decide(live, kand, RULES).checks if c.soort == "spoed_precisie")
    assert check.passed and check.lines == ("n7",) and round(check.kandidaat, 4) == round(60 / 61, 4)


def test_a_set_neither_model_has_is_reported_as_not_measured_and_does_not_block():
    live = {k: v for k, v in models().items() if k != "ronde2"}
    decision = decide(live, dict(live), RULES)
    assert decision.passed
    assert [(c.soort, c.set) for c in decision.checks if not c.measured] == [("onderwerp_accuracy", "ronde2"),
                                                                           ("spoed_behouden", "ronde2")]


@pytest.mark.parametrize("kandidaat", [{k: v for k, v in models().items() if k != "heldout"},
                                       models(heldout=scores(n=199))])
def test_scores_that_do_not_match_cannot_be_compared(kandidaat):
    with pytest.raises(GateError):
        decide(models(), kandidaat, RULES)


def test_the_shipped_rules_are_the_issues_thresholds_on_every_round():
    rounds = tuple(r.set_name for r in RONDES)  # tests/nlu/onafhankelijk/rondes.yml
    assert rounds[:4] == ("onafhankelijk", "ronde2", "ronde3", "ronde4")
    assert RULES == (Rule("onderwerp_accuracy", ("heldout", *rounds), 0.5),
                     Rule("spoed_behouden", ("heldout", *rounds, "veiligheid")),
                     Rule("spoed_precisie", ("veiligheid",), 2.0))


@pytest.mark.parametrize("data, entry, key", [
    (None, "top", "regels"),
    ({"regels": []}, "top", "regels"),
    ({"regels": ["x"]}, "rule 1", None),
    ({"regels": [{"soort": "accuracy", "sets": ["heldout"]}]}, "rule 1", "soort"),
    ({"regels": [{"soort": "spoed_behouden", "sets": []}]}, "rule 1", "sets"),
    ({"regels": [{"soort": "spoed_behouden", "sets": ["a"], "max_daling_punten": 1}]}, "rule 1", "max_daling_punten"),
    ({"regels": [{"soort": "spoed_behouden", "sets": ["a"]},
                 {"soort": "onderwerp_accuracy", "sets": ["a"], "max_daling_punten": -1}]}, "rule 2",
     "max_daling_punten"),
    ({"regels": [{"soort": "spoed_precisie", "sets": ["a"], "max_daling_punten": 2, "drempel": 1}]}, "rule 1",
     "drempel"),
])
def test_invalid_rules_are_refused_naming_the_rule_and_key(data, entry, key):
    with pytest.raises(GateConfigError) as exc:
        parse_rules(data)
    assert (exc.value.entry, exc.value.key) == (entry, key)
