"""Point 8 of issue 15: bad input gets a clear message next to the field and loses nothing typed, including what a
browser's own checks would have dropped (letters in a type=number box, the end of a paste past maxlength)."""

import re

from prep.visits.models import Response
from tests.visits.helpers import open_page, post_page

LONG_STORY = "I have felt flat since the spring. " * 120  # 4,200 characters, over the 4,000 a long answer allows


def test_a_number_box_takes_any_text_and_brings_up_the_number_keyboard(patient_client, response):
    html = open_page(patient_client, "depression_history").content.decode()
    box = re.search(r'<input [^>]*id="id_current_episode_months"[^>]*>', html).group(0)
    assert 'type="text"' in box and 'inputmode="numeric"' in box
    assert "min=" not in box and "max=" not in box


def test_words_in_a_number_box_come_back_with_the_message_beside_them(patient_client, response):
    html = post_page(patient_client, "depression_history", {"current_episode_months": "about 2 years"}).content.decode()
    field = re.search(r'id="div_id_current_episode_months".*?id="id_current_episode_months_error"[^>]*>(.*?)</div>',
                      html, flags=re.S)
    assert 'value="about 2 years"' in field.group(0)
    assert "Enter a whole number of months from 0 to 600" in field.group(1)


def test_a_text_longer_than_allowed_comes_back_whole_with_how_much_to_shorten(patient_client, response):
    result = post_page(patient_client, "about_visit", {"visit_goals": LONG_STORY})
    html = result.content.decode()
    assert result.status_code == 200
    assert "Shorten this to 4000 characters or fewer." in html
    assert LONG_STORY.strip() in html
    assert "maxlength" not in html
    assert "visit_goals" not in Response.objects.get(pk=response.pk).answers
