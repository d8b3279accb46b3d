"""Hostile and random input (hypothesis) never breaks a form and never corrupts what is saved.

Posted to one section of the default questionnaire per kind of question (found from the question bank), to the
date-of-birth form, to the clinic's appointment form and dashboard filters: very long strings, control characters,
NUL, emoji, HTML and script, SQL-looking text, numbers out of range, malformed dates, missing, extra and repeated
fields, forged choice values, 1,000 group rows, bogus management forms, bogus actions and revisions.
Every case: 200 with a message, or a redirect; never a 500. Saved answers change only where the post was valid.
The number of inputs tried is printed (run with -s) and written to test-artifacts/hostile-inputs.txt.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from prep.clinic.models import AuditEvent
from prep.questionnaires.forms import MAX_GROUP_ROWS, SectionPage
from prep.questionnaires.models import Kind
from prep.visits.models import Appointment, Invitation, Response
from prep.visits.services import answers_as_data, appointment_create
from tests.personas import TYPICAL
from tests.visits.conftest import confirm
from tests.visits.helpers import page_tokens

settings.register_profile(
    "hostile",
    max_examples=120,
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),  # CI repeats one fixed set of inputs; a developer run explores anew
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("hostile")
TRIED = {}
ARTIFACT = Path(__file__).resolve().parents[2] / "test-artifacts" / "hostile-inputs.txt"

HOSTILE_TEXT = [
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "{{ 7|add:7 }}{% debug %}",
    "'; DROP TABLE visits_response; --", "1 OR 1=1", "\" OR \"\"=\"", "admin'--", "%s%s%s%n", "${jndi:ldap://x}",
    "\x00", "a\x00b", "\x01\x02\x1b[31m\x7f", "\u202eevil", "\ufeff", "😀" * 200, "𝕳𝖊𝖑𝖑𝖔", "\r\n\r\n", " ", "",
    "x" * 301, "y" * 4001, "z" * 20000, "../../etc/passwd", "NaN", "Infinity", "-0", "1e309", "0x1F",
]
HOSTILE_NUMBERS = ["-1", "-999999999999", "99999999999999999999999", "1e309", "NaN", "inf", "1.5", "1,000", "٣",
                   "0.000000001", "12345678901.123", "", " ", "abc", "\x00", "--1", "+-3"]
HOSTILE_DATES = ["2024-02-30", "2023-13-01", "0000-00-00", "9999-12-31", "0001-01-01", "31/12/2020", "yesterday",
                 "2020-1-1", "20200101", "", "\x00", "2020-01-01T00:00:00", "１９８０-０４-０２"]
text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=60), st.text(min_size=300, max_size=5000))


def counted(name):
    TRIED[name] = TRIED.get(name, 0) + 1


@pytest.fixture(scope="module", autouse=True)
def report_inputs_tried():
    yield
    lines = [f"{name}: {count}" for name, count in sorted(TRIED.items())] + [f"total: {sum(TRIED.values())}"]
    print("\nhostile inputs tried:\n  " + "\n  ".join(lines))
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text("\n".join(lines) + "\n")


# --- patient section pages -----------------------------------------------------------------------------------

PAGE_KINDS = [Kind.SHORT_TEXT, Kind.LONG_TEXT, Kind.INTEGER, Kind.DECIMAL, Kind.DATE, Kind.YES_NO,
              Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE, Kind.GROUP]


def section_per_kind(questionnaire):
    """{kind: section key}: the first section with a (top-level) question of each kind."""
    chosen = {}
    for question in questionnaire.ordered_questions():
        if question.parent_id is None and question.kind not in chosen:
            chosen[question.kind] = question.section
    return chosen


def value_strategy(question, invalid_only=False):
    """(value or list of values, surely_invalid) for one field."""
    kind = question.kind
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        limit = 300 if kind == Kind.SHORT_TEXT else 4000
        invalid = st.one_of(st.just("a\x00b"), st.text(min_size=limit + 1, max_size=limit + 50).filter(
            lambda s: len(s.strip()) > limit))
        anything = text
    elif kind in (Kind.INTEGER, Kind.DECIMAL):
        low = question.min_value if question.min_value is not None else 0
        high = question.max_value
        out_of_range = [str(int(low) - 1)] + ([str(int(high) + 1)] if high is not None else [])
        invalid = st.sampled_from(["abc", "1e309", "NaN", "\x00", "--1", "1,000", *out_of_range])
        anything = st.one_of(st.sampled_from(HOSTILE_NUMBERS), st.integers().map(str), text)
    elif kind == Kind.DATE:
        invalid = st.sampled_from(["2024-02-30", "2023-13-01", "0000-00-00", "yesterday", "\x00", "31/31/2020"])
        anything = st.one_of(st.sampled_from(HOSTILE_DATES), text)
    elif kind in (Kind.YES_NO, Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE):
        values = [value for value, _label in question.choice_pairs()]
        forged = st.one_of(text, st.sampled_from(["other", "__all__", "1 OR 1=1"])).filter(lambda v: v.strip() and v not in values)
        invalid = forged.map(lambda v: [v]) if kind == Kind.MULTIPLE_CHOICE else forged
        anything = st.lists(st.one_of(st.sampled_from(values), forged), max_size=5) if kind == Kind.MULTIPLE_CHOICE \
            else st.one_of(st.sampled_from(values), forged)
    else:
        raise AssertionError(kind)
    if invalid_only:
        return invalid.map(lambda v: (v, True))
    return st.one_of(invalid.map(lambda v: (v, True)), anything.map(lambda v: (v, False)))


@st.composite
def group_post(draw, group, columns):
    """Management form (sometimes bogus or 1,000 rows) and rows of hostile cells."""
    data = {}
    mode = draw(st.sampled_from(["normal", "thousand", "bogus", "missing", "too_many_fields"]))
    rows = draw(st.integers(0, 4))
    if mode == "thousand":
        rows = draw(st.integers(31, 60))
        data[f"{group.key}-TOTAL_FORMS"] = "1000"
    elif mode == "too_many_fields":
        rows = 1000
        data[f"{group.key}-TOTAL_FORMS"] = "1000"
    elif mode == "bogus":
        data[f"{group.key}-TOTAL_FORMS"] = draw(st.sampled_from(["-1", "abc", "", "1e9", "\x00", "99999999999999"]))
    elif mode == "normal":
        data[f"{group.key}-TOTAL_FORMS"] = str(rows)
    if mode != "missing":
        data[f"{group.key}-INITIAL_FORMS"] = draw(st.sampled_from(["0", "0", "5", "-3", "x"]))
        data[f"{group.key}-MAX_NUM_FORMS"] = draw(st.sampled_from(["", "1000000"]))
    fill = draw(st.lists(st.sampled_from(columns), min_size=1 if mode == "too_many_fields" else 0,
                         max_size=len(columns), unique=True))
    for index in range(rows):
        for column in (fill[:1] if mode == "too_many_fields" else fill):
            if mode == "thousand" or mode == "too_many_fields":
                data[f"{group.key}-{index}-{column.key}"] = f"row {index}"
            else:
                data[f"{group.key}-{index}-{column.key}"] = draw(value_strategy(column))[0]
        if draw(st.booleans()) and mode == "normal":
            data[f"{group.key}-{index}-DELETE"] = draw(st.sampled_from(["on", "1", "yes", "\x00"]))
    return data, mode


@st.composite
def section_post(draw, page_questions, columns):
    data, invalid_keys, modes = {}, set(), {}
    for question in page_questions:
        if question.is_group:
            group_data, modes[question.key] = draw(group_post(question, columns[question.key]))
            data.update(group_data)
            continue
        shape = draw(st.sampled_from(["value", "value", "missing", "repeated"]))
        if shape == "missing":
            continue
        value, invalid = draw(value_strategy(question))
        if shape == "repeated" and not isinstance(value, list):
            last, invalid = draw(value_strategy(question, invalid_only=True))
            value = [value, last]
        data[question.key] = value
        if invalid:
            invalid_keys.add(question.key)
    for _ in range(draw(st.integers(0, 3))):
        data[draw(st.text(min_size=1, max_size=20))] = draw(text)
    return data, invalid_keys, modes


ACTIONS = st.one_of(
    st.sampled_from(["next", "next", "back", "save", "", "delete", "next:extra", "remove_row:x:-1",
                     "remove_row:nothing:0", "add_row:", "add_row:not_a_group", "\x00", "next" * 1000]),
    text,
)


@pytest.fixture
def patient(default_questionnaire, reference_data):
    appointment, token = appointment_create(
        patient_name="Fuzz Patient", date_of_birth=datetime.date(1980, 4, 2),
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    client = Client()
    confirm(client, token)
    client.visit_token = token  # "Save and finish later" ends the session: the next example confirms again
    return client, Response.objects.get(appointment=appointment)


def field_errors_in(section, questions, answers):
    """What the form builder says about the saved answers of a section (no "required" checks)."""
    page = SectionPage(section, questions, answers, data=answers_as_data(section, questions, answers))
    page.valid_values()
    problems = {key: list(errors) for key, errors in page.form.errors.items()}
    for key, formset in page.formsets.items():
        if any(formset.errors) or formset.non_form_errors():
            problems[key] = [formset.errors, formset.non_form_errors()]
    return problems


@pytest.mark.parametrize("kind", PAGE_KINDS, ids=[str(kind) for kind in PAGE_KINDS])
def test_hostile_posts_to_a_section_page_never_fail_and_never_corrupt_saved_answers(kind, patient, default_questionnaire):
    client, response = patient
    section = section_per_kind(default_questionnaire).get(kind)
    if section is None:
        pytest.skip(f"the default questionnaire has no {kind} question")
    questions = default_questionnaire.ordered_questions()
    page = SectionPage(section, questions, {})
    own = [question for question in page.questions]
    url = f"/visit/section/{section.key}/"

    @settings(FUZZ, max_examples=30)
    @given(post=section_post(own, page.columns), action=ACTIONS,
           tokens=st.sampled_from(["fresh", "fresh", "fresh", "stale", "bogus", "missing"]))
    def run(post, action, tokens):
        counted(f"section page ({kind}: {section.key})")
        Response.objects.filter(pk=response.pk).update(answers=TYPICAL, pending_input={}, submitted_at=None)
        before = Response.objects.get(pk=response.pk)
        if not client.session.get("visit.response"):
            confirm(client, client.visit_token)
        shown = client.get(url)
        assert shown.status_code == 200
        data, invalid_keys, modes = post
        if tokens == "fresh":
            data.update(page_tokens(shown.content.decode()))
        elif tokens == "stale":
            data.update({"revision": str(before.revision - 1), "digest": "0" * 16})
        elif tokens == "bogus":
            data.update({"revision": "\x00' OR 1=1", "digest": "<script>"})
        data["action"] = action
        note(f"tokens={tokens} action={action!r} invalid={sorted(invalid_keys)} groups={modes}")
        posted = client.post(url, data)
        too_many_fields = "too_many_fields" in modes.values()
        if too_many_fields:  # more than DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000): Django's plain 400 page
            assert posted.status_code == 400 and "Something in the request was not right" in posted.content.decode()
        else:
            assert posted.status_code in (200, 302), posted.status_code
        if posted.status_code == 200:
            body = posted.content.decode()
            # a page shown again says why: invalid input, another window's answers, or questions left blank
            assert any(f'id="{reason}"' in body for reason in ("error-summary", "other-window", "blank-notice"))
        after = Response.objects.get(pk=response.pk)
        own_keys = {question.key for question in own}
        assert {k: v for k, v in after.answers.items() if k not in own_keys} == \
            {k: v for k, v in before.answers.items() if k not in own_keys}
        for key in invalid_keys:
            assert after.answers.get(key) == before.answers.get(key), key
        if too_many_fields or tokens in ("stale", "bogus", "missing"):
            unchanged = after.answers == before.answers
            assert unchanged or tokens != "bogus" or posted.status_code == 302
        for key, group_mode in modes.items():
            assert len(after.answers.get(key) or []) <= MAX_GROUP_ROWS, (key, group_mode)
            if group_mode != "normal":  # a tampered management form changes nothing that was saved
                assert after.answers.get(key) == before.answers.get(key), (key, group_mode)
        assert field_errors_in(section, questions, after.answers) == {}

    run()


def test_rows_removed_and_added_in_the_browser_are_saved_while_at_most_30_remain(patient, default_questionnaire):
    """The page's script hides removed rows (DELETE=on) and adds new ones, so TOTAL_FORMS may pass 30."""
    client, response = patient
    rows = {"current_medications-TOTAL_FORMS": "34", "current_medications-INITIAL_FORMS": "0"}
    for index in range(34):
        rows[f"current_medications-{index}-name"] = f"medicine {index}"
        if index < 4:
            rows[f"current_medications-{index}-DELETE"] = "on"
    shown = client.get("/visit/section/medicines_now/").content.decode()
    posted = client.post("/visit/section/medicines_now/", {**page_tokens(shown), **rows, "action": "save"})
    assert posted.status_code == 302
    saved = Response.objects.get(pk=response.pk).answers["current_medications"]
    assert [row["name"] for row in saved] == [f"medicine {index}" for index in range(4, 34)]


