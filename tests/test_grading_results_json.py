"""results.json is written with the fast encoder, one line per entry, and reads back equal."""

import json

from casebook.grading.grade import results_json


def test_results_json_round_trips_and_keeps_one_entry_per_line():
    data = {
        "assignment_id": "A1",
        "graded": [{"file": "T001_ex45.json", "points": 87.5, "echo": [["答", "「22:00」"]]}],
        "rejected": [],
        "gradebook": [{"trainee_id": "T001", "final": 87.5}, {"trainee_id": "T002"}],
        "nested": {"a": [1, 2]},
    }
    text = results_json(data)
    assert json.loads(text) == data
    assert text.endswith("}\n") and "「22:00」" in text  # UTF-8, not \\u escapes
    lines = text.splitlines()
    assert '  {"trainee_id": "T001", "final": 87.5},' in lines
    assert ' "rejected": [],' in lines
