import pytest

from prep.questionnaires.conditions import holds


@pytest.mark.parametrize(
    "condition, answers, expected",
    [
        (None, {}, True),
        ({"question": "a", "op": "eq", "value": "yes"}, {"a": "yes"}, True),
        ({"question": "a", "op": "eq", "value": "yes"}, {"a": "no"}, False),
        ({"question": "a", "op": "eq", "value": "yes"}, {}, False),
        ({"question": "a", "op": "ne", "value": "male"}, {}, True),
        ({"question": "a", "op": "ne", "value": "male"}, {"a": "male"}, False),
        ({"question": "a", "op": "in", "value": ["x", "y"]}, {"a": "y"}, True),
        ({"question": "a", "op": "in", "value": ["x", "y"]}, {"a": ["z", "x"]}, True),
        ({"question": "a", "op": "eq", "value": "x"}, {"a": ["z", "x"]}, True),
        ({"question": "a", "op": "gt", "value": 0}, {"a": "1"}, True),
        ({"question": "a", "op": "gt", "value": 0}, {"a": "0"}, False),
        ({"question": "a", "op": "gte", "value": 1}, {"a": 1}, True),
        ({"question": "a", "op": "gte", "value": 1}, {"a": "not a number"}, False),
        ({"question": "a", "op": "answered"}, {"a": ["x"]}, True),
        ({"question": "a", "op": "answered"}, {"a": []}, False),
    ],
)
def test_show_if_holds(condition, answers, expected):
    assert holds(condition, answers) is expected