# --- the date-of-birth form -----------------------------------------------------------------------------------

@st.composite
def identity_post(draw):
    data = {}
    for name, real in (("month", "4"), ("day", "2"), ("year", "1980")):
        shape = draw(st.sampled_from(["real", "hostile", "number", "missing", "repeated"]))
        if shape == "real":
            data[name] = real
        elif shape == "hostile":
            data[name] = draw(st.one_of(st.sampled_from(HOSTILE_NUMBERS + HOSTILE_TEXT), text))
        elif shape == "number":
            data[name] = str(draw(st.integers(-10**12, 10**12)))
        elif shape == "repeated":
            data[name] = [draw(text), real]
    for _ in range(draw(st.integers(0, 2))):
        data[draw(st.sampled_from(["date_of_birth", "response", "visit.response", "csrfmiddlewaretoken", "x"]))] = \
            draw(text)
    return data


def test_hostile_dates_of_birth_get_a_message_and_never_open_the_wrong_door(default_questionnaire):
    appointment, token = appointment_create(
        patient_name="Door Keeper", date_of_birth=datetime.date(1980, 4, 2),
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )

    @settings(FUZZ, max_examples=100)
    @given(data=identity_post())
    def run(data):
        counted("date-of-birth form")
        Invitation.objects.update(failed_checks=0, locked_until=None)
        client = Client()
        client.get(f"/p/{token}/")
        posted = client.post("/visit/", data)
        assert posted.status_code in (200, 302)
        opened = posted.status_code == 302
        right = all((data.get(k) if not isinstance(data.get(k), list) else data[k][-1]) == v
                    for k, v in (("month", "4"), ("day", "2"), ("year", "1980")))
        if opened:
            assert posted["Location"] == "/visit/welcome/" and right
        else:
            assert 'id="error-summary"' in posted.content.decode()
        assert Invitation.objects.get().failed_checks in (0, 1)

    run()


