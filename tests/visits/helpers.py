import re

PHQ9_ALL_ZERO = {key: "0" for key in ("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5",
                                      "44253-3", "44260-8")}
GAD7_ALL_ONE = {key: "1" for key in ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7")}


def page_tokens(html):
    revision = re.search(r'name="revision" value="(\d+)"', html).group(1)
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', html).group(1)
    return {"revision": revision, "digest": digest}


def open_page(client, key):
    return client.get(f"/visit/section/{key}/")


def post_page(client, key, data, action="next", tokens=None):
    """Post a section page as a browser would: with the revision and digest the page was shown with."""
    if tokens is None:
        tokens = page_tokens(open_page(client, key).content.decode())
    return client.post(f"/visit/section/{key}/", {**tokens, **data, "action": action})


def group_data(prefix, rows, deleted=()):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
        if index in deleted:
            data[f"{prefix}-{index}-DELETE"] = "on"
    return data