# --- clinic forms ---------------------------------------------------------------------------------------------

@st.composite
def appointment_post(draw):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    fields = {
        "patient_name": st.one_of(st.just("Ann Other"), text),
        "date_of_birth": st.one_of(st.just("1980-04-02"), st.sampled_from(HOSTILE_DATES), text),
        "appointment_date": st.one_of(st.just(tomorrow), st.sampled_from(HOSTILE_DATES), text),
        "appointment_time": st.one_of(st.just("09:30"), st.sampled_from(["25:61", "9", "noon", "\x00", "-1:00"]), text),
        "clinician": st.one_of(st.just("Dr Lee"), text),
        "email": st.one_of(st.just(""), st.just("ann@example.org"),
                           st.sampled_from(["a@b", "<x@y.z>", "a@b.c\x00", "x" * 300 + "@e.org"]), text),
    }
    data = {}
    for name, strategy in fields.items():
        shape = draw(st.sampled_from(["value", "value", "value", "missing", "repeated"]))
        if shape == "missing":
            continue
        data[name] = [draw(strategy), draw(strategy)] if shape == "repeated" else draw(strategy)
    if draw(st.booleans()):
        data[draw(st.sampled_from(["created_by", "status", "id", "token"]))] = draw(text)
    return data


def test_hostile_appointment_forms_get_a_message_or_a_valid_appointment(staff_client, default_questionnaire):
    @settings(FUZZ, max_examples=100)
    @given(data=appointment_post())
    def run(data):
        counted("clinic appointment form")
        before = Appointment.objects.count()
        posted = staff_client.post("/clinic/appointments/new/", data, follow=True)
        assert posted.status_code == 200
        body = posted.content.decode()
        created = Appointment.objects.count() - before
        if created:
            assert 'id="invitation-link"' in body
            appointment = Appointment.objects.order_by("-pk").first()
            appointment.full_clean()
            assert "\x00" not in appointment.patient_name + appointment.clinician + appointment.email
            assert appointment.created_by is not None and appointment.status == Appointment.Status.INVITED
        else:
            assert "is-invalid" in body or "invalid-feedback" in body or "alert" in body

    run()


def test_hostile_dashboard_filters_always_show_the_dashboard(staff_client, submitted_appointment):
    keys = st.sampled_from(["date_from", "date_to", "clinician", "status", "q", "page", "date", "x"])

    @settings(FUZZ, max_examples=100)
    @given(query=st.lists(st.tuples(keys, st.one_of(st.sampled_from(HOSTILE_DATES + HOSTILE_NUMBERS), text)),
                          max_size=8))
    def run(query):
        counted("clinic dashboard filters")
        from urllib.parse import urlencode

        shown = staff_client.get("/clinic/?" + urlencode(query))
        assert shown.status_code == 200
        printed = staff_client.get("/clinic/print/?" + urlencode([(k, v) for k, v in query if k == "date"]))
        assert printed.status_code in (200, 302)
        assert AuditEvent.objects.filter(appointment__isnull=False).count() == 0

    run()


# --- the FHIR questionnaire import (last: its module was being finished while these tests were written) ----------

json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                      st.sampled_from(HOSTILE_TEXT), st.text(max_size=30))


def json_children(inner):
    return st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4))


json_value = st.recursive(json_leaf, json_children, max_leaves=12)


def paths_of(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths_of(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths_of(value, prefix + (index,))


def mutated(document, path, action, value):
    import copy

    document = copy.deepcopy(document)
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if action == "delete":
        del parent[path[-1]]
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[path[-1]]))
    else:
        parent[path[-1]] = value
    return document


@st.composite
def fhir_text(draw, base):
    import json

    kind = draw(st.sampled_from(["mutated", "mutated", "mutated", "random_json", "not_json"]))
    if kind == "not_json":
        return draw(st.one_of(st.sampled_from(["", "{", "[1,", "\x00", "null", "NaN", "\ufeff{}", "<xml/>"]), text))
    if kind == "random_json":
        return json.dumps(draw(json_value))
    paths = list(paths_of(base))
    document = base
    for _ in range(draw(st.integers(1, 4))):
        paths = list(paths_of(document))
        path = draw(st.sampled_from(paths))
        document = mutated(document, path, draw(st.sampled_from(["replace", "delete", "duplicate"])), draw(json_value))
    return json.dumps(document)


def test_hostile_fhir_imports_give_a_draft_or_a_plain_problem(admin_client, default_questionnaire):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    from prep.questionnaires.fhir import questionnaire_to_fhir
    from prep.questionnaires.fhir_import import ImportProblem, questionnaire_import
    from prep.questionnaires.models import Questionnaire

    base = questionnaire_to_fhir(default_questionnaire)
    json.dumps(base)

    @settings(FUZZ, max_examples=120)
    @given(document=fhir_text(base), through_admin=st.integers(0, 4))
    def run(document, through_admin):
        counted("FHIR questionnaire import")
        before = Questionnaire.objects.count()
        if through_admin == 0:
            upload = SimpleUploadedFile("q.json", document.encode("utf-8", "surrogatepass"), "application/json")
            answer = admin_client.post("/admin/questionnaires/questionnaire/import/", {"file": upload})
            assert answer.status_code in (200, 302)
            imported = answer.status_code == 302
            if not imported:
                assert "errorlist" in answer.content.decode()
        else:
            try:
                draft = questionnaire_import(text=document)
            except ImportProblem as problem:
                assert str(problem)
                imported = False
            else:
                assert draft.status == Questionnaire.Status.DRAFT
                imported = True
        assert Questionnaire.objects.count() == before + (1 if imported else 0)
        Questionnaire.objects.filter(status=Questionnaire.Status.DRAFT).delete()

    run()
